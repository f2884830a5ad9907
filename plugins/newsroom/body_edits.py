"""A production build for edited article bodies, from the last good build's saved state.

An editor's usual change is words in one article's body. The keyed build
(incremental.py) renders only that page, but still reads every article, runs
every check and keys every page: about as long as plain Pelican's full build.
Here, when the only inputs that changed since the last good build are published
articles' Markdown files, and each of them reads back with the same fields (only
its body differs), the build starts from what the last one built instead:

- the last keyed build's context (every article as the plugin left it, listings,
  sections, tags, documents, the feed plan), pickled into the cache beside the
  manifest (`save`), is loaded, with the bodies edited since put back (a build of
  edited bodies saves only those, `save_edits`: kilobytes, not the whole state);
- each edited file is read again by the build's own reader; it must give the same
  fields, the same problems, no new message, the same summary (what listing cards
  show), the same links, images and embedded videos, and only photos already made:
  anything else, and the full keyed build runs as before;
- the new body goes into the held article (its photos drawn as the build draws
  them), "Tin khác" is ranked again for every article, and what that changes is
  rendered: the edited articles' pages, the pages whose "Tin khác" changed
  (article.html is the only template that shows a body or "Tin khác"), the feeds
  that hold an edited article (feeds carry bodies); every other file is linked
  from the live site, and the search index is made again from its changed shards
  only;
- the staged site is swapped in like any other, the manifest records the pages
  rendered here with a key no build gives (the next keyed build renders them
  again), and the new state is saved.

tests/test_body_edits.py compares each such build with a clean full build, byte for
byte, and checks what falls back.
"""

from __future__ import annotations

import copy
import gc
import json
import logging
import os
import pickle
import secrets
import stat
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.log import console
from pelican.utils import sanitised_join

from . import feeds, photos, search_index, spare, unchanged
from .cache_repair import ensure_directory
from .documents import document_key
from .incremental import IncrementalBuild, _replayable, _summary, link, link_over
from .quick_render import changed_fields, draw
from .reader import PROBLEMS, TERMS, NewsMarkdownReader
from .related import link_related
from .settings import SETTINGS_KEY
from .static_files import parse_bodies
from .video import BODY_FRAME

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when the saved state changes meaning
MAX_EDITED = 20  # more edited files than this: the keyed build is as quick
NEVER = "rendered from the saved state"  # a page key no keyed build gives


class LiveSiteMoved(Exception):
    """Found after the staged site was made: the live site is not the one the last build
    left (changed by hand); the keyed build runs instead. The message says what moved."""


class NotEligible(Exception):
    """Why the keyed build runs instead (logged at INFO)."""


# -- the saved state ---------------------------------------------------------------

_held: dict = {}
PICKLE_DEPTH = 100_000  # levels the state's pickling may recurse: a chain of 100,000 articles
PICKLE_STACK = 1 << 30  # bytes reserved for its thread's stack (used only as it goes deep)


def hold(generator) -> None:
    """The portal's generator at the end of its output: the build's context and feed plan,
    for `save` (one build at a time per process: the build lock)."""
    _held["generator"] = generator


def held_state() -> dict | None:
    """What the keyed build that just ran made, as `save` keeps it (None if it made nothing)."""
    generator = _held.pop("generator", None)
    return None if generator is None else {"context": generator.context, "feeds": generator.feeds}


def state_path(build: IncrementalBuild) -> Path:
    return build.path.with_suffix(".state")


def edits_path(build: IncrementalBuild) -> Path:
    return build.path.with_suffix(".state-edits")


def save(build: IncrementalBuild, state: dict | None) -> None:
    """After a keyed build that succeeded, before its swap: what it built, for the next
    build's edited bodies. The token goes into the manifest (commit), so a state is only
    used with the manifest of the build that saved it."""
    path = state_path(build)
    edits_path(build).unlink(missing_ok=True)  # made on another state
    if state is None:
        path.unlink(missing_ok=True)
        return
    token = secrets.token_hex(8)
    if _write(path, (FORMAT, token), state):
        build.state = token


def save_edits(build: IncrementalBuild, base: str, bodies: dict[str, tuple]) -> None:
    """After a build of edited bodies: the bodies edited since the saved state `base` was
    made (a few kilobytes, where the state is tens of megabytes), which `_load` puts back
    into it. The manifest gets both tokens."""
    token = secrets.token_hex(8)
    if _write(edits_path(build), (FORMAT, base, token), bodies):
        build.state = f"{base}+{token}"


def _write(path: Path, header: tuple, data: object) -> bool:
    temporary = None
    try:
        ensure_directory(path.parent, path.parent.parent)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            _dump_deep(data, handle)
        os.replace(temporary, path)
    except Exception as error:  # noqa: BLE001 - an unpicklable setting only costs speed
        logger.info("Không lưu được trạng thái dựng (%s); lần sửa sau dựng theo khóa", error)
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        return False
    return True


def _dump_deep(data: object, handle) -> None:
    """`pickle.dump`, in a thread with room to recurse: pickling walks the context depth
    first (an article, its "Tin khác", theirs...), 589 levels deep at 5,000 articles,
    past Python's limit of 1,000 at 20,000: the state was never saved, every edit took
    the keyed build. Loading is not recursive."""
    failed: list[BaseException] = []

    def dump() -> None:
        try:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            failed.append(error)

    limit, size = sys.getrecursionlimit(), threading.stack_size(PICKLE_STACK)
    try:
        sys.setrecursionlimit(max(limit, PICKLE_DEPTH))
        thread = threading.Thread(target=dump, name="state")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if failed:
        raise failed[0]


def _load(build: IncrementalBuild) -> tuple[dict, str, dict[str, tuple]]:
    """The state the last keyed build saved (the build's own cache, like Pelican's pickles),
    its token, and the bodies edited since (not yet put back)."""
    token = build.stored.get("state")
    base, _, edits = token.partition("+") if isinstance(token, str) else ("", "", "")
    state = _read_saved(state_path(build), (FORMAT, base))
    bodies = _read_saved(edits_path(build), (FORMAT, base, edits)) if edits else {}
    if not (isinstance(state, dict) and isinstance(bodies, dict)):
        raise NotEligible("trạng thái đã lưu không phải của lần dựng trước")
    return state, base, bodies


def _read_saved(path: Path, header: tuple) -> object:
    # Without the cycle collector, which would walk the growing graph again and again as
    # its objects are made: 0.4 s instead of 1-1.7 s at 5,000 articles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle) if pickle.load(handle) == header else None
    except Exception as error:  # noqa: BLE001 - a damaged state: the keyed build
        raise NotEligible(f"không đọc được trạng thái đã lưu ({type(error).__name__})") from None
    finally:
        if collecting:
            gc.enable()


# -- what changed ------------------------------------------------------------------


def edited_files(build: IncrementalBuild) -> list[str]:
    """The content files (relative to PATH) whose lines differ from the last build's,
    when nothing else did: no file added, removed, replaced by a link, no other input.
    (That the live site is still the one the last build left is checked while Pagefind
    works: BodyEdits.check_live.)"""
    stored = build.stored or {}
    before, now = stored.get("entries"), build.entries
    if not (build.previous and isinstance(before, dict) and stored.get("state")):
        raise NotEligible("chưa có trạng thái của lần dựng trước")
    if not (_replayable(stored) and all(isinstance(line, str) for line in before.values())):
        raise NotEligible("bản ghi của lần dựng trước không đúng dạng")
    if before.keys() != now.keys():
        raise NotEligible("có tệp được thêm hoặc xóa")
    if before.get("today") != now.get("today"):
        raise NotEligible("ngày dựng đã đổi (tin nổi bật có thể hết hạn)")
    root = f"{build.settings[SETTINGS_KEY].content_path}/"
    extensions = tuple(f".{extension}" for extension in NewsMarkdownReader.file_extensions)
    edited = []
    for name in sorted(name for name in now if now[name] != before[name]):
        line = unchanged_line(now[name])
        if line is not None and stat.S_ISDIR(line[1]):
            continue  # a folder's times move when an editor saves through a new file
        if not (name.startswith(root) and name.endswith(extensions) and line and stat.S_ISREG(line[1])):
            raise NotEligible(f"{name} không phải bài Markdown sửa tại chỗ")
        edited.append(name[len(root) :])
    if not edited:
        raise NotEligible("không có bài nào sửa")
    if len(edited) > MAX_EDITED:
        raise NotEligible(f"{len(edited)} tệp đã sửa")
    return edited


def unchanged_line(encoded: str) -> list | None:
    """An input's line as unchanged.py wrote it: [name, mode, size, mtime, ctime, inode...]."""
    try:
        line = json.loads(encoded)
    except ValueError:
        return None
    return line if isinstance(line, list) and len(line) >= 6 and isinstance(line[1], int) else None


# -- the build -----------------------------------------------------------------------


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


@dataclass
class BodyEdits:
    """A build of edited bodies, planned (every check passed) before anything is written."""

    pelican: object
    build: IncrementalBuild
    state: dict
    generator: ArticlesGenerator
    edited: list[Article]
    rendered: list[Article] = field(default_factory=list)  # pages drawn again
    search_pages: dict | None = None  # the last build's search record's pages (search_index)
    base: str = ""  # the saved state's token
    bodies: dict[str, tuple] = field(default_factory=dict)  # edited since it was saved (save_edits)
    differs: list[str] = field(default_factory=list)  # the files written anew (spare.keep)
    started: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # NEWSROOM_REPORT_TIMINGS

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def _draw(self, staging: Path) -> dict[str, bytes]:
        """The pages and feeds this build changes, by path."""
        settings = self.pelican.settings
        self.generator.output_path = str(staging)
        written: dict[str, bytes] = {}
        with self.stage("pages"):
            for article in self.rendered:
                written[article.save_as] = draw(self.generator, article, False)
        made: dict = {}
        with self.stage("feeds"):
            for feed in self.state["feeds"]:
                if any(article is edited for article in feed.articles for edited in self.edited):
                    site = settings[SETTINGS_KEY].public_siteurl
                    written.update(feeds.render(feed, site, settings["SITENAME"], made))
        return written

    def _list(self, staging: Path, aside: frozenset[str]) -> None:
        """While Pagefind works: the staged site's listing lines and its pages' stat lines,
        for the manifest (commit); not the index's folder, listed when it is done, nor what
        the swap brings over (OUTPUT_RETENTION), listed after it."""
        build = self.build
        retained = self.pelican.output_retention
        with self.stage("listing"):
            left_out = frozenset({*aside, "pagefind/", *retained, *(f"{name}/" for name in retained)})
            build.listing_lines = unchanged.listing_lines(staging, left_out)
            build.known_stats = {
                save_as: entry[1:]
                for save_as, entry in build.previous.items()
                if isinstance(entry, list) and len(entry) == 4 and save_as not in self.differs
            }

    def check_live(self, aside: frozenset[str], written: dict[str, bytes]) -> None:
        """While Pagefind works: the live site is the one the last build left (its listing),
        and the staged one holds the very same files (inode, size, mtime) but those this
        build wrote and the search index (a kept site changed by hand is caught here). Else
        `LiveSiteMoved`: the staged site is thrown away and the keyed build runs."""
        build = self.build
        with self.stage("live site checked"):
            lines = unchanged.listing_lines(build.output, aside)
            if build.stored.get("listing") != unchanged.listing_digest(lines):
                raise LiveSiteMoved(f"thư mục {build.output} đã bị sửa từ lần dựng trước")
            retained = self.pelican.output_retention
            left_out = frozenset({*written, "pagefind/", *retained, *(f"{name}/" for name in retained)})
            live = [line for line in lines if not unchanged.is_left_out(line.split("\0", 1)[0], left_out)]
            staged = [line for line in build.listing_lines if line.split("\0", 1)[0] not in written]
            if unchanged.listing_digest(live) != unchanged.listing_digest(staged):
                raise LiveSiteMoved("thư mục dựng tạm không khớp trang đang chạy")

    def write(self, staging: Path) -> None:
        """The staged site: changed pages and feeds written, every other file linked."""
        build, settings = self.build, self.pelican.settings
        config = settings[SETTINGS_KEY]
        written = self._draw(staging)
        aside = unchanged.not_built_here(settings)  # written into the output by others
        skipped = {*aside, *self.pelican.output_retention}
        with self.stage("kept site"):  # the site before the last build, if kept, made this one
            adopted = spare.adopt(build.stored.get("spare"), build.output, staging, skipped)
        previous = build.previous.items()
        build.pages = {save_as: entry[0] for save_as, entry in previous if isinstance(entry, list)}
        for save_as, data in written.items():
            path = Path(sanitised_join(str(staging), save_as))
            live = Path(sanitised_join(str(build.output), save_as))
            path.parent.mkdir(parents=True, exist_ok=True)
            if _same_bytes(live, data):  # as the keyed build adopts an identical file: its mtime kept
                link(live, path)
                continue
            path.unlink(missing_ok=True)  # a link to the live file, in a kept site: never written through
            path.write_bytes(data)
            build.pages[save_as] = NEVER
            self.differs.append(save_as)
        language = settings.get("DEFAULT_LANG") or "vi"
        if config["SEARCH_INDEX"]:  # the changed shard indexed on the other core from now on
            search_index.start_edit_index(
                str(staging),
                language,
                live=build.output,
                previous=build.stored["search"],
                recorded=self.search_pages,
                written=list(written),
                smallest=config["SEARCH_SHARD_PAGES"],
            )
        if not adopted:
            with self.stage("links"):
                _link_site(build.output, staging, {*written, *skipped}, {"pagefind"})
        build.rendered = len(self.rendered)
        build.kept = build.stored.get("page_count", 0) - build.rendered
        build.messages.records = list(build.stored.get("messages", []))
        with self.stage("state saved"):
            save_edits(build, self.base, self.bodies)
        self._list(staging, aside)
        self.check_live(aside, written)
        if config["SEARCH_INDEX"]:
            with self.stage("search"):
                build.search = search_index.finish_index(str(staging), language, config["SEARCH_SHARD_PAGES"])
            listing = Path("pagefind", search_index.SHARDS_FILE)
            if _same_bytes(build.output / listing, (staging / listing).read_bytes()):
                link_over(build.output / listing, staging / listing)
        build.listing_lines += unchanged.listing_lines(staging / "pagefind", aside, "pagefind/")
        if config["NEWSROOM_REPORT_TIMINGS"]:  # the line `invoke bench` reads, as generator.py gives it
            timings = {"stages": self.timings, "qr_made": 0, "read_ahead": 0}
            logger.warning("NEWSROOM_TIMINGS %s", json.dumps(timings, sort_keys=True))

    def report(self) -> None:
        """After the swap: the last build's messages (nothing here adds one), then a line."""
        unchanged.replay(self.build.stored, self.pelican.settings)
        names = ", ".join(article.relative_source_path for article in self.edited)
        what = f"chỉ nội dung bài đã sửa ({names})" if names else "tệp lưu lại không đổi nội dung"
        console.print(
            f"Xong: {what}; {self.build.rendered} trang dựng lại "
            f"trong {time.perf_counter() - self.started:.2f} giây."
        )


def plan(pelican, build: IncrementalBuild) -> BodyEdits | None:
    """The build of edited bodies when every check passes, else None (the keyed build)."""
    started = time.perf_counter()
    _held.pop("generator", None)  # a failed build's, never saved
    try:
        return _plan(pelican, build, edited_files(build), started)
    except NotEligible as reason:
        gc.unfreeze()
        logger.info("Dựng theo khóa: %s", reason)
        return None
    except Exception as error:  # noqa: BLE001 - a state or record this code cannot take: the keyed build
        gc.unfreeze()
        logger.info("Dựng theo khóa: trạng thái đã lưu không dùng được (%s: %s)", type(error).__name__, error)
        return None


def _plan(pelican, build: IncrementalBuild, files: list[str], started: float) -> BodyEdits:
    settings = pelican.settings
    config = settings[SETTINGS_KEY]
    if config["RELATED_NEWS_EXPLAIN"]:
        raise NotEligible("RELATED_NEWS_EXPLAIN đang bật")
    search_pages = search_index.recorded_pages(build.stored.get("search"))
    if config["SEARCH_INDEX"] and search_pages is None:
        raise NotEligible("bản ghi chỉ mục tìm kiếm của lần dựng trước không dùng được")
    timings: dict[str, float] = {}
    state, base, bodies = _load(build)
    # Out of the cycle collector's sight (until the next build, StagedPelican.run): its
    # passes would walk the whole state again (0.4 s of the ranking alone at 5,000 articles).
    gc.freeze()
    context = state["context"]
    articles = context["articles"]
    by_source = {article.relative_source_path: article for article in articles}
    for path, body in bodies.items():  # the bodies edited since the state was saved
        if path not in by_source or not _put_body(by_source[path], *body):
            raise NotEligible("trạng thái đã lưu không phải của lần dựng trước")
    timings["state loaded"] = time.perf_counter() - started
    classes = pelican._get_generator_classes()
    generator_class = next(cls for cls in classes if issubclass(cls, ArticlesGenerator))
    generator = generator_class(
        context=context,
        # Each edited file read as it is: Pelican's content cache not loaded (0.6 s at 5,000).
        settings={**settings, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
        path=pelican.path,
        theme=pelican.theme,
        output_path=pelican.output_path,
    )
    known = {tuple(row) for row in build.stored.get("messages", [])}
    edited = []
    for path in files:
        held = by_source.get(path)
        if held is None:
            raise NotEligible(f"{path} không phải bài đã đăng")
        fresh = _read(generator, path, known)
        if _take_body(held, fresh):
            edited.append(held)  # a file saved unchanged draws nothing
            bodies[path] = (fresh._content, fresh.metadata.get(TERMS), getattr(fresh, TERMS, None))
    before = {article.slug: article.related_entries for article in articles}
    ranked = time.perf_counter()
    link_related(articles, config, document_key, TERMS)
    timings["related"] = time.perf_counter() - ranked
    changed = [article for article in articles if article.related_entries != before[article.slug]]
    rendered = list({id(a): a for a in [*edited, *changed]}.values())
    return BodyEdits(
        pelican,
        build,
        state,
        generator,
        edited,
        rendered,
        search_pages,
        base,
        bodies,
        started=started,
        timings=timings,
    )


def _read(generator: ArticlesGenerator, path: str, known: set[tuple]) -> Article:
    """The file read as the build reads it; no message the last build did not give."""
    heard = _Heard()
    root = logging.getLogger()
    root.addHandler(heard)
    try:
        fresh = generator.readers.read_file(
            base_path=generator.path, path=path, content_class=Article, context=generator.context
        )
    except Exception as error:  # noqa: BLE001 - the keyed build reports it in the editor's words
        raise NotEligible(f"{path}: đọc lỗi ({type(error).__name__})") from None
    finally:
        root.removeHandler(heard)
    new = [row for row in heard.records if tuple(row) not in known]
    if new:
        raise NotEligible(f"{path}: có thông báo mới ({new[0][2][:80]})")
    return fresh


def _take_body(held: Article, fresh: Article) -> bool:
    """`held` given `fresh`'s body, when that is all that changed for what others show;
    whether the body changed at all."""
    source = held.relative_source_path
    if fresh.metadata.get(PROBLEMS) != held.metadata.get(PROBLEMS):
        raise NotEligible(f"{source}: các vấn đề của tệp đã đổi")
    changed = changed_fields(held, fresh)
    if changed:
        raise NotEligible(f"{source}: đổi trường {', '.join(changed)}")
    old = copy.copy(held)  # what the last build showed, to compare with
    if set(BODY_FRAME.findall(fresh._content or "")) != set(BODY_FRAME.findall(old._content or "")):
        raise NotEligible(f"{source}: đổi video nhúng")
    if not _put_body(held, fresh._content, fresh.metadata.get(TERMS), getattr(fresh, TERMS, None)):
        raise NotEligible(f"{source}: thêm ảnh mới vào bài")
    if list(_summary(held)) != list(_summary(old)):
        raise NotEligible(f"{source}: đổi phần tóm tắt (hiện ở các trang danh sách)")
    parsed = parse_bodies([old, held])
    if parsed[id(old)] != parsed[id(held)]:
        raise NotEligible(f"{source}: đổi liên kết hoặc ảnh trong bài")
    return held._content != old._content or getattr(held, TERMS, None) != getattr(old, TERMS, None)


def _put_body(held: Article, content: str, metadata_terms: object, terms: object) -> bool:
    """`held` given a body as read (and the terms "Tin khác" is ranked by), its photos drawn
    from those already made; False when it shows one not made."""
    made = list(getattr(held, "photos", None) or [])
    held._content = content
    held.metadata = {**held.metadata, TERMS: metadata_terms}
    setattr(held, TERMS, terms)
    return photos.reattach_body(held, made)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_site(live: Path, staging: Path, left_out: set[str], folders_left_out: set[str]) -> None:
    """Every file of the live site linked into the staged one, but `left_out`."""
    prefix = os.path.join(str(live), "")
    for folder, folders, files in os.walk(live):
        relative = folder[len(prefix) :] if folder != str(live) else ""
        if not relative:
            folders[:] = [name for name in folders if name not in folders_left_out]
        target = os.path.join(str(staging), relative)
        if relative:  # its parent made just before (a walk from the top); a written page's may be there
            with suppress(FileExistsError):
                os.mkdir(target)
        for name in files:
            save_as = f"{relative}/{name}" if relative else name
            if save_as not in left_out:
                link(os.path.join(folder, name), os.path.join(target, name))
