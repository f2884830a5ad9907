"""Atom and RSS feeds from plain entries, written with feedgen.

The glue turns Pelican articles into `FeedEntry` values (title as plain text,
content with absolute links); the writers here sort, cap and serialise them.
The same entries always give the same bytes: no clock, no library version in
the output.

feedgen 1.0.0 drops `rel`, `type` and `length` from an Atom entry's links
(python-feedgen issues #135, #143), so every entry link would read as a second
alternate link and enclosures would be lost. `atom_feed` therefore rewrites
each entry's links itself after feedgen has written the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry as FeedgenEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from .html import NOT_XML

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "Pelican newsroom (python-feedgen)"  # no version: upgrades must not change the bytes
# Atom requires a feed date; an empty feed gets this fixed one rather than the clock.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Enclosure:
    """A file offered with an entry (an attachment)."""

    url: str  # absolute
    length: int  # exact size in bytes
    mime_type: str


@dataclass(frozen=True)
class FeedImage:
    """An entry's lead photo: Media RSS `media:content` in RSS, an enclosure link in Atom."""

    url: str  # absolute
    mime_type: str
    width: int
    height: int


@dataclass(frozen=True)
class FeedEntry:
    """One article as a feed shows it."""

    id: str  # stable id (see entry_id)
    title: str  # plain text, written as given (see plain_text)
    link: str  # absolute URL of the article page
    published: datetime  # timezone-aware
    updated: datetime  # timezone-aware (= published when never modified)
    author: str  # the news source; "" falls back to the feed's author
    categories: tuple[str, ...]  # section first, then tags
    summary_html: str
    content_html: str  # links already absolute (see absolutize)
    enclosures: tuple[Enclosure, ...] = ()
    image: FeedImage | None = None


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    id: str  # e.g. the absolute URL of the HTML page the feed follows
    title: str
    link: str  # absolute URL of that HTML page
    subtitle: str
    language: str  # "vi"
    author: str  # the portal's name
    author_email: str


def entry_id(site_url: str, published: datetime, slug: str, pinned: str = "") -> str:
    """A tag: URI (RFC 4151) for an article, e.g.
    `tag:congtintuc.haiphong.gov.vn,2021-09-30:phat-dong-thi-dua-muc-tieu-kep`.

    Built from the site's host, the publication date (in the date's own offset,
    not converted) and the slug, so editing the title, body, summary or modified
    date never makes readers see the article as new. `pinned` (the editor's
    `Feed_id` metadata, for an article whose slug or date had to change) wins
    when given, stripped of surrounding whitespace and otherwise unchanged.
    """
    if pinned.strip():
        return pinned.strip()
    host = urlsplit(site_url).hostname
    if not host:
        raise ValueError(
            f"SITEURL must be an absolute URL with a host name to make feed ids, not {site_url!r}"
        )
    if not slug:
        raise ValueError("an article needs a slug to get a feed id")
    # RFC 4151 allows URI path characters in the specific part; anything else is %-encoded.
    specific = quote(slug, safe="/?:@!$&'()*+,;=-._~")
    return f"tag:{host},{published:%Y-%m-%d}:{specific}"


def _xml(text: str) -> str:
    return NOT_XML.sub("", text)


def _selected(entries: Sequence[FeedEntry], max_items: int) -> list[FeedEntry]:
    """Newest first whatever the input order; the link breaks ties so the order is total."""
    if max_items < 1:
        raise ValueError(f"a feed needs room for at least one entry, not max_items={max_items}")
    for entry in entries:
        if entry.published.tzinfo is None or entry.updated.tzinfo is None:
            raise ValueError(f"feed entry {entry.link} needs timezone-aware published and updated dates")
    by_link = sorted(entries, key=lambda entry: entry.link)
    return sorted(by_link, key=lambda entry: entry.published, reverse=True)[:max_items]


def _feed_updated(selected: Sequence[FeedEntry]) -> datetime:
    """The latest change among the entries shown, so a rebuild of the same content
    gives the same date (an old article edited today counts as today's change)."""
    return max((entry.updated for entry in selected), default=EMPTY_FEED_UPDATED)


def _generator(info: FeedInfo, selected: Sequence[FeedEntry], self_url: str, self_type: str) -> FeedGenerator:
    """A FeedGenerator holding everything both formats share."""
    fg = FeedGenerator()
    fg.id(_xml(info.id))
    fg.title(_xml(info.title))
    # RSS requires a description; a feed without a subtitle repeats its title.
    if info.subtitle:
        fg.subtitle(_xml(info.subtitle))
    fg.description(_xml(info.subtitle or info.title))
    # RSS's channel <link> is the last link given to feedgen: the alternate goes last.
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=info.link, rel="alternate", type="text/html")
    fg.language(info.language)
    author = {"name": _xml(info.author)}
    if info.author_email:
        author["email"] = info.author_email
    fg.author(author)
    fg.generator(GENERATOR)  # replaces feedgen's own, which carries its version
    fg.updated(_feed_updated(selected))  # also RSS lastBuildDate, which defaults to now
    return fg


def _add_entries(fg: FeedGenerator, info: FeedInfo, selected: Sequence[FeedEntry]) -> list[FeedgenEntry]:
    """Add the entries in order (feedgen prepends unless told to append); returns feedgen's entries."""
    added = []
    for entry in selected:
        fe = fg.add_entry(order="append")
        fe.id(_xml(entry.id))  # also RSS guid, isPermaLink="false"
        fe.title(_xml(entry.title))
        fe.link(href=entry.link, rel="alternate")
        fe.published(entry.published)
        fe.updated(entry.updated)
        if entry.author or info.author:
            fe.author(name=_xml(entry.author or info.author))
        seen = set()
        for category in entry.categories:
            if category and category not in seen:  # a tag may repeat the section
                seen.add(category)
                fe.category(term=_xml(category), label=_xml(category))
        if entry.summary_html:
            fe.summary(_xml(entry.summary_html), type="html")
        if entry.content_html:
            fe.content(_xml(entry.content_html), type="html")
        added.append(fe)
    return added


def _entry_links(entry: FeedEntry) -> list[etree._Element]:
    links = [etree.Element(f"{{{ATOM_NS}}}link", href=entry.link, rel="alternate", type="text/html")]
    if entry.image:  # the lead photo; its size in bytes is not known here, and Atom does not need it
        links.append(etree.Element(f"{{{ATOM_NS}}}link", href=entry.image.url, rel="enclosure",
                                   type=entry.image.mime_type))  # fmt: skip
    for enclosure in entry.enclosures:
        links.append(
            etree.Element(
                f"{{{ATOM_NS}}}link",
                href=enclosure.url,
                rel="enclosure",
                type=enclosure.mime_type,
                length=str(enclosure.length),
            )
        )
    return links


def atom_feed(info: FeedInfo, entries: Sequence[FeedEntry], self_url: str, max_items: int = 50) -> bytes:
    """An Atom 1.0 feed (UTF-8) of the newest `max_items` entries.

    Each entry carries its alternate link and one `<link rel="enclosure">` per
    attachment, with type and exact length, written here because feedgen 1.0.0
    loses those attributes (see the module docstring).
    """
    selected = _selected(entries, max_items)
    fg = _generator(info, selected, self_url, "application/atom+xml")
    _add_entries(fg, info, selected)
    root = etree.fromstring(fg.atom_str(), etree.XMLParser(resolve_entities=False, huge_tree=True))
    # Entries were appended, so the document's order is `selected`'s.
    for element, entry in zip(root.iterfind(f"{{{ATOM_NS}}}entry"), selected, strict=True):
        written = element.findall(f"{{{ATOM_NS}}}link")
        position = element.index(written[0]) if written else len(element)
        for link in written:
            element.remove(link)
        for offset, link in enumerate(_entry_links(entry)):
            element.insert(position + offset, link)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def rss_feed(info: FeedInfo, entries: Sequence[FeedEntry], self_url: str, max_items: int = 50) -> bytes:
    """An RSS 2.0 feed (UTF-8) of the newest `max_items` entries.

    RSS allows one `<enclosure>` per item: it is the entry's first attachment,
    the one the editor listed first, which is the main document. The others are
    in the Atom feed and on the page.

    RSS's `<author>` must be an e-mail address and a news source ("Sở Y tế")
    has none, so the source is written as `<dc:creator>` (Dublin Core), which
    feed readers show as the author. The description is the summary; the full
    content is in `<content:encoded>`.
    """
    selected = _selected(entries, max_items)
    fg = _generator(info, selected, self_url, "application/rss+xml")
    if info.author_email:  # the channel's RSS author; feedgen writes its author only in Atom
        name = _xml(info.author)
        fg.managingEditor(f"{info.author_email} ({name})" if name else info.author_email)
    fg.load_extension("dc", atom=False, rss=True)
    with_images = any(entry.image for entry in selected)
    if with_images:  # Media RSS only where there is a photo, so other feeds keep their bytes
        fg.load_extension("media", atom=False, rss=True)
    for fe, entry in zip(_add_entries(fg, info, selected), selected, strict=True):
        if entry.image:
            image = entry.image
            fe.media.content(url=image.url, type=image.mime_type, medium="image",
                             width=str(image.width), height=str(image.height))  # fmt: skip
        if entry.author or info.author:
            fe.dc.dc_creator(_xml(entry.author or info.author))
        if entry.enclosures:
            first = entry.enclosures[0]
            fe.enclosure(url=first.url, length=str(first.length), type=first.mime_type)
    return fg.rss_str(pretty=True)
