"""The site's full-text search index, made by Pagefind after the pages are written.

Pagefind runs on the finished folder (before it is swapped in), indexing only
what the templates mark with `data-pagefind-body`: the articles' own text, not
navigation or "Tin khác".

Pagefind parses every HTML file it is given, marked or not, and its time and
memory grow faster than the number of files (5,002 articles among 9,161 pages:
14 s and 840 MB; the articles alone: 8 s and 670 MB). So it is given a folder
of hard links to the marked pages only, at their own paths: the URLs, and so
the index, are those of the whole site (Pagefind's filter files differ from run
to run anyway: its own ordering).

It starts as soon as the marked pages are written (after Pelican's articles and
pages, `start_index`), on the other core, while the build makes its listings,
feeds and files; at the end (`finish_index`) the build waits for it, unless a
marked page was written, replaced or removed since: then it indexes again.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .problems import PortalError
from .swap import fault_point

logger = logging.getLogger(__name__)

MARK = b"data-pagefind-body"
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


def marked_pages(site: Path) -> list[Path]:
    """The HTML files under `site` that a template marked for the index, as relative paths."""
    found = []
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = sorted(d for d in subfolders if not (folder == str(site) and d == "pagefind"))
        for name in sorted(names):
            if name.endswith(".html"):
                path = Path(folder, name)
                if MARK in path.read_bytes():
                    found.append(path.relative_to(site))
    return found


def link_tree(site: Path, pages: list[Path], into: Path) -> None:
    """Hard links (copies across file systems) to `pages` of `site`, at the same paths in `into`."""
    for page in pages:
        target = into / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copyfile(site / page, target)


@dataclass
class IndexRun:
    """Pagefind running on a snapshot of the site's marked pages (hard links in `tree`)."""

    site: Path
    tree: Path
    pages: dict[Path, int]  # marked page -> inode of the file Pagefind was given
    started_ns: int
    process: subprocess.Popen


_running: dict[Path, IndexRun] = {}
CLOCK_MARGIN_NS = 1_000_000_000


def start_index(site: str, language: str = "vi") -> IndexRun | None:
    """Start Pagefind on the marked pages written so far, in the background; None when
    none is marked (then the whole site is indexed at the end, see `build_index`)."""
    site_path = Path(site).resolve()
    abandon(site_path)
    # Files are stamped by the kernel's coarse clock (a tick behind): a margin, so that no
    # page written after this instant looks older than it.
    started_ns = time.time_ns() - CLOCK_MARGIN_NS
    pages = marked_pages(site_path)
    if not pages:
        return None
    # Named after the site folder, so that a killed build's leftover is removed with
    # the staging folder's (swap.recover); on the same file system, so links work.
    tree = Path(tempfile.mkdtemp(prefix=f"{site_path.name}.search-", dir=site_path.parent))
    try:
        link_tree(site_path, pages, tree)
        inodes = {page: (tree / page).stat().st_ino for page in pages}
        fault_point("indexing")
        process = subprocess.Popen(
            pagefind_command(tree, site_path, language),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except BaseException:
        shutil.rmtree(tree, ignore_errors=True)
        raise
    run = _running[site_path] = IndexRun(site_path, tree, inodes, started_ns, process)
    return run


def finish_index(site: str, language: str = "vi") -> None:
    """Wait for the index started by `start_index`, if the pages it was given are still the
    site's marked pages; otherwise (a marked page written, replaced or removed since) index
    again from the finished site. Raise PortalError with Pagefind's words on failure."""
    site_path = Path(site).resolve()
    run = _running.pop(site_path, None)
    if run is None:
        build_index(site, language)
        return
    try:
        if not _still_marked(run):
            _stop(run.process)
            shutil.rmtree(site_path / "pagefind", ignore_errors=True)
            logger.info("Chỉ mục tìm kiếm: có trang ghi sau khi Pagefind bắt đầu; lập chỉ mục lại")
            build_index(site, language)
            return
        out, err = run.process.communicate()
        _check(run.process.returncode, out, err)
    finally:
        shutil.rmtree(run.tree, ignore_errors=True)


def abandon(site: Path | None = None) -> None:
    """Stop the index running on `site` (every site when None), e.g. when its build failed."""
    for path in [Path(site).resolve()] if site is not None else list(_running):
        run = _running.pop(path, None)
        if run is not None:
            _stop(run.process)
            shutil.rmtree(run.tree, ignore_errors=True)


def _still_marked(run: IndexRun) -> bool:
    """True when the site's marked pages are the files Pagefind was given: none of them
    replaced or removed (a rewritten page is a new inode), none marked written since."""
    for page, inode in run.pages.items():
        try:
            if (run.site / page).stat().st_ino != inode:
                return False
        except OSError:
            return False
    for folder, subfolders, names in os.walk(run.site):
        subfolders[:] = [d for d in subfolders if not (folder == str(run.site) and d == "pagefind")]
        for name in names:
            if name.endswith(".html"):
                path = Path(folder, name)
                new = (
                    path.stat().st_ctime_ns >= run.started_ns and path.relative_to(run.site) not in run.pages
                )
                if new and MARK in path.read_bytes():
                    return False
    return True


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate()


def build_index(site: str, language: str = "vi") -> None:
    """Write `pagefind/` into `site` at once; raise PortalError with Pagefind's words on failure."""
    site_path = Path(site).resolve()
    pages = marked_pages(site_path)
    if not pages:  # nothing marked: Pagefind indexes every page, as it would the site
        run_pagefind(site_path, site_path, language)
        return
    tree = Path(tempfile.mkdtemp(prefix=f"{site_path.name}.search-", dir=site_path.parent))
    try:
        link_tree(site_path, pages, tree)
        fault_point("indexing")
        run_pagefind(tree, site_path, language)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def pagefind_command(pages: Path, site: Path, language: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        WITH_PARENT,
        "--site",
        str(pages),
        "--output-path",
        str(site / "pagefind"),
        "--force-language",
        language,
        "--quiet",
    ]


def run_pagefind(pages: Path, site: Path, language: str) -> None:
    done = subprocess.run(
        pagefind_command(pages, site, language),
        capture_output=True,
        text=True,
        check=False,
    )
    _check(done.returncode, done.stdout, done.stderr)


def _check(returncode: int, out: str, err: str) -> None:
    if returncode:
        raise PortalError(
            "Không tạo được chỉ mục tìm kiếm (Pagefind): "
            + ((err or "").strip() or (out or "").strip() or f"mã lỗi {returncode}")
        )
