"""Terms of a Vietnamese text, for telling which articles talk about the same thing.

Vietnamese writes one syllable per space-separated word and most words have
two syllables ("phòng chống", "kinh tế"), so a text's terms are its syllables
and its pairs of adjacent syllables, leaving out function words. Pairs are
what make "kinh tế" (economy) differ from "tế" alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from html import unescape

# Function words and fillers of administrative news; they say nothing of the topic.
STOP_WORDS = frozenset(
    """
    và với của các những cho trong được là có đã này theo để tại từ trên một khi không
    đến về ra vào còn cũng như thì mà nên nhưng hay hoặc do bởi vì qua sau trước đây đó
    nhằm việc cùng ngày năm tháng số nhiều hơn rất lại đang sẽ vừa đều mỗi
    toàn bị nếu tuy dù chỉ ông bà anh chị em tôi họ nó ai gì nào ngoài giữa
    """.split()
)
STOP_PAIRS = frozenset(
    pair.replace("_", " ")
    for pair in """
    đồng_thời thực_hiện tổ_chức triển_khai công_tác đơn_vị các_cấp nội_dung đối_với tất_cả
    chúng_ta
    """.split()
)

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # "kinh tế-xã hội" is two words
_BREAK = re.compile(r"[.;:!?()\[\]“”\"'…]+|\s[-–—]\s")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", unescape(_TAG.sub(" ", text))).casefold()


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
    counts = terms(text)
    ranked = sorted(counts, key=lambda t: (-(counts[t] * (2 if " " in t else 1)), t))
    return tuple(sorted(ranked[:limit]))


def article_terms(title: str, summary: str, content_html: str) -> tuple[str, ...]:
    """What the ranking reads of an article's text, computed once when the file is read
    (and kept by Pelican's content cache). The title counts twice."""
    return top_terms(" . ".join([title, title, summary, content_html]))
