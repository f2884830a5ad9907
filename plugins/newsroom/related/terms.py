"""Terms of a Vietnamese text, for telling which articles talk about the same thing.

Vietnamese writes one syllable per space-separated word and most words have
two syllables ("phòng chống", "kinh tế"), so a text's terms are its syllables
and its pairs of adjacent syllables, leaving out function words and the
boilerplate of administrative news. Pairs are what make "kinh tế" (economy)
differ from "tế" alone; the ranking weighs each term by its rarity across the
archive, which is only known at build time, so here a text keeps the counts of
its own most frequent terms (a fixed number, so what is pickled per article
stays small whatever the length of the body) and the document numbers it names.

No tokenizer library: underthesea and pyvi segment words with trained models
(files to load, tens of milliseconds per article), while syllable pairs need
none and cover two-syllable words, the common case, by construction.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from html import unescape
from typing import NamedTuple

TERM_LIMIT = 32  # terms kept per article
TITLE_REPEAT = 3  # the title (and summary once) says what the article is about

# Function words and fillers of administrative news; they say nothing of the topic.
STOP_WORDS = frozenset(
    """
    và với của các những cho trong được là có đã này theo để tại từ trên một khi không
    đến về ra vào còn cũng như thì mà nên nhưng hay hoặc do bởi vì qua sau trước đây đó
    nhằm việc cùng ngày năm tháng số nhiều hơn rất lại đang sẽ vừa đều mỗi
    toàn bị nếu tuy dù chỉ ông bà anh chị em tôi họ nó ai gì nào ngoài giữa
    đồng chí ubnd hđnd
    """.split()
)
STOP_PAIRS = frozenset(
    pair.replace("_", " ")
    for pair in """
    đồng_thời thực_hiện tổ_chức triển_khai công_tác đơn_vị các_cấp nội_dung đối_với tất_cả
    chúng_ta thành_phố địa_phương sở_ngành ban_ngành quận_huyện nhiệm_vụ giải_pháp kết_quả
    báo_cáo đề_nghị yêu_cầu tiếp_tục tăng_cường nâng_cao chỉ_đạo phối_hợp kịp_thời trách_nhiệm
    thời_gian hội_nghị lãnh_đạo chủ_tịch phó_chủ liên_quan cụ_thể hiện_nay trọng_tâm
    """.split()
)

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # "kinh tế-xã hội" is two words
_BREAK = re.compile(r"[.;:!?()\[\]“”\"'…]+|\s[-–—]\s")
# A document number as news writes it: "220/KH-UBND", "05/2022/QĐ-UBND",
# "220 / KH - UBND", then maybe "ngày 28/9/2021" for its year.
_PART = r"[^\W\d_][^\W_]*"
_DOCUMENT = re.compile(
    rf"(?<![\w/])(\d{{1,6}})\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?({_PART}(?:\s*-\s*{_PART})+)(?![\w/-])"
    r"(?:\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*((?:19|20)\d\d))?",
    re.IGNORECASE,
)


class ArticleTerms(NamedTuple):
    """What the ranking reads of an article's text: plain and small, for the content cache."""

    counts: tuple[tuple[str, int], ...] = ()  # its most frequent terms, sorted by term
    documents: tuple[str, ...] = ()  # document numbers it names, as `document_key` gives them


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", unescape(_TAG.sub(" ", text))).casefold()


def fold_document(number: str) -> str:
    """One spelling per document number: no spaces, capitals, no leading zeros, Đ as D
    ("05/qđ-ubnd" and "5/QD-UBND" are one document), year kept in brackets."""
    cleaned = re.sub(r"\s+", "", number).upper().replace("Đ", "D")
    return re.sub(r"^0+(?=\d)", "", cleaned)


def document_numbers(text: str) -> tuple[tuple[str, ...], str]:
    """The document numbers `text` names (folded, with "(year)" when the text gives it),
    and the text with them taken out, so their letters do not become terms."""
    found: list[str] = []

    def take(match: re.Match) -> str:
        number, number_year, symbol, date_year = match.groups()
        year = number_year or date_year
        key = fold_document(f"{number}/{number_year + '/' if number_year else ''}{symbol}")
        found.append(f"{key} ({year})" if year else key)
        return " . "

    rest = _DOCUMENT.sub(take, text)
    return tuple(found), rest


def terms(text: str) -> Counter[str]:
    """Syllables and two-syllable terms of `text` (HTML allowed), with counts.

    Pairs never cross punctuation, except a comma inside a paired verb like
    "phòng, chống", which Vietnamese news writes both ways.
    """
    counts: Counter[str] = Counter()
    cleaned = _WORD_HYPHEN.sub(" ", normalise(text)).replace(", chống", " chống")
    for chunk in _BREAK.split(cleaned):
        for phrase in chunk.split(","):
            words = [w for w in _WORD.findall(phrase) if not w.isdigit()]
            for index, word in enumerate(words):
                if word in STOP_WORDS:
                    continue
                counts[word] += 1
                following = words[index + 1] if index + 1 < len(words) else None
                if following and following not in STOP_WORDS:
                    pair = f"{word} {following}"
                    if pair not in STOP_PAIRS:
                        counts[pair] += 1
    return counts


def top_terms(text: str, limit: int = 16) -> tuple[str, ...]:
    """The `limit` most frequent terms, pairs weighted above single syllables."""
    return tuple(term for term, _ in _top(terms(text), limit))


def _top(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    # A pair counts double: it is rarer than either syllable and says more.
    chosen = heapq.nsmallest(limit, counts, key=lambda t: (-(counts[t] * (2 if " " in t else 1)), t))
    return sorted((term, counts[term]) for term in chosen)


def article_terms(title: str, summary: str, content_html: str) -> ArticleTerms:
    """What the ranking reads of an article's text, computed once when the file is read
    (and kept by Pelican's content cache). The title counts three times, the summary once."""
    documents, text = document_numbers(
        normalise(" . ".join([*[title] * TITLE_REPEAT, summary, content_html]))
    )
    # The same number named twice in a sentence is one mention; order kept for the explanation.
    return ArticleTerms(tuple(_top(terms(text), TERM_LIMIT)), tuple(dict.fromkeys(documents)))
