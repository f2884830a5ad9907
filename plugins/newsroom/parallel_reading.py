"""The articles a build must parse, parsed on every core before Pelican reads them.

Pelican reads its files one after another, on one core: a first build of 5,000
articles parses Markdown (and sanitises it) while the other core waits. So when
the articles generator is about to read its first file (`article_generator_preread`),
every file Pelican's content cache has never seen (a first build, or one after
the cache was set aside: other plugin code, settings or versions) is parsed in a
pool of forked processes with the very reader Pelican would use, and the result
is put in Pelican's reader cache, stamped as the file was before it was read.
A file the cache knows is not even stamped here (an MD5 of each: 0.25 s at
5,000 articles), so a build after one edit spends nothing on this.
Pelican then reads on as always and finds each in its cache: the contents, the
signals, the order, the problems are the ones a one-core build gives.

Left to Pelican: a file another reader takes, a file a worker logged about (its
message must reach this build's report, in order), fewer files than pay for the
pool, a build whose cache is off. The workers only parse: they print nothing and
never touch the console whose refresh thread runs in the parent (a fork copies
no thread, only the locks they held).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from .reader import NewsMarkdownReader
from .settings import SETTINGS_KEY

logger = logging.getLogger(__name__)

# Below this many files to parse the pool costs more than it saves (forking, and sending
# back each result: 300 articles took 1.9 s of CPU in all, against 1.65 s on one core).
PARALLEL_FROM = 40
_DONE = "_newsroom_read_ahead"  # on the generator: its files were read ahead once

# The reader and cache of the generator being read ahead, inherited by the forked workers.
_readers = None
# This process's last read ahead, for `invoke bench` (NEWSROOM_REPORT_TIMINGS).
last = {"files": 0, "seconds": 0.0}


def read_ahead(generator) -> None:
    """Once per articles generator: its uncached files parsed in parallel into the cache."""
    if getattr(generator, _DONE, False):
        return
    setattr(generator, _DONE, True)
    last.update(files=0, seconds=0.0)
    workers = min(generator.settings[SETTINGS_KEY]["READ_WORKERS"], len(os.sched_getaffinity(0)))
    readers = generator.readers
    if workers < 2 or not readers._cache_data_policy or "fork" not in multiprocessing.get_all_start_methods():
        return
    settings = generator.settings
    paths = []
    for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        if isinstance(reader, NewsMarkdownReader) and path not in readers._cache:
            paths.append(path)
    if len(paths) < PARALLEL_FROM:
        return
    global _readers  # noqa: PLW0603 - what the forked workers inherit
    _readers, started = readers, time.perf_counter()
    chunks = [paths[i :: workers * 4] for i in range(workers * 4)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for read in pool.map(_read_all, chunks):
                for path, stamp, data in read:
                    readers._cache[path] = (stamp, data)
                    last["files"] += 1
    except Exception as error:  # noqa: BLE001 - reading ahead only saves time: Pelican reads the rest
        logger.debug("đọc trước bằng nhiều tiến trình dừng giữa chừng: %r", error)
    finally:
        _readers = None
        last["seconds"] = time.perf_counter() - started


class _Heard(logging.Handler):
    """Whether anything was logged at INFO or above since `heard` was last cleared."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record) -> None:
        self.heard = True


def _read_all(paths: list[str]) -> list[tuple[str, object, tuple]]:
    """In a worker: (path, stamp before reading, what the reader gave) of each file
    read without a word logged; the others are left to Pelican."""
    heard = _Heard()
    root = logging.getLogger()
    root.handlers = [heard]  # nothing printed from here
    root.setLevel(logging.DEBUG)
    for name in list(logging.Logger.manager.loggerDict):
        named = logging.getLogger(name)
        named.handlers, named.propagate, named.disabled = [], True, False
    found = []
    for path in paths:
        heard.heard = False
        stamp = _readers._get_file_stamp(path)
        reader = _readers.readers[file_suffix(path)]
        try:
            content, metadata = reader.read(path)
        except Exception:  # noqa: BLE001 - Pelican reads it again and tells the editor
            continue
        if not heard.heard and stamp:
            found.append((path, stamp, (content, _filter_discardable_metadata(metadata))))
    return found
