"""Related news ("Tin khác"): pinned slugs, then scored neighbours, then the latest of the section.

In the spirit of Hugo's related content. Each article is described by
weighted features: its document, campaign, issuer, section, tags and the
terms of its text. An inverted index maps each feature to the articles that
have it, so only articles that share something are ever compared:

    score(a, b) = 100 * sum(contribution of each feature of a that b shares)
                      / sum(contribution of every feature of a)

where a single-valued feature (document, campaign, issuer, section)
contributes its weight, and each of a's tags contributes tag weight / number
of a's tags (likewise for text terms), so sharing all of a's tags counts the
tag weight once. Candidates under the threshold are dropped. Order: score,
then newer first, then slug, so the same content always gives the same lists.

Cost: candidates are gathered from a's rarest features first, within a fixed
budget of index entries per article, and only a short list of those sharing
the most through them is scored in full, so the whole ranking grows linearly
with the number of articles. Terms found in more than a tenth of all articles are
dropped as telling nothing; the section is a ranking hint, never a way in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

CANDIDATE_BUDGET = 100  # index entries visited per article
SHORTLIST_FACTOR = 3  # candidates scored in full per place in the list
COMMON_TERM_SHARE = 0.1  # a term in more than this share of articles is dropped
KINDS = ("document", "campaign", "tag", "text", "issuer", "section")
# RELATED_NEWS_WEIGHTS overrides any of these.
DEFAULT_WEIGHTS = {"document": 60, "campaign": 40, "tag": 30, "issuer": 10, "text": 30, "section": 10}


@dataclass(frozen=True)
class NewsItem:
    """What ranking reads of an article."""

    slug: str
    date: datetime
    section: str
    tags: tuple[str, ...] = ()
    campaign: str = ""
    document: str = ""
    issuer: str = ""
    terms: tuple[str, ...] = ()
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


def _features(item: NewsItem, common_terms: set[str]) -> list[tuple[str, str]]:
    found = [("section", item.section)]
    if item.document:
        found.append(("document", item.document))
    if item.campaign:
        found.append(("campaign", item.campaign.casefold()))
    if item.issuer:
        found.append(("issuer", item.issuer.casefold()))
    found.extend(("tag", tag) for tag in sorted({t.casefold() for t in item.tags}))
    found.extend(("text", term) for term in sorted(set(item.terms) - common_terms))
    return found


def _contributions(features: list[tuple[str, str]], weights: dict[str, int]) -> dict[tuple[str, str], float]:
    per_kind = defaultdict(int)
    for kind, _ in features:
        per_kind[kind] += 1
    return {f: weights[f[0]] / per_kind[f[0]] for f in features}


def rank_related(
    items: Sequence[NewsItem],
    weights: dict[str, int],
    max_count: int = 6,
    threshold: int = 20,
    allow_newer: bool = True,
) -> dict[str, list[RelatedEntry]]:
    """Related entries for every item, keyed by slug."""
    term_counts: dict[str, int] = defaultdict(int)
    for item in items:
        for term in set(item.terms):
            term_counts[term] += 1
    common_terms = {t for t, n in term_counts.items() if n > max(3, COMMON_TERM_SHARE * len(items))}

    features = [_features(item, common_terms) for item in items]
    feature_sets = [set(f) for f in features]
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item_features in enumerate(features):
        for feature in item_features:
            postings[feature].append(index)

    posting_sizes = {feature: len(posting) for feature, posting in postings.items()}

    order = sorted(range(len(items)), key=lambda i: (-items[i].date.timestamp(), items[i].slug))
    rank_of = [0] * len(items)  # position in newest-first, then slug order
    for position, index in enumerate(order):
        rank_of[index] = position
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    place_in_section = [0] * len(items)
    for index in order:
        place_in_section[index] = len(latest_by_section[items[index].section])
        latest_by_section[items[index].section].append(index)
    index_of = {item.slug: index for index, item in enumerate(items)}
    # With newer articles barred, each article may only link to those ranked after it.
    limit = [rank_of[i] if not allow_newer else -1 for i in range(len(items))]

    related: dict[str, list[RelatedEntry]] = {}
    for index, item in enumerate(items):
        pinned = [index_of[slug] for slug in item.pinned if slug in index_of]
        entries = [RelatedEntry(items[p].slug, 100, "pinned") for p in pinned]
        taken = {index, *pinned}
        wanted = max_count - len(entries)
        for other, score in _best(
            index, features, feature_sets, postings, posting_sizes, weights, rank_of, wanted, taken, limit
        ):
            if score >= threshold and score > 0:
                shared = _shared(features[index], feature_sets[other])
                entries.append(RelatedEntry(items[other].slug, score, "shared", shared))
                taken.add(other)
        section = latest_by_section[item.section]
        # Newer articles barred: start right after this one rather than walk past them all.
        first = 0 if allow_newer else place_in_section[index] + 1
        for position in range(first, len(section)):
            other = section[position]
            if len(entries) >= max_count:
                break
            if other not in taken and rank_of[other] > limit[index]:
                entries.append(RelatedEntry(items[other].slug, 0, "section"))
                taken.add(other)
        related[item.slug] = entries[:max_count]
    return related


def _best(
    index, features, feature_sets, postings, posting_sizes, weights, rank_of, wanted, taken, limit
) -> list[tuple[int, int]]:
    """The `wanted` best (candidate, score) pairs, best first."""
    if wanted <= 0:
        return []
    own = features[index]
    contributions = _contributions(own, weights)
    total = sum(contributions.values())
    if not total:
        return []
    # Rarest first; the sort is stable and `own` is in a fixed order, so ties are deterministic.
    ways_in = sorted((f for f in own if f[0] != "section"), key=posting_sizes.__getitem__)
    budget = CANDIDATE_BUDGET
    # Within a kind every feature contributes the same, so counting shared
    # features per kind (Counter counts in C) gives the partial scores.
    visits: dict[str, list[list[int]]] = defaultdict(list)
    visited = set()
    for feature in ways_in:
        posting = postings[feature]
        if len(posting) > budget:
            break
        budget -= len(posting)
        visited.add(feature)
        visits[feature[0]].append(posting)
    partial: Counter[int] = Counter()
    for kind, kind_postings in visits.items():
        counts = Counter(chain.from_iterable(kind_postings))
        value = contributions[next(f for f in own if f[0] == kind)]
        for other, count in counts.items():
            partial[other] += count * value
    partial.pop(index, None)

    # Features not used to find candidates still count, but only for a short
    # list of the candidates that share the most through the rarer ones.
    unvisited = {f for f in own if f not in visited}
    size = SHORTLIST_FACTOR * wanted
    floor = limit[index]
    pool = sorted([(-score, rank_of[other], other) for other, score in partial.items()])
    shortlist = [other for _, rank, other in pool if rank > floor and other not in taken][:size]
    best: list[tuple[int, int, int]] = []  # (-score, rank, candidate)
    for other in shortlist:
        exact = partial[other] + sum(contributions[f] for f in unvisited & feature_sets[other])
        best.append((-round(100 * exact / total), rank_of[other], other))
    best.sort()
    del best[wanted:]
    return [(other, -negative) for negative, _, other in best]


def _shared(own: list[tuple[str, str]], other: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((f for f in own if f in other), key=lambda f: (KINDS.index(f[0]), f[1])))


_FEATURE_NAMES = {
    "document": "cùng văn bản",
    "campaign": "cùng phong trào",
    "tag": "thẻ",
    "text": "từ",
    "issuer": "cùng cơ quan ban hành",
    "section": "cùng chuyên mục",
}
