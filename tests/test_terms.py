"""Terms of Vietnamese text."""

import pickle

from newsroom.related.terms import TERM_LIMIT, ArticleTerms, article_terms, document_numbers, terms, top_terms


def test_two_syllable_words_are_terms():
    found = terms("Phát triển kinh tế - xã hội của thành phố")
    assert found["kinh tế"] == 1
    assert found["xã hội"] == 1
    assert found["phát triển"] == 1


def test_function_words_and_administrative_boilerplate_are_dropped():
    found = terms(
        "Thực hiện kế hoạch của UBND và các sở, ngành; đồng chí Chủ tịch yêu cầu tăng cường chỉ đạo"
    )
    assert "của" not in found and "và" not in found and "các" not in found
    assert "thực hiện" not in found and "yêu cầu" not in found and "tăng cường" not in found
    assert "ubnd" not in found and "chủ tịch" not in found
    assert "kế hoạch" in found


def test_pairs_do_not_cross_punctuation_but_phong_chong_is_one_term():
    found = terms("Phòng, chống dịch COVID-19. Kinh tế phục hồi")
    assert found["phòng chống"] == 1
    assert found["chống dịch"] == 1
    assert found["dịch covid-19"] == 1
    assert "covid-19 kinh" not in found


def test_hyphenated_words_split_html_is_ignored_and_case_folded():
    found = terms("<p>Kinh tế-xã hội</p> <b>KINH TẾ</b>")
    assert found["kinh tế"] == 2
    assert found["tế xã"] == 1
    assert "p" not in found and "b" not in found


def test_top_terms_prefer_repeated_pairs():
    chosen = top_terms("đường ven biển; đường ven biển; nâng cấp đường ven biển; ngân sách", limit=3)
    assert "ven biển" in chosen
    assert "đường ven" in chosen


def test_document_numbers_are_found_folded_with_their_year_and_not_left_as_words():
    found, rest = document_numbers(
        "thực hiện kế hoạch số 220/kh-ubnd ngày 28/9/2021, quyết định 05/qđ-ubnd "
        "và 12 / 2022 / nq - hđnd; ngày 3/5"
    )
    assert found == ("220/KH-UBND (2021)", "5/QD-UBND", "12/2022/NQ-HDND (2022)")
    assert "ubnd" not in rest and "28/9/2021" not in rest


def test_article_terms_are_small_sorted_and_picklable_whatever_the_length():
    body = "<p>Giải phóng mặt bằng tuyến đường ven sông. Kế hoạch số 220/KH-UBND.</p>" * 20_000
    stored = article_terms("Tuyến đường ven sông", "Tóm tắt", body)
    assert isinstance(stored, ArticleTerms)
    assert len(stored.counts) <= TERM_LIMIT
    assert [t for t, _ in stored.counts] == sorted(t for t, _ in stored.counts)
    assert dict(stored.counts)["ven sông"] == 20_000 + 3  # the title counts three times
    assert stored.documents == ("220/KH-UBND",)  # one entry however often it is named
    assert len(pickle.dumps(stored)) < 2_000
