"""The portal's feeds: which ones exist, and the entry each article gives them.

Every feed is written by `writer` (feedgen). The plugin takes over Pelican's
all-news, category and tag feed settings (FEED_SETTINGS) and switches those off
in Pelican, so no path is written twice; Pelican's other feeds (author,
translation) are left to Pelican. An entry is built once per article and shared
by the all-news, section, campaign and tag feeds it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..problems import shared
from . import writer as feeds
from .html import absolutize, plain_text

# Setting -> FeedPaths field: every feed the plugin writes. The first six are
# Pelican's own names, which Pelican must then leave alone (see take_over).
FEED_SETTINGS = {
    "FEED_ALL_ATOM": "all_atom",
    "FEED_ALL_RSS": "all_rss",
    "CATEGORY_FEED_ATOM": "category_atom",
    "CATEGORY_FEED_RSS": "category_rss",
    "TAG_FEED_ATOM": "tag_atom",
    "TAG_FEED_RSS": "tag_rss",
    "CAMPAIGN_FEED_ATOM": "campaign_atom",
    "CAMPAIGN_FEED_RSS": "campaign_rss",
}


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
        return any(getattr(self, name) for name in FEED_SETTINGS.values())


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


def feed_paths(settings: dict, max_items: int) -> FeedPaths:
    return FeedPaths(
        **{field: settings.get(name) for name, field in FEED_SETTINGS.items()}, max_items=max_items
    )


def take_over(settings: dict) -> None:
    """Switch off Pelican's writer for the feeds the plugin writes (read first by `feed_paths`)."""
    for name in FEED_SETTINGS:
        if name in settings:
            settings[name] = None


def make_entry(article, siteurl: str, sitename: str) -> feeds.FeedEntry:
    """An article as a feed entry: absolute links, plain title, stable id."""
    link = f"{siteurl}/{article.url}"
    modified = getattr(article, "modified", None) or article.date
    return feeds.FeedEntry(
        id=feeds.entry_id(siteurl, article.date, article.slug, getattr(article, "feed_id", "") or ""),
        title=plain_text(article.title),
        link=link,
        published=article.date,
        updated=max(modified, article.date),
        author=getattr(article, "source", "") or sitename,
        categories=(article.category.name, *(tag.name for tag in getattr(article, "tags", None) or [])),
        summary_html=absolutize(article.summary or "", link),
        content_html=absolutize(article.content, link),
        image=_lead_image(article, siteurl),
        enclosures=tuple(
            feeds.Enclosure(url=f"{siteurl}/{quote(a.url)}", length=a.size, mime_type=a.mime_type)
            for a in getattr(article, "attachment_list", [])
        ),
    )


def _lead_image(article, siteurl: str) -> feeds.FeedImage | None:
    """The article's lead photo at its widest JPEG (every feed reader shows JPEG), or None."""
    photo = getattr(article, "lead_photo", None)
    if not photo:
        return None
    widest = photo.jpeg[-1]
    return feeds.FeedImage(f"{siteurl}/{quote(widest.url)}", widest.mime_type, widest.width, widest.height)


def plan_feeds(
    articles: list,
    categories: list,
    tags: list,
    campaigns: list,
    paths: FeedPaths,
    settings: dict,
    siteurl: str,
) -> tuple[FeedLinks | None, list[Feed]]:
    """Every feed to write, its newest FEED_MAX_ITEMS articles, and the all-news links.

    Sets `feed_links` on each category, tag and campaign (None when it has no feeds).
    """
    sitename = settings["SITENAME"]

    def newest(members: list) -> list:
        return sorted(members, key=lambda a: (a.date, a.slug), reverse=True)[: paths.max_items]

    def feed(title: str, page_url: str, atom: str | None, rss: str | None, members: list) -> Feed:
        info = feeds.FeedInfo(
            id=f"{siteurl}/{page_url}",
            title=title,
            link=f"{siteurl}/{page_url}",
            subtitle=settings.get("SITESUBTITLE", ""),
            language=settings.get("DEFAULT_LANG", "vi"),
            author=sitename,
            author_email=settings.get("PORTAL_EMAIL", ""),
        )
        return Feed(info, FeedLinks(title, atom, rss), newest(members))

    planned = []
    all_links = None
    if not paths.enabled:
        for page, _ in [*categories, *tags, *((c, None) for c in campaigns)]:
            page.feed_links = None
        return None, []
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


def render(feed: Feed, siteurl: str, sitename: str, made: dict) -> dict[str, bytes]:
    """{path: bytes} of a feed's Atom and RSS files; `made` keeps entries across feeds."""
    max_items = len(feed.articles) or 1  # already the newest FEED_MAX_ITEMS (plan_feeds)
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


def duplicate_feed_ids(articles: list, siteurl: str) -> list:
    """Two articles with one feed id (a `Feed_id` copied from another article) would be
    one entry to feed readers: a problem naming both."""

    return shared(
        articles,
        lambda a: feeds.entry_id(siteurl, a.date, a.slug, getattr(a, "feed_id", "") or ""),
        "Feed_id",
        lambda others: f"bài {others} có cùng mã trong RSS; mỗi bài cần mã riêng: bỏ dòng Feed_id: chép nhầm",
    )
