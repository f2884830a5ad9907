"""Featured stories ("Tin nổi bật"): articles an editor pins to the top of the home page.

`Featured: 2026-12-31` pins an article until the end of that day, Vietnam time;
`Featured: có` pins it until the line is removed. The pinned articles still in
force lead the home page, newest first (at most FEATURED_MAX); every other
article follows by date, as before, and a pin whose day has passed changes
nothing.

"Today" is one day for the whole build, in the portal's time zone: the
FEATURED_TODAY setting when given (to preview a coming day, and for tests), else
SOURCE_DATE_EPOCH when set (the reproducible-builds convention: the same
content and the same epoch give the same bytes), else the build's clock. Which
articles are pinned is worked out on every build from the articles' fields, so
Pelican's content cache changes nothing; but a pin only ends on the site when
the site is built again after its day: a production portal rebuilds every
night (see the README).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo

from . import dates
from .problems import ContentProblem, source_of, warning

FIELD = "Featured"
# "Until removed": a day no build reaches.
UNTIL_REMOVED = date.max
_YES = {"có", "co", "yes", "true", "x"}


def parse_featured(text: str) -> date:
    """The last day an article is pinned: a date (`2026-12-31`, `31/12/2026`), or
    `có` for "until the line is removed" (UNTIL_REMOVED)."""
    cleaned = " ".join(text.split())
    if cleaned.casefold() in _YES:
        return UNTIL_REMOVED
    try:
        return dates.parse_date(cleaned)
    except ValueError as error:
        raise ValueError(
            f"{error}: ngày cuối cùng bài được ghim lên đầu trang chủ (hết ngày đó thì thôi), "
            "hoặc “có” để ghim đến khi xóa dòng này"
        ) from None


def build_day(
    zone: tzinfo, fixed: str = "", environ: dict | None = None, now: datetime | None = None
) -> date:
    """The day this build takes as today, in `zone`: `fixed` (FEATURED_TODAY) when given,
    else SOURCE_DATE_EPOCH, else the clock (`now`, for tests)."""
    if fixed:
        return dates.parse_date(fixed)
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(zone).date()
    return (now or datetime.now(UTC)).astimezone(zone).date()


def is_featured(article, today: date) -> bool:
    until = getattr(article, "featured", None)
    return isinstance(until, date) and until >= today


def featured_articles(articles: list, today: date, limit: int) -> tuple[list, list]:
    """(shown, left out): the articles pinned on `today`, newest first (date, then slug),
    the first `limit` shown, the rest left out."""
    pinned = sorted(
        (a for a in articles if is_featured(a, today)), key=lambda a: (a.date, a.slug), reverse=True
    )
    return pinned[:limit], pinned[limit:]


def check_featured(left_out: list, limit: int, unlisted: list, pages: list) -> list[ContentProblem]:
    """Warnings: a pin beyond the cap, on an unlisted article (draft, hidden), on a page."""
    problems = [
        warning(
            source_of(article),
            FIELD,
            _written(article),
            f"đang có hơn {limit} bài được ghim (FEATURED_MAX); chỉ {limit} bài mới nhất lên đầu "
            "trang chủ, bài này nằm theo ngày đăng như thường. Bỏ ghim bài cũ hơn",
        )
        for article in left_out
    ]
    for content in [*unlisted, *pages]:
        if getattr(content, "featured", None):
            where = "trang cố định" if content in pages else "bài chưa đăng hoặc ẩn"
            problems.append(
                warning(
                    source_of(content),
                    FIELD,
                    _written(content),
                    f"{where} không lên trang chủ; chỉ bài đã đăng (Status: published) mới được ghim",
                )
            )
    return problems


def _written(content) -> str:
    until = getattr(content, "featured", None)
    return "có" if until == UNTIL_REMOVED else until.isoformat() if isinstance(until, date) else ""
