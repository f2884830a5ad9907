"""Related news ("Tin khác"): pinned slugs, then scored neighbours, then the latest of the section.

Why it reads the text. Editors fill Campaign and Document on some articles of
a story and forget them on others, file follow-ups in other sections and share
common tags ("kinh tế") across unrelated stories; but the articles of one story
keep saying the story's own phrases ("giải phóng mặt bằng tuyến đường ven
sông") and usually name its document ("Kế hoạch số 220/KH-UBND"). On the
seeded archives of `bench/stories.py` (40 stories over ~400 articles, with
roundups and look-alike background; `invoke bench --related-quality`) the
previous design (every text term weighing the same, 16 terms, 100 index
entries per article) gave P@3 0.79-0.83 overall; this one gives 0.98-1.00
overall and on articles with neither field, R@5 0.88-0.94, no empty block.

    score(a, b) = 100 * focus(a, b) * sum(w_k * share_k) / sum(w_k)

over the features k that both a and b have (a field only one of them has is
left out, not counted against: editors forget far more often than they
disagree; with that rule the site's older weights still give P@3 0.97-0.99):

- text: cosine of tf-idf vectors, (1 + log tf) * log(1 + N / df), over the
  syllables and syllable pairs `terms.article_terms` kept, so a rare phrase
  weighs far more than "kinh tế"; a document named in the text is a term too;
- document: 1 when one's Document field is the other's field or is named in
  its text (numbers folded: 05/QĐ-UBND = 5/QD-UBND; years, when both give one,
  must agree); 0 when a has a Document field and b names only other documents;
- campaign, issuer, section: 1 when equal; tags: the rarity-weighted share of
  a's tags that b has (log(1 + N / df) per tag, so common tags count little);
- focus: min(1, the share of b's own text vector that they share / 0.25).
  A roundup ("Giao ban tình hình kinh tế - xã hội tháng 9/2021") gives a story
  a sentence among many topics, so what it shares with any one story is a thin
  part of it (median 0.11, 90th centile 0.18 on the archive) while a story's
  own articles share most of each other (10th centile 0.48); the thin share
  scales the whole score down, even when the roundup names the document.
  Both articles declaring the same Document or Campaign field lifts it.

Order: score, then newer first, then slug; under the threshold an entry is
dropped and the section's latest fill in, so the same content always gives the
same lists and no block is empty while the section has other articles.

Cost: linear, and what costs is Python's work per object, so the per-term
work runs in C (map, zip, Counter, set intersections) and Python loops once per
article or per pair. Candidates come from an inverted index: a's terms in at
most COMMON_TERM_SHARE of the archive (commoner ones still score), heaviest
first, then its campaign and rare tags, within CANDIDATE_BUDGET index entries;
the SHORTLIST articles met most often are scored in full, in one call per
article (its own features read once). Counting a heavy term's visits twice, as
the previous version did, changed no figure of `--related-quality`, nor on its
archives grown to 5,400 articles (`make_archive(..., background=5000,
roundups=200)`: P@3 0.94 / 0.94, R@5 0.88 / 0.84, before 0.93 / 0.94 and
0.89 / 0.84); there, scoring 5 instead of 6 lost 0.01 P@3, 3 lost 0.08 R@5, a
budget of 150 or 200 lost up to 0.02. The
index reads each term's text once (ids from then on) and folds each document
number once. The collector is off while ranking: the index is millions of
objects that cannot form cycles, and walking them again and again took a fifth
of the time. What an entry shares is worked out only for the article `invoke
related` explains (`explain_entries`, which builds the index again), never for
the build, whose pages show titles. From `parallel_from` (8,000) articles on,
the second half of the articles is ranked in a forked child (collector frozen
so the shared index is not copied, plain tuples sent back) and a failed child
means ranking alone: each list depends only on the index, so the lists are the
same either way; the index (a third to a half of the time) is built before the
fork, on one core.
`invoke bench --related 5000,20000,50000` (random-word articles, the worst
case: every pair shares words; candidates scattered in memory) on this shared
2-core machine, medians of three cold runs as the build ranks / on one core
alone: 0.94 / 0.89 s, 3.21 / 4.68 s, 13.8 / 13.0 s (180-260 µs per article;
the other core was busy at 50,000, where another run gave 11.5 s on two
cores); the previous version gave 1.75 s, 9.72 s, 25.4 s with the other core
busy and 6.07 s at 20,000 with it free. Ranked alternately in one process,
20,000 articles on one core: 7.3-8.1 s before, 3.7-4.3 s now. The machine's
load moves any of these by a third.
rank_bm25 was considered: it scores every document per query, which is
pairwise over an archive; no index library fits without numpy or a service.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from heapq import nlargest
from itertools import islice
from math import fsum
from operator import mul, neg

from .index import Article, Index, NewsItem, build_index

__all__ = ["DEFAULT_WEIGHTS", "NewsItem", "RelatedEntry", "explain_entries", "rank_related"]

DEFAULT_WEIGHTS = {"text": 60, "document": 50, "campaign": 40, "tag": 20, "issuer": 5, "section": 5}
KINDS = ("document", "campaign", "tag", "text", "issuer", "section")
CANDIDATE_BUDGET = 250  # index entries visited per article
SHORTLIST = 6  # candidates scored in full per article
# Part of the cache key of the ranking (`link_related`): bump when the same items give other lists.
RANKING_VERSION = 2
THIN_SHARE = 0.25  # sharing less of its own text than this, a candidate is about something else


@dataclass(frozen=True)
class RelatedEntry:
    """One line of an article's "Tin khác", with why it is there."""

    slug: str
    score: int  # 0-100; 100 for a pinned entry, 0 for a section filler
    why: str  # "pinned", "section" (a filler) or "shared"
    shared: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Why it is there, in Vietnamese, for `invoke related`."""
        if self.why == "pinned":
            return "ghim"
        if self.why == "section":
            return "cùng chuyên mục (bài mới nhất)"
        return "; ".join(f"{_FEATURE_NAMES[kind]} “{value}”" for kind, value in self.shared)


def rank_related(
    items: Sequence[NewsItem],
    weights: Mapping[str, float],
    max_count: int = 6,
    threshold: int = 20,
    allow_newer: bool = True,
    parallel_from: int = 8000,
    explain: bool = False,
) -> dict[str, list[RelatedEntry]]:
    """Related entries for every item, keyed by slug; with `explain`, each scored entry
    says what it shares (`RelatedEntry.shared`), else `explain_entries` says it for one list.

    From `parallel_from` items on, the second half is ranked on the other core."""
    collecting = gc.isenabled()
    # The index is millions of objects none of which can form a cycle; the collector
    # would walk them again and again as the lists are made (a fifth of the time).
    gc.disable()
    try:
        return _rank_related(items, weights, max_count, threshold, allow_newer, parallel_from, explain)
    finally:
        if collecting:
            gc.enable()


def explain_entries(
    items: Sequence[NewsItem], weights: Mapping[str, float], slug: str, entries: list[RelatedEntry]
) -> list[RelatedEntry]:
    """`entries` (the list `rank_related` gave `slug`) with what each scored entry shares."""
    ordered, index = _indexed(items, weights)
    position = {item.slug: number for number, item in enumerate(ordered)}
    number = position[slug]
    return [
        replace(entry, shared=_shared(index, number, position[entry.slug]))
        if entry.why == "shared"
        else entry
        for entry in entries
    ]


def _indexed(items: Sequence[NewsItem], weights: Mapping[str, float]) -> tuple[list[NewsItem], Index]:
    ordered = sorted(items, key=lambda item: (-item.date.timestamp(), item.slug))
    known = {kind: float(weights.get(kind, default)) for kind, default in DEFAULT_WEIGHTS.items()}
    return ordered, build_index(ordered, known)


def _rank_related(
    items: Sequence[NewsItem],
    weights: Mapping[str, float],
    max_count: int,
    threshold: int,
    allow_newer: bool,
    parallel_from: int,
    explain: bool,
) -> dict[str, list[RelatedEntry]]:
    ordered, index = _indexed(items, weights)
    position = {item.slug: number for number, item in enumerate(ordered)}
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(ordered):
        latest_by_section[item.section].append(number)
    fillers: dict[int, RelatedEntry] = {}  # the same few articles fill most blocks: one entry each

    def rank(number: int) -> list[RelatedEntry]:
        item = ordered[number]
        pinned = [
            position[slug] for slug in dict.fromkeys(item.pinned) if position.get(slug, number) != number
        ]
        entries = [RelatedEntry(ordered[p].slug, 100, "pinned") for p in pinned]
        taken = {number, *pinned}
        # With newer articles barred, an article may only link to those after it in `ordered`.
        floor = -1 if allow_newer else number
        for other, score in _best(index, number, max_count - len(entries), taken, floor):
            if score >= threshold and score > 0:
                shared = _shared(index, number, other) if explain else ()
                entries.append(RelatedEntry(ordered[other].slug, score, "shared", shared))
                taken.add(other)
        section = latest_by_section[item.section]
        # Newer articles barred: start right after this one rather than walk past them all.
        for other in islice(section, bisect_right(section, floor), None):
            if len(entries) >= max_count:
                break
            if other not in taken:
                filler = fillers.get(other)
                if filler is None:
                    filler = fillers[other] = RelatedEntry(ordered[other].slug, 0, "section")
                entries.append(filler)
                taken.add(other)
        return entries[:max_count]

    lists = _on_two_cores(rank, len(ordered)) if len(ordered) >= parallel_from else None
    if lists is None:
        lists = [rank(number) for number in range(len(ordered))]
    return {item.slug: entries for item, entries in zip(ordered, lists, strict=True)}


def _on_two_cores(rank, count: int) -> list[list[RelatedEntry]] | None:
    """`[rank(n) for n in range(count)]`, the second half in a forked child; None when
    the machine has one core, cannot fork, or the child failed (the caller then ranks alone).

    Each article's list depends only on the index, so the split cannot change the result."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    half = count // 2
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def second_half() -> None:
        # Plain tuples pickle several times faster than dataclasses.
        writer.send([[tuple(vars(e).values()) for e in rank(n)] for n in range(half, count)])
        writer.close()

    child = context.Process(target=second_half, daemon=True)
    gc.freeze()  # the child's collector then leaves the shared index alone (no page copies)
    try:
        child.start()
    finally:
        gc.unfreeze()
    writer.close()
    try:
        first = [rank(number) for number in range(half)]
        second = reader.recv()
    except EOFError:  # the child died before sending: rank its half here
        second = None
    finally:
        reader.close()
        child.join()
    if second is None or child.exitcode != 0 or len(second) != count - half:
        return None
    return first + [[RelatedEntry(*fields) for fields in entries] for entries in second]


def _shortlist(index: Index, number: int, taken: set[int], floor: int) -> list[int]:
    """The SHORTLIST articles met most often in the postings of article `number`'s rare
    terms (heaviest first), its campaign and rare tags, within CANDIDATE_BUDGET entries;
    ties: the first met. Leaves out `taken` and, with newer articles barred, up to `floor`."""
    article = index.articles[number]
    budget = CANDIDATE_BUDGET
    met: list[int] = []
    campaign = index.postings.get(("campaign", article.campaign)) if article.campaign else None
    if campaign and len(campaign) <= budget:
        budget -= len(campaign)
        met += campaign
    postings = index.text_postings
    for term in article.heaviest:  # the rarest, most repeated words first
        posting = postings[term]
        if len(posting) <= budget:
            budget -= len(posting)
            met += posting
            if not budget:
                break
    for tag in sorted(article.tags):
        posting = index.postings.get(("tag", tag))
        if posting and len(posting) <= budget:
            budget -= len(posting)
            met += posting
    counts = Counter(met)  # counted in C
    counts.pop(number, None)
    # Most met first; sorting is stable, so ties keep the order they were first met in.
    ordered = sorted(counts, key=counts.__getitem__, reverse=True)
    size = SHORTLIST + len(taken) - 1  # `taken` holds the article itself, never a candidate
    shortlist = [other for other in ordered[:size] if other not in taken and other > floor]
    if floor >= 0 and len(shortlist) < SHORTLIST:  # most candidates may be newer: look at all
        shortlist = [other for other in ordered if other not in taken and other > floor][:SHORTLIST]
    return shortlist


def _best(index: Index, number: int, wanted: int, taken: set[int], floor: int) -> list[tuple[int, int]]:
    """The `wanted` best (candidate, score) pairs, best first; ties: newer, then slug."""
    if wanted <= 0:
        return []
    shortlist = _shortlist(index, number, taken, floor)
    scored = sorted(zip(map(neg, _scores(index, number, shortlist)), shortlist, strict=True))
    return [(other, -negative) for negative, other in scored[:wanted]]


def _shared_documents(mine: Article, theirs: Article) -> list[str]:
    """Documents both name, one of them in its Document field; a year, where both give one, must agree."""
    wanted = {mine.own_document, theirs.own_document} - {""}
    return sorted(
        number
        for number in mine.documents.keys() & theirs.documents.keys()
        if (number in wanted)
        and (mine.documents[number] is None or theirs.documents[number] in (None, mine.documents[number]))
    )


def _scores(index: Index, number: int, others: list[int]) -> list[int]:
    """100 * the weighted share of `number`'s features that each of `others` shares (see the
    module docstring), scaled down when what they share is a thin part of the other's text.

    One call per article, not per pair: what is read of `number` and the weights is looked
    up once. The sums run in the same order as `_score`, which is kept as the plain statement."""
    articles, tag_weight = index.articles, index.tag_weight
    weights = index.weights
    w_text, w_document, w_campaign = weights["text"], weights["document"], weights["campaign"]
    w_tag, w_issuer, w_section = weights["tag"], weights["issuer"], weights["section"]
    mine = articles[number]
    my_weight, my_keys = mine.vector.__getitem__, frozenset(mine.vector)
    my_section, my_issuer, my_campaign = mine.section, mine.issuer, mine.campaign
    my_tags, my_tag_total = mine.tags, mine.tag_total
    my_own, my_documents = mine.own_document, mine.documents
    could_text = w_section + w_text if mine.vector else w_section
    scores = []
    for other in others:
        theirs = articles[other]
        shared_terms = my_keys & theirs.vector.keys()
        their_weights = list(map(theirs.vector.__getitem__, shared_terms))
        got = w_text * sum(map(mul, map(my_weight, shared_terms), their_weights))
        could = could_text if theirs.vector else w_section
        if my_section == theirs.section:
            got += w_section
        if my_issuer and theirs.issuer:
            could += w_issuer
            if my_issuer == theirs.issuer:
                got += w_issuer
        declared = False
        if my_campaign and theirs.campaign:
            could += w_campaign
            if my_campaign == theirs.campaign:
                declared = True
                got += w_campaign
        if my_tags and theirs.tags:
            could += w_tag
            both = my_tags & theirs.tags
            if both:
                got += w_tag * fsum(map(tag_weight.__getitem__, both)) / my_tag_total
        their_own = theirs.own_document
        if my_own or their_own:
            their_documents = theirs.documents
            if _names_both(my_own, my_documents, their_documents) or _names_both(
                their_own, my_documents, their_documents
            ):
                could += w_document
                got += w_document
                declared = declared or my_own == their_own
            elif my_own and their_documents:  # it names documents, not this one
                could += w_document
        if not could:
            scores.append(0)
        elif theirs.vector and not declared:  # thin: scaled by the share of its text
            focus = sum(map(mul, their_weights, their_weights)) / THIN_SHARE
            scores.append(round(100 * (focus if focus < 1.0 else 1.0) * got / could))
        else:
            scores.append(round(100 * got / could))
    return scores


def _names_both(number: str, mine: dict[str, str | None], theirs: dict[str, str | None]) -> bool:
    """Both name document `number` (a Document field's); a year, where both give one, agrees."""
    if not number or number not in mine or number not in theirs:
        return False
    year = mine[number]
    return year is None or theirs[number] in (None, year)


def _shared(index: Index, number: int, other: int) -> tuple[tuple[str, str], ...]:
    mine, theirs = index.articles[number], index.articles[other]
    found: list[tuple[str, str]] = [("document", n) for n in _shared_documents(mine, theirs)]
    if mine.campaign and mine.campaign == theirs.campaign:
        found.append(("campaign", index.items[number].campaign))
    found += [("tag", tag) for tag in sorted(mine.tags & theirs.tags)]
    # The four shared words that weigh most in this article (the key runs in C: this is
    # worked out for every entry of every article, and read only by `invoke related`).
    heaviest = nlargest(4, mine.vector.keys() & theirs.vector.keys(), key=mine.vector.__getitem__)
    names = [index.term_names[t] for t in heaviest]
    found += [("document", name[1:]) if name[0] == "§" else ("text", name) for name in names]
    if mine.issuer and mine.issuer == theirs.issuer:
        found.append(("issuer", index.items[number].issuer))
    if index.items[number].section == index.items[other].section:
        found.append(("section", index.items[number].section))
    return tuple(dict.fromkeys(found))


_FEATURE_NAMES = {
    "document": "cùng văn bản",
    "campaign": "cùng phong trào",
    "tag": "thẻ",
    "text": "từ",
    "issuer": "cùng cơ quan ban hành",
    "section": "cùng chuyên mục",
}
