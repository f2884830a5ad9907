"""publishing: production releases that cannot hurt the live site.

Plain code that `tasks.py` imports (not a Pelican plugin): target checks
(targets), the production-build check (checks), precompression (precompress),
atomic releases with rsync and a `current` symlink (release), uploads to an
object store with rclone (object_store), and the tasks' steps (operator).
"""

from __future__ import annotations


class PublishError(Exception):
    """A problem the operator can act on; the message is Vietnamese and says what to do."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code  # the task's exit code: 2 for a wrong command line, 1 otherwise
