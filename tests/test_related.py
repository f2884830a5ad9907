"""Ranking "Tin khác" with tiny fakes: one case per edge."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from newsroom.related import ranking
from newsroom.related.ranking import DEFAULT_WEIGHTS, NewsItem, explain_entries, rank_related
from newsroom.related.terms import ArticleTerms, article_terms, terms

DEFAULT_RELATED_WEIGHTS = DEFAULT_WEIGHTS

START = datetime(2021, 9, 30, 16, 21, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ROAD = "Giải phóng mặt bằng tuyến đường ven sông Lạch Tray: bồi thường hộ dân, khu tái định cư, cắm mốc giới."
CROPS = "Chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả sang cây ăn quả, rau màu an toàn."
SWIM = "Phổ cập bơi cho học sinh tiểu học, phòng chống đuối nước, bể bơi di động, lớp dạy bơi."
FIRE = "Phòng cháy chữa cháy nhà cao tầng: lối thoát nạn, hệ thống báo cháy, diễn tập chữa cháy."


def item(slug, days=0, section="A", text="", **fields):
    terms = article_terms(slug, "", text) if text else ArticleTerms()
    return NewsItem(slug=slug, date=START + timedelta(days=days), section=section, terms=terms, **fields)


def slugs(ranked, slug):
    return [entry.slug for entry in ranked[slug]]


def test_no_articles_and_one_article():
    assert rank_related([], DEFAULT_WEIGHTS) == {}
    assert rank_related([item("alone", text=ROAD)], DEFAULT_WEIGHTS) == {"alone": []}


def test_pinned_first_in_order_then_by_score_then_section_fillers():
    items = [
        item("seed", campaign="Mục tiêu kép", document="220/KH-UBND (2021)", pinned=("pin-b", "pin-a")),
        item("same-document", 5, section="B", document="220/KH-UBND (2021)"),
        item("same-campaign", 3, section="B", campaign="Mục tiêu kép"),
        item("pin-a", -100, section="C"),
        item("pin-b", -200, section="C"),
        item("filler", -1),
        item("other-section", 1, section="D"),
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS, max_count=6, threshold=20, explain=True)
    assert slugs(ranked, "seed") == ["pin-b", "pin-a", "same-document", "same-campaign", "filler"]
    assert ranked["seed"][0].reason == "ghim"
    assert ranked["seed"][-1].reason.startswith("cùng chuyên mục")
    assert "cùng văn bản “220/KH-UBND”" in ranked["seed"][2].reason


def test_a_missing_pin_and_a_pin_to_itself_are_dropped_and_a_repeated_pin_counts_once():
    items = [item("me", pinned=("gone", "me", "other", "other")), item("other", 1, section="B")]
    assert slugs(rank_related(items, DEFAULT_WEIGHTS), "me") == ["other"]


def test_never_empty_when_the_section_has_other_articles():
    ranked = rank_related([item("a"), item("b", 1)], DEFAULT_WEIGHTS)
    assert slugs(ranked, "a") == ["b"]
    assert ranked["a"][0].why == "section"


def test_newer_articles_can_be_excluded_from_scores_and_fillers():
    items = [item("old", tags=("x",)), item("new", 10, tags=("x",)), item("older", -10, tags=("x",))]
    assert slugs(rank_related(items, DEFAULT_WEIGHTS, allow_newer=False), "old") == ["older"]
    assert slugs(rank_related(items, DEFAULT_WEIGHTS), "old") == ["new", "older"]


def test_identical_articles_score_100_and_ties_break_on_date_then_slug_whatever_the_input_order():
    items = [item("c", 1, text=ROAD), item("b", 1, text=ROAD), item("a", 2, text=ROAD), item("me", text=ROAD)]
    ranked = rank_related(items, DEFAULT_WEIGHTS)
    # Every text is the same but its slug (which is in the text, as a title): near-identical.
    assert slugs(ranked, "me") == ["a", "b", "c"]
    assert slugs(rank_related(list(reversed(items)), DEFAULT_WEIGHTS), "me") == ["a", "b", "c"]
    same = [
        item("x", section="A", tags=("t",)),
        item("y", section="A", tags=("t",)),
        item("z", 0, tags=("t",)),
    ]
    ranked = rank_related(same, DEFAULT_WEIGHTS)
    assert [e.score for e in ranked["x"]] == [100, 100] and slugs(ranked, "x") == ["y", "z"]


def test_the_list_is_capped():
    items = [item(f"n{i:02d}", i, tags=("x",)) for i in range(20)]
    assert len(rank_related(items, DEFAULT_WEIGHTS, max_count=6)["n00"]) == 6


def test_shared_words_find_the_story_across_sections_and_explain_it():
    items = [
        item("launch", text=ROAD * 2),
        item("follow-up", 9, section="B", text=ROAD + " Tiến độ bàn giao mặt bằng."),
        item("crops", 1, text=CROPS),
        item("swim", 2, text=SWIM),
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS, explain=True)
    first = ranked["launch"][0]
    assert first.slug == "follow-up" and first.why == "shared"
    words = re.findall(r"từ “([^”]+)”", first.reason)
    assert first.reason.startswith("từ “") and words and set(words) <= set(terms(ROAD))
    assert all(e.why == "section" for e in ranked["launch"][1:])  # nothing else shares the story


def test_a_term_every_article_has_says_nothing():
    common = "Kinh tế xã hội thành phố phát triển."
    items = [
        item(f"n{i}", i, section=f"S{i}", text=common + text)
        for i, text in enumerate([ROAD, CROPS, SWIM, FIRE])
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS)
    assert all(ranked[f"n{i}"] == [] for i in range(4))


def test_threshold_drops_weak_matches_and_the_section_fills_in():
    items = [
        item("me", text=ROAD),
        item("weak", 1, section="B", text=CROPS + " Khu tái định cư."),
        item("mate", 2),
    ]
    assert slugs(rank_related(items, DEFAULT_WEIGHTS, threshold=1), "me")[0] == "weak"
    assert slugs(rank_related(items, DEFAULT_WEIGHTS, threshold=60), "me") == ["mate"]


def test_the_candidate_budget_bounds_the_search_but_not_the_best_match(monkeypatch):
    monkeypatch.setattr(ranking, "CANDIDATE_BUDGET", 3)
    crowd = [item(f"crowd{i:02d}", i, section="B", text=CROPS) for i in range(6)]
    items = [item("me", text=ROAD + CROPS), item("mate", 10, section="C", text=ROAD), *crowd]
    ranked = rank_related(items, DEFAULT_WEIGHTS)
    # The rare road words are visited first and lead to "mate"; the crowd's posting is over budget.
    assert slugs(ranked, "me")[0] == "mate"


def test_a_document_named_in_the_body_matches_another_articles_document_field():
    body = "Thực hiện Kế hoạch số 220/KH-UBND ngày 28/9/2021 của UBND thành phố về giao thông."
    items = [
        item("field", section="B", document="220/KH-UBND (2021)", text=ROAD),
        item("body", 1, section="C", text=body + ROAD),
        item("other-year", 2, section="D", document="220/KH-UBND (2022)", text=CROPS),
        item("other", 3, section="E", document="5/QĐ-UBND (2021)", text=ROAD),
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS, explain=True)
    # "other" says the same words but is about another document: it comes after.
    assert slugs(ranked, "field") == ["body", "other"]
    assert ranked["field"][0].reason.startswith("cùng văn bản “220/KH-UBND”")
    assert slugs(ranked, "body")[0] == "field"


def test_document_numbers_fold_d_and_leading_zeros():
    items = [
        item("a", document="05/QĐ-UBND (2021)", text=SWIM),
        item("b", 3, section="B", text="QĐ 5/QD-UBND. " + SWIM),
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS, explain=True)
    assert slugs(ranked, "a") == ["b"]
    assert ranked["a"][0].reason.startswith("cùng văn bản “5/QD-UBND”")


def test_a_roundup_naming_the_story_in_passing_is_not_let_in():
    story = ROAD + " Kế hoạch số 220/KH-UBND ngày 28/9/2021."
    roundup = " ".join(
        [CROPS, SWIM, FIRE, "Đường ven sông Lạch Tray, Kế hoạch số 220/KH-UBND.", CROPS, SWIM, FIRE]
    )
    items = [
        item("launch", document="220/KH-UBND (2021)", text=story),
        item("progress", 5, section="B", text=story + " Đẩy nhanh tiến độ."),
        item("giao-ban", 6, section="C", text=roundup),
        *[item(f"bg{i}", 7 + i, section="D", text=t) for i, t in enumerate([CROPS, SWIM, FIRE])],
    ]
    ranked = rank_related(items, DEFAULT_WEIGHTS)
    assert slugs(ranked, "launch") == ["progress"]
    assert "giao-ban" not in slugs(ranked, "progress")


def test_missing_and_unknown_weight_keys_fall_back_to_defaults():
    items = [item("a", campaign="X"), item("b", 1, section="B", campaign="X")]
    assert slugs(rank_related(items, {"campaign": 40, "surprise": 5}), "a") == ["b"]
    assert slugs(rank_related(items, DEFAULT_RELATED_WEIGHTS), "a") == ["b"]


def test_terms_from_a_content_cache_written_before_counts_are_read_as_counted_once():
    from newsroom.related import _article_terms

    assert _article_terms(("kinh tế", "cầu")) == ArticleTerms((("cầu", 1), ("kinh tế", 1)))
    assert _article_terms(None) == ArticleTerms()


def test_ranking_on_two_cores_gives_the_same_lists_as_on_one(monkeypatch):
    texts = [ROAD, CROPS, SWIM, FIRE]
    items = [
        item(
            f"n{i:02d}",
            i,
            section="AB"[i % 2],
            text=texts[i % 4],
            tags=(f"t{i % 3}",),
            pinned=(f"n{(i + 5) % 30:02d}",),
        )
        for i in range(30)
    ]
    alone = rank_related(items, DEFAULT_WEIGHTS, parallel_from=10**9)
    split = rank_related(items, DEFAULT_WEIGHTS, parallel_from=2)
    assert split == alone and list(split) == list(alone)
    assert all(entries and entries[0].why == "pinned" for entries in split.values())
    assert any(e.why == "shared" for entries in split.values() for e in entries)
    # One core, or no fork: ranked in this process, same lists.
    monkeypatch.setattr(ranking.os, "cpu_count", lambda: 1)
    assert rank_related(items, DEFAULT_WEIGHTS, parallel_from=2) == alone


def test_a_failed_child_falls_back_to_ranking_alone(monkeypatch):
    items = [item(f"n{i:02d}", i, text=[ROAD, CROPS][i % 2]) for i in range(12)]
    alone = rank_related(items, DEFAULT_WEIGHTS, parallel_from=10**9)

    def broken(*args, **kwargs):  # the child exits at once, sending nothing
        raise SystemExit(3)

    real = ranking._on_two_cores

    def with_broken_child(rank, count):
        return real(lambda n: broken() if n >= count // 2 else rank(n), count)

    monkeypatch.setattr(ranking, "_on_two_cores", with_broken_child)
    assert rank_related(items, DEFAULT_WEIGHTS, parallel_from=2) == alone


def test_reasons_are_worked_out_on_demand_and_do_not_change_the_lists():
    items = [
        item("seed", campaign="Mục tiêu kép", document="220/KH-UBND (2021)", text=ROAD, tags=("x",)),
        item("same-document", 5, section="B", document="220/KH-UBND (2021)", text=CROPS),
        item("same-campaign", 3, section="B", campaign="Mục tiêu kép", text=ROAD, tags=("x",)),
        item("filler", -1, text=SWIM),
    ]
    explained = rank_related(items, DEFAULT_WEIGHTS, explain=True)
    plain = rank_related(items, DEFAULT_WEIGHTS)
    strip = [(e.slug, e.score, e.why) for e in plain["seed"]]
    assert strip == [(e.slug, e.score, e.why) for e in explained["seed"]]
    assert [e.why for e in plain["seed"]] == ["shared", "shared", "section"]
    assert all(e.shared == () for entries in plain.values() for e in entries)
    assert all(e.shared for e in explained["seed"] if e.why == "shared")
    for slug in plain:
        assert explain_entries(list(reversed(items)), DEFAULT_WEIGHTS, slug, plain[slug]) == explained[slug]


def test_the_collector_is_left_as_it_was_found():
    import gc

    items = [item("a", text=ROAD), item("b", 1, text=ROAD)]
    assert gc.isenabled()
    rank_related(items, DEFAULT_WEIGHTS)
    assert gc.isenabled()
    gc.disable()
    try:
        rank_related(items, DEFAULT_WEIGHTS)
        assert not gc.isenabled()
    finally:
        gc.enable()
