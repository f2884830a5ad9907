"""Slugs from titles and names, and the check of a `Slug` an editor wrote."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import copy_test_site, run_pelican
from newsroom.slugs import (
    SLUG_PATTERN,
    check_slug,
    name_slug,
    shorten,
    slug_from_title,
    unique_slug,
)
from pelican.settings import DEFAULT_CONFIG

SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
LONG_TITLE = (
    "Thông báo kết luận của Chủ tịch UBND thành phố tại cuộc họp nghe báo cáo tình hình triển khai "
    "dự án đầu tư xây dựng tuyến đường ven biển đoạn qua huyện Tiên Lãng, huyện Vĩnh Bảo và "
    "công tác giải phóng mặt bằng, tái định cư cho các hộ dân bị ảnh hưởng, đồng thời chỉ đạo "
    "các sở, ngành liên quan khẩn trương hoàn thiện hồ sơ, thủ tục để khởi công trong quý IV năm 2024"
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Đẩy nhanh giải phóng mặt bằng đường Hồ Sen – Cầu Rào 2",
            "day-nhanh-giai-phong-mat-bang-duong-ho-sen-cau-rao-2",
        ),
        ("ĐẠI HỘI Đoàn thanh niên", "dai-hoi-doan-thanh-nien"),
        ("Văn hoá - Xã hội", "van-hoa-xa-hoi"),
        (unicodedata.normalize("NFD", "Văn hóa - Xã hội"), "van-hoa-xa-hoi"),
        ("Kế hoạch số 220/KH-UBND ngày 28/9/2021", "ke-hoach-so-220kh-ubnd-ngay-2892021"),
        ("Thủy sản & thuỷ lợi", "thuy-san-thuy-loi"),
        ("“Mục tiêu kép”: 2021_2022", "muc-tieu-kep-2021-2022"),
        ("<b>Kinh tế</b>", "kinh-te"),
        ("  -- COVID-19 -- ", "covid-19"),
    ],
)
def test_slug_from_title(title, slug):
    assert slug_from_title(title, SUBS) == slug
    assert re.fullmatch(SLUG_PATTERN, slug)


def test_a_300_character_title_is_cut_at_a_word_boundary():
    slug = slug_from_title(LONG_TITLE, SUBS)
    full = slug_from_title(LONG_TITLE, SUBS, max_length=1000)
    assert len(LONG_TITLE) > 300
    assert len(slug) <= 100
    assert full.startswith(slug + "-")  # whole words only
    assert slug == slug_from_title(LONG_TITLE, SUBS)  # stable


def test_shorten_cuts_mid_word_only_when_one_word_is_too_long():
    assert shorten("a" * 150, 100) == "a" * 100
    assert shorten("abc-def", 5) == "abc"
    assert shorten("abc-def", 7) == "abc-def"
    assert shorten("abc-def-ghi", 8) == "abc-def"


@pytest.mark.parametrize("name", ["###", "!!!", "<script></script>", "  ", "—", "🎉"])
def test_names_without_letters_or_digits_have_an_empty_slug(name):
    assert name_slug(name, SUBS) == ""


def test_name_slug_without_pelican_substitutions_still_gives_a_clean_slug():
    assert name_slug("Sở Y tế  /  TP", ()) == "so-y-te-tp"


def test_unique_slug_numbers_the_later_ones_within_the_limit():
    first = slug_from_title(LONG_TITLE, SUBS)
    taken = {first}
    second = unique_slug(first, taken)
    taken.add(second)
    third = unique_slug(first, taken)
    assert second.endswith("-2") and third.endswith("-3")
    assert len(second) <= 100 and len(third) <= 100
    assert unique_slug("moi", taken) == "moi"


@pytest.mark.parametrize("value", ["phat-dong", "so-ket-2021", "a", "220-kh-ubnd"])
def test_good_slugs_pass(value):
    assert check_slug(value, SUBS) is None


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("bài viết mới", "“bai-viet-moi”"),
        ("Phat-Dong", "“phat-dong”"),
        ('x"onmouseover="alert(1)', "“xonmouseoveralert1”"),
        ("../../index", "“index”"),
        ("../../tim-kiem/index", "“tim-kiem-index”"),
        ("phat--dong", "“phat-dong”"),
        ("-phat-dong-", "“phat-dong”"),
        ("phat_dong", "“phat-dong”"),
    ],
)
def test_bad_slugs_are_explained_with_the_ascii_form(value, suggestion):
    message = check_slug(value, SUBS)
    assert message is not None
    assert "a-z" in message and suggestion in message


def test_empty_and_symbol_only_slugs_are_explained():
    assert "trống" in check_slug("", SUBS)
    message = check_slug("###", SUBS)
    assert message is not None and "ví dụ" not in message  # nothing to suggest


def test_a_too_long_slug_is_explained_with_a_shorter_one():
    value = slug_from_title(LONG_TITLE, SUBS, max_length=1000)
    message = check_slug(value, SUBS)
    assert message is not None
    assert f"dài {len(value)} ký tự, tối đa 100" in message
    assert slug_from_title(LONG_TITLE, SUBS) in message


def test_articles_whose_titles_start_alike_get_numbered_slugs_without_pelicans_english_warning(tmp_path):
    content = copy_test_site(tmp_path)
    for number in (1, 2):
        (content / f"articles/2022/ket-luan-{number}.md").write_text(
            f"Title: {LONG_TITLE} (lần {number})\nDate: 2022-05-0{number} 08:00\nCategory: Kinh tế\n\n"
            f"Nội dung kết luận lần {number}.\n",
            encoding="utf-8",
        )
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    slug = slug_from_title(LONG_TITLE, SUBS)
    assert "Nội dung kết luận lần 1" in build.text(f"2022/05/{slug}.html")
    assert "Nội dung kết luận lần 2" in build.text(f"2022/05/{unique_slug(slug, {slug})}.html")
    assert "There are" not in build.log and "translated" not in build.log
