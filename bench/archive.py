"""A realistic, messy archive: twenty years of a city press office, imported.

`make_archive(root, count, seed)` writes `root/content/` the way editors and an
old CMS export leave it: sections spelt several ways (NFD Unicode, old tone
placement "Văn hoá", other case "Y Tế"), titles from a few words to 300+
characters, both date forms, optional fields missing, news items with an
Issuer but no Document, documents written `05/QĐ-UBND` and `05/QD-UBND`,
shared documents and attachments, zipf-distributed tags, drafts, pins.
With `photos=True`, real JPEG photos too (bench/archive_photos.py): a lead
photo for about two articles in three, one or two in the body of about one in
ten; drawn from their own seeded generator, so the rest is the same bytes.
With `hostile=False` everything is something a real office writes and that
should build (warnings at most); `hostile=True` adds content that must be
refused. Seeded: the same arguments write the same bytes.

    python -m bench.archive OUT --count 400 --seed 1 [--hostile] [--photos]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
import unicodedata
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import DEFAULT_CONFIG  # noqa: E402
from pelican.utils import slugify  # noqa: E402

import pelicanconf  # noqa: E402
from bench.archive_photos import Photographer  # noqa: E402
from bench.archive_words import (  # noqa: E402
    CAMPAIGNS,
    HEADINGS,
    ISSUERS,
    LONG_TITLE,
    OPENINGS,
    PLACES,
    SENTENCES,
    SOURCES,
    TAGS,
    TOPICS,
    TYPES,
)

SECTIONS: list[str] = list(pelicanconf.NEWS_SECTIONS)
SLUG_SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]

# Old ("hoá") vs new ("hóa") tone placement: both are in every real archive.
OLD_TONES = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ủy": "uỷ", "úy": "uý", "ụy": "uỵ"}


def zipf(rng: random.Random, population: list, exponent: float = 1.1):
    """Pick with probability proportional to 1 / rank ** exponent (rank 1 first)."""
    weights = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(population))))
    return rng.choices(population, cum_weights=weights)[0]


def spelt(rng: random.Random, name: str) -> str:
    """A section or tag as some editor typed it."""
    roll = rng.random()
    if roll < 0.08:
        return unicodedata.normalize("NFD", name)
    if roll < 0.16:
        for new, old in OLD_TONES.items():
            name = name.replace(new, old)
        return name
    if roll < 0.22:
        return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
    return name


def fill(rng: random.Random, template: str, date: datetime) -> str:
    return template.format(
        who=rng.choice(list(ISSUERS)), topic=rng.choice(TOPICS), place=rng.choice(PLACES),
        day=rng.randint(1, 28), month=date.month, year=date.year, pct=rng.randint(60, 99),
    )  # fmt: skip


def write_date(rng: random.Random, value: datetime) -> str:
    roll = rng.random()
    if roll < 0.6:
        return f"{value:%Y-%m-%d %H:%M}"
    if roll < 0.85:
        return f"{value.day}/{value.month}/{value.year} {value:%H:%M}"
    return f"{value:%Y-%m-%d}" if roll < 0.93 else f"{value.day}/{value.month}/{value.year}"


def make_files(rng: random.Random, content: Path, years: range) -> dict[int, list[str]]:
    """A few attachments and photos per year, shared by the year's articles."""
    files: dict[int, list[str]] = {}
    for year in years:
        folder = content / "files" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        names = [f"van-ban-{year}-{i:02d}.{ext}" for i, ext in enumerate(["pdf"] * 4 + ["docx", "xlsx"])]
        names += [f"anh-{year}-{i:02d}.jpg" for i in range(3)]
        for name in names:
            (folder / name).write_bytes(name.encode() + rng.randbytes(64))
        files[year] = [f"files/{year}/{name}" for name in names]
    return files


def body(rng: random.Random, date: datetime, files: list[str]) -> str:
    """300-800 words: paragraphs, headings, a list, sometimes a table, links and a photo."""
    target = rng.randint(300, 800)
    blocks = [fill(rng, rng.choice(OPENINGS), date)]
    words = len(blocks[0].split())
    documents = [f for f in files if not f.endswith(".jpg")]
    photos = [f for f in files if f.endswith(".jpg")]
    while words < target:
        roll = rng.random()
        if roll < 0.12:
            block = "## " + rng.choice(HEADINGS)
        elif roll < 0.22:
            block = "\n".join("- " + fill(rng, rng.choice(SENTENCES), date) for _ in range(rng.randint(2, 5)))
        elif roll < 0.26:
            rows = [
                f"| {rng.choice(PLACES)} | {rng.randint(10, 900)} | {rng.randint(60, 99)}% |"
                for _ in range(4)
            ]
            block = "| Địa phương | Số hộ | Tỷ lệ |\n|---|---:|---:|\n" + "\n".join(rows)
        elif roll < 0.32:
            block = f"Chi tiết xem [văn bản đính kèm]({{static}}/{rng.choice(documents)})."
        elif roll < 0.35:
            alt = rng.choice(["Quang cảnh hội nghị", "Đoàn công tác kiểm tra thực tế", ""])
            block = f"![{alt}]({{static}}/{rng.choice(photos)})"
        else:
            block = " ".join(fill(rng, rng.choice(SENTENCES), date) for _ in range(rng.randint(2, 5)))
        blocks.append(block)
        words += len(block.split())
    return "\n\n".join(blocks)


def title(rng: random.Random, date: datetime, number: str | None, type_code: str | None) -> str:
    roll = rng.random()
    topic = rng.choice(TOPICS)
    if roll < 0.1:
        return f"{rng.choice(list(ISSUERS))} kiểm tra {topic}"
    if roll < 0.2:  # a 300+ character "kết luận" title, as the press office writes them
        text = LONG_TITLE.format(t=topic)
        while len(text) < 300:
            text += f"; {rng.choice(TOPICS)} tại {rng.choice(PLACES)}"
        return text + f" năm {date.year}"
    if number and type_code:
        return f"{TYPES[type_code]} số {number} về {topic} năm {date.year}"
    place = rng.choice(PLACES)
    return f"{place[:1].upper() + place[1:]} đẩy mạnh {topic} năm {date.year}"


class Archive:
    """The state of one generation: documents and slugs seen so far."""

    def __init__(
        self,
        rng: random.Random,
        content: Path,
        files: dict[int, list[str]],
        photographer: Photographer | None = None,
    ):
        self.rng, self.content, self.files = rng, content, files
        self.photographer = photographer
        self.documents: list[tuple[int, str, datetime, str]] = []  # number, type, issued, issuer
        self.slugs: set[str] = set()
        self.published: list[str] = []
        self.both_forms = False

    def document_fields(self, date: datetime) -> tuple[list[str], str | None, str | None]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            return [], None, None
        if roll < 0.65:  # a news item about an office: Issuer, no Document
            return [f"Issuer: {rng.choice(list(ISSUERS))}"], None, None
        same_year = [d for d in self.documents if d[2].year == date.year]
        reused = bool(same_year) and rng.random() < 0.4
        if reused:
            number, code, issued, issuer = rng.choice(same_year)
        else:
            code = zipf(rng, list(TYPES), 0.7)
            issuer = rng.choice(list(ISSUERS))
            issued = date - timedelta(days=rng.randint(0, 10))
            # Numbering restarts each year of issue (a 31/12 document may be news on 4/1).
            number = 1 + sum(1 for d in self.documents if d[2].year == issued.year and d[1] == code)
            self.documents.append((number, code, issued, issuer))
        written = code.replace("Đ", "D") if code == "QĐ" and rng.random() < 0.3 else code
        if reused and code == "QĐ" and not self.both_forms:
            written, self.both_forms = "QD", True  # at least one document written both ways
        text = f"{number:02d}/{written}-{ISSUERS[issuer]}"
        lines = [f"Document: {text}"]
        if rng.random() < 0.9:  # the rest: Document_date forgotten, the year is the article's
            issued_text = (
                f"{issued:%Y-%m-%d}" if rng.random() < 0.6 else f"{issued.day}/{issued.month}/{issued.year}"
            )
            lines.append(f"Document_date: {issued_text}")
        lines.append(f"Issuer: {issuer}")
        return lines, text, code

    def article(self, index: int, date: datetime) -> None:
        rng = self.rng
        document_lines, number, code = self.document_fields(date)
        heading = title(rng, date, number, code)
        slug = slugify(heading, regex_subs=SLUG_SUBS)
        lines = [f"Title: {heading}", f"Date: {write_date(rng, date)}"]
        lines.append(f"Category: {spelt(rng, zipf(rng, SECTIONS, 0.5))}")
        if rng.random() < 0.9:
            tags = sorted({spelt(rng, zipf(rng, TAGS)) for _ in range(rng.randint(1, 6))})
            lines.append("Tags: " + ", ".join(tags))
        given = slug in self.slugs or rng.random() < 0.2  # a repeated title needs its own slug
        if given:
            slug = f"{slugify(heading, regex_subs=SLUG_SUBS)[:60].rstrip('-')}-{index}"
            lines.append(f"Slug: {slug}")
        self.slugs.add(slug)
        if rng.random() < 0.75:
            lines.append(f"Summary: {fill(rng, rng.choice(SENTENCES), date)}")
        if rng.random() < 0.7:
            lines.append(f"Source: {rng.choice(SOURCES)}")
        if rng.random() < 0.25:
            lines.append(f"Campaign: {zipf(rng, CAMPAIGNS, 1.0)}")
        lines += document_lines
        year_files = self.files[date.year]
        if rng.random() < 0.3:
            chosen = sorted(
                set(rng.sample([f for f in year_files if not f.endswith(".jpg")], rng.randint(1, 3)))
            )
            lines.append("Attachments: " + "\n    ".join(f"{p} | Tài liệu {Path(p).stem}" for p in chosen))
        if self.published and rng.random() < 0.1:
            lines.append("Related: " + ", ".join(sorted(set(rng.sample(self.published[-50:], 1)))))
        if rng.random() < 0.05:
            lines.append(f"Modified: {date + timedelta(days=rng.randint(1, 30)):%Y-%m-%d %H:%M}")
        if rng.random() < 0.03:
            lines.append("Status: draft")
        else:
            self.published.append(slug)
        text_body = body(rng, date, year_files)
        if self.photographer:  # its own generator: without photos, the archive is unchanged
            lines += self.photographer.lead(date.year)
            text_body, added = self.photographer.body(date.year, text_body)
            if added and not any(line.startswith("Summary: ") for line in lines):
                # Without one the portal warns: the listing's teaser would cut through the photo.
                lines.append(f"Summary: {fill(self.photographer.rng, rng.choice(SENTENCES), date)}")
        folder = self.content / "articles" / f"{date:%Y}"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(lines) + "\n\n" + text_body + "\n"
        (folder / f"bai-{index:05d}.md").write_text(text, encoding="utf-8")


def _hostile_article(title: str, date: str, extra: str = "", text: str = "Nội dung.") -> str:
    return f"Title: {title}\nDate: {date}\nCategory: Kinh tế\n{extra}\n{text}\n"


# Content a real office never means to publish; `hostile=True` adds one of each.
HOSTILE: dict[str, str] = {
    "articles/2010/sai-chuyen-muc.md": _hostile_article("Sai chuyên mục", "2010-05-01").replace(
        "Kinh tế", "Tin tức"
    ),
    "articles/2010/sai-ngay.md": _hostile_article("Sai ngày", "31/02/2010"),
    "articles/2010/trang-thai.md": _hostile_article("Trạng thái lạ", "2010-05-02", "Status: nháp\n"),
    "articles/2010/slug-co-dau.md": _hostile_article("Slug có dấu", "2010-05-03", "Slug: bài viết mới\n"),
    "articles/2010/slug-thoat.md": _hostile_article("Slug thoát", "2010-05-04", "Slug: ../../index\n"),
    "articles/2010/phong-trao-rong.md": _hostile_article("Phong trào rỗng", "2010-05-05", "Campaign: ###\n"),
    "articles/2010/tom-tat-script.md": _hostile_article(
        "Tóm tắt có script",
        "2010-05-06",
        "Summary: <script>alert(1)</script>\n",
        "<img src=x onerror=alert(1)> [xem](javascript:alert(1))",
    ),
    "articles/2010/lien-ket-hong.md": _hostile_article(
        "Liên kết hỏng", "2010-05-07", text="[tải]({static}/files/2010/khong-co.pdf)"
    ),
    "articles/2010/bai.md~": "Title: Bản sao lưu của trình soạn thảo\n\nkhông được đăng\n",
    "articles/2010/ghi-chu-bien-tap.txt": "ghi chú nội bộ, không được đăng\n",
    "articles/2010/khong-phai-utf8.md": "Title: Thông báo\n\nxin chào",  # written in cp1258
}


def make_archive(
    root: Path, count: int, seed: int = 1, *, hostile: bool = False, photos: bool = False
) -> Path:
    """Write `root/content/` with `count` articles from 2006 to 2025; return the content folder.
    With `photos`, lead and body photos as well, under `content/images/<year>/`."""
    rng = random.Random(seed)
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    start, span = datetime(2006, 1, 2, 7, 0), timedelta(days=20 * 365 - 2)
    photographer = Photographer(f"photos-{seed}", content) if photos else None
    archive = Archive(rng, content, make_files(rng, content, range(2006, 2026)), photographer)
    moments = sorted(start + span * rng.random() for _ in range(count))
    for index, moment in enumerate(moments):
        archive.article(index, moment.replace(second=0, microsecond=0))
    if hostile:
        for relative, text in HOSTILE.items():
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            encoding = "cp1258" if "utf8" in relative else "utf-8"
            (content / relative).write_bytes(text.encode(encoding))
    return content


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a realistic, messy news archive.")
    parser.add_argument("out", type=Path, help="folder to write content/ into")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostile", action="store_true", help="add content that must be refused")
    parser.add_argument("--photos", action="store_true", help="real JPEG photos, lead and body")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    content = make_archive(args.out, args.count, args.seed, hostile=args.hostile, photos=args.photos)
    seconds = time.perf_counter() - started
    files = [p for p in content.rglob("*") if p.is_file()]
    photos = [p for p in files if p.is_relative_to(content / "images")]
    megabytes = sum(p.stat().st_size for p in files) / 1024 / 1024
    print(
        f"{args.count} bài viết trong {content}: {len(photos)} ảnh, {megabytes:.0f} MB, "
        f"viết trong {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
