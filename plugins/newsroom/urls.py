"""Every piece of content has an address of its own, and every address is sound.

Two articles with one slug (Related, feed ids and QR codes name articles by
slug), two pieces of content written to one file, or a page that takes a
portal page's place (the home page, the search page) would each overwrite or
shadow the other; a tag or campaign whose name has no letters would get an
empty slug and a broken address.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from .problems import ContentProblem, shared, source_of
from .slugs import unique_slug


def make_title_slugs_unique(articles: list, from_title: str) -> None:
    """Slugs made from titles that start alike ("Thông báo kết luận của Chủ tịch UBND thành
    phố tại cuộc họp…", shortened to 100 characters) get -2, -3…: oldest first, then by
    file, so each keeps its address from build to build. An editor's own Slug is never
    changed (two of those alike are an error). A `Related` pin may still name such an
    article by its whole title's slug (as plain Pelican would have made it)."""
    taken = {a.slug for a in articles if not getattr(a, from_title, "")}
    aliases = {}
    for article in sorted(articles, key=lambda a: (a.date, source_of(a))):
        full = getattr(article, from_title, "")
        if full:
            article.slug = unique_slug(article.slug, taken)
            taken.add(article.slug)
            aliases.setdefault(full, article.slug)
    for article in articles:
        pins = getattr(article, "related", None)
        if pins:
            article.related = [aliases.get(pin, pin) if pin not in taken else pin for pin in pins]


class HideSharedSlugWarnings(logging.Filter):
    """Pelican's English warnings of articles sharing a slug (its translations check,
    before this plugin runs): slugs made from titles are numbered here, and an
    editor's own Slug given twice is an error in Vietnamese (`slug_collisions`)."""

    MESSAGES = ('There are %s items "%s" with lang %s', "There are %s original (not translated) items %s")

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        shared_slug = len(args) > 1 and str(args[1]).startswith("with slug ")
        return not (shared_slug and str(record.msg).startswith(self.MESSAGES))


def hide_shared_slug_warnings() -> None:
    """On Pelican's `pelican.utils` logger (a logger's filters do not see its children's records)."""
    utils = logging.getLogger("pelican.utils")
    if not any(isinstance(f, HideSharedSlugWarnings) for f in utils.filters):
        utils.addFilter(HideSharedSlugWarnings())


def slug_collisions(articles: list) -> list[ContentProblem]:
    """A problem for each article sharing its slug with another one (named)."""
    return shared(
        articles,
        lambda a: a.slug,
        "Slug",
        lambda others: (
            f"bài {others} cũng mang slug này; mỗi bài cần slug riêng: sửa dòng Slug: của một trong hai bài"
        ),
    )


def address_collisions(contents: list, portal_pages: dict[str, str]) -> list[ContentProblem]:
    """Content written where other content, or a portal page, is written.

    `portal_pages`: save_as -> what it is ("trang chủ", "trang tìm kiếm").
    """
    owners: dict[str, list] = defaultdict(list)
    for content in contents:
        if content.save_as:
            owners[content.save_as].append(content)
    problems = []
    for save_as, claimed in sorted(owners.items()):
        sources = sorted(source_of(c) for c in claimed)
        for source in sources:
            others = [s for s in sources if s != source]
            if save_as in portal_pages:
                taken = f"địa chỉ này là của {portal_pages[save_as]}"
            elif others:
                taken = f"tệp {', '.join(others)} cũng được đăng ở đây"
            else:
                continue
            slug = next((c.slug for c in claimed if source_of(c) == source), save_as)
            problems.append(
                ContentProblem(
                    source, "Slug", slug, f"{taken} ({save_as}); đổi Slug: để bài có địa chỉ riêng"
                )
            )
    return problems


def empty_slugs(articles: list, campaign_slug) -> list[ContentProblem]:
    """Tags and campaigns whose names give no slug ("###", only symbols or HTML)."""
    problems = []
    for article in articles:
        for tag in getattr(article, "tags", None) or []:
            if not tag.slug:
                problems.append(
                    ContentProblem(
                        source_of(article),
                        "Tags",
                        tag.name,
                        "tên thẻ cần có chữ hoặc số; bỏ ký hiệu, ví dụ “COVID-19”",
                    )
                )
        name = getattr(article, "campaign", None)
        if name and not campaign_slug(name):
            problems.append(
                ContentProblem(
                    source_of(article),
                    "Campaign",
                    name,
                    "tên phong trào cần có chữ hoặc số, ví dụ “Mục tiêu kép”",
                )
            )
    return problems


PORTAL_PAGE_NAMES = {
    "index": "trang chủ",
    "search": "trang tìm kiếm",
    "archives": "trang Lưu trữ",
    "categories": "trang Chuyên mục",
    "tags": "trang Chủ đề",
    "404": "trang báo lỗi 404",
    "campaign": "trang phong trào",
    "campaigns": "trang Phong trào",
    "document": "trang văn bản",
    "documents": "trang Văn bản",
    "feeds": "trang RSS",
    "drafts": "trang Bản nháp",
}


def portal_pages(
    settings: dict, context: dict, plugin_pages: dict[str, str], files: list[str]
) -> dict[str, str]:
    """save_as -> what it is, for every page and file the portal itself writes: Pelican's
    direct templates, section and tag pages, the plugin's pages (save_as -> template)
    and its files (sitemap, robots.txt)."""
    portal = {
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"): PORTAL_PAGE_NAMES.get(name, f"trang {name}")
        for name in settings.get("DIRECT_TEMPLATES", [])
    }
    for kind, pairs in (("chuyên mục", context["categories"]), ("chủ đề", context["tags"])):
        portal.update({wrapper.save_as: f"trang {kind} “{wrapper.name}”" for wrapper, _ in pairs})
    portal.update(
        {save_as: PORTAL_PAGE_NAMES.get(template, template) for save_as, template in plugin_pages.items()}
    )
    portal.update({save_as: save_as for save_as in files})
    return portal
