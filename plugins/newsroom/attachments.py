"""The `Attachments` field: files under content/ offered for download.

Each line is `path | label`; the label is optional (default: the file name).
A file is published once, at its own path, whichever articles attach it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .problems import ContentProblem, source_of

# Extension -> (kind shown to readers, MIME type). Fixed here rather than read
# from the OS so every machine builds the same bytes.
FILE_KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("PDF", "application/pdf"),
    "doc": ("Word", "application/msword"),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ("Văn bản ODT", "application/vnd.oasis.opendocument.text"),
    "rtf": ("Văn bản RTF", "application/rtf"),
    "xls": ("Excel", "application/vnd.ms-excel"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": ("Bảng tính ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "csv": ("CSV", "text/csv"),
    "ppt": ("PowerPoint", "application/vnd.ms-powerpoint"),
    "pptx": (
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odp": ("Trình chiếu ODP", "application/vnd.oasis.opendocument.presentation"),
    "txt": ("Văn bản", "text/plain"),
    "jpg": ("Ảnh JPEG", "image/jpeg"),
    "jpeg": ("Ảnh JPEG", "image/jpeg"),
    "png": ("Ảnh PNG", "image/png"),
    "gif": ("Ảnh GIF", "image/gif"),
    "webp": ("Ảnh WebP", "image/webp"),
    "zip": ("Tệp nén ZIP", "application/zip"),
    "rar": ("Tệp nén RAR", "application/vnd.rar"),
    "7z": ("Tệp nén 7z", "application/x-7z-compressed"),
}
DEFAULT_ALLOWED_EXTENSIONS = tuple(sorted(FILE_KINDS))


@dataclass(frozen=True)
class AttachmentEntry:
    """One line of the field, as the editor wrote it."""

    path: str
    label: str


@dataclass(frozen=True)
class Attachment:
    """A resolved attachment: what a page or a feed shows of it."""

    path: str  # relative to content/, POSIX separators
    label: str
    kind: str  # "PDF", "Word", ...
    mime_type: str
    size: int  # bytes
    url: str = ""  # relative to SITEURL, filled once static files are known

    @property
    def filename(self) -> str:
        return PurePosixPath(self.path).name


class AttachmentProblem(ValueError):
    """An attachment line that cannot be published; the message is for editors."""

    def __init__(self, value: str, message: str):
        super().__init__(message)
        self.value = value


def parse_entries(value: str | list[str]) -> list[AttachmentEntry]:
    """Split the field into entries; lines may also be separated by `;`."""
    lines = value if isinstance(value, list) else value.splitlines()
    entries = []
    for line in lines:
        for item in line.split(";"):
            path, _, label = item.partition("|")
            path = path.strip()
            if path:
                label = label.strip() or PurePosixPath(path).name
                entries.append(AttachmentEntry(path=path, label=label))
    return entries


def _real_path(path: str, folders: dict[str, str]) -> str:
    """os.path.realpath(path), each folder resolved once in `folders`: realpath looks up
    every component of the path (thousands of attachments share a few folders)."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return os.path.realpath(path)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    joined = os.path.join(real_folder, name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def resolve(
    entries: list[AttachmentEntry],
    content_root: Path,
    allowed_extensions: tuple[str, ...] = DEFAULT_ALLOWED_EXTENSIONS,
    folders: dict[str, str] | None = None,
) -> tuple[list[Attachment], list[AttachmentProblem]]:
    """Check each entry against the files under `content_root`.

    Returns the attachments that can be published and a problem for each
    entry that cannot: missing, outside content/, not an allowed type, listed
    twice. `folders` keeps the folders resolved from one call to the next.
    """
    folders = {} if folders is None else folders
    root = Path(_real_path(str(content_root), folders))
    attachments: list[Attachment] = []
    problems: list[AttachmentProblem] = []
    seen: set[str] = set()
    for entry in entries:
        relative = entry.path.replace("\\", "/")
        for prefix in ("{static}", "{attach}"):  # Pelican's link syntax, root = content/
            if relative.startswith(prefix):
                relative = relative.removeprefix(prefix).lstrip("/")
        if relative.startswith("/") or re.match(r"[A-Za-z]:", relative):
            problems.append(
                AttachmentProblem(
                    entry.path,
                    "không dùng đường dẫn tuyệt đối; ghi đường dẫn tính từ thư mục content/, "
                    "ví dụ files/2021/ke-hoach.pdf",
                )
            )
            continue
        target = Path(_real_path(os.path.join(root, relative), folders))
        if not target.is_relative_to(root):
            problems.append(
                AttachmentProblem(
                    entry.path, "tệp đính kèm phải nằm trong thư mục content/; không dùng ../ để ra ngoài"
                )
            )
            continue
        key = target.relative_to(root).as_posix()
        extension = target.suffix.lower().lstrip(".")
        if extension not in allowed_extensions or extension not in FILE_KINDS:
            allowed = ", ".join(sorted(allowed_extensions))
            problems.append(
                AttachmentProblem(
                    entry.path,
                    f"loại tệp “.{extension}” không được phép đính kèm; các loại được phép: {allowed}",
                )
            )
            continue
        if not target.is_file():
            problems.append(
                AttachmentProblem(
                    entry.path,
                    f"không tìm thấy tệp content/{key}; kiểm tra tên "
                    "tệp (phân biệt hoa thường) và chép tệp vào đúng chỗ",
                )
            )
            continue
        if key in seen:
            problems.append(AttachmentProblem(entry.path, "tệp này đã được liệt kê ở trên; bỏ dòng trùng"))
            continue
        seen.add(key)
        kind, mime_type = FILE_KINDS[extension]
        attachments.append(
            Attachment(
                path=key,
                label=entry.label,
                kind=kind,
                mime_type=mime_type,
                size=os.stat(target).st_size,
            )
        )
    return attachments, problems


def attach_files(contents: list, content_root: Path, allowed: tuple[str, ...]) -> list[ContentProblem]:
    """`attachment_list`: each content's attachments (URLs come later); returns the problems.

    Checked on every build (not only when a file is read): an attachment may
    disappear while the article's cached reading stays the same.
    """
    problems = []
    folders: dict[str, str] = {}  # resolved once for this build
    for content in contents:
        entries = getattr(content, "attachments", None) or []
        resolved, trouble = resolve(entries, content_root, allowed, folders)
        content.attachment_list = resolved
        problems.extend(ContentProblem(source_of(content), "Attachments", p.value, str(p)) for p in trouble)
    return problems


def link_attachments(contents: list, static_content: dict) -> list[ContentProblem]:
    """Give each attachment the URL Pelican publishes its file at; returns the problems.

    Taken from Pelican's own static files (known only once every generator has
    read its files), so `{attach}` links, EXTRA_PATH_METADATA and STATIC_PATHS
    are all respected and a page never links a file that is not published.
    """
    problems = []
    for content in contents:
        linked = []
        for attachment in getattr(content, "attachment_list", []):
            published = static_content.get(attachment.path)
            if published is None:
                problems.append(
                    ContentProblem(
                        source_of(content),
                        "Attachments",
                        attachment.path,
                        "tệp có trong content/ nhưng không được xuất bản (nằm ngoài STATIC_PATHS hoặc "
                        "thuộc STATIC_EXCLUDES); đặt tệp vào content/files/",
                    )
                )
                continue
            linked.append(replace(attachment, url=published.url))
        content.attachment_list = linked
    return problems
