"""Document numbers and symbols after Nghị định 30/2020/NĐ-CP (Phụ lục III).

A document is numbered `number/TYPE-ISSUER` (220/KH-UBND, 05/QĐ-UBND), with the
year for legal normative documents (05/2022/QĐ-UBND); a công văn has no type
abbreviation: `number/ISSUER-UNIT` (3456/UBND-VX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..vi_format import format_short_date

# Abbreviation -> name, from Phụ lục III of Nghị định 30/2020/NĐ-CP.
DOCUMENT_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}
OFFICIAL_LETTER = "Công văn"
# Without "Đ" on the keyboard, editors write QD for QĐ: a code that is not a type
# itself is read as the type it spells with D for Đ.
FOLDED_TYPES = {code.replace("Đ", "D"): code for code in DOCUMENT_TYPES if "Đ" in code}
# Agencies that issue under their own type codes (TYPE-AGENCY), never the unit of a
# công văn (AGENCY-UNIT): after a first part that is no type, they mean an unknown type.
_ISSUING_AGENCIES = frozenset({"UBND", "HĐND", "TU", "BCĐ", "BTV", "VP"})

# A symbol part: letters (Vietnamese capitals included) and digits, starting
# with a letter, e.g. UBND, SGDĐT, GDTrH, VP2.
_PART = r"[^\W\d_][^\W_]*"
_NUMBER = re.compile(rf"(?P<number>\d{{1,6}})(?:/(?P<year>(?:19|20)\d\d))?/(?P<symbol>{_PART}(?:-{_PART})+)")

EXPECTED = (
    "số, ký hiệu văn bản phải có dạng số/LOẠI-CƠ QUAN theo Nghị định 30/2020/NĐ-CP, "
    "ví dụ 220/KH-UBND, 05/QĐ-UBND, 05/2022/QĐ-UBND; công văn: số/CƠ QUAN-ĐƠN VỊ, "
    "ví dụ 3456/UBND-VX"
)


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed document number and symbol."""

    text: str  # as normalised, e.g. "220/KH-UBND"
    number: int
    year: int | None
    type_code: str | None  # None for a công văn
    issuer_code: str  # e.g. "UBND", "UBND-VX" parts after the type

    @property
    def type_name(self) -> str:
        return DOCUMENT_TYPES[self.type_code] if self.type_code else OFFICIAL_LETTER

    @property
    def unknown_type(self) -> str:
        """The first symbol part when it looks like a type Nghị định 30/2020 does not
        have (220/XX-UBND), else ""."""
        if self.type_code:
            return ""
        first, *rest = self.issuer_code.split("-")
        return first if any(part in _ISSUING_AGENCIES for part in rest) else ""


def parse_document_number(text: str) -> DocumentNumber:
    """Parse `220/KH-UBND`; raise ValueError(EXPECTED) when malformed."""
    cleaned = re.sub(r"\s+", "", text)
    match = _NUMBER.fullmatch(cleaned)
    if not match or not all(part[0].isupper() for part in match["symbol"].split("-")):
        raise ValueError(EXPECTED)
    first, _, rest = match["symbol"].partition("-")
    if first not in DOCUMENT_TYPES and first in FOLDED_TYPES:
        first = FOLDED_TYPES[first]
        cleaned = cleaned.replace(match["symbol"], f"{first}-{rest}")
    is_typed = first in DOCUMENT_TYPES
    return DocumentNumber(
        text=cleaned,
        number=int(match["number"]),
        year=int(match["year"]) if match["year"] else None,
        type_code=first if is_typed else None,
        issuer_code=rest if is_typed else match["symbol"],
    )


def document_reference(document: DocumentNumber, issued: date | None, issuer: str) -> str:
    """`Kế hoạch số 220/KH-UBND ngày 28/9/2021 của UBND thành phố`."""
    words = [f"{document.type_name} số {document.text}"]
    if issued:
        words.append(f"ngày {format_short_date(issued)}")
    if issuer:
        words.append(f"của {issuer}")
    return " ".join(words)
