"""Vietnamese display of dates, times and sizes (Babel's CLDR data, no OS locale)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

LOCALE = "vi"


def format_datetime(value: datetime, zone: tzinfo) -> str:
    """`Thứ Năm, 30/09/2021 16:21`: weekday, dd/mm/yyyy, 24-hour time in `zone`.

    `value` must be timezone-aware: Babel reads a naive datetime as UTC.
    """
    if value.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required")
    return _babel_datetime(value.astimezone(zone), "EEEE, dd/MM/yyyy HH:mm", locale=LOCALE)


def format_date(value: date | datetime, zone: tzinfo | None = None) -> str:
    """`30/09/2021`."""
    if isinstance(value, datetime) and zone is not None:
        value = value.astimezone(zone)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_short_date(value: date) -> str:
    """`28/9/2021`, the form used in document references."""
    return f"{value.day}/{value.month}/{value.year}"


def format_file_size(size: int) -> str:
    """`1,2 MB`, `340 KB`, `512 byte`: decimal comma, one decimal at most."""
    if size < 1000:
        return f"{size} byte"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        # Past 999 move up a unit: "1.023 KB" would read as 1,023 KB to most readers.
        if value < 999.5 or unit == "GB":
            break
    pattern = "#,##0.#" if value < 100 else "#,##0"
    return f"{format_decimal(value, format=pattern, locale=LOCALE)} {unit}"
