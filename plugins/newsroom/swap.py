"""Replace a folder with another so that a reader, or the next build, never
finds it missing or half written; and let one build at a time write there.

The swap is one `renameat2(RENAME_EXCHANGE)` where Linux offers it: the new
site and the old trade places atomically, and the old one is removed after.
Elsewhere it is two renames (old aside as `.<name>.ban-cu-*`, new in place);
a build killed between them leaves no output folder, and the next build puts
the retired copy back before anything else (`recover`).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

STAGING_MARK = ".dang-dung-"  # "being built": never complete, always safe to delete
RETIRED_MARK = ".ban-cu-"  # "old copy": the last good site, set aside mid-swap
FAULT_ENV = "NEWSROOM_FAULT_POINT"  # test hook: see `fault_point`

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NOT_SUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def fault_point(name: str) -> None:
    """Test hook: die at once (SIGKILL, no clean-up) when NEWSROOM_FAULT_POINT names this point.

    Points: `writing` (content read, no page written yet), `rendering` (pages being
    rendered on both cores), `rendering-apart` (the forked renderer, it alone killed),
    `indexing` (the search index's folder of links made, Pagefind not run), `before-swap`, `mid-swap` (between
    the two renames; forces the two-rename swap), `after-swap` (the old site
    not yet removed). tests/test_faults.py uses it to prove that a build
    killed anywhere leaves the last good site.
    """
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), 9)


def staging_prefix(output: Path) -> str:
    return f".{output.name}{STAGING_MARK}"


def retired_prefix(output: Path) -> str:
    return f".{output.name}{RETIRED_MARK}"


def lock_file(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


def _lock(path: Path, guarded: Path) -> int:
    """An fd holding an exclusive flock on `path`, waiting for its holder (a build
    writing `guarded`) if needed."""
    warned = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not warned:
                logger.warning("Một bản dựng khác đang ghi vào %s; chờ bản đó xong rồi dựng tiếp", guarded)
                warned = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        # The holder removes the file when it is done: a lock on a removed file locks nothing.
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock (`.<output>.lock`): a second build waits for the first.

    flock is released by the kernel when its process dies, even by kill -9, so
    a crashed build never blocks the next (its empty lock file is reused);
    a build that ends removes the file while it still holds the lock.
    """
    path = lock_file(output)
    try:
        fd = _lock(path, output)
    except OSError as error:  # e.g. a network file system without locks
        logger.warning("Không khoá được %s (%s); dựng tiếp mà không khoá", path, error.strerror)
        yield
        return
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a folder or a file, whichever is there; ignore what is already gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def leftovers(output: Path) -> list[Path]:
    """Staging and retired folders of `output`, oldest first."""
    prefixes = (staging_prefix(output), retired_prefix(output))
    found = [p for p in output.parent.iterdir() if p.name.startswith(prefixes)]  # no glob: `-o "a[1]"`
    return sorted(found, key=lambda p: (p.lstat().st_mtime_ns, p.name))


def recover(output: Path, retention: list[str]) -> None:
    """Undo what a killed build left: call with the lock held, before building.

    If the output folder is missing and a retired copy exists, the last build
    died between the two renames of its swap: the retired copy is the last
    good site and goes back in place. Every other leftover is removed, after
    handing back any OUTPUT_RETENTION entry the output folder lacks.
    """
    if not output.exists():
        retired = [p for p in leftovers(output) if p.name.startswith(retired_prefix(output))]
        if retired:
            os.replace(retired[-1], output)
            logger.warning(
                "Khôi phục trang đã dựng trước đó vào %s (bản dựng trước bị ngắt giữa chừng)", output
            )
    for leftover in leftovers(output):
        if output.is_dir():
            for name in retention:
                if (leftover / name).exists() and not (output / name).exists():
                    os.replace(leftover / name, output / name)
        remove(leftover)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not offered."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(
    staging: Path, output: Path, retention: list[str], retire: Callable[[Path], None] = remove
) -> None:
    """Put `staging` in place of `output`, keeping the `retention` entries of the old one;
    the old one is then given to `retire` (removed at once by default).

    At every instant either `output` is a complete site, or (two-rename swap
    only) a retired copy that `recover` will put back.
    """
    if not output.exists():
        os.replace(staging, output)
        return
    for name in retention:
        kept = output / name
        if kept.exists() and not (staging / name).exists():
            os.replace(kept, staging / name)
    if os.environ.get(FAULT_ENV) != "mid-swap" and exchange(staging, output):
        fault_point("after-swap")
        retire(staging)  # now the old site
        return
    retired = output.parent / f"{retired_prefix(output)}{os.getpid()}-{time.time_ns()}"
    os.replace(output, retired)
    fault_point("mid-swap")
    os.replace(staging, output)
    fault_point("after-swap")
    retire(retired)
