"""A seeded synthetic archive of followed stories, with ground truth, for judging "Tin khác".

What it imitates (and why each is there):
- ~40 stories, each a campaign or document followed over 3-8 articles across
  days or weeks (launch, guidance, inspection, progress, review, commendation);
  their articles share the subject's own phrases, not a fixed vocabulary.
- Editors fill Campaign and Document on some articles of a story and forget
  them on others; follow-ups land in other sections; tags are few, and common
  ones ("kinh tế", "thành phố") are shared by unrelated stories.
- The body usually names the story's document, written the ways editors write
  it ("Kế hoạch số 220/KH-UBND ngày 28/9/2021", "KH 220/KH-UBND", "QD" for "QĐ"),
  and often cites national documents that unrelated stories cite too.
- Background articles: single pieces on subjects no story uses, and on a
  story's subject in another place (the same words, another event).
- Roundups ("Giao ban tình hình kinh tế - xã hội tháng 9/2021") that give
  several live stories a sentence each: related to none of them.

It knows nothing of how the ranking reads text. `variant` picks which half of
every phrasing bank is used (even or odd entries), so a second archive is
written in phrasings the first never used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench import story_banks as banks
from bench.portal import WORDS, zipf_choice

STAGE_ORDER = [
    "launch",
    "guidance",
    "inspection",
    "progress",
    "progress",
    "review",
    "inspection",
    "commendation",
]


@dataclass
class Archive:
    files: dict[str, str] = field(default_factory=dict)  # relative path -> Markdown
    story_of: dict[str, int] = field(default_factory=dict)  # slug -> story id, for story articles only
    kind_of: dict[str, str] = field(default_factory=dict)  # slug -> "story", "background" or "roundup"


@dataclass
class _Story:
    number: int
    section: str
    topic: str
    details: tuple[str, ...]
    place: str
    issuer: str
    document: str
    document_title: str
    document_date: datetime
    campaign: str
    tag: str
    slugs: list[str] = field(default_factory=list)
    dates: list[datetime] = field(default_factory=list)


def _fill(text: str, rng: random.Random) -> str:
    for slot, names in banks.SLOTS.items():
        while "{" + slot + "}" in text:
            text = text.replace("{" + slot + "}", rng.choice(names), 1)
    return text


def _half(bank: list[str], variant: int) -> list[str]:
    return bank[variant % 2 :: 2]


class _Writer:
    def __init__(self, seed: int, variant: int):
        self.rng = random.Random(seed)
        self.variant = variant
        self.archive = Archive()
        self.count = 0

    def pick(self, bank: list[str]) -> str:
        return self.rng.choice(_half(bank, self.variant))

    def sentence(
        self, template: str, topic: str, details: tuple[str, ...], place: str, issuer: str, year: int
    ) -> str:
        first, second = self.rng.sample(details, 2)
        if self.rng.random() < 0.4:  # editors shorten a long name once it has been said
            topic = " ".join(topic.split()[: self.rng.randint(2, 4)])
        return template.format(
            topic=topic,
            detail=first,
            detail2=second,
            place=place,
            issuer=issuer,
            n=self.rng.randint(3, 95),
            year=year,
        )

    def mention(self, story: _Story) -> str:
        """The story's document as an editor writes it in the body."""
        number, date = story.document, story.document_date
        style = self.rng.random()
        if style < 0.15:
            number = number.replace("Đ", "D")
        if style < 0.6:
            day = f"{date.day}/{date.month}/{date.year}"
            return f"{story.document_title} số {number} ngày {day} của {story.issuer}"
        if style < 0.85:
            return f"{story.document_title} {number} của {story.issuer}"
        return f"văn bản số {number}"

    def write(
        self, slug: str, title: str, date: datetime, section: str, body: list[str], meta: dict[str, str]
    ) -> None:
        lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {section}", f"Slug: {slug}"]
        lines += [f"{key}: {value}" for key, value in meta.items() if value]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        self.archive.files[f"articles/{date:%Y}/{slug}.md"] = (
            "\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + "\n"
        )

    def chatter(self) -> str:
        words = [zipf_choice(self.rng, WORDS, 0.8) for _ in range(self.rng.randint(10, 24))]
        return " ".join(words).capitalize() + "."

    def slug(self, stem: str) -> str:
        self.count += 1
        return f"{stem}-{self.count:04d}"


def _story(
    writer: _Writer, number: int, subject: tuple[str, str, tuple[str, ...]], start: datetime
) -> _Story:
    rng = writer.rng
    section, topic, details = subject
    issuer = rng.choice(banks.ISSUERS)
    code, title = rng.choice(banks.DOC_TYPES)
    unit = banks.UNIT_CODES.get(issuer, "UBND")
    campaign = banks.CAMPAIGNS[number % len(banks.CAMPAIGNS)] if rng.random() < 0.4 else ""
    if number >= len(banks.CAMPAIGNS):
        campaign = ""  # one campaign, one story
    return _Story(
        number,
        section,
        _fill(topic, rng),
        details,
        rng.choice(banks.SLOTS["place"]),
        issuer,
        f"{rng.randint(12, 3999)}/{code}-{unit}",
        title,
        start - timedelta(days=rng.randint(1, 20)),
        campaign,
        topic.split()[0] + " " + topic.split()[1],
    )


def _story_article(writer: _Writer, story: _Story, stage: str, date: datetime, others: list[_Story]) -> None:
    rng, year = writer.rng, date.year
    slug = writer.slug("tin")
    title = writer.pick(banks.STAGES[stage]).format(topic=story.topic, year=year)
    if rng.random() < 0.3:
        title = f"{story.place.split(' ', 1)[1]}: {title}"
    body = [f"Ngày {date.day}/{date.month}, {story.issuer} tổ chức hội nghị về {story.topic}."]
    if rng.random() < 0.8:
        body.append(f"Thực hiện {writer.mention(story)} về {story.topic}, các đơn vị đã vào cuộc quyết liệt.")
    if rng.random() < 0.4:
        body.append(f"Căn cứ {rng.choice(banks.NATIONAL_DOCUMENTS)}, thành phố cụ thể hóa các nhiệm vụ.")
    for _ in range(rng.randint(3, 6)):
        template = writer.pick(banks.TOPIC_SENTENCES)
        body.append(writer.sentence(template, story.topic, story.details, story.place, story.issuer, year))
    for _ in range(rng.randint(3, 7)):
        body.insert(rng.randint(1, len(body)), writer.pick(banks.BOILERPLATE).format(year=year))
    for _ in range(rng.randint(2, 6)):  # the talk of the day: words every section uses
        body.insert(rng.randint(1, len(body)), writer.chatter())
    if others and rng.random() < 0.2:  # a passing word on another live story
        other = rng.choice(others)
        body.append(f"Cùng với đó, thành phố tiếp tục chỉ đạo {other.topic}.")
    section = story.section if rng.random() < 0.7 else rng.choice(banks.SECTIONS)
    tags = sorted(
        {rng.choice(banks.COMMON_TAGS) for _ in range(rng.randint(0, 2))}
        | ({story.tag} if rng.random() < 0.2 else set())
    )
    meta = {
        "Tags": ", ".join(tags),
        "Summary": writer.sentence(
            writer.pick(banks.TOPIC_SENTENCES), story.topic, story.details, story.place, story.issuer, year
        ),
        "Source": story.issuer,
    }
    if story.campaign and rng.random() < 0.5:
        meta["Campaign"] = story.campaign
    if rng.random() < 0.45:
        meta |= {
            "Document": story.document,
            "Document_date": f"{story.document_date:%Y-%m-%d}",
            "Issuer": story.issuer,
        }
    writer.write(slug, title, date, section, body, meta)
    story.slugs.append(slug)
    story.dates.append(date)
    writer.archive.story_of[slug] = story.number
    writer.archive.kind_of[slug] = "story"


def make_archive(
    seed: int = 1, variant: int = 0, stories: int = 40, background: int = 150, roundups: int = 30
) -> Archive:
    """Write the archive in memory: Markdown files and who belongs to which story."""
    writer = _Writer(seed, variant)
    rng = writer.rng
    subjects = list(banks.SUBJECTS)
    rng.shuffle(subjects)
    story_subjects, spare = subjects[:stories], subjects[stories:]
    first, span = datetime(2021, 1, 4, 8, 0), 700
    told: list[_Story] = []
    for number, subject in enumerate(story_subjects):
        start = first + timedelta(days=rng.randint(0, span), minutes=rng.randint(0, 600))
        story = _story(writer, number, subject, start)
        size = rng.randint(3, 8)
        stages = sorted(rng.sample(range(len(STAGE_ORDER)), size))
        date = start
        for stage in stages:
            _story_article(writer, story, STAGE_ORDER[stage], date, told[-5:])
            date += timedelta(days=rng.randint(2, 25), minutes=rng.randint(0, 600))
        told.append(story)
    for _ in range(background):
        # A subject no story uses, or a story's subject in another place and time.
        section, topic, details = rng.choice(spare if rng.random() < 0.7 else story_subjects)
        if _fill(topic, random.Random(0)) == topic or any(s.topic == _fill(topic, rng) for s in told):
            section, topic, details = rng.choice(spare)  # only a namesake in another place, never a twin
        lonely = _Story(
            -1,
            section,
            _fill(topic, rng),
            details,
            rng.choice(banks.SLOTS["place"]),
            rng.choice(banks.ISSUERS),
            "",
            "",
            first,
            "",
            "",
        )
        date = first + timedelta(days=rng.randint(0, span + 60), minutes=rng.randint(0, 900))
        stage = rng.choice(list(banks.STAGES))
        slug = writer.slug("tin")
        body = [
            writer.sentence(
                writer.pick(banks.TOPIC_SENTENCES),
                lonely.topic,
                details,
                lonely.place,
                lonely.issuer,
                date.year,
            )
            for _ in range(rng.randint(3, 6))
        ]
        body += [writer.pick(banks.BOILERPLATE).format(year=date.year) for _ in range(rng.randint(2, 5))]
        body += [writer.chatter() for _ in range(rng.randint(2, 6))]
        tags = ", ".join(sorted({rng.choice(banks.COMMON_TAGS) for _ in range(rng.randint(0, 2))}))
        title = writer.pick(banks.STAGES[stage]).format(topic=lonely.topic, year=date.year)
        writer.write(slug, title, date, section, body, {"Tags": tags, "Source": lonely.issuer})
        writer.archive.kind_of[slug] = "background"
    for index in range(roundups):
        date = first + timedelta(days=25 + index * (span // roundups), hours=9)
        live = [s for s in told if any(abs((d - date).days) < 45 for d in s.dates)] or told
        mentioned = rng.sample(live, min(len(live), rng.randint(4, 7)))
        body = [writer.pick(banks.BOILERPLATE).format(year=date.year)]
        for story in mentioned:
            line = writer.pick(banks.ROUNDUP_LINES)
            body.append(
                writer.sentence(line, story.topic, story.details, story.place, story.issuer, date.year)
            )
            if rng.random() < 0.3:
                body.append(f"Các đơn vị khẩn trương thực hiện {writer.mention(story)}.")
        body += [t.format(n=rng.randint(2, 40)) for t in banks.ROUNDUP_FILLER if rng.random() < 0.6]
        title = writer.pick(banks.ROUNDUP_TITLES).format(month=date.month, year=date.year)
        slug = writer.slug("giao-ban")
        writer.write(
            slug,
            title,
            date,
            rng.choice(["Thời sự - Chính trị", "Kinh tế"]),
            body,
            {"Tags": "kinh tế, thành phố", "Source": "UBND thành phố"},
        )
        writer.archive.kind_of[slug] = "roundup"
    return writer.archive
