"""Document numbers after Nghị định 30/2020/NĐ-CP."""

from datetime import date

import pytest
from newsroom.documents.numbers import DOCUMENT_TYPES, document_reference, parse_document_number


@pytest.mark.parametrize(
    ("text", "type_name", "issuer"),
    [
        ("220/KH-UBND", "Kế hoạch", "UBND"),
        ("05/QĐ-UBND", "Quyết định", "UBND"),
        ("12/TB-VP", "Thông báo", "VP"),
        ("33/CT-UBND", "Chỉ thị", "UBND"),
        ("18/HD-SYT", "Hướng dẫn", "SYT"),
        ("07/CTr-UBND", "Chương trình", "UBND"),
        ("05/2022/QĐ-UBND", "Quyết định", "UBND"),
        ("41/BC-BCĐ", "Báo cáo", "BCĐ"),
    ],
)
def test_typed_documents(text, type_name, issuer):
    document = parse_document_number(text)
    assert (document.text, document.type_name, document.issuer_code) == (text, type_name, issuer)


@pytest.mark.parametrize("text", ["3456/UBND-VX", "1234/SGDĐT-GDTrH", "89/STTTT-BCVT"])
def test_official_letters_have_no_type_abbreviation(text):
    document = parse_document_number(text)
    assert document.type_code is None
    assert document.type_name == "Công văn"


def test_year_and_spaces():
    document = parse_document_number(" 05 / 2022 / QĐ-UBND ")
    assert (document.text, document.number, document.year) == ("05/2022/QĐ-UBND", 5, 2022)


@pytest.mark.parametrize(
    "text",
    ["220-KH-UBND", "KH/220", "220/KH", "220/kh-ubnd", "220//KH-UBND", "số 220/KH-UBND", "/KH-UBND", ""],
)
def test_malformed_numbers_explain_the_format(text):
    with pytest.raises(ValueError, match="220/KH-UBND"):
        parse_document_number(text)


def test_the_decree_table_is_complete():
    assert len(DOCUMENT_TYPES) == 27
    assert DOCUMENT_TYPES["QyĐ"] == "Quy định"


def test_reference_reads_like_the_seed_page():
    document = parse_document_number("220/KH-UBND")
    assert (
        document_reference(document, date(2021, 9, 28), "UBND thành phố")
        == "Kế hoạch số 220/KH-UBND ngày 28/9/2021 của UBND thành phố"
    )
    assert document_reference(document, None, "") == "Kế hoạch số 220/KH-UBND"
