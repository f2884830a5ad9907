"""Vietnamese dates and sizes, independent of any OS locale."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsroom.dates import parse_date, parse_datetime
from newsroom.vi_format import format_datetime, format_file_size, format_short_date

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# 2021-09-27 was a Monday.
WEEK = [
    (27, "Thứ Hai"),
    (28, "Thứ Ba"),
    (29, "Thứ Tư"),
    (30, "Thứ Năm"),
    (1, "Thứ Sáu"),
    (2, "Thứ Bảy"),
    (3, "Chủ Nhật"),
]


@pytest.mark.parametrize(("day", "weekday"), WEEK)
def test_every_weekday_has_its_vietnamese_name(day, weekday):
    month = 9 if day > 20 else 10
    value = datetime(2021, month, day, 16, 21, tzinfo=HANOI)
    assert format_datetime(value, HANOI) == f"{weekday}, {day:02d}/{month:02d}/2021 16:21"


def test_seed_date_is_shown_as_on_the_seed_page():
    assert format_datetime(parse_datetime("2021-09-30 16:21", HANOI), HANOI) == "Thứ Năm, 30/09/2021 16:21"


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        # 16:59 UTC is 23:59 in Hà Nội, still Thursday.
        (datetime(2021, 9, 30, 16, 59, tzinfo=UTC), "Thứ Năm, 30/09/2021 23:59"),
        # 17:00 UTC is midnight: already Friday 1 October in Vietnam.
        (datetime(2021, 9, 30, 17, 0, tzinfo=UTC), "Thứ Sáu, 01/10/2021 00:00"),
        (datetime(2021, 9, 30, 17, 30, tzinfo=UTC), "Thứ Sáu, 01/10/2021 00:30"),
        # Across a year boundary.
        (datetime(2021, 12, 31, 17, 15, tzinfo=UTC), "Thứ Bảy, 01/01/2022 00:15"),
    ],
)
def test_dates_are_shown_in_vietnam_time_across_midnight(utc, shown):
    assert format_datetime(utc, HANOI) == shown


def test_local_midnight_written_by_an_editor_stays_on_its_day():
    value = parse_datetime("2022-03-01 00:15", HANOI)
    assert value.utcoffset() == timedelta(hours=7)
    assert format_datetime(value, HANOI) == "Thứ Ba, 01/03/2022 00:15"


def test_naive_datetimes_are_refused_rather_than_shifted():
    with pytest.raises(ValueError):
        format_datetime(datetime(2021, 9, 30, 16, 21), HANOI)


@pytest.mark.parametrize(
    "text",
    ["2021-09-30 16:21", "2021-09-30T16:21", "30/9/2021 16:21", "30/09/2021 16:21", "2021-09-30 16:21:00"],
)
def test_editors_may_write_iso_or_vietnamese_dates(text):
    assert parse_datetime(text, HANOI) == datetime(2021, 9, 30, 16, 21, tzinfo=HANOI)


@pytest.mark.parametrize(
    "text", ["09/30/2021", "30-09-2021", "hôm qua", "2021-02-30", "2021-09-30 25:00", ""]
)
def test_malformed_dates_are_refused_with_the_expected_format(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_datetime(text, HANOI)


def test_document_dates_accept_both_forms():
    assert parse_date("2021-09-28") == parse_date("28/9/2021") == date(2021, 9, 28)
    assert format_short_date(date(2021, 9, 28)) == "28/9/2021"


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_any_written_date_reads_back_as_the_same_local_time(moment):
    moment = moment.replace(second=0, microsecond=0)
    parsed = parse_datetime(moment.strftime("%d/%m/%Y %H:%M"), HANOI)
    assert parsed == moment.replace(tzinfo=HANOI)
    assert format_datetime(parsed, HANOI).endswith(moment.strftime("%d/%m/%Y %H:%M"))


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 byte"),
        (999, "999 byte"),
        (1023, "1 KB"),
        (2048, "2 KB"),
        (150 * 1024, "150 KB"),
        (1_048_000, "1 MB"),
        (1_258_291, "1,2 MB"),
    ],
)
def test_file_sizes_use_a_decimal_comma(size, shown):
    assert format_file_size(size) == shown
