"""Dates as editors write them: ISO (2021-09-30 16:21) or Vietnamese (30/9/2021)."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

ISO_FORM = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T_](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?"
)
VIETNAMESE_FORM = re.compile(
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})(?::|h)(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)

DATETIME_EXPECTED = (
    "cần ngày giờ dạng YYYY-MM-DD HH:MM (ví dụ 2021-09-30 16:21) "
    "hoặc DD/MM/YYYY HH:MM (ví dụ 30/9/2021 16:21), giờ Việt Nam"
)
DATE_EXPECTED = "cần ngày dạng YYYY-MM-DD (ví dụ 2021-09-28) hoặc DD/MM/YYYY (ví dụ 28/9/2021)"
# Dates outside this range are typing mistakes (and before 1906 the time zone's
# local mean time, +07:06:30, is an offset feed readers reject).
FIRST_YEAR, LAST_YEAR = 1945, 2100


def _in_range(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"năm {year} nằm ngoài khoảng {FIRST_YEAR}-{LAST_YEAR}; kiểm tra lại năm")


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """Parse an editor's date and time; naive values are local time in `zone`.

    Raises ValueError with the Vietnamese explanation of the expected format.
    Ambiguous American forms (09/30/2021) are rejected rather than guessed.
    """
    cleaned = text.strip()
    match = ISO_FORM.fullmatch(cleaned) or VIETNAMESE_FORM.fullmatch(cleaned)
    if not match:
        raise ValueError(DATETIME_EXPECTED)
    parts = match.groupdict()
    try:
        value = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
        )
    except ValueError:
        raise ValueError(f"ngày hoặc giờ không tồn tại; {DATETIME_EXPECTED}") from None
    _in_range(value.year)
    offset = parts.get("offset")
    if offset:
        return datetime.fromisoformat(value.isoformat() + ("+00:00" if offset == "Z" else offset))
    return value.replace(tzinfo=zone)


def parse_date(text: str) -> date:
    """Parse a calendar date (a document's date of issue)."""
    cleaned = text.strip()
    match = ISO_FORM.fullmatch(cleaned) or VIETNAMESE_FORM.fullmatch(cleaned)
    if not match or match.group("H"):
        raise ValueError(DATE_EXPECTED)
    parts = match.groupdict()
    try:
        value = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise ValueError(f"ngày không tồn tại; {DATE_EXPECTED}") from None
    _in_range(value.year)
    return value
