"""Render and write only the pages a change needs.

Every output page gets a key: a hash of what its template reads. The names a
template (with everything it extends, imports and includes) uses are found in
its source (jinja2.meta); each one's value is hashed as the page sees it: the
page's own article whole (what was read from its file: metadata, body, "Tin khác", photos,
attachments), the articles it lists as cards (URL, title, date, summary,
section, tags, photo... everything but the body), paginated listings per
page. A page whose key is the one the last good build wrote, and whose file is
still the one that build left, is neither rendered nor written: the previous
file is hard-linked into the staged site, so it keeps its bytes and mtime.

What no key can see falls back to a full build: the plugin's own code, the
versions of Pelican and Jinja, any setting, any theme file. A theme change
means a full build (argued in ARCHITECTURE.md): every page extends base.html
and names the CSS by its content hash, so a per-template key would only spare
the rare edit of a leaf template.

The staged site starts empty, as before; an unchanged page is linked in where
it would have been written (never written in place: a hard link shares its
bytes with the live site), so a page no longer produced (deleted article,
moved URL) is simply absent. Feeds, QR codes and photo copies are keyed by
their inputs (a feed's articles whole, a cached file's stat) and linked when
the key is the last one (`kept_by_key`): neither made nor compared. Other files
(sitemap, Pelican's static files) are compared by bytes: an identical one is
replaced by a link to the previous file. The manifest (page -> key and the
file's stat, the inputs' fingerprint, the output's listing, the build's
messages) is written into the cache folder, atomically, after the swap. A build
whose inputs and output are the manifest's stops before reading (unchanged.py).

An article's card is its attributes and metadata sorted by name and pickled
(C-fast; another article, a section, a tag or a plugin object goes in as its own digest,
see `_KeyPickler`), walked by `Hasher` only when pickle cannot take a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import filecmp
import functools
import hashlib
import importlib.metadata
import io
import json
import logging
import os
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from stat import S_ISREG
from typing import ClassVar
from zoneinfo import ZoneInfo

from jinja2 import meta
from pelican.contents import Content
from pelican.log import console
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import (
    get_relative_path,
    path_to_url,
    sanitised_join,
    truncate_html_paragraphs,
    truncate_html_words,
)
from pelican.writers import FileOverwriteFailedError

from . import unchanged
from .cache_repair import ensure_directory
from .parallel_writing import ParallelWriter, pages_of
from .settings import SETTINGS_KEY

logger = logging.getLogger(__name__)

FORMAT = 2  # bump when the manifest or the keys change meaning
PLUGIN_ROOT = Path(__file__).resolve().parent
PLUGIN_PACKAGE = __name__.rpartition(".")[0]
VERSIONED = ("pelican", "jinja2", "markupsafe", "markdown", "nh3", "feedgen", "pillow")
# Settings that name this build's own folders, reports or processes, not what the pages show.
UNKEYED_SETTINGS = frozenset(
    {"INCREMENTAL_BUILD", "CONTENT_REPORT", "NEWSROOM_REPORT_TIMINGS", "READ_WORKERS", "RENDER_WORKERS"}
)
# Attributes never hashed: shared by every page (the settings are in the global
# key; the context is what the key is made of) or the body (hashed on its own).
UNHASHED = frozenset({"settings", "_context", "_content", "_summary", "content", "summary"})
# An article's attributes (and metadata) no template reads: the terms "Tin khác" is
# ranked by (they follow the body), the ranking's reasons (pages show related_news),
# the problems report. tests/test_incremental.py checks that the theme never names them.
UNSHOWN = frozenset({"newsroom_terms", "related_entries", "newsroom_problems"})
# Pelican's intra-site link syntax ({filename}, {static}, {attach}, {tag}, ...):
# a body with one shows another file's URL, so its resolved HTML is keyed too.
INTRASITE = re.compile(r"[{|](filename|static|attach|category|tag|author|index|lang)[|}]")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

FULL, CARD, REF = 0, 1, 2  # how much of an article a page shows: all, a listing card, a link


# Values whose repr says all they are: a list or tuple of them is hashed in one go.
_ATOMS = frozenset({str, int, float, bool, type(None), bytes})


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def tree_hash(*roots: Path) -> str:
    """Every file under `roots` (names and bytes; __pycache__ left out)."""
    digest = hashlib.blake2b(digest_size=16)
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(_hash(str(path.relative_to(root)).encode(), path.read_bytes()))
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


# -- hashing what a page shows ---------------------------------------------------


class Hasher:
    """Digests of values as a page shows them; objects cached for one build (by id,
    the object kept alive with its digest so the id is not reused)."""

    def __init__(self) -> None:
        self._contents: dict[tuple[int, object], tuple[object, bytes]] = {}
        self._wrappers: dict[tuple, tuple[object, bytes]] = {}
        self._visiting: set[int] = set()

    def shared(self, name: str, view: str, value: object, compute: Callable[[], bytes]) -> bytes:
        """A digest of a value every page shares (the context), computed once per build."""
        return self._once(value, (name, view), compute)

    def of(self, value: object, level: int = CARD) -> bytes:  # noqa: PLR0911
        """The digest of `value`; an article in it is hashed at `level` (FULL, CARD, REF)."""
        if value is None or isinstance(value, bool | int | float | complex):
            return _hash(b"v", repr(value).encode())
        if isinstance(value, str):
            return _hash(b"s", value.encode("utf-8", "surrogatepass"))
        if isinstance(value, bytes | bytearray):
            return _hash(b"b", bytes(value))
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return _hash(b"t", value.isoformat().encode(), str(getattr(value, "tzinfo", "")).encode())
        if isinstance(value, Content):
            return self.content(value, level)
        if isinstance(value, Path | ZoneInfo | enum.Enum | dt.timedelta):
            return _hash(b"r", type(value).__name__.encode(), str(value).encode())
        if isinstance(value, Page):
            return self.page(value, level)
        if isinstance(value, Paginator):
            return _hash(b"P", *(self.of(v) for v in (value.name, value.url, value.num_pages, value.count)))
        if id(value) in self._visiting:
            return _hash(b"cycle")
        self._visiting.add(id(value))
        try:
            return self._composite(value, level)
        finally:
            self._visiting.discard(id(value))

    def _composite(self, value: object, level: int) -> bytes:  # noqa: PLR0911
        if isinstance(value, list | tuple):
            if all(type(v) in _ATOMS for v in value):  # a file's stamp, a name and a count...
                return _hash(b"a", type(value).__name__.encode(), repr(value).encode())
            return _hash(b"l", type(value).__name__.encode(), *(self.of(v, level) for v in value))
        if isinstance(value, set | frozenset):
            return _hash(b"S", *sorted(self.of(v, level) for v in value))
        if isinstance(value, dict):
            items = sorted(_hash(self.of(k), self.of(v, level)) for k, v in value.items())
            return _hash(b"d", *items)
        if isinstance(value, functools.partial):
            return _hash(b"p", self.of(value.func), self.of(value.args), self.of(value.keywords))
        if isinstance(value, type) or (callable(value) and not hasattr(value, "__dict__")):
            return _hash(b"f", _qualified(value))
        if isinstance(value, URLWrapper):
            return self._wrapper(value, level)
        if dataclasses.is_dataclass(value) or (hasattr(value, "__dict__") and not callable(value)):
            return self._object(value, level)
        if callable(value):
            return _hash(b"f", _qualified(value))
        return _hash(b"?", ADDRESS.sub("", repr(value)).encode())

    def _once(self, value: object, slot: object, compute: Callable[[], bytes]) -> bytes:
        """`compute()` once per build for this object in this slot (the object kept alive
        with its digest, so its id is not reused): the pages are written after every value
        they show is made."""
        key = (id(value), slot)
        found = self._contents.get(key)
        if found is None or found[0] is not value:
            found = self._contents[key] = (value, compute())
        return found[1]

    def _object(self, value: object, level: int) -> bytes:
        """A dataclass or another object, by its fields."""

        def compute() -> bytes:
            if dataclasses.is_dataclass(value):
                kind, fields = b"D", [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
            else:
                kind, fields = b"o", list(vars(value).items())
            fields = sorted((item for item in fields if item[0] not in UNHASHED), key=_name)
            pickled = self._pickled(fields, level)
            if pickled is not None:
                return _hash(kind, _qualified(type(value)), pickled)
            return _hash(kind, _qualified(type(value)), *self._attributes(fields, level))

        return self._once(value, -10 - level, compute)

    def _wrapper(self, value: URLWrapper, level: int) -> bytes:
        """A section or tag: its name and addresses, and what the plugin gave it (feed
        links); not the name and slug Pelican caches on first use."""
        names = ("name", "slug", "url", "save_as")
        given = [
            (k, v) for k, v in vars(value).items() if not (k.startswith("_") or k in names or k in UNHASHED)
        ]
        if not given:
            # Each article holds its own Tag, Category and Author objects: with nothing
            # given, equal names and settings show the same addresses; digested once.
            plain = (type(value), value.name, value.slug, id(value.settings))
            found = self._wrappers.get(plain)
            if found is None or found[0] is not value.settings:
                found = self._wrappers[plain] = (value.settings, self._wrapper_digest(value, names, given, 0))
            return found[1]
        return self._once(value, -1 - level, lambda: self._wrapper_digest(value, names, given, level))

    def _wrapper_digest(self, value: URLWrapper, names: tuple, given: list, level: int) -> bytes:
        shown = [self.of(getattr(value, name)) for name in names]
        return _hash(b"U", _qualified(type(value)), *shown, *self._attributes(given, level))

    def _attributes(self, items, level: int) -> Iterator[bytes]:
        for name, item in sorted(items, key=lambda pair: pair[0]):
            if name not in UNHASHED:
                yield _hash(name.encode(), self.of(item, level))

    def content(self, content: Content, level: int) -> bytes:
        """An article or page: a link (REF), a listing card (CARD) or the page itself (FULL)."""
        # Relative URLs: its links to other files resolve from the page being keyed
        # (_key sets localsiteurl), so its digest is kept per page depth, never taken from
        # whichever page asked first.
        where = (getattr(content, "_context", None) or {}).get("localsiteurl")
        key = (id(content), level, where)
        found = self._contents.get(key)
        if found is not None and found[0] is content:
            return found[1]
        head = self._once(content, "head", lambda: self._head(content))
        if level == REF:
            digest = _hash(b"R", head)
        else:
            # Whatever a card shows: every attribute but the body, the other articles it
            # names as links; the summary (the body's start when none is given).
            summary = self._once(content, ("summary", where), lambda: _hash(*_summary(content)))
            digest = _hash(b"C", head, self._card(content, level + 1), summary)
            if level == FULL:
                digest = _hash(b"F", digest, *self._body(content))
        self._contents[key] = (content, digest)
        return digest

    def _head(self, content: Content) -> bytes:
        """What even a link shows: the address (Pelican works it out on each use), title, date."""
        shown = [self.of(getattr(content, name, None)) for name in ("url", "save_as", "title", "date")]
        return _hash(_qualified(type(content)), *shown)

    def _card(self, content: Content, level: int) -> bytes:
        """The digest of an article's attributes and metadata, sorted by name; pickled (in
        C, each other article, section or tag in them as its own digest), else walked."""
        left_out = UNSHOWN | UNHASHED | {"metadata"}
        shown = sorted((item for item in vars(content).items() if item[0] not in left_out), key=_name)
        metadata = sorted((item for item in content.metadata.items() if item[0] not in UNSHOWN), key=_name)
        pickled = self._pickled((shown, metadata), level)
        if pickled is None:
            attributes = dict(shown)
            attributes["metadata"] = dict(metadata)
            return _hash(b"walked", *self._attributes(attributes.items(), level))
        return _hash(b"pickled", pickled)

    def _pickled(self, value: object, level: int) -> bytes | None:
        """`value` pickled (C-fast; see _KeyPickler), or None when pickle cannot take it
        (a lambda, a cycle...): then it is walked."""
        buffer = io.BytesIO()
        try:
            _KeyPickler(buffer, self, level).dump(value)
        except Exception:  # noqa: BLE001 - whatever the failure, walking gives a digest
            return None
        return buffer.getvalue()

    def _body(self, content: Content) -> Iterator[bytes]:
        # Not the source file's bytes: the page shows what was read from it (the body here,
        # every attribute and metadata in the card), and reading every source costs 0.5 s.
        body = content._content or ""
        yield _hash(b"body", body.encode())
        if INTRASITE.search(body):
            # Links to other files: the page shows their current URLs.
            yield _hash(
                b"resolved", str(content.get_content(content._context.get("localsiteurl", ""))).encode()
            )

    def page(self, page: Page, level: int) -> bytes:
        return _hash(
            b"page",
            self.of(page.number),
            self.of(page.paginator.num_pages),
            self.of(page.url),
            self.of(page.save_as),
            self.of(page.object_list, level),
        )


def _summary(content: Content) -> Iterator[bytes]:
    """The summary a card shows: the given one, else the body's start as Pelican cuts it
    (an edit further down the body changes no card)."""
    text = content.metadata.get("summary")
    if text is None:
        text, settings = content._content or "", content.settings
        if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
            text = truncate_html_paragraphs(text, settings["SUMMARY_MAX_PARAGRAPHS"])
        if settings.get("SUMMARY_MAX_LENGTH") is not None:
            text = truncate_html_words(
                text, settings["SUMMARY_MAX_LENGTH"], settings.get("SUMMARY_END_SUFFIX")
            )
    yield _hash(b"summary", str(text).encode())
    if INTRASITE.search(text):  # links to other files: the card shows their current URLs
        yield _hash(
            b"resolved summary", str(content.get_summary(content._context.get("localsiteurl", ""))).encode()
        )


DIGESTED = (Content, URLWrapper, Page, Paginator, set, frozenset)


def _name(item: tuple) -> str:
    return item[0]


def _digested_value(digest: bytes) -> bytes:
    """Stands in the key's pickle for a value hashed on its own (named there, never called)."""
    return digest


class _KeyPickler(pickle.Pickler):
    """Pickles an article's attributes for its key; what the page shows of another
    article (a link or a card), a section, a tag or one of the plugin's objects goes in
    as its digest.

    `reducer_override`, not `persistent_id`: C pickle asks it only for objects that are
    not strings, numbers, lists, tuples, dicts or sets: a fifth of the calls. A set is
    pickled in its own order; one that changed order with the hash seed would only
    change a key (a page rendered again, never a stale one), and tests/test_incremental
    checks that another process renders nothing."""

    def __init__(self, file, hasher: Hasher, level: int) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # No memo: the bytes must not depend on which values share one object (an article
        # read from its file or from Pelican's cache); a cycle raises, and is walked.
        self.fast = True
        self.hasher, self.level = hasher, level

    _digested: ClassVar[dict[type, bool]] = {}  # one lookup per type

    def reducer_override(self, value):
        kind = type(value)
        digested = self._digested.get(kind)
        if digested is None:
            # The plugin's own objects too (a document, a campaign, its list of articles):
            # shared by many articles, digested once per build.
            own = kind.__module__.startswith(f"{PLUGIN_PACKAGE}.") and hasattr(value, "__dict__")
            digested = self._digested[kind] = own or issubclass(kind, DIGESTED)
        if digested:
            return _digested_value, (self.hasher.of(value, self.level),)
        return NotImplemented


def _qualified(value: object) -> bytes:
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"{getattr(value, '__module__', '')}.{name}".encode()


# -- what a template reads ------------------------------------------------------


def template_names(environment, name: str, parsed: dict | None = None) -> frozenset[str] | None:
    """The names `name` and every template it extends, imports or includes read from
    their context; None when one is chosen at render time (then everything is keyed).
    `parsed` keeps each template's own part for the next call: every page template
    extends base.html, which includes a dozen others (a first build parsed fifty
    templates for nineteen)."""
    parsed = {} if parsed is None else parsed
    seen: set[str] = set()
    names: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        if current not in parsed:
            tree = environment.parse(environment.loader.get_source(environment, current)[0])
            parsed[current] = (
                frozenset(meta.find_undeclared_variables(tree)),
                tuple(meta.find_referenced_templates(tree)),
            )
        read, referenced = parsed[current]
        if None in referenced:
            return None
        names |= read
        waiting.extend(referenced)
    return frozenset(names)


def _first_page(lookup: Callable[[str], object]) -> bool:
    page = lookup("articles_page")
    return page is None or getattr(page, "number", 1) == 1


def _section_menu(sections, lookup) -> list:
    return [section for section, _ in sections]


def _section_counts(sections, lookup) -> list:
    return [(section, len(articles)) for section, articles in sections]


def _section_heads(sections, lookup) -> list:
    if not _first_page(lookup):
        return _section_menu(sections, lookup)
    return [(section, articles[:4]) for section, articles in sections]


def _featured(featured, lookup) -> list:
    return featured if _first_page(lookup) else []


def _tag_counts(tags, lookup) -> list:
    return [(tag, len(articles)) for tag, articles in tags]


def _tag_names(tags, lookup) -> list:
    return [tag for tag, _ in tags]


def _feed_links(pages, lookup) -> list:
    return [(page.name, page.url, getattr(page, "feed_links", None)) for page in pages]


def _shelf_links(shelves, lookup) -> list:
    return [(shelf.name, shelf.url) for shelf in shelves]


# What a template shows of a shared value when it is less than the whole value
# ("*": every template not named). Keep true with the theme: base.html shows
# each section's name and link only; index.html the four newest of each section
# and the pinned stories (page 1 only); categories.html the counts; tags.html
# each tag's count, feeds.html the tags' and campaigns' names, links and feeds;
# document.html the type shelves' names and links. A template that shows more of
# a value named here needs its row changed, else its pages go stale. Without a
# row, a page that names `tags` would change with every card of every tag.
VIEWS: dict[str, dict[str, Callable]] = {
    "sections": {"index.html": _section_heads, "categories.html": _section_counts, "*": _section_menu},
    "FEATURED_ARTICLES": {"index.html": _featured},
    "tags": {"tags.html": _tag_counts, "feeds.html": _tag_names},
    "campaigns": {"feeds.html": _feed_links},
    "documents_by_type": {"document.html": _shelf_links},
}
# Views that read nothing of the page: computed once per build.
PAGE_INDEPENDENT = frozenset(
    {_section_menu, _section_counts, _tag_counts, _tag_names, _feed_links, _shelf_links}
)


# -- the manifest ---------------------------------------------------------------


def _settings_digest(settings: dict, hasher: Hasher, unkeyed: frozenset[str]) -> str:
    keyed = {name: value for name, value in settings.items() if name not in unkeyed}
    config = keyed.get(SETTINGS_KEY)
    if dataclasses.is_dataclass(config):  # the checked copy holds them too
        values = {name: value for name, value in config.values.items() if name not in unkeyed}
        keyed[SETTINGS_KEY] = dataclasses.replace(config, values=values)
    return hasher.of(keyed).hex()


def _versions() -> str:
    return json.dumps([sys.version, *(_version(name) for name in VERSIONED)])


def global_parts(settings: dict, hasher: Hasher) -> dict[str, str]:
    """What every page depends on; any change means a full build."""
    theme = Path(settings["THEME"])
    overrides = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    return {
        "format": str(FORMAT),
        "plugin": tree_hash(PLUGIN_ROOT),
        "versions": _versions(),
        "theme": tree_hash(theme, *overrides),
        "settings": _settings_digest(settings, hasher, UNKEYED_SETTINGS),
    }


def reading_fingerprint(settings: dict) -> str:
    """What Pelican's content cache holds besides each file's stamp: articles as the
    plugin's code, the versions and the settings read them (not the output folder)."""
    parts = (
        str(FORMAT),
        tree_hash(PLUGIN_ROOT),
        _versions(),
        _settings_digest(settings, Hasher(), UNKEYED_SETTINGS | {"OUTPUT_PATH"}),
    )
    return _hash(*(part.encode() for part in parts)).hex()


REASONS = {
    "format": "định dạng bản ghi đã đổi",
    "plugin": "mã của plugin newsroom đã đổi",
    "versions": "phiên bản Pelican, Jinja hay Python đã đổi",
    "theme": "giao diện (theme/) đã đổi",
    "settings": "thiết lập đã đổi",
    "output": "thư mục đầu ra khác",
}


def manifest_path(cache_path: Path, output: Path) -> Path:
    name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
    return cache_path / "incremental" / f"{name}.json"


def _stat(path: str | Path) -> list[int] | None:
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _read_manifest(path: Path) -> dict | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        logger.warning("Bản ghi dựng tăng dần %s hỏng (%s); dựng toàn bộ", path, type(error).__name__)
        return None
    if not (isinstance(stored, dict) and isinstance(stored.get("pages"), dict)):
        logger.warning("Bản ghi dựng tăng dần %s không đúng dạng; dựng toàn bộ", path)
        return None
    return stored


def link(previous: str | Path, staged: str | Path) -> None:
    """Put `previous` at `staged` as a hard link (a copy with its mtime across disks)."""
    try:
        _link(previous, staged)
    except FileNotFoundError:
        # Its folder not made yet: made on the first link into it, not asked before each
        # of the tens of thousands of links a build with one change makes.
        if not os.path.exists(previous):
            raise
        os.makedirs(os.path.dirname(staged), exist_ok=True)
        _link(previous, staged)


def _link(previous: str | Path, staged: str | Path) -> None:
    try:
        os.link(previous, staged)
    except FileExistsError:
        os.unlink(staged)
        os.link(previous, staged)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(previous, staged)


class IncrementalBuild:
    """One staged build: the last good build's manifest, this build's keys."""

    def __init__(self, settings: dict, output: Path) -> None:
        self.settings, self.output = settings, output
        self.staging: Path | None = None  # set by the caller before anything is written
        self.hasher = Hasher()
        self.path = manifest_path(Path(settings.get("CACHE_PATH") or "cache"), output)
        self.parts = {**global_parts(settings, self.hasher), "output": str(output)}
        # Taken before Pelican reads a file: an edit during the build is seen next time.
        self.entries: dict[str, str] = {}  # each input file's line (body_edits.py compares them)
        self.inputs = unchanged.inputs_fingerprint(settings, self.parts, self.entries)
        self.state: str | None = None  # the token of the saved state this build left (body_edits.py)
        self.spare: dict | None = None  # the site before this build, if kept (spare.py)
        # Made before the swap by a build of edited bodies (body_edits.py), for commit:
        self.listing_lines: list[str] | None = None  # the staged site's listing lines
        self.known_stats: dict[str, list] = {}  # its pages' stat lines known without a stat
        self.messages = unchanged.Messages()
        self.stored = None
        self.templates: dict[str, frozenset[str] | None] = {}  # template -> the names it reads
        # template -> (the names it reads itself, the templates it names), parsed this build
        self.parsed: dict[str, tuple[frozenset[str], tuple[str | None, ...]]] = {}
        self.global_key = _hash(*(f"{k}={v}".encode() for k, v in sorted(self.parts.items())))
        self.report = bool(settings.get("NEWSROOM_REPORT_TIMINGS"))  # `invoke bench` reads the counts
        self.pages: dict[str, str] = {}  # save_as -> key, this build
        self.kept = self.rendered = 0
        self.previous: dict[str, list] = {}
        self.search: dict | None = None  # what the search index's shards were made of (search_index)
        stored = self.stored = _read_manifest(self.path)
        if stored is None:
            logger.info("Dựng toàn bộ: chưa có bản ghi của lần dựng trước")
            return
        changed = [name for name in self.parts if stored.get("parts", {}).get(name) != self.parts[name]]
        if changed:
            logger.info("Dựng toàn bộ: %s", "; ".join(REASONS[name] for name in changed))
            return
        self.previous = stored["pages"]
        known = stored.get("templates")
        if isinstance(known, dict) and all(_is_names(names) for names in known.values()):
            # The same theme and Jinja: the same names.
            self.templates = {name: names and frozenset(names) for name, names in known.items()}

    def nothing_changed(self) -> bool:
        """Whether this build would read what the last good one read, and the output is
        still what it left: then its messages are given again and there is nothing to do."""
        stored = self.stored
        if not (self.previous and stored.get("inputs") == self.inputs and _replayable(stored)):
            return False
        skipped = unchanged.not_built_here(self.settings)
        if stored.get("listing") != unchanged.output_listing(self.output, skipped):
            logger.info("Dựng lại: thư mục %s đã bị sửa từ lần dựng trước", self.output)
            return False
        unchanged.replay(stored, self.settings)
        pages = stored.get("page_count", 0)
        logger.info("Dựng tăng dần: 0 trang dựng lại, %d trang giữ nguyên", pages)
        kept = f"{self.output} giữ nguyên ({pages} trang)"
        console.print(f"Xong: không có gì thay đổi từ lần dựng trước; {kept}.")
        if self.report:
            logger.warning("NEWSROOM_INCREMENTAL 0 %d", pages)
        return True

    def key(self, parts: list[bytes]) -> str:
        return _hash(self.global_key, *parts).hex()

    def unchanged(self, save_as: str, key: str) -> bool:
        """Whether the last good build wrote this page with this key, and left it as it wrote it."""
        entry = self.previous.get(save_as)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[0] == key):
            return False
        return _stat(os.path.join(self.output, save_as)) == entry[1:]

    def kept_by_key(self, paths: list[str], inputs: object, copy: bool = False) -> bool:
        """Files made from `inputs` alone (a feed, a cached QR code or photo): when the last
        good build wrote each of `paths` from the same inputs, and left it so, they are
        linked in and True; else they are to be made (and recorded with this key). A `copy`
        of a cached file is its bytes whatever the settings, theme or plugin code: its key
        is the file's stamp alone (after a change every page sees, 26,000 photo files are
        not read again to find them equal: 10 s at 5,000 articles)."""
        parts = [b"file", self.hasher.of(inputs, FULL)]
        key = _hash(b"copy", *parts).hex() if copy else self.key(parts)
        for save_as in paths:
            self.pages[save_as] = key
        if not (paths and all(self.unchanged(save_as, key) for save_as in paths)):
            return False
        for save_as in paths:
            link(os.path.join(self.output, save_as), sanitised_join(str(self.staging), save_as))
        return True

    def keep_file(self, save_as: str, data: bytes | Path) -> bool:
        """A plugin file identical to the last build's: link that one (mtime kept), True."""
        previous = Path(sanitised_join(str(self.output), save_as))
        staged = Path(sanitised_join(str(self.staging), save_as))
        if staged.exists() or not previous.is_file() or previous.is_symlink():
            return False
        if isinstance(data, Path):
            same = data.is_file() and filecmp.cmp(data, previous, shallow=False)
        else:
            same = previous.stat().st_size == len(data) and previous.read_bytes() == data
        if same:
            link(previous, staged)
        return same

    def adopt_unchanged(self) -> int:
        """After the build: every staged file identical to the last build's becomes a link
        to it (bytes and mtime kept); how many."""
        adopted = 0
        root = os.path.join(self.staging, "")
        for entry in _files(self.staging):
            previous = os.path.join(self.output, entry.path[len(root) :])
            try:
                before, now = os.lstat(previous), entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if before.st_ino == now.st_ino or not S_ISREG(before.st_mode):  # a link already
                continue
            if before.st_size == now.st_size and filecmp.cmp(previous, entry.path, shallow=False):
                link_over(Path(previous), Path(entry.path))
                adopted += 1
        return adopted

    def commit(self) -> None:
        """After the swap: record this build's pages, atomically (a failure only costs time)."""
        pages = {}
        for save_as, key in self.pages.items():
            stat = self.known_stats.get(save_as) or _stat(os.path.join(self.output, save_as))
            if stat is not None:
                pages[save_as] = [key, *stat]
        skipped = unchanged.not_built_here(self.settings)
        if self.listing_lines is None:
            listing = unchanged.output_listing(self.output, skipped)
        else:  # what OUTPUT_RETENTION brought over in the swap added
            kept = [
                line
                for name in self.settings.get("OUTPUT_RETENTION") or []
                for line in unchanged.entry_lines(self.output, name, skipped)
            ]
            listing = unchanged.listing_digest(self.listing_lines + kept)
        record = {
            "parts": self.parts,
            "pages": pages,
            "inputs": self.inputs,
            "page_count": self.rendered + self.kept,
            "templates": {
                name: None if names is None else sorted(names) for name, names in self.templates.items()
            },
            "listing": listing,
            "messages": self.messages.records,
            "report": unchanged.read_report(self.settings),
            "search": self.search,
            "entries": self.entries,
            "state": self.state,
            "spare": self.spare,
        }
        temporary = None
        try:
            ensure_directory(self.path.parent, self.path.parent.parent)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(record, sort_keys=True))  # dumps: C's encoder, dump is Python's
            os.replace(temporary, self.path)
        except OSError as error:
            logger.warning("Không ghi được %s (%s); lần dựng sau sẽ dựng toàn bộ", self.path, error.strerror)
            if temporary:
                Path(temporary).unlink(missing_ok=True)
        logger.info("Dựng tăng dần: %d trang dựng lại, %d trang giữ nguyên", self.rendered, self.kept)
        if self.report:
            logger.warning("NEWSROOM_INCREMENTAL %d %d", self.rendered, self.kept)


def _is_names(names: object) -> bool:
    return names is None or (isinstance(names, list) and all(isinstance(n, str) for n in names))


def _replayable(stored: dict) -> bool:
    """Whether a manifest's messages and report have the shape commit() writes."""
    messages, report = stored.get("messages"), stored.get("report")
    rows = isinstance(messages, list) and all(
        isinstance(row, list) and list(map(type, row)) == [str, int, str] for row in messages
    )
    count = stored.get("page_count", 0)
    return rows and (report is None or isinstance(report, str)) and type(count) is int


def forget(cache_path: Path, output: Path) -> None:
    """A build that is not incremental: the next one cannot trust the last manifest."""
    manifest_path(cache_path, output).unlink(missing_ok=True)


def link_over(previous: Path, staged: Path) -> None:
    """Replace `staged` by a link to `previous`, atomically."""
    temporary = staged.with_name(f".{staged.name}.{os.getpid()}.lien-ket")
    try:
        os.link(previous, temporary)
    except OSError:
        return  # another disk: the identical copy stays
    os.replace(temporary, staged)


def _files(root: Path) -> Iterator[os.DirEntry]:
    """Every file under `root` (not following links), as scandir gives it."""
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry


# -- the writer -------------------------------------------------------------------


class _Skipping:
    """A template that renders nothing for the pages being kept."""

    def __init__(self, template, kept: set[str]) -> None:
        self._template, self._kept = template, kept

    def render(self, context):
        if context["output_file"] in self._kept:
            return ""
        return self._template.render(context)

    def __getattr__(self, name):
        return getattr(self._template, name)


class IncrementalWriter(ParallelWriter):
    """Pelican's writer, keyed: a page whose key matches the last build is linked, not rendered."""

    def __init__(self, output_path, settings=None, build: IncrementalBuild | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.build = build
        self._kept_paths: set[str] = set()

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        args = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        if not name or self.build is None:
            return super().write_file(*args, **kwargs)
        kept: set[str] = set()
        pages = pages_of(self.settings, name, url, paginated, template_name, kwargs)
        for save_as, page_values in pages:
            key = self._key(template, context, save_as, relative_urls, override_output, kwargs, page_values)
            self.build.pages[save_as] = key
            if self.build.unchanged(save_as, key):
                kept.add(save_as)
                self.build.kept += 1
            else:
                self.build.rendered += 1
        if kept and len(kept) == len(pages):
            # Nothing to render (most calls, after one edit): Pelican's loop (a copy of the
            # context, a folder made, a file opened per page) is left out; no plugin here
            # listens to its content_written signal.
            for save_as in sorted(kept):
                self._link_kept(sanitised_join(self.output_path, save_as), override_output)
            return None
        self._kept_paths.update(sanitised_join(self.output_path, save_as) for save_as in kept)
        if kept:
            args = (name, _Skipping(template, kept), *args[2:])
        self.render(args, kwargs, [save_as for save_as, _ in pages])
        return None

    def _key(self, template, context, save_as, relative_urls, override, kwargs, page_values) -> str:
        template_file = template.name
        known = self.build.templates
        if template_file not in known:
            known[template_file] = template_names(template.environment, template_file, self.build.parsed)
        names = known[template_file]
        siteurl = path_to_url(get_relative_path(save_as)) if relative_urls else context.get("localsiteurl")
        own = {**kwargs, **page_values, "output_file": save_as}
        if relative_urls:
            own["SITEURL"] = own["localsiteurl"] = siteurl
            # As Pelican sets it before rendering this page: a body's links to other files
            # resolve from here (Content.get_content reads it), not from the page written last.
            context["localsiteurl"] = siteurl

        def lookup(name: str):
            return own[name] if name in own else context.get(name)

        parts = [template_file.encode(), save_as.encode(), repr((relative_urls, override)).encode()]
        for name in sorted(names if names is not None else {*context, *own}):
            if name in own or name in context:
                parts.append(_hash(name.encode(), self._digest(name, template_file, own, lookup)))
        return self.build.key(parts)

    def _digest(self, name: str, template_file: str, own: dict, lookup: Callable[[str], object]) -> bytes:
        """What the page shows of `name`: its own values whole (its article at FULL), the
        shared context as VIEWS says (computed once per build where it does not vary)."""
        hasher, value = self.build.hasher, lookup(name)
        views = VIEWS.get(name, {})
        view = views.get(template_file) or views.get("*")
        if name.endswith(("_previous_page", "_next_page")) and isinstance(value, Page):
            return hasher.of((value.number, value.url, value.save_as))  # only its link is shown
        if name in own:
            shown = view(value, lookup) if view else value
            return hasher.of(shown, FULL if isinstance(shown, Content) else CARD)
        if view in PAGE_INDEPENDENT:  # the same for every page
            return hasher.shared(name, view.__name__, value, lambda: hasher.of(view(value, lookup)))
        if view:
            return hasher.of(view(value, lookup))
        return hasher.shared(name, "", value, lambda: hasher.of(value))

    def _open_w(self, filename, encoding, override=False):
        if filename in self._kept_paths:
            self._kept_paths.discard(filename)
            self._link_kept(filename, override)
            return open(os.devnull, "w", encoding=encoding)
        # Never write into a file in place: it may be a link shared with the live site.
        if (
            filename not in self._overridden_files
            and (override or filename not in self._written_files)
            and os.path.lexists(filename)
        ):
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def _link_kept(self, filename: str, override: bool) -> None:
        """Pelican's bookkeeping (a second write to one path is an error), then the
        previous file linked in place of the one not rendered."""
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}"')
        self._written_files.add(filename)
        prefix = os.path.join(self.output_path, "")
        if filename.startswith(prefix):  # as sanitised_join made it (relpath costs more)
            relative = filename[len(prefix) :]
        else:
            relative = os.path.relpath(filename, self.output_path)
        link(os.path.join(self.build.output, relative), filename)

    def kept_by_key(self, paths: list[str], inputs: object, copy: bool = False) -> bool:
        """For the plugin's own files: True when the last build made them from these inputs."""
        return self.build is not None and self.build.kept_by_key(paths, inputs, copy)

    def keep_unchanged(self, save_as: str, data: bytes | Path) -> bool:
        """For the plugin's own files: True when the last build's identical file was linked."""
        return self.build is not None and self.build.keep_file(save_as, data)
