"""Every piece of content has an address of its own, and every address is sound.

Two articles with one slug (Related, feed ids and QR codes name articles by
slug), two pieces of content written to one file, or a page that takes a
portal page's place (the home page, the search page) would each overwrite or
shadow the other; a tag or campaign whose name has no letters would get an
empty slug and a broken address.
"""

from __future__ import annotations

from collections import defaultdict

from .problems import ContentProblem, source_of


def slug_collisions(articles: list) -> list[ContentProblem]:
    """A problem for each article sharing its slug with another one (named)."""
    by_slug: dict[str, list] = defaultdict(list)
    for article in articles:
        by_slug[article.slug].append(article)
    problems = []
    for slug, owners in by_slug.items():
        if len(owners) < 2:
            continue
        sources = sorted(source_of(a) for a in owners)
        for source in sources:
            others = ", ".join(s for s in sources if s != source)
            problems.append(ContentProblem(source, "Slug", slug,
                                           f"bài {others} cũng mang slug này; mỗi bài cần slug riêng: "
                                           "sửa dòng Slug: của một trong hai bài"))  # fmt: skip
    return problems


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
            problems.append(ContentProblem(source, "Slug", save_as,
                                           f"{taken}; đổi Slug: để bài có địa chỉ riêng"))  # fmt: skip
    return problems


def empty_slugs(articles: list, campaign_slug) -> list[ContentProblem]:
    """Tags and campaigns whose names give no slug ("###", only symbols or HTML)."""
    problems = []
    for article in articles:
        for tag in getattr(article, "tags", None) or []:
            if not tag.slug:
                problems.append(ContentProblem(source_of(article), "Tags", tag.name,
                                               "tên thẻ cần có chữ hoặc số; bỏ ký hiệu, ví dụ “COVID-19”"))  # fmt: skip
        name = getattr(article, "campaign", None)
        if name and not campaign_slug(name):
            problems.append(ContentProblem(source_of(article), "Campaign", name,
                                           "tên phong trào cần có chữ hoặc số, ví dụ “Mục tiêu kép”"))  # fmt: skip
    return problems
