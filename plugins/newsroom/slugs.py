"""Slugs: the part of an address an article, tag or campaign is known by.

Only `a-z`, `0-9` and single hyphens, so a slug is safe in a path, a URL, an
HTML attribute and a QR code as it is. Made from a title with Pelican's own
`slugify` (Vietnamese letters lose their marks, "đ" becomes "d") and cut at a
hyphen so 300-character "Thông báo kết luận…" titles give readable addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pelican.utils import slugify

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_LENGTH = 100
_SLUG = re.compile(SLUG_PATTERN)
_SEPARATORS = re.compile(r"[/\\.:_]")  # word breaks in a suggested slug ("../../x" gives "x")

RegexSubs = Iterable[tuple[str, str]]


def shorten(slug: str, max_length: int = MAX_LENGTH) -> str:
    """Cut at the last hyphen that keeps at most `max_length` characters
    (mid-word only when the first word alone is longer)."""
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1].rpartition("-")[0]
    return cut or slug[:max_length].rstrip("-")


def name_slug(name: str, regex_subs: RegexSubs) -> str:
    """The slug of a tag, campaign or issuer name; "" when the name has no letter
    or digit (e.g. "###"), which the caller reports as an error."""
    text = slugify(name, regex_subs=list(regex_subs))
    # slugify keeps "_" (a \\w character) and may leave hyphens at the ends.
    return "-".join(part for part in re.split(r"[^a-z0-9]+", text) if part)


def slug_from_title(title: str, regex_subs: RegexSubs, max_length: int = MAX_LENGTH) -> str:
    """An article's slug from its title: `[a-z0-9-]`, at most `max_length` characters.

    Pelican's own slug of the title, only shortened: an archive moved from a plain
    Pelican site keeps its addresses and its `Related` pins ("220/KH-UBND" stays
    "220kh-ubnd", as Pelican writes it)."""
    return shorten(name_slug(title, regex_subs), max_length)


def unique_slug(slug: str, taken: set[str], max_length: int = MAX_LENGTH) -> str:
    """`slug`, or `slug-2`, `slug-3`, … (still within `max_length`) if taken.

    Long titles that start alike ("Thông báo kết luận của Chủ tịch UBND thành
    phố tại cuộc họp …") shorten to the same slug; call this in a stable order
    (date, then source path) so each keeps its address from build to build.
    """
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = shorten(slug, max_length - len(suffix)) + suffix
        if candidate not in taken:
            return candidate
        number += 1


def check_slug(value: str, regex_subs: RegexSubs = (), max_length: int = MAX_LENGTH) -> str | None:
    """None if `value` is a good `Slug`; otherwise what to write instead, in Vietnamese."""
    if not value.strip():
        return "slug trống; bỏ dòng Slug để slug được tạo từ tiêu đề, hoặc ghi chữ thường không dấu"
    if not _SLUG.fullmatch(value):
        suggestion = shorten(name_slug(_SEPARATORS.sub(" ", value), regex_subs), max_length)
        advice = f"; ví dụ “{suggestion}”" if suggestion else ""
        return (
            "slug chỉ gồm chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang "
            f"giữa các từ (không dấu cách, không /, không ký tự khác){advice}"
        )
    if len(value) > max_length:
        return f"slug dài {len(value)} ký tự, tối đa {max_length}; ví dụ “{shorten(value, max_length)}”"
    return None
