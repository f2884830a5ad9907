"""Results kept on disk between builds, keyed by everything they depend on.

Ranking related news for 20,000 articles takes seconds; when no article's
date, section, tags, campaign, document, issuer, terms or pins changed (most
rebuilds), the previous ranking is read back instead.

A cache only saves time: whatever is found on disk (a truncated file, a
pickle of another shape, a file where the folder should be) is recomputed
with a warning, and a cache that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .cache_repair import ensure_directory
from .swap import remove

logger = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K")
VERSION = b"2"  # bump when a cached result's shape changes
_MISSING = object()


def _load(path: Path, key: str, valid: Callable[[object], bool] | None) -> object:
    """The result stored under `key`, or _MISSING (with a warning when the file was damaged)."""
    if not path.is_file():
        if path.exists() or path.is_symlink():
            logger.warning("Bộ nhớ đệm hỏng: %s không phải tệp; tính lại", path)
            remove(path)
        return _MISSING
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    # Unpickling may fail in any way (it runs constructors); any failure means damage.
    except Exception as error:  # noqa: BLE001
        logger.warning("Bộ nhớ đệm %s hỏng (%s); tính lại", path, type(error).__name__)
        return _MISSING
    # What was stored: (VERSION, key, result); anything else was not written by this code.
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[:2] == (VERSION, key)):
        logger.warning("Bộ nhớ đệm %s không đúng dạng; tính lại", path)
        return _MISSING
    if valid is not None and not valid(stored[2]):
        logger.warning("Bộ nhớ đệm %s không đúng dạng; tính lại", path)
        return _MISSING
    return stored[2]


def _store(directory: Path, path: Path, key: str, result: object) -> None:
    temporary = None
    try:
        ensure_directory(directory, directory.parent)
        for stale in directory.glob("*.pickle"):  # one result is enough to keep
            remove(stale)
        fd, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((VERSION, key, result), handle, protocol=5)
        os.replace(temporary, path)
    except OSError as error:  # e.g. a full or read-only disk: the next build computes again
        logger.warning(
            "Không ghi được bộ nhớ đệm %s (%s); lần dựng sau sẽ tính lại", directory, error.strerror
        )
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def memoised(
    directory: Path,
    inputs: object,
    compute: Callable[[], T],
    valid: Callable[[object], bool] | None = None,
) -> tuple[T, bool]:
    """(result, whether it came from the cache).

    `inputs` must pickle the same for equal inputs; `valid(result)` may check
    the shape of a result read back (e.g. `lambda r: isinstance(r, dict)`).
    """
    key = hashlib.sha256(VERSION + pickle.dumps(inputs, protocol=5)).hexdigest()
    path = directory / f"{key}.pickle"
    found = _load(path, key, valid)
    if found is not _MISSING:
        return found, True  # type: ignore[return-value]
    result = compute()
    _store(directory, path, key, result)
    return result, False


def memoised_each(
    directory: Path,
    texts: dict[K, str],
    compute: Callable[[str], T],
    version: bytes,
    valid: Callable[[object], bool] | None = None,
) -> dict[K, T]:
    """`compute(text)` for each of `texts`, a result kept on disk by its text's digest and
    `version` (what `compute` is: change it with the code), so that an unchanged text is
    not computed again; only the results of these texts are kept."""
    digests = {
        name: hashlib.blake2b(version + text.encode("utf-8", "surrogatepass")).hexdigest()
        for name, text in texts.items()
    }
    path = directory / "each.pickle"
    key = hashlib.sha256(VERSION + b"each" + version).hexdigest()
    found = _load(path, key, lambda stored: isinstance(stored, dict))
    stored: dict = {} if found is _MISSING else found  # type: ignore[assignment]
    results, kept, computed = {}, {}, False
    for name, text in texts.items():
        digest = digests[name]
        result = kept[digest] if digest in kept else stored.get(digest, _MISSING)
        if result is _MISSING or (valid is not None and not valid(result)):
            result, computed = compute(text), True
        results[name] = kept[digest] = result
    if computed or kept.keys() != stored.keys():
        _store(directory, path, key, kept)
    return results
