"""The site's full-text search index: Pagefind, in shards, after the pages are written.

Pagefind runs on the finished folder (before it is swapped in), indexing only
what the templates mark with `data-pagefind-body`: the articles' own text, not
navigation or "Tin khác". It is given a folder of hard links to the marked
pages only, at their own paths (it parses every HTML file it is given, and its
time and memory grow faster than the number of files).

Pagefind cannot add a page to an index it made: one edit would index every
page again (5,000 articles: 8 s and 670 MB). So the index is cut into shards
of consecutive months (`shards`), each a whole Pagefind bundle under
`pagefind/<first month>/`, listed newest first in `pagefind/shards.json`; the
search page merges them (Pagefind's `mergeIndex`). A shard whose pages are
byte for byte the ones the last good build indexed (`digest`) is linked from
the live site; only a changed shard is indexed again, so one edit costs one
shard. Months are grouped from the oldest until a shard holds `size` pages, so
new articles only ever change the newest shard. Pages with no date (the
template's `data-pagefind-sort="date:…"`) share one shard, `trang`.

Indexing starts as soon as the marked pages are written (after Pelican's
articles and pages, `start_index`), on the other core, one shard after
another, while the build makes its listings, feeds and files; at the end
(`finish_index`) the build indexes what is left on both cores, then indexes
again any shard one of whose pages was written, replaced or removed since.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .problems import PortalError
from .swap import fault_point

logger = logging.getLogger(__name__)

MARK = b"data-pagefind-body"
DATE = re.compile(rb'data-pagefind-sort="date:(\d{4})-(\d{2})')
UNDATED = "trang"  # the shard of pages with no date (the portal's own pages)
SHARDS_FILE = "shards.json"
SHARD_PAGES = 1000  # the default of SEARCH_SHARD_PAGES
FORMAT = 1  # bump when a shard's digest or the record changes meaning
# Pagefind's ready-made search interfaces: the portal draws its own (search.js).
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)")
# Runs Pagefind (whose module execs its binary) killed with the build, even by SIGKILL:
# a killed build's Pagefind would otherwise go on writing into a folder being removed.
WITH_PARENT = """
import ctypes, runpy, signal, sys
try:
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
except (OSError, AttributeError):
    pass
sys.argv[0] = "pagefind"
runpy.run_module("pagefind", run_name="__main__")
"""


@dataclass(frozen=True)
class Marked:
    """A page for the index: its file's identity (unchanged identity, unchanged bytes: the
    writer never writes a file in place), its bytes' digest, its month if dated."""

    identity: tuple[int, int, int]  # inode, size, mtime (as the incremental writer knows a file)
    digest: bytes
    month: str | None


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    # Not the ctime: linking a kept page into the staged site or a shard's folder changes it.
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _recorded(entry: object) -> tuple[tuple[int, int, int], Marked | None] | None:
    """A page of the last good build's record: (identity, Marked or None if not marked),
    or None when the entry is not one finish_index wrote."""
    if not (isinstance(entry, list) and len(entry) == 5 and all(type(n) is int for n in entry[:3])):
        return None
    identity, digest, month = tuple(entry[:3]), entry[3], entry[4]
    if digest is None:
        return identity, None
    if not (isinstance(digest, str) and len(digest) == 32 and (month is None or isinstance(month, str))):
        return None
    try:
        return identity, Marked(identity, bytes.fromhex(digest), month)
    except ValueError:
        return None


def scan(
    site: Path,
    known: dict[Path, Marked] | None = None,
    everything: bool = False,
    recorded: dict | None = None,
    seen: dict[str, list] | None = None,
) -> dict[Path, Marked]:
    """The HTML files under `site` a template marked for the index (every one with
    `everything`), by relative path. A file is not read again when its identity is in
    `known`, or in `recorded` (the last good build's pages: a page it kept is a link to
    that build's file). `seen` gets every HTML file's record entry, marked or not."""
    known = known or {}
    recorded = recorded if isinstance(recorded, dict) and not everything else {}
    found: dict[Path, Marked] = {}
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = sorted(d for d in subfolders if not (folder == str(site) and d == "pagefind"))
        prefix = os.path.relpath(folder, site).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            relative = Path(prefix + name)
            try:
                identity = _identity(os.stat(path))
                marked = known.get(relative)
                if marked is None or marked.identity != identity:
                    before = _recorded(recorded.get(prefix + name))
                    marked = before[1] if before is not None and before[0] == identity else False
                if marked is False:
                    marked = _mark(Path(path).read_bytes(), identity, everything)
            except FileNotFoundError:
                continue
            if marked is not None:
                found[relative] = marked
            if seen is not None:
                seen[prefix + name] = _entry(identity, marked)
    return found


def _mark(data: bytes, identity: tuple[int, int, int], everything: bool = False) -> Marked | None:
    """A page's Marked, or None when no template marked it for the index."""
    if not (everything or MARK in data):
        return None
    dated = DATE.search(data)
    month = f"{dated[1].decode()}-{dated[2].decode()}" if dated else None
    return Marked(identity, hashlib.blake2b(data, digest_size=16).digest(), month)


def _entry(identity: tuple[int, int, int], marked: Marked | None) -> list:
    """A page's line in the record (what `_recorded` reads back)."""
    return [*identity, marked.digest.hex(), marked.month] if marked else [*identity, None, None]


def marked_pages(site: Path) -> list[Path]:
    """The HTML files under `site` that a template marked for the index, as relative paths."""
    return sorted(scan(Path(site)))


def shard_size(dated: int, smallest: int) -> int:
    """Pages per shard: `smallest`, doubled as the site grows past 16 shards (so that a
    search opens few files); it changes only when the site doubles, re-cutting every shard."""
    if dated <= 16 * smallest:
        return smallest
    return smallest * 2 ** math.ceil(math.log2(dated / (16 * smallest)))


def shards(pages: dict[Path, Marked], smallest: int = SHARD_PAGES) -> dict[str, list[Path]]:
    """The pages cut into shards of consecutive months, newest first, named by their first
    month; grouped from the oldest, so a new article changes the newest shard only."""
    months: dict[str, list[Path]] = {}
    undated: list[Path] = []
    for path in sorted(pages):
        month = pages[path].month
        (months.setdefault(month, []) if month else undated).append(path)
    size = shard_size(sum(map(len, months.values())), smallest)
    cut: list[tuple[str, list[Path]]] = []
    for month in sorted(months):
        if not cut or len(cut[-1][1]) >= size:
            cut.append((month, []))
        cut[-1][1].extend(months[month])
    ordered = dict(reversed(cut))
    if undated:
        ordered[UNDATED] = undated
    return ordered


def digest(pages: dict[Path, Marked], paths: list[Path], language: str) -> str:
    """What a shard's index is made of: its pages (paths and bytes), Pagefind's version,
    the language."""
    whole = hashlib.blake2b(digest_size=16)
    whole.update(json.dumps([FORMAT, _pagefind_version(), language]).encode())
    for path in sorted(paths):
        whole.update(path.as_posix().encode() + b"\0" + pages[path].digest)
    return whole.hexdigest()


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def link_tree(site: Path, pages: list[Path], into: Path, fallback: Path | None = None) -> None:
    """Hard links (copies across file systems) to `pages` of `site` (of `fallback` when not
    there yet), at the same paths in `into`; a page removed meanwhile is left out (the
    shard is indexed again at the end)."""
    for page in pages:
        target = into / page
        target.parent.mkdir(parents=True, exist_ok=True)
        for source in [site / page] + ([fallback / page] if fallback is not None else []):
            try:
                os.link(source, target)
            except FileNotFoundError:
                continue
            except OSError:
                try:
                    shutil.copyfile(source, target)
                except FileNotFoundError:
                    continue
            break


def bundle_files(bundle: Path) -> dict[str, int]:
    """A shard's files (relative path -> size)."""
    return {
        p.relative_to(bundle).as_posix(): p.stat().st_size for p in sorted(bundle.rglob("*")) if p.is_file()
    }


def reuse(previous: Path, bundle: Path, files: dict[str, int]) -> bool:
    """Link the live site's shard `previous` into `bundle` if it still holds `files`."""
    if not isinstance(files, dict) or not files:
        return False
    if any(".." in Path(name).parts or Path(name).is_absolute() for name in files):
        return False
    try:
        if bundle_files(previous) != files:
            return False
    except OSError:
        return False
    for relative in files:
        target = bundle / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(previous / relative, target)
        except OSError:
            shutil.copy2(previous / relative, target)
    return True


def _holds(bundle: Path, previous: Path, files: object) -> bool:
    """Whether `bundle` holds `files` as links to the live site's shard `previous` (a site
    kept by spare.py holds the live files of every shard the last build did not index)."""
    if not (isinstance(files, dict) and files and bundle.is_dir()):
        return False
    try:
        if bundle_files(bundle) != files:
            return False
        return all(os.stat(bundle / name).st_ino == os.stat(previous / name).st_ino for name in files)
    except (OSError, ValueError):
        return False


@dataclass
class Job:
    name: str
    pages: list[Path]
    digest: str


@dataclass
class Indexer:
    """Shards indexed one after another by a background thread; `finish` lends it the
    calling thread too. Each shard gets its own folder of links under `tree`."""

    site: Path
    tree: Path
    language: str
    jobs: list[Job] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    processes: set = field(default_factory=set)
    errors: list[BaseException] = field(default_factory=list)
    stopped: bool = False
    thread: threading.Thread | None = None
    fallback: Path | None = None  # where a page not yet in `site` is (link_tree)

    def queue(self, job: Job) -> None:
        with self.lock:
            self.jobs.append(job)

    def start(self) -> None:
        """The background thread, unless one is still at work (a job it misses as it ends
        is done by `finish`)."""
        if self.thread is not None and self.thread.is_alive():
            return
        self.thread = threading.Thread(target=self._work, name="pagefind", daemon=True)
        self.thread.start()

    def finish(self) -> None:
        """Index what is left, on this thread as well; raise the first failure."""
        self._work()
        if self.thread is not None:
            self.thread.join()
        if self.errors:
            raise self.errors[0]

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            self.jobs.clear()
            running = list(self.processes)
        for process in running:
            if process.poll() is None:
                process.kill()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join()
        shutil.rmtree(self.tree, ignore_errors=True)

    def _next(self) -> Job | None:
        with self.lock:
            if self.stopped or self.errors or not self.jobs:
                return None
            return self.jobs.pop(0)

    def _work(self) -> None:
        while (job := self._next()) is not None:
            try:
                self._index(job)
            except BaseException as error:  # noqa: BLE001 - reported by finish()
                with self.lock:
                    self.errors.append(error)

    def _index(self, job: Job) -> None:
        pages = self.tree / job.name
        bundle = self.site / "pagefind" / job.name
        shutil.rmtree(pages, ignore_errors=True)
        shutil.rmtree(bundle, ignore_errors=True)
        link_tree(self.site, job.pages, pages, self.fallback)
        fault_point("indexing")
        with self.lock:
            if self.stopped:
                return
            process = subprocess.Popen(
                pagefind_command(pages, bundle, self.language),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            self.processes.add(process)
        try:
            out, err = process.communicate()
        finally:
            with self.lock:
                self.processes.discard(process)
        shutil.rmtree(pages, ignore_errors=True)
        if self.stopped:
            return
        _check(process.returncode, out, err)
        for unused in bundle.iterdir():
            if UNUSED.fullmatch(unused.name):
                unused.unlink()


@dataclass
class IndexRun:
    """The index of one site being made: the pages as they were when it started, and the
    digest each shard was (or is being) indexed from."""

    site: Path
    language: str
    smallest: int
    pages: dict[Path, Marked]
    indexed: dict[str, str]
    indexer: Indexer
    recorded: dict | None = None  # the last good build's pages, when its site is the live one
    linked: dict[str, dict] = field(default_factory=dict)  # shards linked from the live site: their files
    seen: dict[str, list] | None = None  # every page's record entry, when known at the start


_running: dict[Path, IndexRun] = {}


def start_index(
    site: str,
    language: str = "vi",
    *,
    live: Path | None = None,
    previous: dict | None = None,
    smallest: int = SHARD_PAGES,
) -> IndexRun:
    """Start indexing the marked pages written so far, in the background. A shard of the
    `previous` record (the last good build's, whose site is `live`) with the same digest
    is linked from `live` instead."""
    site_path = Path(site).resolve()
    abandon(site_path)
    same_format = live is not None and (previous or {}).get("format") == FORMAT
    recorded = previous.get("pages") if same_format else None
    pages = scan(site_path, recorded=recorded)
    # Named after the site folder, so that a killed build's leftover is removed with
    # the staging folder's (swap.recover); on the same file system, so links work.
    tree = Path(tempfile.mkdtemp(prefix=f"{site_path.name}.search-", dir=site_path.parent))
    run = IndexRun(site_path, language, smallest, pages, {}, Indexer(site_path, tree, language), recorded)
    _running[site_path] = run
    try:
        _plan(run, pages or scan(site_path, everything=True), live, previous)
    except BaseException:
        abandon(site_path)
        raise
    run.indexer.start()
    return run


def _plan(run: IndexRun, pages: dict[Path, Marked], live: Path | None, previous: dict | None) -> int:
    """Queue the changed shards and start indexing them, then link the unchanged ones from
    `live` (queued too when that fails); how many were queued."""
    known = (previous or {}).get("shards") if (previous or {}).get("format") == FORMAT else None
    queued, unchanged = 0, []
    for name, paths in shards(pages, run.smallest).items():
        shard_digest = digest(pages, paths, run.language)
        if run.indexed.get(name) == shard_digest:
            continue
        run.indexed[name] = shard_digest
        kept = isinstance(known, dict) and isinstance(known.get(name), dict) and live is not None
        if kept and known[name].get("digest") == shard_digest:
            unchanged.append(Job(name, paths, shard_digest))
            continue
        run.indexer.queue(Job(name, paths, shard_digest))
        run.linked.pop(name, None)
        queued += 1
    if queued:
        run.indexer.start()  # the changed shards begin before the unchanged ones are linked
    for job in unchanged:
        bundle = run.site / "pagefind" / job.name
        if _holds(bundle, live / "pagefind" / job.name, known[job.name].get("files")):  # a kept site's
            run.linked[job.name] = known[job.name]["files"]
            continue
        shutil.rmtree(bundle, ignore_errors=True)
        if reuse(live / "pagefind" / job.name, bundle, known[job.name].get("files")):
            run.linked[job.name] = known[job.name]["files"]
            continue
        shutil.rmtree(bundle, ignore_errors=True)
        run.indexer.queue(job)
        queued += 1
    return queued


def finish_index(site: str, language: str = "vi", smallest: int = SHARD_PAGES) -> dict:
    """Wait for the index started by `start_index` (indexing what is left on this core too);
    index again each shard one of whose pages was written, replaced or removed since; write
    `pagefind/shards.json`. Returns the record the next build reuses shards by. Raises
    PortalError with Pagefind's words on failure."""
    site_path = Path(site).resolve()
    run = _running.get(site_path)
    if run is None or run.language != language:
        run = start_index(site, language, smallest=smallest)
    try:
        run.indexer.finish()
        if run.seen is None:  # pages may have been written since the start: look again
            seen: dict[str, list] = {}
            pages = scan(site_path, run.pages, recorded=run.recorded, seen=seen)
            if not pages:
                pages = scan(site_path, run.pages, everything=True, seen=seen)
        else:  # start_edit_index: every page was in place at the start
            seen, pages = run.seen, run.pages
        final = shards(pages, run.smallest)
        for name in set(run.indexed) - set(final):
            shutil.rmtree(site_path / "pagefind" / name, ignore_errors=True)
            del run.indexed[name]
        if _plan(run, pages, None, None):
            logger.info("Chỉ mục tìm kiếm: có trang ghi sau khi Pagefind bắt đầu; lập chỉ mục lại")
            run.indexer.start()
            run.indexer.finish()
        listing = {"shards": list(final)}
        (site_path / "pagefind").mkdir(exist_ok=True)
        (site_path / "pagefind" / SHARDS_FILE).unlink(missing_ok=True)  # perhaps a link to the live one
        (site_path / "pagefind" / SHARDS_FILE).write_text(json.dumps(listing, ensure_ascii=False), "utf-8")
        return {
            "format": FORMAT,
            "pages": seen,  # what the next build need not read again (scan)
            "shards": {
                name: {
                    "digest": run.indexed[name],
                    "files": run.linked.get(name) or bundle_files(site_path / "pagefind" / name),
                }
                for name in final
            },
        }
    finally:
        _running.pop(site_path, None)
        run.indexer.stop()


def recorded_pages(previous: dict | None) -> dict[str, tuple] | None:
    """The last good build's pages as its record holds them ({path: (identity, Marked or
    None)}); None when the record is not one finish_index wrote or marks no page."""
    if not (isinstance(previous, dict) and previous.get("format") == FORMAT):
        return None
    entries = previous.get("pages")
    if not (isinstance(entries, dict) and isinstance(previous.get("shards"), dict)):
        return None
    found = {}
    for path, entry in entries.items():
        recorded = _recorded(entry)
        if recorded is None:
            return None
        found[path] = recorded
    return found if any(marked for _, marked in found.values()) else None


def start_edit_index(
    site: str,
    language: str,
    *,
    live: Path,
    previous: dict,
    recorded: dict[str, tuple],
    written: list[str],
    smallest: int = SHARD_PAGES,
) -> IndexRun:
    """start_index for a staged site made of the live one's pages (the last good build's:
    `recorded` from its `previous` record) but the pages `written`, which are in place: only
    those are read; a page not yet linked into the site is taken from `live`. So Pagefind
    starts before the site is linked, and finish_index looks at no page again."""
    site_path = Path(site).resolve()
    abandon(site_path)
    seen = {path: previous["pages"][path] for path in recorded}
    pages = {Path(path): marked for path, (_, marked) in recorded.items() if marked is not None}
    for path in written:
        if not path.endswith(".html"):
            continue
        file = site_path / path
        identity = _identity(file.stat())
        marked = _mark(file.read_bytes(), identity)
        seen[path] = _entry(identity, marked)
        pages.pop(Path(path), None)
        if marked is not None:
            pages[Path(path)] = marked
    tree = Path(tempfile.mkdtemp(prefix=f"{site_path.name}.search-", dir=site_path.parent))
    indexer = Indexer(site_path, tree, language, fallback=Path(live).resolve())
    run = IndexRun(site_path, language, smallest, pages, {}, indexer, seen=seen)
    _running[site_path] = run
    try:
        _plan(run, pages, live, previous)
    except BaseException:
        abandon(site_path)
        raise
    run.indexer.start()
    return run


def abandon(site: Path | None = None) -> None:
    """Stop the index running on `site` (every site when None), e.g. when its build failed."""
    for path in [Path(site).resolve()] if site is not None else list(_running):
        run = _running.pop(path, None)
        if run is not None:
            run.indexer.stop()


def build_index(site: str, language: str = "vi", smallest: int = SHARD_PAGES) -> dict:
    """Write `pagefind/` into `site` at once, every shard indexed; the record."""
    start_index(site, language, smallest=smallest)
    return finish_index(site, language, smallest)


def pagefind_command(pages: Path, bundle: Path, language: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        WITH_PARENT,
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--force-language",
        language,
        "--quiet",
    ]


def _check(returncode: int, out: str, err: str) -> None:
    if returncode:
        raise PortalError(
            "Không tạo được chỉ mục tìm kiếm (Pagefind): "
            + ((err or "").strip() or (out or "").strip() or f"mã lỗi {returncode}")
        )
