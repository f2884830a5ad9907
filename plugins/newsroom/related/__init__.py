"""Related news ("Tin khác"): the adapter between Pelican's articles and the ranking.

`ranking` ranks plain `NewsItem`s and `terms` reads a text's Vietnamese terms;
this module turns articles into items, memoises the ranking across builds, and
gives each article the lines its "Tin khác" block shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from ..memo import memoised
from ..problems import ContentProblem, PortalError, source_of
from .ranking import RANKING_VERSION, NewsItem, RelatedEntry, explain_entries, rank_related
from .terms import ArticleTerms, article_terms

__all__ = [
    "ArticleTerms",
    "NewsItem",
    "NewsLink",
    "RelatedEntry",
    "article_terms",
    "check_pins",
    "explain_related",
    "link_related",
    "rank_related",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewsLink:
    """What a "Tin khác" line shows of another article."""

    title: str
    url: str
    date: datetime
    thumbnail: object = None  # the other article's lead photo (photos.Photo), or None


def check_pins(articles: list) -> list[ContentProblem]:
    """A published article's `Related` must name other published articles.

    A pin to a draft or a scheduled article is left out of "Tin khác" with a
    warning (withdrawn or not yet due), not a reason to stop the build.
    """
    published = {article.slug for article in articles if article.status == "published"}
    unpublished = {article.slug for article in articles} - published
    problems = []
    for article in articles:
        if article.status != "published":
            continue  # a draft's pins are checked when it is published
        for slug in getattr(article, "related", None) or []:
            if slug in unpublished:
                logger.warning(
                    "%s: trường Related = “%s”: bài này chưa đăng (nháp hoặc hẹn giờ), "
                    "tạm bỏ khỏi “Tin khác”",
                    source_of(article),
                    slug,
                )
            elif slug not in published or slug == article.slug:
                problems.append(
                    ContentProblem(
                        source_of(article),
                        "Related",
                        slug,
                        "không có bài nào mang slug này (hoặc là chính bài này); "
                        "ghi slug của bài khác, cách nhau bằng dấu phẩy",
                    )
                )
    return problems


def link_related(articles: list, config, document_key, terms_key: str) -> None:
    """`article.related_news`: the articles of its "Tin khác" block.

    `document_key(article)` names the document an article is about;
    `terms_key` is the metadata name the reader stored the article's terms under.
    """
    items = [
        NewsItem(
            slug=a.slug,
            date=a.date,
            section=a.category.name,
            tags=tuple(t.name for t in getattr(a, "tags", None) or []),
            campaign=getattr(a, "campaign", "") or "",
            document=document_key(a),
            issuer=getattr(a, "issuer", "") or "",
            terms=_article_terms(getattr(a, terms_key, None)),
            pinned=tuple(getattr(a, "related", None) or []),
        )
        for a in articles
    ]
    parameters = (
        config.related_weights,
        config["RELATED_NEWS_MAX_COUNT"],
        config["RELATED_NEWS_THRESHOLD"],
        config["RELATED_NEWS_ALLOW_NEWER"],
    )
    ranked, _ = memoised(
        config.cache_path / "related",
        (items, parameters, RANKING_VERSION),
        lambda: rank_related(items, *parameters),
    )
    # What each entry shares is worked out only for the article `invoke related` explains
    # (the index is built again for it): the build shows titles, never the reasons.
    explained = config["RELATED_NEWS_EXPLAIN"]
    if explained in ranked:
        ranked = {**ranked, explained: explain_entries(items, parameters[0], explained, ranked[explained])}
    # Each article's address is worked out once: Pelican recomputes `url` on
    # every access, and every article lists up to six others.
    links = {
        a.slug: NewsLink(title=a.title, url=a.url, date=a.date, thumbnail=getattr(a, "lead_photo", None))
        for a in articles
    }
    for article in articles:
        article.related_entries = ranked[article.slug]
        article.related_news = [links[e.slug] for e in ranked[article.slug]]


def _article_terms(stored) -> ArticleTerms:
    """The reader's terms; a content cache written before terms had counts holds bare terms."""
    if isinstance(stored, ArticleTerms):
        return stored
    return ArticleTerms(tuple((term, 1) for term in sorted(stored or ()) if isinstance(term, str)))


def explain_related(slug: str, articles: list) -> str:
    """An article's "Tin khác" with each entry's score and what it shares (`invoke related`)."""
    by_slug = {a.slug: a for a in articles}
    if slug not in by_slug:
        raise PortalError(f"Không có bài nào mang slug “{slug}”; xem slug ở dòng Slug: của bài.")
    article = by_slug[slug]
    lines = [f"Tin khác của “{article.title}” ({slug}):"]
    for number, entry in enumerate(getattr(article, "related_entries", []), start=1):
        other = by_slug[entry.slug]
        score = "ghim" if entry.why == "pinned" else f"{entry.score:>3}/100"
        lines.append(f"{number:>2}. [{score}] {other.slug} — {other.title}")
        if entry.why != "pinned":
            lines.append(f"    {entry.reason}")
    if len(lines) == 1:
        lines.append("    (trống: chuyên mục không còn bài nào khác)")
    return "\n".join(lines)
