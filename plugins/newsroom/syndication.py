"""The portal's feeds: which ones exist, and the entry each article gives them.

Every feed is written by `feeds.py` (feedgen); Pelican's own feed writers are
switched off so no path is written twice. An entry is built once per article
and shared by the all-news, section, campaign and tag feeds it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from . import feeds

# Pelican's own feed settings: the plugin writes these paths, Pelican must not.
PELICAN_FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
    "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)  # fmt: skip


@dataclass(frozen=True)
class FeedPaths:
    """Where the portal's feeds go: Pelican-style templates, None for "no such feed"."""

    all_atom: str | None = None
    all_rss: str | None = None
    category_atom: str | None = None
    category_rss: str | None = None
    tag_atom: str | None = None
    tag_rss: str | None = None
    campaign_atom: str | None = None
    campaign_rss: str | None = None
    max_items: int = 50

    @property
    def enabled(self) -> bool:
        return any(
            getattr(self, name)
            for name in (
                "all_atom",
                "all_rss",
                "category_atom",
                "category_rss",
                "tag_atom",
                "tag_rss",
                "campaign_atom",
                "campaign_rss",
            )
        )


@dataclass(frozen=True)
class FeedLinks:
    """A page's own feeds, as paths relative to SITEURL (templates add SITEURL)."""

    title: str
    atom: str | None
    rss: str | None


@dataclass
class Feed:
    """One feed to write: what it follows and its newest articles.

    Entries are made only when the feed is written: an article's content has
    its links resolved only once every static file is known, and Pelican
    keeps the first rendering it makes.
    """

    info: feeds.FeedInfo
    links: FeedLinks
    articles: list


def feed_paths(settings: dict) -> FeedPaths:
    return FeedPaths(
        all_atom=settings.get("FEED_ALL_ATOM"),
        all_rss=settings.get("FEED_ALL_RSS"),
        category_atom=settings.get("CATEGORY_FEED_ATOM"),
        category_rss=settings.get("CATEGORY_FEED_RSS"),
        tag_atom=settings.get("TAG_FEED_ATOM"),
        tag_rss=settings.get("TAG_FEED_RSS"),
        campaign_atom=settings.get("CAMPAIGN_FEED_ATOM"),
        campaign_rss=settings.get("CAMPAIGN_FEED_RSS"),
        max_items=settings.get("FEED_MAX_ITEMS") or 50,
    )


def make_entry(article, siteurl: str, sitename: str) -> feeds.FeedEntry:
    """An article as a feed entry: absolute links, plain title, stable id."""
    link = f"{siteurl}/{article.url}"
    modified = getattr(article, "modified", None) or article.date
    return feeds.FeedEntry(
        id=feeds.entry_id(siteurl, article.date, article.slug, getattr(article, "feed_id", "") or ""),
        title=feeds.plain_text(article.title),
        link=link,
        published=article.date,
        updated=max(modified, article.date),
        author=getattr(article, "source", "") or sitename,
        categories=(article.category.name, *(tag.name for tag in getattr(article, "tags", None) or [])),
        summary_html=feeds.absolutize(article.summary or "", link),
        content_html=feeds.absolutize(article.content, link),
        enclosures=tuple(
            feeds.Enclosure(url=f"{siteurl}/{quote(a.url)}", length=a.size, mime_type=a.mime_type)
            for a in getattr(article, "attachment_list", [])
        ),
    )


def plan_feeds(
    articles: list,
    categories: list,
    tags: list,
    campaigns: list,
    paths: FeedPaths,
    settings: dict,
    siteurl: str,
) -> tuple[FeedLinks | None, list[Feed]]:
    """Every feed to write, newest entries first, and the all-news links.

    Sets `feed_links` on each category, tag and campaign that has feeds.
    """
    if not paths.enabled:
        return None, []
    sitename = settings["SITENAME"]

    def newest(members: list) -> list:
        return sorted(members, key=lambda a: (a.date, a.slug), reverse=True)[: paths.max_items]

    def feed(title: str, page_url: str, atom: str | None, rss: str | None, members: list) -> Feed:
        info = feeds.FeedInfo(
            id=f"{siteurl}/{page_url}", title=title, link=f"{siteurl}/{page_url}",
            subtitle=settings.get("SITESUBTITLE", ""), language=settings.get("DEFAULT_LANG", "vi"),
            author=sitename, author_email=settings.get("PORTAL_EMAIL", ""),
        )  # fmt: skip
        return Feed(info, FeedLinks(title, atom, rss), newest(members))

    planned = []
    all_links = None
    if paths.all_atom or paths.all_rss:
        everything = feed(f"{sitename} – Tin mới nhất", "", paths.all_atom, paths.all_rss, articles)
        planned.append(everything)
        all_links = everything.links
    groups = [
        (categories, paths.category_atom, paths.category_rss, "Chuyên mục"),
        (tags, paths.tag_atom, paths.tag_rss, "Chủ đề"),
        ([(c, c.articles) for c in campaigns], paths.campaign_atom, paths.campaign_rss, "Phong trào"),
    ]
    for group, atom, rss, kind in groups:
        for page, members in group:  # a section, a tag or a campaign, and its articles
            page.feed_links = None
            if atom or rss:
                one = feed(
                    f"{sitename} – {kind}: {page.name}",
                    page.url,
                    atom and atom.format(slug=page.slug),
                    rss and rss.format(slug=page.slug),
                    members,
                )
                page.feed_links = one.links
                planned.append(one)
    return all_links, planned


def render(feed: Feed, siteurl: str, sitename: str, max_items: int, made: dict) -> dict[str, bytes]:
    """{path: bytes} of a feed's Atom and RSS files; `made` keeps entries across feeds."""
    for article in feed.articles:
        if article.slug not in made:
            made[article.slug] = make_entry(article, siteurl, sitename)
    entries = [made[article.slug] for article in feed.articles]
    written = {}
    if feed.links.atom:
        written[feed.links.atom] = feeds.atom_feed(
            feed.info, entries, f"{siteurl}/{feed.links.atom}", max_items
        )
    if feed.links.rss:
        written[feed.links.rss] = feeds.rss_feed(feed.info, entries, f"{siteurl}/{feed.links.rss}", max_items)
    return written
