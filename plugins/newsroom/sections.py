"""Sections (chuyên mục): the NEWS_SECTIONS an article's Category must name, in navigation order."""

from __future__ import annotations

from .problems import ContentProblem, source_of


def check_sections(articles: list, sections: tuple[str, ...], already: set) -> list[ContentProblem]:
    """A problem for each article whose Category is not a section (unless already reported)."""
    problems = []
    for article in articles:
        category = article.category.name
        source = source_of(article)
        if category not in sections and not {(source, "Category"), (source, "(tệp)")} & already:
            problems.append(
                ContentProblem(
                    source,
                    "Category",
                    category,
                    "không có chuyên mục này; dùng đúng một trong: " + ", ".join(sections),
                )
            )
    return problems


def sections_in_order(categories: list, sections: tuple[str, ...]) -> list:
    """Pelican's (category, articles) pairs in NEWS_SECTIONS order, empty ones left out."""
    order = {name: i for i, name in enumerate(sections)}
    return sorted(categories, key=lambda pair: order.get(pair[0].name, len(order)))
