"""Nothing changed since the last good build: then the build is already done.

Before Pelican reads a file, a fingerprint is taken of everything a build
reads: every file under the content folder (its path, size, modification and
change times, inode; a symlink's target, and what a symlinked folder holds),
the parts incremental.py keys every page on (plugin code, versions, theme,
settings), the day the build takes as today (a pin ends with its day) and,
when the preview has the web editor, Decap's files. The change time is set by
the kernel on any write, so a tool that puts an old mtime back is still seen.

When the fingerprint is the one the last good build recorded and the output
folder is still, file for file, what that build left (size, mtime, inode), the
site is exactly what a build would give: nothing is read, rendered or indexed.
The build's warnings and its content report are given again, so an editor sees
the same messages as the first time. Anything else (a failed build in between
changes nothing: it records nothing) goes through the build.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from . import featured
from .cms import DEFAULT_DECAP_DIST
from .settings import SETTINGS_KEY

logger = logging.getLogger(__name__)

# Messages not given again: `invoke bench`'s counts, and what the build's own
# machinery said of its caches (true of that build, not of the next).
NOT_REPLAYED = ("NEWSROOM_TIMINGS", "NEWSROOM_INCREMENTAL")
MACHINERY = (".cache_repair", ".memo", ".incremental", ".unchanged", ".staging", ".swap")


def _tree(
    digest, root: Path, ignored: list[str], seen: set[str], lines: dict | None = None, prefix: str = ""
) -> None:
    """Each entry under `root` in name order; symlinked folders followed once. With
    `lines`, each entry's line is kept too, by its path (body_edits.py compares them)."""
    real = os.path.realpath(root)
    if real in seen:
        digest.update(b"loop\0")
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as error:
        digest.update(f"unreadable {error.errno}\0".encode())
        return
    for entry in entries:
        try:
            stat = entry.stat(follow_symlinks=False)
            line = [entry.name, stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            if entry.is_symlink():
                target = os.stat(entry.path)  # the file a reader of the link gets
                line += [os.readlink(entry.path), target.st_size, target.st_mtime_ns, target.st_ctime_ns]
        except OSError as error:
            line = [entry.name, "unreadable", error.errno]
        encoded = json.dumps(line)
        digest.update(encoded.encode() + b"\0")
        if lines is not None:
            lines[prefix + entry.name] = encoded
        if entry.is_dir() and not any(fnmatch.fnmatch(entry.name, p) for p in ignored):
            digest.update(b"(\0")
            _tree(digest, Path(entry.path), ignored, seen, lines, f"{prefix}{entry.name}/")
            digest.update(b")\0")


def inputs_fingerprint(settings: dict, parts: dict[str, str], entries: dict | None = None) -> str:
    """A digest of everything this build would read (see the module's docstring); with
    `entries`, each file's line by its path (`<root>/<path>`) and `today` too."""
    config = settings[SETTINGS_KEY]
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps(parts, sort_keys=True).encode())
    day = featured.build_day(config.timezone, config["FEATURED_TODAY"])
    digest.update(f"today {day.isoformat()}\0".encode())
    if entries is not None:
        entries["today"] = day.isoformat()
    roots = [config.content_path]
    if config["CMS_ADMIN"]:
        roots.append(Path(config["CMS_DECAP_PATH"]) if config["CMS_DECAP_PATH"] else DEFAULT_DECAP_DIST)
    ignored = list(settings.get("IGNORE_FILES") or [])
    for root in roots:
        digest.update(f"root {root}\0".encode())
        _tree(digest, root, ignored, set(), entries, f"{root}/")
    return digest.hexdigest()


def output_listing(output: Path, skipped: frozenset[str]) -> str:
    """A digest of the files the output folder holds (path, size, mtime, inode), but the
    `skipped` ones (a folder's path ends with "/"); a symlinked folder neither listed nor
    followed (as os.walk)."""
    return listing_digest(listing_lines(output, skipped))


def listing_lines(folder: Path, skipped: frozenset[str], prefix: str = "") -> list[str]:
    """The lines `output_listing` digests, for the files under `folder` (named `prefix`
    and their path below it): parts of a listing can be made apart and joined."""
    lines: list[str] = []
    _list_files(lines, str(folder), prefix, skipped)
    return lines


def entry_lines(output: Path, name: str, skipped: frozenset[str]) -> list[str]:
    """The lines of one entry of `output` (a file, or a folder and what it holds)."""
    path = output / name
    try:
        if path.is_dir():
            return [] if path.is_symlink() else listing_lines(path, skipped, f"{name}/")
        stat = path.lstat()
    except OSError:
        return []
    return [] if name in skipped else [_line(name, stat)]


def listing_digest(lines: list[str]) -> str:
    # Sorted here, not walked in order: the same files give the same digest however the
    # lines were gathered.
    return hashlib.blake2b("".join(sorted(lines)).encode(), digest_size=16).hexdigest()


def is_left_out(path: str, names: frozenset[str]) -> bool:
    """Whether a file's path is, or is under a folder that is, in `names`."""
    if path in names:
        return True
    cut = path.find("/")
    while cut != -1:
        if path[: cut + 1] in names:
            return True
        cut = path.find("/", cut + 1)
    return False


def _line(relative: str, stat: os.stat_result) -> str:
    return f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\0"  # no name holds a NUL


def _list_files(lines: list[str], folder: str, prefix: str, skipped: frozenset[str]) -> None:
    # Tens of thousands of files per build: one lstat each, no JSON and no pathlib.
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink() and f"{prefix}{entry.name}/" not in skipped:
                _list_files(lines, entry.path, f"{prefix}{entry.name}/", skipped)
            continue
        relative = prefix + entry.name
        if relative in skipped:
            continue
        try:
            lines.append(_line(relative, entry.stat(follow_symlinks=False)))
        except OSError:
            continue


def not_built_here(settings: dict) -> frozenset[str]:
    """Files written into the output by others, not by the build: the preview's status."""
    status = (settings.get("PREVIEW_STATUS_URL") or "").strip("/")
    return frozenset({os.path.normpath(status)} if status else ())


class Messages(logging.Handler):
    """The warnings and errors a build logs, kept to be given again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[list] = []

    @contextmanager
    def listening(self):
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not (message.startswith(NOT_REPLAYED) or record.name.endswith(MACHINERY)):
            self.records.append([record.name, record.levelno, message])
        if not self._others_handle(record.name) and record.levelno >= logging.lastResort.level:
            logging.lastResort.handle(record)  # what logging does when no handler is found

    def _others_handle(self, name: str) -> bool:
        """Whether a handler but this one sees records of logger `name`."""
        current = logging.getLogger(name)
        while current:
            if any(handler is not self for handler in current.handlers):
                return True
            current = current.parent if current.propagate else None
        return False


def replay(recorded: dict, settings: dict) -> None:
    """The last good build's messages as it gave them, its content report where this
    build's CONTENT_REPORT asks."""
    for name, level, message in recorded.get("messages", []):
        logging.getLogger(name).log(level, "%s", message)
    report_path, report_text = settings.get("CONTENT_REPORT") or "", recorded.get("report")
    if report_path and report_text is not None:
        temporary = f"{report_path}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(report_text)
        os.replace(temporary, report_path)


def read_report(settings: dict) -> str | None:
    """The content report this build wrote (CONTENT_REPORT), if any."""
    path = settings.get("CONTENT_REPORT") or ""
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except OSError:
        return None
