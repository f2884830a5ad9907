"""HTML for feed readers: links made absolute, titles as plain text.

A feed reader does not know where an article lives, so relative links and
images in its content are resolved against the article's address; a title
with markup or entities becomes plain text XML can carry.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Characters XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/U+FFFF); lxml
# refuses them, and a title pasted from Word may hold one (a vertical tab).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_ATTRIBUTES = ("href", "src", "poster")
# A URL attribute whose value does not start with a scheme or "#", or any srcset: only
# then is the HTML parsed. Pelican already writes its own links absolute when SITEURL
# is, so most content skips the parse and comes back byte for byte.
_MAY_HAVE_RELATIVE_URL = re.compile(
    r"""\b(?:(?:href|src|poster)\s*+=\s*+["']?+\s*+(?![a-z][a-z0-9+.-]*:|#|["'])|srcset\s*=)""", re.IGNORECASE
)
# One srcset candidate (HTML's parsing rules, simplified): separators, then a URL that
# runs to the next whitespace; commas ending it close the candidate, otherwise the
# descriptors ("2x", "480w") run to the next comma. A comma inside a URL (data:) stays.
_SRCSET_CANDIDATE = re.compile(
    r"(?P<lead>[\s,]*)(?P<url>\S+?)(?P<end>,+)?(?=\s|$)(?P<descriptors>(?(end)|[^,]*))"
)


@functools.cache
def _as_written():
    """BeautifulSoup's "minimal" formatter without its alphabetical attribute order.
    (bs4 imported on first use: a build with nothing changed never needs it, and it
    costs a tenth of that build's start.)"""
    from bs4.dammit import EntitySubstitution
    from bs4.formatter import HTMLFormatter

    class AsWritten(HTMLFormatter):
        def attributes(self, tag) -> list[tuple[str, str]]:
            return list(tag.attrs.items())

    return AsWritten(entity_substitution=EntitySubstitution.substitute_xml)


def _absolute_url(url: str, base_url: str) -> str:
    """`url` resolved against `base_url`, or unchanged when it needs no resolving."""
    stripped = url.strip()
    if not stripped or stripped.startswith("#"):
        return url
    try:
        if urlsplit(stripped).scheme:  # https:, mailto:, tel:, data:, ...
            return url
        return urljoin(base_url, stripped)
    except ValueError:  # malformed (e.g. "//[::1"): leave it as the editor wrote it
        return url


def _absolute_srcset(value: str, base_url: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        url = _absolute_url(match["url"], base_url)
        return f"{match['lead']}{url}{match['end'] or ''}{match['descriptors']}"

    return _SRCSET_CANDIDATE.sub(rewrite, value)


def absolutize(html: str, base_url: str) -> str:
    """Rewrite relative `href`, `src`, `poster` and `srcset` URLs in `html` against
    `base_url` (the article page's absolute URL), so a feed reader, which does not
    know where the article lives, finds images and attachments.

    Absolute URLs, `#fragment`, `mailto:`, `tel:` and `data:` stay as written. HTML
    without any relative URL is returned unchanged; otherwise BeautifulSoup re-serialises
    it with attributes in their order, Vietnamese text as characters and `&amp;`, `&lt;`
    escaped (other entities, such as `&nbsp;`, become the characters they stand for).
    """
    if not _MAY_HAVE_RELATIVE_URL.search(html):
        return html
    from bs4 import BeautifulSoup

    # No multi-valued attributes: class lists are written back exactly as given.
    soup = BeautifulSoup(html, "html.parser", multi_valued_attributes=None)
    changed = False
    for tag in soup.find_all(True):
        for name in _URL_ATTRIBUTES:
            value = tag.get(name)
            if value is not None and (new := _absolute_url(value, base_url)) != value:
                tag[name] = new
                changed = True
        srcset = tag.get("srcset")
        if srcset is not None and (new := _absolute_srcset(srcset, base_url)) != srcset:
            tag["srcset"] = new
            changed = True
    return soup.decode(formatter=_as_written()) if changed else html


class _TextCollector(HTMLParser):
    """The text of some HTML, entities unescaped (the parser BeautifulSoup's "html.parser"
    wraps, without the tree, nor the warning bs4 gives for a title that looks like a URL)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html_or_text: str) -> str:
    """A title as plain text: tags stripped, entities unescaped once (`&amp;lt;` gives
    `&lt;`), whitespace collapsed, characters XML cannot carry removed.

    A `<` that does not open a tag (`Giá < 5%`) is kept.
    """
    parser = _TextCollector()
    parser.feed(html_or_text)
    parser.close()
    words = "".join(parser.parts).split()  # a vertical tab splits too
    return " ".join(word for word in (NOT_XML.sub("", word) for word in words) if word)
