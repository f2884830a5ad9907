"""The inverted index "Tin khác" is ranked from: tf-idf vectors, postings, rarities.

`ranking` explains the design; this module turns `NewsItem`s into what the
scoring reads, once per build, in time linear in the archive.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count, repeat
from operator import mul, truediv

from .terms import ArticleTerms, fold_document

COMMON_TERM_SHARE = 0.05  # a term in more of the archive than this is no way in (it still scores)
DOCUMENT_TERM_COUNT = 3  # a document named in the text counts as a term said this often
NO_TERMS = ArticleTerms()


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
    terms: ArticleTerms = NO_TERMS
    pinned: tuple[str, ...] = ()


@dataclass(slots=True)
class Article:
    """One item as the ranking sees it, worked out once."""

    vector: dict[int, float]  # term id -> tf-idf weight, unit length
    documents: dict[str, str | None]  # folded number -> year, from the field and the text
    own_document: str  # the folded number of the Document field, "" when none
    campaign: str
    tags: frozenset[str]
    issuer: str
    section: str
    tag_total: float = 0.0  # the summed rarity of its tags
    heaviest: list[int] = field(default_factory=list)  # ids of its terms with postings, heaviest first


@dataclass
class Index:
    """Everything the scoring of one article reads; `items` sorted newest first, then slug."""

    items: list[NewsItem]
    weights: dict[str, float]
    articles: list[Article] = field(default_factory=list)
    term_names: list[str] = field(default_factory=list)  # term id -> term ("§220/KH-UBND": a document)
    term_ids: dict[str, int] = field(default_factory=dict)
    text_postings: list[list[int]] = field(default_factory=list)  # term id -> articles; [] when common
    postings: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    tag_weight: dict[str, float] = field(default_factory=dict)


def split_document(key: str) -> tuple[str, str | None]:
    number, _, year = key.partition(" (")
    return fold_document(number), year.rstrip(")") or None


def documents_of(
    item: NewsItem, split: dict[str, tuple[str, str | None]] | None = None
) -> tuple[dict[str, str | None], str]:
    """Folded number -> year (None when not given) of every document the item names, and its own.

    `split`, when given, remembers each key's folding across items (most documents recur)."""
    split = {} if split is None else split
    documents: dict[str, str | None] = {}
    own = ""
    if item.document:
        own, year = split.get(item.document) or split.setdefault(item.document, split_document(item.document))
        documents[own] = year
    for key in item.terms.documents:
        number, year = split.get(key) or split.setdefault(key, split_document(key))
        documents.setdefault(number, year)
    return documents, own


def build_index(items: list[NewsItem], weights: dict[str, float]) -> Index:
    """Vectors, postings and rarities of `items` (sorted newest first, then slug).

    The per-term work runs in C (`map`, `zip`, Counter); Python loops once per
    article, and once per rare term of an article for its postings."""
    index = Index(items, weights)
    counted: list[tuple[list[int], list[int], dict[str, str | None], str, frozenset[str]]] = []
    # Term ids in the order terms are first seen, so the same items give the same ids; a
    # term's text is read once (it is scattered in memory), its id from then on.
    term_ids: defaultdict[str, int] = defaultdict(count().__next__)
    identify = term_ids.__getitem__
    every_id: list[int] = []  # counted once at the end (in C): ids in id order, as first seen
    every_tag: list[str] = []
    split: dict[str, tuple[str, str | None]] = {}  # document key -> folded number, year: folded once
    for item in items:
        if item.document or item.terms.documents:
            documents, own = documents_of(item, split)
        else:
            documents, own = {}, ""
        counts = dict(item.terms.counts)
        if documents:
            counts.update(zip(map("§".__add__, documents), repeat(DOCUMENT_TERM_COUNT)))
        if counts and min(counts.values()) <= 0:
            counts = {term: number for term, number in counts.items() if number > 0}
        ids = list(map(identify, counts))
        tags = frozenset(map(str.casefold, item.tags))
        counted.append((ids, list(counts.values()), documents, own, tags))
        every_id += ids
        every_tag += tags
    term_frequency, tag_frequency = Counter(every_id), Counter(every_tag)
    total = len(items)
    idf = [math.log(1 + total / number) for number in term_frequency.values()]
    index.term_names, index.term_ids = list(term_ids), dict(term_ids)
    tag_weight = index.tag_weight = {
        tag: math.log(1 + total / number) for tag, number in tag_frequency.items()
    }
    common = max(8, COMMON_TERM_SHARE * total)
    rare = frozenset(term for term, number in term_frequency.items() if number <= common)
    rare_tags = frozenset(tag for tag, number in tag_frequency.items() if number <= common)
    text_postings = index.text_postings = [[] for _ in idf]
    highest = max((max(numbers, default=0) for _, numbers, *_ in counted), default=0)
    tf = [0.0, *(1 + math.log(number) for number in range(1, max(highest, 64) + 1))]  # 1 + log(tf)
    postings, articles = index.postings, index.articles
    for number, (item, (ids, numbers, documents, own, tags)) in enumerate(zip(items, counted, strict=True)):
        weights_of = list(map(mul, map(tf.__getitem__, numbers), map(idf.__getitem__, ids)))
        norm = math.sqrt(sum(map(mul, weights_of, weights_of))) or 1.0
        vector = dict(zip(ids, map(truediv, weights_of, repeat(norm)), strict=False))
        article = Article(
            vector,
            documents,
            own,
            item.campaign.casefold().strip(),
            tags,
            item.issuer.casefold(),
            item.section,
            math.fsum(map(tag_weight.__getitem__, tags)),  # exact: the same whatever the order
            # Stable: equal weights keep the terms' order (by term), whatever the hash seed.
            sorted(filter(rare.__contains__, vector), key=vector.__getitem__, reverse=True),
        )
        articles.append(article)
        for term in article.heaviest:  # each posting stays in article order
            text_postings[term].append(number)
        if article.campaign:
            postings["campaign", article.campaign].append(number)
        for tag in tags & rare_tags:
            postings["tag", tag].append(number)
    return index
