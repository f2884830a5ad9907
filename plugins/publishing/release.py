"""Atomic releases: upload a new folder, then switch one symlink.

On the target (a server over ssh, or a folder here):

    ROOT/releases/20261202T164600Z-9e1be24/   one complete site per release
    ROOT/releases/.NAME.dang-tai/             an upload in progress ("uploading")
    ROOT/current -> releases/NAME             what the web server serves

A release is uploaded into `.NAME.dang-tai/` with `rsync --link-dest` against
the live release (files with the same content are hard-linked on the server,
so only changed files travel), renamed to `NAME`, and made live by renaming a
new `current.tmp` symlink over `current`: readers get the old site or the new
one, never a mix. An interrupted upload leaves `current` as it was. Nothing
outside `releases/` is deleted: no `--delete`, and pruning removes only
release folders this module named.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import PublishError
from .targets import Target

RELEASES = "releases"
CURRENT = "current"
PARTIAL_SUFFIX = ".dang-tai"  # "uploading"
RELEASE_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-z]+(?:-\d+)?$")
# Build file modes do not matter: every release is world-readable, nothing more.
# Size and modification time say what changed (rsync's quick check, kept with
# --times): an incremental build leaves an unchanged file's mtime alone, so no
# file is read on either side to find the few that changed (--checksum read all).
RSYNC_OPTIONS = ("--recursive", "--links", "--perms", "--times", "--chmod=D755,F644", "--stats")

Runner = Callable[[list[str]], str]  # runs a command, returns its stdout, raises PublishError


@dataclass(frozen=True)
class State:
    current: str | None  # the live release's name
    releases: tuple[str, ...]  # complete releases, oldest first
    partials: tuple[str, ...]  # folders of interrupted uploads


def release_name(now: datetime, commit: str, taken: tuple[str, ...] = ()) -> str:
    """`<UTC time>-<commit>`: names sort by time; a second release in the same second gets `-2`."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{re.sub(r'[^0-9a-z]', '', commit.lower()) or 'khonggit'}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def partial_name(name: str) -> str:
    return f".{name}{PARTIAL_SUFFIX}"


def shell(target: Target, script: str) -> list[str]:
    """The command that runs `script` where the release lives."""
    if target.kind == "ssh":
        return ["ssh", target.host, script]
    return ["sh", "-c", script]


def state_script(root: str) -> str:
    q = shlex.quote
    return (
        f"mkdir -p {q(root + '/' + RELEASES)} && cd {q(root)} && "
        f"{{ readlink {CURRENT} || true; echo '--'; ls -1a {RELEASES}; }}"
    )


def parse_state(listing: str) -> State:
    """Read `state_script`'s output: the symlink's target, `--`, then the folder names."""
    link, _, names = listing.partition("--\n")
    link = link.strip()
    current = link.removeprefix(RELEASES + "/") if link else None
    entries = sorted(n for n in names.split("\n") if n and n not in {".", ".."})
    releases = tuple(n for n in entries if RELEASE_NAME.match(n))
    partials = tuple(n for n in entries if n.startswith(".") and n.endswith(PARTIAL_SUFFIX))
    return State(current if current in releases else (current or None), releases, partials)


def rsync_command(
    source: Path, target: Target, name: str, link_dest: str | None, dry_run: bool = False
) -> list[str]:
    """Upload `source` into the release's uploading folder, hard-linking what `link_dest` already has."""
    command = ["rsync", *RSYNC_OPTIONS]
    if target.kind == "ssh":
        command.append("--compress")
    if link_dest:
        # rsync reads a relative --link-dest from the destination; an absolute one is plain.
        command.append(f"--link-dest={target.path}/{RELEASES}/{link_dest}")
    if dry_run:
        command += ["--dry-run", "--itemize-changes"]
    destination = f"{target.path}/{RELEASES}/{partial_name(name)}/"
    if target.kind == "ssh":
        destination = f"{target.host}:{destination}"
    return [*command, "--", f"{source}/", destination]


def finish_script(root: str, name: str) -> str:
    """Name the uploaded folder, then switch `current` to it in one rename."""
    q = shlex.quote
    return (
        f"cd {q(root)} && mv -T {q(RELEASES + '/' + partial_name(name))} {q(RELEASES + '/' + name)} && "
        + switch_script(root, name)
    )


def switch_script(root: str, name: str) -> str:
    """`current.tmp` -> releases/NAME, renamed over `current` (rename is atomic; `ln -sfn` alone is not)."""
    q = shlex.quote
    link = f"{RELEASES}/{name}"
    return f"cd {q(root)} && ln -sfn {q(link)} {CURRENT}.tmp && mv -T {CURRENT}.tmp {CURRENT}"


def to_prune(state: State, keep: int) -> list[str]:
    """Releases beyond the newest `keep` (never the live one) and interrupted uploads."""
    old = [n for n in state.releases[: max(len(state.releases) - keep, 0)] if n != state.current]
    return old + list(state.partials)


def prune_script(root: str, names: list[str]) -> str:
    q = shlex.quote
    for name in names:  # only names this module makes, so nothing else can be removed
        if not (RELEASE_NAME.match(name) or (name.startswith(".") and name.endswith(PARTIAL_SUFFIX))):
            raise PublishError(f"Từ chối xóa “{name}”: không phải thư mục bản phát hành")
    return f"cd {q(root + '/' + RELEASES)} && rm -rf -- " + " ".join(q(n) for n in names)


def rollback_choice(state: State, to: str = "") -> str:
    """The release `rollback` switches to: `to`, else the one before the live one."""
    if not state.releases:
        raise PublishError("Nơi xuất bản chưa có bản phát hành nào.")
    if to:
        if to not in state.releases:
            raise PublishError(f"Không có bản phát hành “{to}”. Các bản hiện có: {', '.join(state.releases)}")
        return to
    if state.current not in state.releases:
        return state.releases[-1]
    index = state.releases.index(state.current)
    if index == 0:
        raise PublishError(
            f"Bản đang chạy ({state.current}) là bản cũ nhất còn giữ; không có bản trước để quay lại."
        )
    return state.releases[index - 1]


def read_state(run: Runner, target: Target) -> State:
    return parse_state(run(shell(target, state_script(target.path))))


@dataclass(frozen=True)
class Published:
    name: str  # the new release (live unless dry_run)
    before: State  # the target before this publish
    rsync_said: str  # rsync's statistics (or, for a dry run, its list of changes)


def publish(
    run: Runner, source: Path, target: Target, commit: str, now: datetime, keep: int, dry_run: bool = False
) -> Published:
    """Upload `source` as a new release and make it live; prune to the newest `keep`."""
    before = read_state(run, target)
    name = release_name(now, commit, before.releases)
    live = before.current if before.current in before.releases else None
    link_dest = live or (before.releases[-1] if before.releases else None)
    said = run(rsync_command(source, target, name, link_dest, dry_run))
    if dry_run:
        return Published(name, before, said)
    run(shell(target, finish_script(target.path, name)))
    after = State(name, tuple(sorted({*before.releases, name})), before.partials)
    if doomed := to_prune(after, keep):
        run(shell(target, prune_script(target.path, doomed)))
    return Published(name, before, said)


def transferred(rsync_stats: str) -> tuple[int, int]:
    """(files sent, regular files in the release) from `rsync --stats`."""
    sent = re.search(r"Number of regular files transferred: ([\d,.]+)", rsync_stats)
    total = re.search(r"Number of files: [\d,.]+ \(reg: ([\d,.]+)", rsync_stats)
    return tuple(int(re.sub(r"\D", "", m.group(1))) if m else 0 for m in (sent, total))  # type: ignore[return-value]


def rollback(run: Runner, target: Target, to: str = "") -> tuple[str | None, str]:
    """Switch `current` back; return (the release that was live, the one live now)."""
    state = read_state(run, target)
    chosen = rollback_choice(state, to)
    run(shell(target, switch_script(target.path, chosen)))
    return state.current, chosen


def run_command(command: list[str], with_log: bool = False) -> str:
    """Run `command`; its stdout (and its log on stderr if `with_log`), or PublishError on failure."""
    import subprocess

    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise PublishError(f"Không chạy được {command[0]}: {error.strerror}") from None
    if done.returncode:
        said = (done.stderr.strip() or done.stdout.strip())[-2000:]
        raise PublishError(f"Lệnh {command[0]} thất bại (mã {done.returncode}): {said}")
    return done.stdout + (done.stderr if with_log else "")
