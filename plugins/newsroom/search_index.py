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
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .problems import PortalError
from .swap import fault_point

MARK = b"data-pagefind-body"


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


def build_index(site: str, language: str = "vi") -> None:
    """Write `pagefind/` into `site`; raise PortalError with Pagefind's words on failure."""
    site_path = Path(site).resolve()
    pages = marked_pages(site_path)
    if not pages:  # nothing marked: Pagefind indexes every page, as it would the site
        run_pagefind(site_path, site_path, language)
        return
    # Named after the site folder, so that a killed build's leftover is removed with
    # the staging folder's (swap.recover); on the same file system, so links work.
    tree = Path(tempfile.mkdtemp(prefix=f"{site_path.name}.search-", dir=site_path.parent))
    try:
        link_tree(site_path, pages, tree)
        fault_point("indexing")
        run_pagefind(tree, site_path, language)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def run_pagefind(pages: Path, site: Path, language: str) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages),
        "--output-path",
        str(site / "pagefind"),
        "--force-language",
        language,
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise PortalError(
            "Không tạo được chỉ mục tìm kiếm (Pagefind): "
            + (done.stderr.strip() or done.stdout.strip() or f"mã lỗi {done.returncode}")
        )
