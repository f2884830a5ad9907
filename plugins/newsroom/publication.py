"""What may be published from content/: not editors' leftovers, not what a
symlink brings in from outside, and attachments only once something links them.

Pure functions on names, paths and HTML; the plugin decides what to do with
the answers (skip, warn, stop the build).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SOURCE_EXTENSIONS = ("md", "markdown", "mkd", "mdown", "rst")  # .txt may be an attachment
_LEFTOVER_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "icon\r"}
_LEFTOVER_SUFFIXES = (
    "~",
    ".bak",
    ".orig",
    ".rej",
    ".swp",
    ".swo",
    ".swn",
    ".tmp",
    ".temp",
    ".part",
    ".crdownload",
)
PLACEHOLDERS = ("static", "attach", "filename")
_PLACEHOLDER = re.compile(r"^\{(?P<kind>static|attach|filename)\}(?P<target>.*)$")
_URL_ATTRIBUTES = {"href", "src", "poster", "data"}


def is_editor_leftover(name: str) -> bool:
    """A file an editor or their tools left beside the content, never meant for readers:
    dotfiles (.git, .DS_Store, .bai.md.swp, .#bai.md), backups (bai.md~, bai.md.bak,
    .orig), Emacs autosaves (#bai.md#), Office lock files (~$bao-cao.docx), Thumbs.db,
    desktop.ini, *.tmp and half-finished downloads."""
    lowered = name.lower()
    return (
        name.startswith((".", "~$", "#"))
        or lowered in _LEFTOVER_NAMES
        or lowered.endswith(_LEFTOVER_SUFFIXES)
        or (name.endswith("#") and "#" in name[:-1])
    )


def is_source(name: str, extensions: tuple[str, ...] = SOURCE_EXTENSIONS) -> bool:
    """A content source (Markdown or reStructuredText), which is read, never copied as it is."""
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    return bool(suffix) and suffix in extensions


def escapes(path: Path, root: Path) -> bool:
    """True if `path` (under `root`) is a symlink, or sits in a symlinked folder,
    whose real location is outside `root`; or if `path` is outside `root` anyway."""
    real_root = Path(os.path.realpath(root))
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # nothing there (yet): judge the path itself
        real = Path(os.path.realpath(path))
    except OSError:  # a symlink loop: never publishable
        return True
    return not real.is_relative_to(real_root)


class Body(HTMLParser):
    """One pass over a body's HTML: every URL it links or loads, and the `src` of each
    image without a text alternative (`Body(html).urls`, `.without_alt`)."""

    def __init__(self, html: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.without_alt: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            self.without_alt.append(dict(attrs).get("src") or "")
        for name, value in attrs:
            if not value:
                continue
            if name in _URL_ATTRIBUTES:
                self.urls.append(value.strip())
            elif name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.split())


@dataclass(frozen=True)
class ParsedBody:
    """What `Body` found in a body, kept between builds (static_files.parse_bodies)."""

    urls: tuple[str, ...]
    without_alt: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> ParsedBody:
        body = Body(html)
        return cls(tuple(body.urls), tuple(body.without_alt))

    def is_whole(self) -> bool:
        """Whether a value read back from disk has this shape."""
        fields = (self.urls, self.without_alt)
        return all(type(f) is tuple and all(type(u) is str for u in f) for f in fields)


def _urls(html: str | Body | ParsedBody) -> list[str] | tuple[str, ...]:
    return Body(html).urls if isinstance(html, str) else html.urls


def _path_part(target: str) -> str:
    """The path of a link, percent-decoded, without query or fragment."""
    return unquote(urlsplit(target).path)


def links(html: str | Body | ParsedBody) -> list[tuple[str, str]]:
    """(kind, target) of every `{static}`, `{attach}` and `{filename}` link, in order;
    target as written after the placeholder ("/files/a.pdf" is from content/,
    "../x.md" from the article's folder), percent-decoded, query and fragment removed."""
    found = []
    for url in _urls(html):
        match = _PLACEHOLDER.match(url)
        if match:
            found.append((match["kind"], _path_part(match["target"])))
    return found


def _normalised(path: str) -> str | None:
    """A POSIX path relative to content/, or None if it leaves it."""
    normal = posixpath.normpath(path)
    if normal in (".", "") or normal.startswith(("../", "/")) or normal == "..":
        return None
    return normal


def references(html: str | Body | ParsedBody, source_dir: str = "") -> set[str]:
    """The content-relative files a body references: `{static}`, `{attach}` and
    `{filename}` links (from content/ when followed by "/", else from the article's
    folder, as Pelican resolves them) and plain relative links and sources from the
    article's own folder (`source_dir`, content-relative).

    Links to other sites, `#anchors`, root-absolute paths and other placeholders
    (`{tag}`, `{category}`, `{index}`) are no files of content/; paths that climb
    out of content/ are left out (the caller reports those)."""
    found: set[str] = set()
    for url in _urls(html):
        match = _PLACEHOLDER.match(url)
        if match:
            # As Pelican resolves them: "{static}/x" from content/, "{static}x" from the article's folder.
            target = _path_part(match["target"])
            path = target[1:] if target.startswith("/") else posixpath.join(source_dir, target)
        else:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("/", "#", "{")) or not parts.path:
                continue
            path = posixpath.join(source_dir, unquote(parts.path))
        normal = _normalised(path)
        if normal:
            found.add(normal)
    return found
