"""Related news ("Tin khác"): pinned slugs, then scored neighbours, then the latest of the section.

DESIGN_PLACEHOLDER
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, repeat

from .terms import ArticleTerms, fold_document

DEFAULT_WEIGHTS = {"text": 60, "document": 50, "campaign": 40, "tag": 20, "issuer": 5, "section": 5}
KINDS = ("document", "campaign", "tag", "text", "issuer", "section")
CANDIDATE_BUDGET = 1500  # index entries visited per article
SHORTLIST = 24  # candidates scored in full per article
COMMON_TERM_SHARE = 0.05  # a term in more of the archive than this is no way in (it still scores)
DOCUMENT_TERM_COUNT = 3  # a document named in the text counts as a term said this often
THIN_SHARE = 0.25  # sharing less of its own text than this, a candidate is about something else
LEVELS = 4  # a term's weight, as a whole number of visits, when gathering candidates


@dataclass(frozen=True)
class NewsItem:
    """What ranking reads of an article."""

    slug: str
    date: datetime
    section: str
    tags: tuple[str, ...] = ()
    campaign: str = ""
    document: str = ""  # the Document field, as `document_key` gives it: "220/KH-UBND (2021)"
    issuer: str = ""
    terms: ArticleTerms = ArticleTerms()
    pinned: tuple[str, ...] = ()


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


@dataclass
class _Article:
    """One item as the ranking sees it, worked out once."""

    vector: dict[str, float]  # term -> tf-idf weight, unit length
    documents: dict[str, str | None]  # folded number -> year, from the field and the text
    own_document: str  # the folded number of the Document field, "" when none
    campaign: str
    tags: frozenset[str]
    issuer: str


@dataclass
class _Index:
    """Everything the scoring of one article reads; `items` sorted newest first, then slug."""

    items: list[NewsItem]
    articles: list[_Article]
    weights: dict[str, float]
    postings: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    tag_weight: dict[str, float] = field(default_factory=dict)
    document_count: Counter[str] = field(default_factory=Counter)


def _split_document(key: str) -> tuple[str, str | None]:
    number, _, year = key.partition(" (")
    return fold_document(number), year.rstrip(")") or None


def _article(item: NewsItem, idf: dict[str, float]) -> _Article:
    documents: dict[str, str | None] = {}
    own_document = ""
    for key in (item.document, *item.terms.documents) if item.document else item.terms.documents:
        number, year = _split_document(key)
        own_document = own_document or (number if key == item.document else "")
        documents.setdefault(number, year)
    counts = dict(item.terms.counts)
    for number in documents:
        counts[f"§{number}"] = DOCUMENT_TERM_COUNT
    vector = {term: (1 + math.log(count)) * idf[term] for term, count in counts.items() if count > 0}
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return _Article(
        {term: w / norm for term, w in vector.items()},
        documents,
        own_document,
        item.campaign.casefold().strip(),
        frozenset(t.casefold() for t in item.tags),
        item.issuer.casefold(),
    )


def _build(items: list[NewsItem], weights: Mapping[str, float]) -> _Index:
    known = {kind: float(weights.get(kind, default)) for kind, default in DEFAULT_WEIGHTS.items()}
    document_frequency: Counter[str] = Counter()
    tag_frequency: Counter[str] = Counter()
    for item in items:
        document_frequency.update({t for t, _ in item.terms.counts})
        numbers = {_split_document(k)[0] for k in (item.document, *item.terms.documents) if k}
        document_frequency.update(f"§{n}" for n in numbers)
        tag_frequency.update({t.casefold() for t in item.tags})
    total = len(items)
    idf = {term: math.log(1 + total / count) for term, count in document_frequency.items()}
    index = _Index(items, [_article(item, idf) for item in items], known)
    index.tag_weight = {tag: math.log(1 + total / count) for tag, count in tag_frequency.items()}
    common = max(8, COMMON_TERM_SHARE * total)
    for number, article in enumerate(index.articles):
        for term in article.vector:
            if document_frequency[term] <= common:
                index.postings["text", term].append(number)
        if article.campaign:
            index.postings["campaign", article.campaign].append(number)
        for tag in article.tags:
            if tag_frequency[tag] <= common:
                index.postings["tag", tag].append(number)
    return index


def rank_related(
    items: Sequence[NewsItem],
    weights: Mapping[str, float],
    max_count: int = 6,
    threshold: int = 20,
    allow_newer: bool = True,
) -> dict[str, list[RelatedEntry]]:
    """Related entries for every item, keyed by slug."""
    ordered = sorted(items, key=lambda item: (-item.date.timestamp(), item.slug))
    index = _build(ordered, weights)
    position = {item.slug: number for number, item in enumerate(ordered)}
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(ordered):
        latest_by_section[item.section].append(number)

    related: dict[str, list[RelatedEntry]] = {}
    for number, item in enumerate(ordered):
        pinned = [position[slug] for slug in dict.fromkeys(item.pinned) if position.get(slug, number) != number]
        entries = [RelatedEntry(ordered[p].slug, 100, "pinned") for p in pinned]
        taken = {number, *pinned}
        # With newer articles barred, an article may only link to those after it in `ordered`.
        floor = -1 if allow_newer else number
        for other, score in _best(index, number, max_count - len(entries), taken, floor):
            if score >= threshold and score > 0:
                entries.append(RelatedEntry(ordered[other].slug, score, "shared", _shared(index, number, other)))
                taken.add(other)
        for other in latest_by_section[item.section]:
            if len(entries) >= max_count:
                break
            if other not in taken and other > floor:
                entries.append(RelatedEntry(ordered[other].slug, 0, "section"))
                taken.add(other)
        related[item.slug] = entries[:max_count]
    return related


def _candidates(index: _Index, number: int) -> Counter[int]:
    """Articles sharing the most weighty terms, fields and rare tags with article `number`."""
    article = index.articles[number]
    ways_in: list[tuple[list[int], int]] = []
    heaviest = max(article.vector.values(), default=1.0)
    for term, weight in sorted(article.vector.items(), key=lambda tw: (-tw[1], tw[0])):
        posting = index.postings.get(("text", term))
        if posting:
            ways_in.append((posting, 1 + int(LEVELS * weight / heaviest * 0.999)))
    for kind, value in (("campaign", article.campaign), *(("tag", t) for t in sorted(article.tags))):
        posting = index.postings.get((kind, value))
        if posting:
            ways_in.append((posting, LEVELS if kind == "campaign" else 1))
    budget = CANDIDATE_BUDGET
    visits = []
    for posting, level in sorted(ways_in, key=lambda way: -way[1]):
        if len(posting) <= budget:
            budget -= len(posting)
            visits.append(repeat(posting, level))
    # Counter counts in C; a posting repeated `level` times counts `level` per article.
    counts = Counter(chain.from_iterable(chain.from_iterable(visits)))
    counts.pop(number, None)
    return counts


def _best(index: _Index, number: int, wanted: int, taken: set[int], floor: int) -> list[tuple[int, int]]:
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


def _parts(index: _Index, number: int, other: int) -> dict[str, tuple[float, float]]:
    """kind -> (what `other` shares of `number`'s feature, 0-1; its weight).

    A field only one of the two has is left out rather than counted against:
    editors forget Campaign, Document and tags far more often than they differ.
    """
    mine, theirs, weights = index.articles[number], index.articles[other], index.weights
    shared_terms = mine.vector.keys() & theirs.vector.keys()
    parts = {"text": (sum(mine.vector[t] * theirs.vector[t] for t in shared_terms), weights["text"])}
    parts["thin"] = (min(1.0, sum(theirs.vector[t] ** 2 for t in shared_terms) / THIN_SHARE), 0.0)
    parts["section"] = (float(index.items[number].section == index.items[other].section), weights["section"])
    if mine.issuer and theirs.issuer:
        parts["issuer"] = (float(mine.issuer == theirs.issuer), weights["issuer"])
    if mine.campaign and theirs.campaign:
        parts["campaign"] = (float(mine.campaign == theirs.campaign), weights["campaign"])
    if mine.tags and theirs.tags:
        whole = sum(index.tag_weight[t] for t in mine.tags)
        parts["tag"] = (sum(index.tag_weight[t] for t in mine.tags & theirs.tags) / whole, weights["tag"])
    if _shared_documents(mine, theirs):
        parts["document"] = (1.0, weights["document"])
    elif mine.own_document and theirs.documents:  # it names documents, not this one
        parts["document"] = (0.0, weights["document"])
    return parts


def _shared_documents(mine: _Article, theirs: _Article) -> list[str]:
    """Documents both name, one of them in its Document field; a year, where both give one, must agree."""
    wanted = {mine.own_document, theirs.own_document} - {""}
    return sorted(
        number
        for number in mine.documents.keys() & theirs.documents.keys()
        if (number in wanted)
        and (mine.documents[number] is None or theirs.documents[number] in (None, mine.documents[number]))
    )


def _score(index: _Index, number: int, other: int) -> int:
    """100 * the weighted share of what `number` has that `other` shares, scaled down when
    what they share is a thin part of `other`'s text (a roundup, a passing mention),
    unless both articles' own fields name the same document or campaign."""
    parts = _parts(index, number, other)
    focus, _ = parts.pop("thin")
    total = sum(weight for _, weight in parts.values())
    if not total:
        return 0
    mine, theirs = index.articles[number], index.articles[other]
    declared = (mine.own_document and mine.own_document == theirs.own_document) or (
        mine.campaign and mine.campaign == theirs.campaign
    )
    return round(100 * sum(share * weight for share, weight in parts.values()) / total * (1 if declared else focus))


def _shared(index: _Index, number: int, other: int) -> tuple[tuple[str, str], ...]:
    mine, theirs = index.articles[number], index.articles[other]
    found: list[tuple[str, str]] = [("document", n) for n in _shared_documents(mine, theirs)]
    if mine.campaign and mine.campaign == theirs.campaign:
        found.append(("campaign", index.items[number].campaign))
    found += [("tag", tag) for tag in sorted(mine.tags & theirs.tags)]
    words = sorted(mine.vector.keys() & theirs.vector.keys(), key=lambda t: (-mine.vector[t] * theirs.vector[t], t))
    found += [("document" if t[0] == "§" else "text", t.lstrip("§")) for t in words[:4]]
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
