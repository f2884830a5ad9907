"""The photo fields an editor writes, each with its label, example and parser.

`FIELDS` is what the reader's field table and `invoke new` take: a parser
returns the value to store on the article's metadata or raises ValueError
with a Vietnamese message saying what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

# Formats the pipeline reads; anything else is refused with a way out.
SUPPORTED_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
LAYOUTS = ("standard", "photo-story")


def _single(value: str | list[str]) -> str:
    text = value if isinstance(value, str) else " ".join(value)
    return " ".join(text.split())


def photo_path(value: str | list[str]) -> str:
    """`images/2021/le-phat-dong.jpg`, checked for shape (its file is checked at build time).

    Written from the content folder; `{static}/` and a leading `/` are accepted and dropped.
    """
    path = _single(value).replace("\\", "/")
    for prefix in ("{static}", "{attach}"):
        path = path.removeprefix(prefix)
    path = path.lstrip("/")
    if not path:
        raise ValueError("cần đường dẫn ảnh tính từ thư mục content/, ví dụ images/2021/le-phat-dong.jpg")
    if re.match(r"[A-Za-z]:", path) or ".." in PurePosixPath(path).parts or "://" in path:
        raise ValueError(
            "ảnh phải nằm trong thư mục content/ (không dùng địa chỉ web, ổ đĩa hay ../); "
            "chép ảnh vào content/images/<năm>/ rồi ghi ví dụ images/2021/le-phat-dong.jpg"
        )
    extension = PurePosixPath(path).suffix.lower().lstrip(".")
    if extension not in SUPPORTED_EXTENSIONS:
        raise ValueError(f"loại ảnh “.{extension}” không dùng được; lưu ảnh dạng JPEG (.jpg), PNG hoặc WebP")
    return path


def plain_text(value: str | list[str]) -> str:
    return _single(value)


def credit_text(value: str | list[str]) -> str:
    """ "Thu Hà" -> "Ảnh: Thu Hà"; a credit that already says "Ảnh…" is kept as written."""
    return shown_credit(_single(value))


def shown_credit(credit: str) -> str:
    credit = credit.strip()
    if not credit or credit.casefold().startswith("ảnh"):
        return credit
    return f"Ảnh: {credit}"


def layout(value: str | list[str]) -> str:
    name = _single(value).casefold()
    if name not in LAYOUTS:
        raise ValueError(f"kiểu trình bày không có; dùng một trong: {', '.join(LAYOUTS)}")
    return name


@dataclass(frozen=True)
class PhotoField:
    """One metadata field, described for the field table and `invoke new`."""

    name: str  # metadata name as Pelican lowercases it
    label_vi: str
    required_when: str  # "" = optional; else the field that makes it required
    example: str
    scaffold_line: str  # what `invoke new` writes (empty value = not given)
    parse: Callable[[str | list[str]], str]

    @property
    def label(self) -> str:
        """As editors write it: `Image_alt`."""
        return self.name[:1].upper() + self.name[1:]


FIELDS: list[PhotoField] = [
    PhotoField(
        "image",
        "ảnh đại diện (ảnh đầu bài), đường dẫn tính từ content/",
        "",
        "images/2021/le-phat-dong.jpg",
        "Image: ",
        photo_path,
    ),
    PhotoField(
        "image_alt",
        "mô tả ảnh cho người không xem được ảnh",
        "image",
        "Lãnh đạo thành phố phát biểu tại lễ phát động",
        "Image_alt: ",
        plain_text,
    ),
    PhotoField(
        "image_caption",
        "chú thích hiện dưới ảnh",
        "",
        "Lễ phát động phong trào thi đua sáng 30/9",
        "Image_caption: ",
        plain_text,
    ),
    PhotoField("image_credit", "tác giả ảnh; hiện là “Ảnh: …”", "", "Thu Hà", "Image_credit: ", credit_text),
    PhotoField(
        "layout",
        "kiểu trình bày: standard (mặc định) hoặc photo-story (phóng sự ảnh)",
        "",
        "photo-story",
        "Layout: ",
        layout,
    ),
]

FIELDS_BY_NAME = {field.name: field for field in FIELDS}


def split_title(title: str) -> tuple[str, str]:
    """A body photo's Markdown title `"Chú thích | Ảnh: Thu Hà"` -> (caption, shown credit).

    The part after the last `|` is the credit; without `|`, a title that starts
    with "Ảnh" is a credit alone, anything else a caption alone.
    """
    title = " ".join(title.split())
    if "|" in title:
        caption, _, credit = title.rpartition("|")
        return caption.strip(), shown_credit(credit)
    if title.casefold().startswith("ảnh"):
        return "", title
    return title, ""
