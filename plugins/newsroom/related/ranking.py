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

Cost: still linear. Candidates come from an inverted index, visiting a's
heaviest terms first (as whole-number levels, so Counter counts them in C)
within CANDIDATE_BUDGET entries; terms in more than COMMON_TERM_SHARE of the
archive are no way in (they still score). Only the SHORTLIST best are scored in
full. The index counts term frequencies in C and folds each document number
once; from `parallel_from` (8,000) articles on, the second half of the
articles is ranked in a forked child (collector frozen so the shared index is
not copied, plain tuples sent back) and a failed child means ranking alone:
each list depends only on the index, so the lists are the same either way.
`invoke bench --related 5000,20000,50000` (random-word articles, the worst
case: every pair shares words) on this shared 2-core machine, medians of three
cold runs: before 1.69 s / 9.38 s / 20.1 s, now 1.69 s / 6.12 s / 24.3 s (runs
at 20,000: 5.5-7.7 s; at 50,000: 14.7-25.7 s, the machine's load varies that
much; with the other core taken by other work, 8.8-10.5 s at 20,000: the
split only pays on a free core); the index alone is 1.9-2.9 s at 20,000 and
still runs on one core.
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
from dataclasses import dataclass
from heapq import nlargest
from itertools import chain, islice, repeat
from operator import mul

from .index import Article, Index, NewsItem, build_index

__all__ = ["DEFAULT_WEIGHTS", "NewsItem", "RelatedEntry", "rank_related"]

DEFAULT_WEIGHTS = {"text": 60, "document": 50, "campaign": 40, "tag": 20, "issuer": 5, "section": 5}
KINDS = ("document", "campaign", "tag", "text", "issuer", "section")
CANDIDATE_BUDGET = 250  # index entries visited per article
SHORTLIST = 7  # candidates scored in full per article
THIN_SHARE = 0.25  # sharing less of its own text than this, a candidate is about something else
LEVELS = 2  # a term's weight, as a whole number of visits, when gathering candidates


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
) -> dict[str, list[RelatedEntry]]:
    """Related entries for every item, keyed by slug.

    From `parallel_from` items on, the second half is ranked on the other core."""
    ordered = sorted(items, key=lambda item: (-item.date.timestamp(), item.slug))
    known = {kind: float(weights.get(kind, default)) for kind, default in DEFAULT_WEIGHTS.items()}
    index = build_index(ordered, known)
    position = {item.slug: number for number, item in enumerate(ordered)}
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(ordered):
        latest_by_section[item.section].append(number)

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
                entries.append(
                    RelatedEntry(ordered[other].slug, score, "shared", _shared(index, number, other))
                )
                taken.add(other)
        section = latest_by_section[item.section]
        # Newer articles barred: start right after this one rather than walk past them all.
        for other in islice(section, bisect_right(section, floor), None):
            if len(entries) >= max_count:
                break
            if other not in taken:
                entries.append(RelatedEntry(ordered[other].slug, 0, "section"))
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


def _candidates(index: Index, number: int) -> Counter[int]:
    """Articles sharing the most weighty terms, its campaign and rare tags with article `number`."""
    article = index.articles[number]
    budget = CANDIDATE_BUDGET
    visits = []
    campaign = index.postings.get(("campaign", article.campaign)) if article.campaign else None
    if campaign and len(campaign) <= budget:
        budget -= len(campaign)
        visits.append(repeat(campaign, LEVELS))
    vector, postings = article.vector, index.text_postings
    scale = LEVELS * 0.999 / max(vector.values(), default=1.0)
    for term in article.by_weight:  # heaviest first: the rarest, most repeated words
        posting = postings[term]
        if posting and len(posting) <= budget:
            budget -= len(posting)
            visits.append(repeat(posting, 1 + int(vector[term] * scale)))
            if not budget:
                break
    for tag in sorted(article.tags):
        posting = index.postings.get(("tag", tag))
        if posting and len(posting) <= budget:
            budget -= len(posting)
            visits.append((posting,))
    # Counter counts in C; a posting repeated `level` times counts `level` per article.
    counts = Counter(chain.from_iterable(chain.from_iterable(visits)))
    counts.pop(number, None)
    return counts


def _best(index: Index, number: int, wanted: int, taken: set[int], floor: int) -> list[tuple[int, int]]:
    """The `wanted` best (candidate, score) pairs, best first; ties: newer, then slug."""
    if wanted <= 0:
        return []
    counts = _candidates(index, number)
    size = SHORTLIST + len(taken)
    shortlist = [other for other, _ in counts.most_common(size) if other not in taken and other > floor]
    if floor >= 0 and len(shortlist) < SHORTLIST:  # most candidates may be newer: look at all
        shortlist = [o for o, _ in counts.most_common() if o not in taken and o > floor][:SHORTLIST]
    scored = sorted((-_score(index, number, other), other) for other in shortlist)
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


def _score(index: Index, number: int, other: int) -> int:
    """100 * the weighted share of `number`'s features that `other` shares (see the module
    docstring), scaled down when what they share is a thin part of `other`'s text."""
    mine, theirs, weights = index.articles[number], index.articles[other], index.weights
    shared_terms = mine.keys & theirs.keys
    their_weights = list(map(theirs.vector.__getitem__, shared_terms))
    text = sum(map(mul, map(mine.vector.__getitem__, shared_terms), their_weights))
    # Each feature adds its weight times the share of it `other` has (0-1) over the
    # weights it could have added. A field only one of the two has is left out rather
    # than counted against: editors forget Campaign, Document and tags far more often
    # than they differ.
    got = weights["text"] * text
    could = weights["section"] + (weights["text"] if mine.vector and theirs.vector else 0.0)
    if mine.section == theirs.section:
        got += weights["section"]
    if mine.issuer and theirs.issuer:
        could += weights["issuer"]
        got += weights["issuer"] if mine.issuer == theirs.issuer else 0.0
    declared = False
    if mine.campaign and theirs.campaign:
        could += weights["campaign"]
        declared = mine.campaign == theirs.campaign
        got += weights["campaign"] if declared else 0.0
    if mine.tags and theirs.tags:
        could += weights["tag"]
        got += (
            weights["tag"] * sum(map(index.tag_weight.__getitem__, mine.tags & theirs.tags)) / mine.tag_total
        )
    if mine.own_document or theirs.own_document:
        if _shared_documents(mine, theirs):
            could += weights["document"]
            got += weights["document"]
            declared = declared or mine.own_document == theirs.own_document
        elif mine.own_document and theirs.documents:  # it names documents, not this one
            could += weights["document"]
    if not could:
        return 0
    thin = theirs.vector and not declared
    focus = min(1.0, sum(map(mul, their_weights, their_weights)) / THIN_SHARE) if thin else 1.0
    return round(100 * focus * got / could)


def _shared(index: Index, number: int, other: int) -> tuple[tuple[str, str], ...]:
    mine, theirs = index.articles[number], index.articles[other]
    found: list[tuple[str, str]] = [("document", n) for n in _shared_documents(mine, theirs)]
    if mine.campaign and mine.campaign == theirs.campaign:
        found.append(("campaign", index.items[number].campaign))
    found += [("tag", tag) for tag in sorted(mine.tags & theirs.tags)]
    # The four shared words that weigh most in this article (the key runs in C: this is
    # worked out for every entry of every article, and read only by `invoke related`).
    heaviest = nlargest(4, mine.keys & theirs.keys, key=mine.vector.__getitem__)
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
