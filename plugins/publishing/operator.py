"""What `invoke preview/publish/rollback` do, apart from running Pelican.

tasks.py stays thin: it builds, then calls these; each raises PublishError
(exit code in `.code`) with a Vietnamese message the operator can act on.
"""

from __future__ import annotations

import fcntl
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from . import PublishError
from . import release as releases
from .checks import build_problems, describe
from .object_store import rclone_commands
from .precompress import precompress
from .targets import Target, parse_target

TOOLS = {"rclone": ("rclone",), "ssh": ("rsync", "ssh"), "local": ("rsync",)}
UNCHANGED = "Trang đang chạy không bị thay đổi."


@contextmanager
def production_lock(path: Path) -> Iterator[None]:
    """One production build or upload at a time; a second one stops with a message."""
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                "Đang có một lần dựng bản xuất bản hoặc xuất bản khác chạy; chờ nó xong rồi chạy lại."
            ) from None
        yield


def finish_build(folder: Path, siteurl: str, cache: Path) -> None:
    """Add the .gz copies to a fresh production build and refuse it unless it is complete."""
    precompress(folder, cache)
    if problems := build_problems(folder, siteurl):
        raise PublishError(
            f"Bản dựng ở {folder} không phải bản xuất bản hoàn chỉnh, không xuất bản:\n{describe(problems)}"
        )


def choose_target(*candidates: str, variable: str) -> Target:
    """The first non-empty candidate (--target, environment, setting), checked, with its tools present."""
    text = next((c for c in candidates if c), "")
    if not text:
        raise PublishError(
            "Chưa cấu hình nơi triển khai (xuất bản). Đặt DEPLOY_TARGET trong publishconf.py, "
            f"hoặc biến môi trường {variable}, hoặc chạy: invoke publish --target user@host:/duong/dan",
            code=2,
        )
    try:
        target = parse_target(text)
    except PublishError as error:
        raise PublishError(str(error), code=2) from None
    for tool in TOOLS[target.kind]:
        if not shutil.which(tool):
            raise PublishError(
                f"Không tìm thấy lệnh {tool}; cài gói {tool} (apt-get install {tool}) rồi chạy lại.", 2
            )
    return target


def git_commit(root: Path) -> str:
    """The project's short commit, for the release's name ("" outside git)."""
    command = ["git", "-C", str(root), "rev-parse", "--short=7", "HEAD"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def publish(folder: Path, target: Target, commit: str, keep: int, dry_run: bool = False) -> list[str]:
    """Upload the checked build in `folder` to `target`; the lines to show the operator."""
    try:
        if target.kind == "rclone":
            lines = []
            for command in rclone_commands(str(folder), target.path, dry_run):
                lines += [shlex.join(command), releases.run_command(command, with_log=True).rstrip("\n")]
            return [*lines, "Đã tải lên kho đối tượng" + (" (chạy thử)" if dry_run else "") + f": {target}"]
        done = releases.publish(
            releases.run_command, folder, target, commit, datetime.now(UTC), keep, dry_run
        )
    except PublishError as error:
        raise PublishError(f"{error}\n{UNCHANGED}") from None
    if dry_run:
        return [
            done.rsync_said.rstrip("\n"),
            f"Chạy thử: bản {done.name} sẽ được tải lên {target} (các dòng bắt đầu bằng “>f” là tệp sẽ gửi).",
        ]
    sent, total = releases.transferred(done.rsync_said)
    lines = [f"Đã xuất bản bản {done.name} tới {target}: gửi {sent} tệp thay đổi trên tổng số {total} tệp."]
    if done.before.current:
        again = shlex.join(["invoke", "rollback", "--target", str(target)])
        lines.append(f"Bản trước: {done.before.current}. Quay lại bằng: {again}")
    return lines


def rollback(target: Target, to: str = "") -> str:
    """Switch `target` back; the line to show the operator."""
    if target.kind == "rclone":
        raise PublishError(
            "Kho đối tượng (rclone) không có bản phát hành để quay lại; xuất bản lại bản cũ.", 2
        )
    was, now = releases.rollback(releases.run_command, target, to)
    return f"Đã chuyển trang đang chạy từ bản {was or '(chưa có)'} sang bản {now}."
