"""Grouping articles (or documents) under pages of their own: campaigns, documents, shelves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pelican.utils import slugify

G = TypeVar("G")


def group(
    items: Iterable,
    key_of: Callable[[object], str],
    new_group: Callable[[object, str], G],
    members: str = "articles",
) -> dict[str, G]:
    """Groups by key, in first-seen order: `new_group(first item, key)` makes each, and
    every item with that key is appended to the group's `members` list. Items whose
    key is "" belong to no group."""
    groups: dict[str, G] = {}
    for item in items:
        key = key_of(item)
        if not key:
            continue
        if key not in groups:
            groups[key] = new_group(item, key)
        getattr(groups[key], members).append(item)
    return groups


def slug_of(name: str, substitutions: list) -> str:
    """A name's slug, with the site's SLUG_REGEX_SUBSTITUTIONS ("đ" becomes "d")."""
    return slugify(name, regex_subs=substitutions)


def oldest_first(articles: Iterable) -> list:
    return sorted(articles, key=lambda a: (a.date, a.slug))
