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
budget of index entries per article, so the whole ranking grows linearly with
the number of articles. Terms found in more than a tenth of all articles are
dropped as telling nothing; the section is a ranking hint, never a way in.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

CANDIDATE_BUDGET = 600  # index entries visited per article
COMMON_TERM_SHARE = 0.1  # a term in more than this share of articles is dropped
KINDS = ("document", "campaign", "tag", "text", "issuer", "section")


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
    reason: str  # "ghim", "cùng chuyên mục", or what the two share
    shared: tuple[tuple[str, str], ...] = ()


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

    order = sorted(range(len(items)), key=lambda i: (-items[i].date.timestamp(), items[i].slug))
    rank_of = {index: position for position, index in enumerate(order)}  # newest first, then slug
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    for index in order:
        latest_by_section[items[index].section].append(index)
    known = {item.slug for item in items}

    related: dict[str, list[RelatedEntry]] = {}
    for index, item in enumerate(items):
        entries = [RelatedEntry(slug, 100, "ghim") for slug in item.pinned if slug in known]
        taken = {item.slug, *item.pinned}

        def allowed(other: int, item=item, taken=taken) -> bool:
            candidate = items[other]
            return candidate.slug not in taken and (allow_newer or candidate.date <= item.date)

        wanted = max_count - len(entries)
        for other, score in _best(index, features, feature_sets, postings, weights, rank_of, wanted, allowed):
            if score >= threshold and score > 0:
                shared = _shared(features[index], feature_sets[other])
                entries.append(RelatedEntry(items[other].slug, score, _describe(shared), shared))
                taken.add(items[other].slug)
        for other in latest_by_section[item.section]:
            if len(entries) >= max_count:
                break
            if allowed(other):
                entries.append(RelatedEntry(items[other].slug, 0, "cùng chuyên mục"))
                taken.add(items[other].slug)
        related[item.slug] = entries[:max_count]
    return related


def _best(
    index, features, feature_sets, postings, weights, rank_of, wanted, allowed
) -> list[tuple[int, int]]:
    """The `wanted` best (candidate, score) pairs, best first."""
    if wanted <= 0:
        return []
    own = features[index]
    contributions = _contributions(own, weights)
    total = sum(contributions.values())
    if not total:
        return []
    ways_in = sorted((f for f in own if f[0] != "section"), key=lambda f: (len(postings[f]), f))
    budget = CANDIDATE_BUDGET
    visited: set[tuple[str, str]] = set()
    partial: dict[int, float] = defaultdict(float)
    for feature in ways_in:
        posting = postings[feature]
        if len(posting) > budget:
            break
        budget -= len(posting)
        visited.add(feature)
        for other in posting:
            partial[other] += contributions[feature]
    partial.pop(index, None)

    # Features not used to find candidates still count, but only a candidate
    # whose partial score plus all of them could still make the list is checked.
    unvisited = [f for f in own if f not in visited]
    ceiling = sum(contributions[f] for f in unvisited)
    best: list[tuple[int, int, int]] = []  # (-score, rank, candidate), kept sorted
    for other, known in sorted(partial.items(), key=lambda kv: (-kv[1], rank_of[kv[0]])):
        if len(best) == wanted and round(100 * (known + ceiling) / total) < -best[-1][0]:
            break
        if not allowed(other):
            continue
        other_features = feature_sets[other]
        exact = known + sum(contributions[f] for f in unvisited if f in other_features)
        entry = (-round(100 * exact / total), rank_of[other], other)
        if len(best) < wanted or entry < best[-1]:
            insort(best, entry)
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


def _describe(shared: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{_FEATURE_NAMES[kind]} “{value}”" for kind, value in shared)
