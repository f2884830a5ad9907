"""sitemap.xml of the portal's public pages.

The maintained pelican-sitemap plugin stamps listing pages with the time of
the build (so the same content never builds the same bytes, and with a
"-00:00" offset that is not Vietnam's) and lists whatever was written,
drafts included. Here a listing's date is that of its newest article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from xml.sax.saxutils import escape

MAX_URLS = 50_000  # per file, as the sitemap protocol allows
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _lastmod(modified: datetime | None) -> str:
    return f"<lastmod>{modified.isoformat(timespec='seconds')}</lastmod>" if modified else ""


def _document(root: str, lines: list[str]) -> bytes:
    head = ['<?xml version="1.0" encoding="utf-8"?>', f'<{root} xmlns="{NAMESPACE}">']
    return "\n".join([*head, *lines, f"</{root}>\n"]).encode("utf-8")


def sitemap_files(
    pages: Iterable[tuple[str, datetime | None]], base_url: str, save_as: str = "sitemap.xml"
) -> dict[str, bytes]:
    """{path: bytes}: one sitemap, or past 50,000 URLs an index of numbered ones.

    `pages`: (absolute URL, last modified or None); written sorted by URL, once each.
    """
    unique = sorted(dict(pages).items())
    chunks = [unique[start : start + MAX_URLS] for start in range(0, len(unique), MAX_URLS)] or [[]]
    files = {}
    for number, chunk in enumerate(chunks, start=1):
        name = save_as if len(chunks) == 1 else save_as.replace(".xml", f"-{number}.xml")
        files[name] = _document(
            "urlset", [f"<url><loc>{escape(u)}</loc>{_lastmod(m)}</url>" for u, m in chunk]
        )
    if len(chunks) > 1:
        index = [
            f"<sitemap><loc>{escape(base_url)}/{name}</loc>{_lastmod(newest_of(chunk))}</sitemap>"
            for name, chunk in zip(files, chunks, strict=True)
        ]
        files[save_as] = _document("sitemapindex", index)
    return files


def newest_of(chunk: list[tuple[str, datetime | None]]) -> datetime | None:
    return max((m for _, m in chunk if m), default=None)


def newest(articles: Iterable) -> datetime | None:
    """When a listing last changed: the latest date or modification of its articles."""
    return max((getattr(a, "modified", None) or a.date for a in articles), default=None)


def public_pages(context: dict, listings: list, fixed_urls: list) -> Iterator[tuple[str, datetime | None]]:
    """(absolute URL, last modified) of every public page but later pages of listings.

    `listings`: the plugin's own (url, articles listed); `fixed_urls`: pages that
    list the whole site (archives, campaigns, documents...), dated by its newest article.
    """
    base = context["PUBLIC_SITEURL"]
    articles = context["articles"]
    yield f"{base}/", newest(articles)
    for article in articles:
        yield f"{base}/{article.url}", getattr(article, "modified", None) or article.date
    for page in context.get("pages", []):
        yield f"{base}/{page.url}", getattr(page, "modified", None) or getattr(page, "date", None)
    for wrapper, members in [*context["categories"], *context["tags"], *listings]:
        url = wrapper if isinstance(wrapper, str) else wrapper.url
        yield f"{base}/{url}", newest(members)
    for url in fixed_urls:
        if url:
            yield f"{base}/{url}", newest(articles)
