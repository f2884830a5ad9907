"""What of an article's HTML may reach readers: an allow-list, with nh3 (ammonia).

Editors paste HTML from Word, e-mails and old CMS exports into Markdown; the
portal publishes on a government domain, so anything that runs (scripts,
event handlers, `javascript:` URLs, `data:` URLs, foreign frames) is dropped
and everything an article needs is kept as it was. Pelican's link
placeholders (`{static}/files/x.pdf`, `{filename}../x.md`, `{tag}kinh-te`)
are relative URLs to nh3 and pass through byte for byte, so run this on the
body before Pelican replaces them or after, with the same result.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import nh3

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Frames only from these players; any other frame loses its src (and shows nothing).
ALLOWED_FRAME_PREFIXES = ("https://www.youtube-nocookie.com/embed/", "https://www.youtube.com/embed/")

_MEDIA = {"src", "poster", "preload", "controls", "width", "height", "loop", "muted", "playsinline"}
TAGS: dict[str, set[str]] = {
    **{tag: set() for tag in "p br hr strong em b i u s sub sup mark small code pre kbd samp".split()},
    **{
        tag: set()
        for tag in "h2 h3 h4 h5 h6 ul dl dt dd cite del ins details summary figure figcaption".split()
    },
    **{tag: set() for tag in "thead tbody tfoot tr picture".split()},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
    "time": {"datetime"},
    "table": set(),
    "caption": set(),
    "colgroup": {"span"},
    "col": {"span"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "a": {"href", "title", "hreflang"},
    # data-photo: the photos extension's marker (photos/mdext.py), replaced by <picture> at build time.
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding", "data-photo"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": _MEDIA,
    "audio": _MEDIA - {"poster", "width", "height", "playsinline"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen", "loading"},
    "span": set(),
    "div": set(),
}
GENERIC_ATTRIBUTES = {"class", "id", "lang", "dir"}
# Dropped with everything inside them, not just the tags.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "textarea", "select"}
URL_ATTRIBUTES = {"href", "src", "poster", "cite"}

# Summaries sit inside listings' links and cards: inline markup only.
SUMMARY_TAGS: dict[str, set[str]] = {
    **{tag: set() for tag in "p br strong em b i u s sub sup mark small code abbr cite q".split()},
    "time": {"datetime"},
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def url_allowed(value: str) -> bool:
    """A relative URL (Pelican's `{static}`-style placeholders included) or an allowed scheme."""
    stripped = "".join(value.split())  # browsers ignore whitespace inside a scheme
    try:
        scheme = urlsplit(stripped).scheme
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return not scheme or scheme.lower() in ALLOWED_SCHEMES


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "srcset":  # "a.jpg 1x, b.jpg 2x": nh3 does not look inside it
        candidates = [part.split()[0] for part in value.split(",") if part.split()]
        return value if all(url_allowed(url) for url in candidates) else None
    if name in URL_ATTRIBUTES and not url_allowed(value):
        return None
    if tag == "iframe" and name == "src" and not value.startswith(ALLOWED_FRAME_PREFIXES):
        return None
    return value


def _cleaner(tags: dict[str, set[str]]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={**tags, "*": GENERIC_ATTRIBUTES},
        attribute_filter=_attribute,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,  # no rel added: links stay as the editor wrote them
        strip_comments=True,
    )


_BODY = _cleaner(TAGS)
_SUMMARY = _cleaner(SUMMARY_TAGS)


def clean_html(html: str) -> str:
    """An article body with only what articles need; markup that needs no change comes back as it was."""
    return _BODY.clean(html)


def clean_summary(html: str) -> str:
    """A summary: paragraphs and inline markup, no links, images or blocks."""
    return _SUMMARY.clean(html)


def clean_text(value: str) -> str:
    """Plain text shown in HTML (Title, Source, Issuer, Campaign, tags): NFC, no control
    or bidirectional-override characters, tabs and newlines as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", value).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return " ".join(_CONTROL.sub("", text).split())
