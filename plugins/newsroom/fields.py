"""The metadata fields an editor may write: one table drives the reader, the content
checks, `invoke new` and the editor's guide in the README.

Adding a field is one `Field` here (its name, Vietnamese label, parser, whether it
is required, an example and whether `invoke new` scaffolds it) plus the template
line that shows it; the reader stores the parsed value on the article under the
field's lower-case name (`article.document_date`), as Pelican does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.contents import Category

from . import attachments, dates, featured, video
from .documents.numbers import parse_document_number
from .photos.fields import FIELDS as PHOTO_FIELDS
from .slugs import check_slug

# Stands in for an unreadable date so the build goes on to report everything.
PLACEHOLDER_DATE = datetime.fromisoformat("2000-01-01T00:00:00+07:00")
PLACEHOLDER_CATEGORY = "Chưa phân loại"


def text_of(value: str | list[str]) -> str:
    """A field's value as one text: Markdown's meta gives a list for continued lines."""
    return value if isinstance(value, str) else "\n".join(value)


def single_line(value: str | list[str]) -> str:
    return " ".join(text_of(value).split())


STATUSES = {"published": "đăng", "draft": "bản nháp", "hidden": "ẩn, không có trong danh sách"}
MAX_TAGS = 30  # past this a feed per tag, each listing every tag, grows with the square


def _status(value: str | list[str], _zone) -> str:
    status = single_line(value).casefold()
    if status not in STATUSES:
        allowed = ", ".join(f"{name} ({meaning})" for name, meaning in STATUSES.items())
        raise ValueError(f"không có trạng thái này; dùng một trong: {allowed}")
    return status


def _document_warning(number) -> str:
    if number.unknown_type:
        return (
            f"loại “{number.unknown_type}” không có trong Phụ lục III Nghị định 30/2020/NĐ-CP; "
            "văn bản được xếp là công văn. Kiểm tra lại ký hiệu (ví dụ KH, QĐ, TB, CV)"
        )
    return ""


def _slug(value: str | list[str], _zone) -> str:
    slug = single_line(value)
    problem = check_slug(slug)
    if problem:
        raise ValueError(problem)
    return slug


def _related(value: str | list[str], _zone) -> list[str]:
    slugs = (slug.strip() for slug in text_of(value).replace("\n", ",").split(","))
    return list(dict.fromkeys(slug for slug in slugs if slug))  # once each, in order


@dataclass(frozen=True)
class Field:
    """A metadata field, as the editor's guide documents it."""

    name: str  # as editors write it: "Document_date"
    meaning: str  # the guide's column "ý nghĩa" (Vietnamese)
    example: str = ""
    required: str = "không"  # the guide's column "bắt buộc": "có", "không", "khi có `Document`"
    # (text, time zone) -> value, raising ValueError with what to write; None: Pelican's own.
    parse: Callable[[str | list[str], object], object] | None = None
    noun: str = ""  # what a missing value is called in a message: "ngày ban hành"
    needed_for_articles: bool = False  # an article without it is a mistake
    scaffold: bool = True  # `invoke new` writes an empty line for it
    # An unreadable or missing value is replaced by this, so the build can report
    # every other mistake before it stops (see reader.py).
    stand_in: Callable[[Path, dict], object] | None = None
    # value -> a warning ("" for none): readable but worth the editor's look.
    warn: Callable[[object], str] | None = None

    @property
    def key(self) -> str:
        """The metadata name Pelican uses: lower case."""
        return self.name.lower()


def _single_text(value: str | list[str], _zone) -> str:
    return single_line(value)


FIELDS: tuple[Field, ...] = (
    Field(
        "Title",
        "tiêu đề bài",
        "Phát động phong trào thi đua …",
        "có",
        noun="tiêu đề",
        stand_in=lambda source, _settings: source.stem,
    ),
    Field(
        "Date",
        "ngày giờ đăng, giờ Việt Nam; dạng `YYYY-MM-DD HH:MM` hoặc `DD/MM/YYYY HH:MM`",
        "2021-09-30 16:21",
        "có",
        lambda v, zone: dates.parse_datetime(single_line(v), zone),
        noun="ngày đăng",
        needed_for_articles=True,
        stand_in=lambda _source, _settings: PLACEHOLDER_DATE,
    ),
    Field(
        "Modified",
        "ngày giờ cập nhật",
        "2021-10-01 08:00",
        parse=lambda v, zone: dates.parse_datetime(single_line(v), zone),
        scaffold=False,
    ),
    Field(
        "Category",
        "chuyên mục, đúng một trong: {sections}",
        "Thi đua - Khen thưởng",
        "có",
        noun="chuyên mục",
        needed_for_articles=True,
        stand_in=lambda _source, settings: Category(PLACEHOLDER_CATEGORY, settings),
    ),
    Field("Tags", "các chủ đề, cách nhau bằng dấu phẩy", "thi đua, COVID-19"),
    Field(
        "Slug",
        "phần cuối địa chỉ trang, không dấu (`đ` thành `d`); mặc định lấy từ tiêu đề",
        "phat-dong-thi-dua-muc-tieu-kep",
        parse=_slug,
    ),
    Field("Summary", "tóm tắt hiện dưới tiêu đề và trong danh sách tin"),
    Field("Source", "nguồn tin, hiện là “Nguồn tin”", "Sở Y tế", parse=_single_text),
    Field(
        "Campaign",
        "phong trào mà bài thuộc về; mỗi phong trào có trang riêng",
        "Mục tiêu kép",
        parse=_single_text,
    ),
    Field(
        "Document",
        "số, ký hiệu văn bản theo Nghị định 30/2020/NĐ-CP: `số/LOẠI-CƠ QUAN` hoặc, "
        "với công văn, `số/CƠ QUAN-ĐƠN VỊ`; ví dụ khác: `05/2022/QĐ-UBND`, `3456/UBND-VX`",
        "220/KH-UBND",
        parse=lambda v, _zone: parse_document_number(single_line(v)),
        noun="số, ký hiệu văn bản",
        warn=_document_warning,
    ),
    Field(
        "Document_date",
        "ngày ban hành văn bản, dạng `YYYY-MM-DD` hoặc `DD/MM/YYYY`",
        "2021-09-28",
        "khi có `Document`",
        lambda v, _zone: dates.parse_date(single_line(v)),
        noun="ngày ban hành",
    ),
    Field(
        "Issuer",
        "cơ quan ban hành",
        "UBND thành phố",
        "khi có `Document`",
        _single_text,
        noun="cơ quan ban hành",
    ),
    Field(
        "Attachments",
        "tệp đính kèm, mỗi dòng `đường/dẫn | Nhãn` tính từ thư mục `content/`; "
        "dòng tiếp theo thụt vào 4 dấu cách",
        "files/2021/ke-hoach-220-kh-ubnd.pdf | Kế hoạch số 220/KH-UBND",
        parse=lambda v, _zone: attachments.parse_entries(v),
    ),
    Field(
        "Related",
        "slug các bài muốn ghim đầu mục “Tin khác”, cách nhau bằng dấu phẩy",
        "so-ket-6-thang-phong-trao-thi-dua-muc-tieu-kep",
        parse=_related,
    ),
    Field(
        "Featured",
        "ghim bài lên đầu trang chủ (Tin nổi bật) đến hết ngày ghi ở đây, dạng `YYYY-MM-DD` "
        "hoặc `DD/MM/YYYY`; `có` để ghim đến khi xóa dòng này",
        "2026-12-31",
        parse=lambda v, _zone: featured.parse_featured(single_line(v)),
        scaffold=False,
    ),
    Field(
        "Video",
        "video của bài: địa chỉ YouTube (`https://www.youtube.com/watch?v=…`, `https://youtu.be/…`) "
        "hoặc tệp video của cổng (.mp4, .webm) tính từ `content/`",
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        parse=lambda v, _zone: video.parse_video(v),
        scaffold=False,
    ),
    Field(
        "Video_title",
        "tên video, đọc cho người dùng trình đọc màn hình (“Phát video: …”); mặc định là tiêu đề bài",
        "Lễ ra quân tháng thanh niên",
        parse=_single_text,
        scaffold=False,
    ),
    Field(
        "Video_poster",
        "ảnh hiện trước khi phát video, tính từ `content/`; mặc định là ảnh đại diện (`Image`)",
        "images/2026/le-ra-quan.jpg",
        parse=lambda v, _zone: video.parse_poster(v),
        scaffold=False,
    ),
    Field(
        "Video_captions",
        "phụ đề tiếng Việt (tệp WebVTT .vtt) cho tệp video của cổng",
        "files/2026/le-ra-quan.vtt",
        "nên có, khi `Video` là tệp",
        lambda v, _zone: video.parse_captions(v),
        scaffold=False,
    ),
    Field(
        "Status",
        "`draft` để lưu nháp: xem được khi xem trước (`drafts/`), không có trong bản chính thức; "
        "`published` để đăng (`invoke new` tạo bài nháp)",
        "draft",
        parse=_status,
        scaffold=False,
        stand_in=lambda _source, _settings: "draft",
    ),
    Field(
        "Feed_id",
        "giữ mã định danh cũ của bài trong RSS khi phải đổi `Slug`",
        "tag:congtintuc.haiphong.gov.vn,2021-09-30:phat-dong",
        scaffold=False,
    ),
)
# The photo fields (Image, Image_alt, ...), described by the photos package.
FIELDS += tuple(
    Field(
        photo.label,
        photo.label_vi,
        photo.example,
        f"khi có `{photo.required_when.capitalize()}`" if photo.required_when else "không",
        parse=lambda value, _zone, parse=photo.parse: parse(value),
    )
    for photo in PHOTO_FIELDS
)
BY_KEY = {field.key: field for field in FIELDS}

# A document is described by its number, date of issue and issuer together.
DOCUMENT_FIELDS = ("document", "document_date", "issuer")


def scaffold(values: dict[str, str]) -> str:
    """The head of a new article (`invoke new`): every scaffolded field, those given filled."""
    return "".join(
        f"{field.name}: {values.get(field.key, '')}".rstrip() + "\n"
        for field in FIELDS
        if field.scaffold or field.key in values
    )


def guide_table(sections: list[str]) -> str:
    """The field table of the editor's guide (README), in Markdown."""
    rows = ["| trường | bắt buộc | ý nghĩa | ví dụ |", "| --- | --- | --- | --- |"]
    for field in FIELDS:
        meaning = field.meaning.replace("{sections}", ", ".join(sections)).replace("|", "\\|")
        example = f"`{field.example}`".replace("|", "\\|") if field.example else ""
        rows.append(f"| `{field.name}` | {field.required} | {meaning} | {example} |".replace("|  |", "| |"))
    return "\n".join(rows) + "\n"
