"""Featured stories ("Tin nổi bật"): a pinned article leads the home page until its
end date, Vietnam time; an expired pin changes nothing; a bad date is named."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from conftest import Build, copy_test_site, replace_line, run_pelican
from newsroom import featured

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
OLDEST = "articles/2021/phat-dong.md"  # 2021-09-30: never the newest
MIDDLE = "articles/2021/so-ket.md"  # 2021-12-31
NEWEST_URL = "2022/03/nang-cap-duong-ven-bien.html"


def pin(content: Path, source: str, value: str) -> None:
    replace_line(content / source, "\nCategory:", f"\nFeatured: {value}\nCategory:")


def build(root: Path, today: str, *pins: tuple[str, str], extra: tuple[str, ...] = ()) -> Build:
    content = copy_test_site(root)
    for source, value in pins:
        pin(content, source, value)
    return run_pelican(
        content, root / "output", "pelicanconf.py", "-e", f"FEATURED_TODAY={json.dumps(today)}", *extra
    )


def test_a_pinned_article_leads_the_home_page_until_the_end_of_its_day(tmp_path):
    site = build(tmp_path, "2026-12-31", (OLDEST, "2026-12-31"))
    assert site.returncode == 0, site.log
    home = site.html("index.html")
    lead = home.select_one(".lead-story")
    assert "is-featured" in lead["class"]
    assert lead.select_one(".lead-title a")["href"].endswith("2021/09/phat-dong.html")
    latest = [a["href"] for a in home.select(".latest .news-title a")]
    # Shown once: the rest follow by date, newest first.
    assert [url.rsplit("/", 3)[-3:] for url in latest] == [
        ["2022", "03", "nang-cap-duong-ven-bien.html"],
        ["2021", "12", "so-ket.html"],
    ]
    # Only the home page: page 1 of a section is in date order as before.
    section = site.html("chuyen-muc/thi-dua-khen-thuong/index.html")
    assert section.select(".news-title a")[0]["href"].endswith("so-ket.html")


def test_an_expired_pin_falls_back_to_date_order(tmp_path):
    site = build(tmp_path, "2027-01-01", (OLDEST, "31/12/2026"))
    assert site.returncode == 0, site.log
    home = site.html("index.html")
    assert "is-featured" not in home.select_one(".lead-story")["class"]
    assert home.select_one(".lead-story .lead-title a")["href"].endswith(NEWEST_URL)
    assert not home.select(".featured-more")
    assert "Featured" not in site.log  # an ended pin is no mistake


def test_several_pins_newest_first_and_the_cap_is_a_warning(tmp_path):
    site = build(
        tmp_path,
        "2026-06-01",
        (OLDEST, "có"),
        (MIDDLE, "2026-06-01"),
        extra=("FEATURED_MAX=1",),
    )
    assert site.returncode == 0, site.log
    home = site.html("index.html")
    assert home.select_one(".lead-story .lead-title a")["href"].endswith("2021/12/so-ket.html")
    assert not home.select(".featured-more")  # the cap: one pinned story
    assert "articles/2021/phat-dong.md: trường Featured = “có”: đang có hơn 1 bài được ghim" in site.log
    latest = [a["href"] for a in home.select(".latest .news-title a")]
    assert latest[0].endswith(NEWEST_URL) and latest[1].endswith("2021/09/phat-dong.html")


def test_two_pins_lead_in_order_and_leave_the_list(tmp_path):
    site = build(tmp_path, "2026-06-01", (OLDEST, "có"), (MIDDLE, "2026-06-02"))
    assert site.returncode == 0, site.log
    home = site.html("index.html")
    assert home.select_one(".lead-story .lead-title a")["href"].endswith("2021/12/so-ket.html")
    assert [a["href"].rsplit("/", 1)[-1] for a in home.select(".featured-more .news-title a")] == [
        "phat-dong.html"
    ]
    assert [a["href"].rsplit("/", 1)[-1] for a in home.select(".latest .news-title a")] == [
        "nang-cap-duong-ven-bien.html"
    ]


def test_an_unreadable_date_names_the_file_the_field_and_what_to_write(tmp_path):
    site = build(tmp_path, "2026-06-01", (OLDEST, "31/13/2026"))
    assert site.returncode != 0
    assert (
        "Lỗi nội dung: articles/2021/phat-dong.md: trường Featured = “31/13/2026”: ngày không tồn tại"
        in site.log
    )
    assert "hoặc “có” để ghim đến khi xóa dòng này" in site.log


def test_a_bad_featured_today_setting_is_named(tmp_path):
    site = build(tmp_path, "mai", (OLDEST, "có"))
    assert site.returncode != 0
    assert "FEATURED_TODAY = 'mai' không dùng được" in site.log


# -- The pure parts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "until"),
    [("2026-12-31", date(2026, 12, 31)), ("31/12/2026", date(2026, 12, 31)), ("Có", featured.UNTIL_REMOVED)],
)
def test_parse_featured(written, until):
    assert featured.parse_featured(written) == until


@pytest.mark.parametrize("written", ["tuần sau", "2026-02-30", "2026-12-31 08:00"])
def test_parse_featured_refuses_with_what_to_write(written):
    with pytest.raises(ValueError, match=r"YYYY-MM-DD.*“có”"):
        featured.parse_featured(written)


def test_the_build_day_is_vietnam_s_day():
    # 17:30 UTC on 2 December is 00:30 on 3 December in Hải Phòng.
    evening = datetime(2026, 12, 2, 17, 30, tzinfo=UTC)
    assert featured.build_day(VIETNAM, environ={}, now=evening) == date(2026, 12, 3)
    epoch = str(int(evening.timestamp()))
    assert featured.build_day(VIETNAM, environ={"SOURCE_DATE_EPOCH": epoch}) == date(2026, 12, 3)
    assert featured.build_day(VIETNAM, "2027-01-05", environ={"SOURCE_DATE_EPOCH": epoch}) == date(2027, 1, 5)


def _article(slug: str, day: int, until: date | None):
    return SimpleNamespace(slug=slug, date=datetime(2026, 1, day, tzinfo=VIETNAM), featured=until)


def test_featured_articles_are_the_pins_in_force_newest_first_capped():
    today = date(2026, 6, 1)
    articles = [
        _article("a", 1, date(2026, 6, 1)),  # its last day: still pinned
        _article("b", 2, date(2026, 5, 31)),  # ended yesterday
        _article("c", 3, featured.UNTIL_REMOVED),
        _article("d", 3, featured.UNTIL_REMOVED),  # same date: slug breaks the tie
        _article("e", 4, None),
    ]
    shown, left_out = featured.featured_articles(articles, today, 2)
    assert [a.slug for a in shown] == ["d", "c"]
    assert [a.slug for a in left_out] == ["a"]
