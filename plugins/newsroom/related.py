"""Related news ("Tin khác"): pinned slugs, then scored neighbours, then the latest of the section.

In the spirit of Hugo's related content: every article is described by
weighted features (its document, campaign, tags, issuer, section); an
inverted index maps each feature to the articles that have it, so only
articles that share something are ever compared. A feature shared by too
many articles (a big section, a very common tag) tells little: it is not used
to find candidates, only to rank the candidates found through rarer features.

score(a, b) = sum of the weights of the features a and b share, normalised
to 0-100 against the score a would get with itself. Candidates under the
threshold are dropped. Order: score, then newer first, then slug.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

# A feature whose article list is longer than this is a ranking hint only.
COMMON_FEATURE_LIMIT = 200


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
    pinned: tuple[str, ...] = ()

    def features(self) -> list[tuple[str, str]]:
        """(kind, value) pairs; kind names a weight."""
        found = [("section", self.section)]
        if self.document:
            found.append(("document", self.document))
        if self.campaign:
            found.append(("campaign", self.campaign.casefold()))
        if self.issuer:
            found.append(("issuer", self.issuer.casefold()))
        found.extend(("tag", tag.casefold()) for tag in sorted(set(self.tags)))
        return found


@dataclass(frozen=True)
class RelatedEntry:
    """One line of an article's "Tin khác", with why it is there."""

    slug: str
    score: int  # 0-100; 100 for a pinned entry, 0 for a section filler
    reason: str  # "ghim", "cùng chuyên mục", or the shared features
    shared: tuple[tuple[str, str], ...] = field(default=())


def rank_related(
    items: Sequence[NewsItem],
    weights: dict[str, int],
    max_count: int = 6,
    threshold: int = 20,
    allow_newer: bool = True,
) -> dict[str, list[RelatedEntry]]:
    """Related entries for every item, keyed by slug. Deterministic."""
    by_slug = {item.slug: item for item in items}
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for feature in item.features():
            postings[feature].append(index)

    newest_first = sorted(range(len(items)), key=lambda i: (-items[i].date.timestamp(), items[i].slug))
    latest_by_section: dict[str, list[int]] = defaultdict(list)
    for index in newest_first:
        latest_by_section[items[index].section].append(index)

    related: dict[str, list[RelatedEntry]] = {}
    for index, item in enumerate(items):
        entries = [RelatedEntry(slug, 100, "ghim") for slug in item.pinned if slug in by_slug]
        taken = {item.slug, *item.pinned}
        entries += _scored(index, items, postings, weights, threshold, allow_newer, taken)
        entries = entries[:max_count]
        taken |= {entry.slug for entry in entries}
        for other in latest_by_section[item.section]:
            if len(entries) >= max_count:
                break
            candidate = items[other]
            if candidate.slug in taken or (not allow_newer and candidate.date > item.date):
                continue
            entries.append(RelatedEntry(candidate.slug, 0, "cùng chuyên mục"))
            taken.add(candidate.slug)
        related[item.slug] = entries
    return related


def _scored(
    index: int,
    items: Sequence[NewsItem],
    postings: dict[tuple[str, str], list[int]],
    weights: dict[str, int],
    threshold: int,
    allow_newer: bool,
    taken: set[str],
) -> list[RelatedEntry]:
    item = items[index]
    features = item.features()
    self_score = sum(weights[kind] for kind, _ in features)
    if not self_score:
        return []
    candidates: set[int] = set()
    for feature in features:
        posting = postings[feature]
        if len(posting) <= COMMON_FEATURE_LIMIT:
            candidates.update(posting)
    candidates.discard(index)

    own = set(features)
    scored = []
    for other in candidates:
        candidate = items[other]
        if candidate.slug in taken or (not allow_newer and candidate.date > item.date):
            continue
        shared = _sorted_features(own.intersection(candidate.features()))
        score = round(100 * sum(weights[kind] for kind, _ in shared) / self_score)
        if score >= threshold and score > 0:
            scored.append((score, candidate, shared))
    scored.sort(key=lambda s: (-s[0], -s[1].date.timestamp(), s[1].slug))
    return [
        RelatedEntry(candidate.slug, score, _describe(shared), tuple(shared))
        for score, candidate, shared in scored
    ]


def _sorted_features(features: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    order = ["document", "campaign", "tag", "issuer", "section"]
    return sorted(features, key=lambda f: (order.index(f[0]), f[1]))


_FEATURE_NAMES = {
    "document": "cùng văn bản",
    "campaign": "cùng phong trào",
    "tag": "thẻ",
    "issuer": "cùng cơ quan ban hành",
    "section": "cùng chuyên mục",
}


def _describe(shared: list[tuple[str, str]]) -> str:
    return "; ".join(f"{_FEATURE_NAMES[kind]} “{value}”" for kind, value in shared)
