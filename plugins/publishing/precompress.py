"""Gzip copies of the text files, made once per build, served by nginx's gzip_static.

Our own, not pelican-precompress: that plugin compresses settings["OUTPUT_PATH"],
but the portal builds into a staging folder and swaps it in afterwards
(newsroom.staging), so at the plugin's signal the files are not there yet.
This runs on the finished production folder, after Pagefind. The bytes are
deterministic (no name, no time in the gzip header), so an unchanged page
gives an unchanged .gz and rsync hard-links it like the page.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

# Pagefind's .pf_* files are gzip already; images and PDFs do not shrink.
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".mjs")
MIN_SIZE = 256  # smaller files gain nothing after headers
LEVEL = 9


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def precompress(folder: Path) -> int:
    """Write `NAME.gz` beside every text file of `folder` that shrinks; return how many."""
    written = 0
    for directory, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(TEXT_SUFFIXES):
                continue
            path = Path(directory) / name
            data = path.read_bytes()
            if len(data) < MIN_SIZE:
                continue
            packed = gzip_bytes(data)
            if len(packed) < len(data):
                path.with_name(name + ".gz").write_bytes(packed)
                written += 1
    return written
