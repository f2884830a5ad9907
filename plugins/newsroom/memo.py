"""Results kept on disk between builds, keyed by everything they depend on.

Ranking related news for 20,000 articles takes seconds; when no article's
date, section, tags, campaign, document, issuer, terms or pins changed (most
rebuilds), the previous ranking is read back instead.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
VERSION = b"1"  # bump when a cached result's shape changes


def memoised(directory: Path, inputs: object, compute: Callable[[], T]) -> tuple[T, bool]:
    """(result, whether it came from the cache); `inputs` must pickle the same for equal inputs."""
    key = hashlib.sha256(VERSION + pickle.dumps(inputs, protocol=5)).hexdigest()
    path = directory / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle), True
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass  # not there yet, or written by another version: compute it again
    result = compute()
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.pickle"):  # one ranking is enough to keep
        stale.unlink(missing_ok=True)
    fd, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(result, handle, protocol=5)
    os.replace(temporary, path)
    return result, False
