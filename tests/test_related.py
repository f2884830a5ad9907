"""Ranking "Tin khác" with tiny fakes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from newsroom.related.ranking import NewsItem, rank_related
from newsroom.related.ranking import DEFAULT_WEIGHTS as DEFAULT_RELATED_WEIGHTS

START = datetime(2021, 9, 30, 16, 21, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def item(slug, days=0, section="A", **fields):
    return NewsItem(slug=slug, date=START + timedelta(days=days), section=section, **fields)


def slugs(ranked, slug):
    return [entry.slug for entry in ranked[slug]]


def test_pinned_first_then_by_score_then_section_fillers():
    items = [
        item("seed", campaign="Mục tiêu kép", document="220/KH-UBND", pinned=("pinned",)),
        item("same-document", 5, section="B", document="220/KH-UBND"),
        item("same-campaign", 3, section="B", campaign="Mục tiêu kép"),
        item("pinned", -100, section="C"),
        item("filler", -1),
        item("other-section", 1, section="D"),
    ]
    ranked = rank_related(items, DEFAULT_RELATED_WEIGHTS, max_count=6, threshold=20)
    assert slugs(ranked, "seed") == ["pinned", "same-document", "same-campaign", "filler"]
    assert ranked["seed"][0].reason == "ghim"
    assert ranked["seed"][-1].reason.startswith("cùng chuyên mục")
    assert "cùng văn bản" in ranked["seed"][1].reason


def test_never_empty_when_the_section_has_other_articles():
    ranked = rank_related([item("a"), item("b", 1)], DEFAULT_RELATED_WEIGHTS)
    assert slugs(ranked, "a") == ["b"]


def test_newer_articles_can_be_excluded():
    items = [item("old", tags=("x",)), item("new", 10, tags=("x",))]
    assert slugs(rank_related(items, DEFAULT_RELATED_WEIGHTS, allow_newer=False), "old") == []
    assert slugs(rank_related(items, DEFAULT_RELATED_WEIGHTS), "old") == ["new"]


def test_ties_break_on_date_then_slug_whatever_the_input_order():
    items = [
        item("c", 1, tags=("x",)),
        item("b", 1, tags=("x",)),
        item("a", 2, tags=("x",)),
        item("me", tags=("x",)),
    ]
    expected = ["a", "b", "c"]
    assert slugs(rank_related(items, DEFAULT_RELATED_WEIGHTS), "me") == expected
    assert slugs(rank_related(list(reversed(items)), DEFAULT_RELATED_WEIGHTS), "me") == expected


def test_the_list_is_capped():
    items = [item(f"n{i}", i, tags=("x",)) for i in range(20)]
    assert len(rank_related(items, DEFAULT_RELATED_WEIGHTS, max_count=6)["n0"]) == 6
