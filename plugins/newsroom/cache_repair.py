"""Caches that heal: a damaged or replaced cache is rebuilt with a warning.

A cache only saves time, so nothing found in `.cache/` may stop a build: a
file where a cache folder should be is replaced, and Pelican's own content
cache (CACHE_CONTENT / LOAD_CONTENT_CACHE, on in pelicanconf.py) is checked
before Pelican reads it, because Pelican lets a truncated or wrong-shaped
pickle end the build with a traceback.

Pelican knows a cached article only by its file's stamp: read by other plugin
code, another Pelican or Markdown, or other settings, it would be given as it
was. So the cache belongs to the fingerprint of what it was read with
(`reading`); a build with another fingerprint parks it in `pelican/<fingerprint>/`
and brings back its own, if kept: the preview and the production build, whose
settings differ, take turns without reading every article again.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .swap import build_lock, remove

logger = logging.getLogger(__name__)

TRUSTED = "newsroom-content-cache.json"  # stat of each Pelican cache file the last good build left
READING = "reading"  # in TRUSTED: the fingerprint the cache files in place were read with
PARKED = "pelican"  # CACHE_PATH/pelican/<fingerprint>/: the caches of other fingerprints
PARKED_KEPT = 3


def ensure_directory(directory: Path, root: Path) -> None:
    """`mkdir -p directory`, replacing any file found where `root` or a folder below it should be."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        parts = directory.relative_to(root).parts
        for folder in [root, *(root.joinpath(*parts[: i + 1]) for i in range(len(parts)))]:
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                logger.warning("Bộ nhớ đệm hỏng: %s là một tệp, không phải thư mục; xoá và tạo lại", folder)
                folder.unlink()
        directory.mkdir(parents=True, exist_ok=True)


def _pelican_caches(cache_path: Path) -> list[Path]:
    """Pelican's content cache files: one per caching generator (and its readers)."""
    if not cache_path.is_dir():
        return []
    return sorted(p for p in cache_path.iterdir() if p.name.endswith(("Generator", "Generator-Readers")))


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _loads_whole(path: Path, zipped: bool) -> bool:
    """Whether Pelican will be able to use this cache file: {source: (stamp, data)}."""
    try:
        with (gzip.open if zipped else open)(path, "rb") as handle:
            cache = pickle.load(handle)
    # Unpickling may fail in any way (it runs constructors); any failure means damage.
    except Exception:  # noqa: BLE001
        return False
    return isinstance(cache, dict) and all(isinstance(v, tuple) and len(v) == 2 for v in cache.values())


def _trusted(cache_path: Path) -> dict:
    try:
        record = json.loads((cache_path / TRUSTED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _write_trusted(folder: Path, record: dict) -> None:
    temporary = folder / f".{TRUSTED}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    os.replace(temporary, folder / TRUSTED)


def _switch(cache_path: Path, trusted: dict, reading: str) -> dict:
    """Park the cache files in place under the fingerprint they were read with (removed
    when it is unknown), bring back `reading`'s if parked; its trusted record."""
    caches = _pelican_caches(cache_path)
    parked = cache_path / PARKED
    earlier = trusted.get(READING)
    if isinstance(earlier, str) and earlier.isalnum() and caches:
        slot = parked / earlier
        remove(slot)
        ensure_directory(slot, cache_path)
        for cache in caches:
            os.replace(cache, slot / cache.name)
        _write_trusted(slot, trusted)
    else:
        for cache in caches:
            remove(cache)
    record: dict = {READING: reading}
    slot = parked / reading
    if slot.is_dir():
        found = _trusted(slot)
        for cache in _pelican_caches(slot):
            os.replace(cache, cache_path / cache.name)
            record[cache.name] = found.get(cache.name)
        remove(slot)
    slots = sorted(parked.iterdir(), key=lambda p: p.lstat().st_mtime_ns) if parked.is_dir() else []
    for old in slots[:-PARKED_KEPT]:
        remove(old)
    # Known from now on to be `reading`'s, whatever this build ends in.
    _write_trusted(cache_path, {READING: reading})
    return record


@contextmanager
def content_cache_lock(settings: dict) -> Iterator[None]:
    """Builds that share Pelican's content cache (the preview's and the production's, into
    two folders) take turns: each parks, reads and writes the cache files in place."""
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        yield
        return
    cache_path = Path(settings["CACHE_PATH"])
    ensure_directory(cache_path, cache_path)
    with build_lock(cache_path / PARKED):
        yield


def check_content_cache(settings: dict, reading: str) -> None:
    """Before a build that loads Pelican's content cache: the cache `reading` (what
    articles are read with) left, and nothing Pelican could not read.

    A file exactly as the last successful build left it is trusted without
    reading it; any other (killed mid-write, edited, replaced) is loaded once
    to check it, and removed with a warning when damaged.
    """
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    cache_path = Path(settings["CACHE_PATH"])
    if cache_path.exists() and not cache_path.is_dir():
        logger.warning("Bộ nhớ đệm hỏng: %s là một tệp, không phải thư mục; xoá và tạo lại", cache_path)
        cache_path.unlink()
        return
    trusted = _trusted(cache_path)
    if cache_path.is_dir() and trusted.get(READING) != reading:
        try:
            trusted = _switch(cache_path, trusted, reading)
        except OSError as error:  # the cache is only a time saver: read everything again
            logger.warning("Bộ nhớ đệm nội dung %s không dùng được (%s); đọc lại toàn bộ", cache_path, error)
            for cache in _pelican_caches(cache_path):
                remove(cache)
            return
    for cache in _pelican_caches(cache_path):
        zipped = bool(settings.get("GZIP_CACHE"))
        if cache.is_file() and (trusted.get(cache.name) == _stamp(cache) or _loads_whole(cache, zipped)):
            continue
        logger.warning("Bộ nhớ đệm nội dung %s hỏng; xoá và đọc lại toàn bộ nội dung", cache)
        remove(cache)


def trust_content_cache(settings: dict, reading: str) -> None:
    """After a successful build: remember Pelican's cache files as good, read with `reading`."""
    if not settings.get("CACHE_CONTENT"):
        return
    cache_path = Path(settings["CACHE_PATH"])
    record: dict = {p.name: _stamp(p) for p in _pelican_caches(cache_path) if p.is_file()}
    record[READING] = reading
    try:
        _write_trusted(cache_path, record)
    except OSError as error:  # the cache is only a time saver
        logger.warning("Không ghi được %s (%s)", cache_path / TRUSTED, error.strerror)
