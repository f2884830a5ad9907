"""sitemap.xml of the portal's public pages.

The maintained pelican-sitemap plugin stamps listing pages with the time of
the build (so the same content never builds the same bytes, and with a
"-00:00" offset that is not Vietnam's) and lists whatever was written,
drafts included. Here a listing's date is that of its newest article.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape


def sitemap_xml(pages: Iterable[tuple[str, datetime | None]]) -> bytes:
    """`pages`: (absolute URL, last modified or None); written sorted by URL, once each."""
    unique = dict(sorted(pages, key=lambda page: page[0]))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in sorted(unique.items()):
        lastmod = f"<lastmod>{modified.isoformat(timespec='seconds')}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def newest(articles: Iterable) -> datetime | None:
    """When a listing last changed: the latest date or modification of its articles."""
    return max((getattr(a, "modified", None) or a.date for a in articles), default=None)
