"""Names compared the way a Vietnamese reader reads them.

Editors type the same name in several ways that look alike: decomposed
Unicode (NFD, from some keyboards and copy-paste), the older tone placement
("hoá" for "hóa", "thuỷ" for "thủy"), another case ("Y Tế"), another dash.
`name_key` gives them all one key; the canonical spelling is kept for output.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks: grave, acute, tilde, hook above, dot below. The vowel marks
# (circumflex, breve, horn) are part of the letter and stay.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
# Characters HTML and XML cannot carry or that a paste brings in by accident.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFC, without control characters."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def name_key(name: str) -> str:
    """One key for every way of typing a name: case, tone placement, NFC/NFD, dashes."""
    words = []
    spaced = _DASHES.sub(" - ", unicodedata.normalize("NFD", name).casefold())
    for word in spaced.split():
        tones = "".join(c for c in word if c in TONE_MARKS)
        base = "".join(c for c in word if c not in TONE_MARKS)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def canonical(name: str, names: tuple[str, ...] | list[str]) -> str | None:
    """The one of `names` that `name` is a way of typing, or None."""
    key = name_key(name)
    return next((known for known in names if name_key(known) == key), None)
