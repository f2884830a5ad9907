"""Where a release goes: checked before anything runs.

A target is one of
- `user@host:/absolute/path` (or `host:/absolute/path`): a server over ssh;
- `/absolute/path`: a folder on this machine;
- `rclone:REMOTE:path` (e.g. `rclone:s3:portal-bucket` or `rclone::local:/srv/x`):
  an object store or CDN origin through rclone.
Anything else (no colon, a relative path, a leading "-" that rsync would take
for an option, spaces in the host) is refused with a Vietnamese message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import PublishError

EXAMPLES = "deploy@web1:/var/www/portal, /srv/portal hoặc rclone:s3:cong-tin-tuc"
# user@host, host, user@[v6]: letters, digits, dots, dashes, underscores.
HOST = re.compile(r"^(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])$")


@dataclass(frozen=True)
class Target:
    kind: str  # "ssh", "local" or "rclone"
    path: str  # absolute path on the server or here; the remote spec for rclone
    host: str = ""  # "user@host" for ssh

    def __str__(self) -> str:
        if self.kind == "ssh":
            return f"{self.host}:{self.path}"
        return f"rclone:{self.path}" if self.kind == "rclone" else self.path


def _refuse(text: str, why: str) -> PublishError:
    return PublishError(f"Nơi xuất bản “{text}” không hợp lệ: {why}. Ví dụ đúng: {EXAMPLES}.")


def parse_target(text: str) -> Target:
    """The checked target, or PublishError saying what is wrong with `text`."""
    text = text.strip()
    if not text:
        raise _refuse(text, "đang để trống")
    if text.startswith("-"):
        raise _refuse(text, "không được bắt đầu bằng dấu “-” (rsync sẽ hiểu nhầm là một tùy chọn)")
    if any(ch in text for ch in "\n\r\t\0"):
        raise _refuse(text, "có ký tự điều khiển")
    if text.startswith("rclone:"):
        spec = text.removeprefix("rclone:")
        if ":" not in spec or spec.startswith("-"):
            raise _refuse(
                text, "sau “rclone:” phải là tên kho rclone và dấu hai chấm, như rclone:s3:ten-bucket"
            )
        return Target("rclone", spec.rstrip("/") or spec)
    if text.startswith("/"):
        return Target("local", _clean_path(text))
    if ":" not in text:
        raise _refuse(
            text,
            "thiếu dấu hai chấm giữa máy chủ và đường dẫn (user@host:/duong/dan), "
            "hoặc không phải đường dẫn tuyệt đối",
        )
    host, _, path = text.partition(":")
    if not HOST.match(host):
        raise _refuse(text, f"tên máy chủ “{host}” không hợp lệ")
    if not path.startswith("/"):
        raise _refuse(text, f"đường dẫn trên máy chủ “{path}” phải là đường dẫn tuyệt đối, bắt đầu bằng “/”")
    return Target("ssh", _clean_path(path), host)


def _clean_path(path: str) -> str:
    """`/srv/portal/` and `/srv/portal` are the same root; `/` alone is refused."""
    cleaned = "/" + "/".join(part for part in path.split("/") if part)
    if cleaned == "/":
        raise _refuse(path, "không được xuất bản thẳng vào thư mục gốc “/”")
    if any(part in {".", ".."} for part in cleaned.split("/")):
        raise _refuse(path, "đường dẫn không được chứa “.” hoặc “..”")
    return cleaned
