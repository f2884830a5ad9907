"""Gzip copies of the text files, made once per build, served by nginx's gzip_static.

Our own, not pelican-precompress: that plugin compresses settings["OUTPUT_PATH"],
but the portal builds into a staging folder and swaps it in afterwards
(newsroom.staging), so at the plugin's signal the files are not there yet.
This runs on the finished production folder, after Pagefind. The bytes are
deterministic (no name, no time in the gzip header), so an unchanged page
gives an unchanged .gz and rsync hard-links it like the page.

Compressing is the slow part (about 1 ms a page: 20 s for 20,000 pages), so
with a `cache` folder each .gz is kept under its source's SHA-256 and a
rebuild compresses only pages whose bytes changed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

# Pagefind's .pf_* files are gzip already; images and PDFs do not shrink.
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".mjs")
MIN_SIZE = 256  # smaller files gain nothing after headers
LEVEL = 9


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def precompress(folder: Path, cache: Path | None = None) -> int:
    """Write `NAME.gz` beside every text file of `folder` that shrinks; return how many.

    With `cache`, reuse the .gz of identical bytes from earlier builds; entries
    this build did not use are removed, so the cache stays the size of one site.
    """
    written = 0
    used: set[Path] = set()
    for directory, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(TEXT_SUFFIXES):
                continue
            path = Path(directory) / name
            data = path.read_bytes()
            if len(data) < MIN_SIZE:
                continue
            packed_path = path.with_name(name + ".gz")
            if cache is not None:
                digest = hashlib.sha256(data).hexdigest()
                kept = cache / digest[:2] / f"{digest}.gz"
                used.add(kept)
                if kept.exists():
                    if kept.stat().st_size:  # empty: this content does not shrink
                        _link_or_copy(kept, packed_path)
                        written += 1
                    continue
            packed = gzip_bytes(data)
            if len(packed) >= len(data):
                packed = b""  # remembered as "does not shrink"
            else:
                packed_path.write_bytes(packed)
                written += 1
            if cache is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(packed)
    if cache is not None:
        _forget_unused(cache, used)
    return written


def _link_or_copy(source: Path, destination: Path) -> None:
    # A hard link is cheapest; nothing writes to a finished build's .gz files.
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def _forget_unused(cache: Path, used: set[Path]) -> None:
    for entry in cache.glob("*/*.gz"):
        if entry not in used:
            entry.unlink()
