"""Terms of Vietnamese text."""

from newsroom.related.terms import terms, top_terms


def test_two_syllable_words_are_terms():
    found = terms("Phát triển kinh tế - xã hội của thành phố")
    assert found["kinh tế"] == 1
    assert found["xã hội"] == 1
    assert found["phát triển"] == 1


def test_function_words_and_fillers_are_dropped():
    found = terms("Thực hiện kế hoạch của UBND và các sở, ngành")
    assert "của" not in found and "và" not in found and "các" not in found
    assert "thực hiện" not in found
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


def test_top_terms_prefer_repeated_pairs_and_are_sorted():
    chosen = top_terms("đường ven biển; đường ven biển; nâng cấp đường ven biển; ngân sách", limit=3)
    assert chosen == tuple(sorted(chosen))
    assert "ven biển" in chosen
    assert "đường ven" in chosen
