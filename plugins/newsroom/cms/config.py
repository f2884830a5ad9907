"""Decap CMS's configuration, made from the portal's field table and settings.

Nothing here is written twice by hand: each metadata field of `fields.FIELDS`
becomes one form field (its Vietnamese label and hint from the table, required
when the table says so); sections come from `NEWS_SECTIONS`, campaigns and
issuers from the articles that use them, the document number pattern from the
build's own grammar (`documents/numbers.py`); dates are read in the form with
`dates.py`'s own patterns and messages (`script_settings`, for portal-cms.js).
A field the table gains later appears in the form as a text line until a
widget is chosen for it in `WIDGETS`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import dates
from ..documents.numbers import DOCUMENT_TYPES, FOLDED_TYPES, OFFICIAL_LETTER
from ..documents.numbers import EXPECTED as DOCUMENT_EXPECTED
from ..fields import FIELDS, STATUSES, Field

ARTICLES_FOLDER = "content/articles"
PAGES_FOLDER = "content/pages"
FORMAT = "portal-markdown"  # registered by portal-cms.js: Pelican's `Key: value` head
RAW_FIELD = "_portal_raw"  # the file as read, so an untouched line is saved unchanged
# The article's year (from its Date; this year for a new one): its folder and the folders
# its uploads go to. Decap's own {{year}} reads only a field named `date`, and the path
# template turns the dot of {{fields.x}} into a dash: the plain name is used.
YEAR_FIELD = "_portal_year"

# Short labels for the form; the table's `meaning` becomes the hint below each.
LABELS = {
    "Title": "Tiêu đề",
    "Date": "Ngày giờ đăng",
    "Modified": "Ngày giờ cập nhật",
    "Category": "Chuyên mục",
    "Tags": "Chủ đề",
    "Slug": "Địa chỉ trang (slug)",
    "Summary": "Tóm tắt",
    "Source": "Nguồn tin",
    "Campaign": "Phong trào",
    "Document": "Số, ký hiệu văn bản",
    "Document_date": "Ngày ban hành văn bản",
    "Issuer": "Cơ quan ban hành",
    "Attachments": "Tệp đính kèm",
    "Related": "Tin khác ghim đầu",
    "Status": "Trạng thái",
    "Feed_id": "Mã bài trong RSS (khi đổi slug)",
    "Image": "Ảnh đại diện",
    "Image_alt": "Mô tả ảnh (cho người không xem được ảnh)",
    "Image_caption": "Chú thích ảnh",
    "Image_credit": "Tác giả ảnh",
    "Layout": "Kiểu trình bày",
    "Featured": "Tin nổi bật đến ngày",
    "Video": "Video",
    "Video_title": "Tên video",
    "Video_poster": "Ảnh trước khi phát video",
    "Video_captions": "Phụ đề video (.vtt)",
}

# The build's document number grammar (documents/numbers.py, `_NUMBER` with its capital
# letter rule) in JavaScript's spelling, checked on the number with its spaces removed.
_JS_PART = r"[\p{L}\p{Nl}\p{No}][\p{L}\p{N}]*"  # Python's [^\W\d_][^\W_]*
_JS_DIGIT = r"\p{Nd}"  # Python's \d: any decimal digit
DOCUMENT_PATTERN_JS = (
    rf"^(?<number>{_JS_DIGIT}{{1,6}})(?:/(?<year>(?:19|20){_JS_DIGIT}{_JS_DIGIT}))?"
    rf"/(?<symbol>{_JS_PART}(?:-{_JS_PART})+)$"
)
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _sentence(text: str) -> str:
    """The table's meanings are phrases; the form shows them as sentences."""
    text = text.replace("`", "")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _upload(folder: str, image: bool = False) -> dict:
    """A file or image widget that uploads into content/<folder>/<năm>/ (the guide's layout)."""
    return {
        "widget": "image" if image else "file",
        "media_folder": f"/content/{folder}/{{{{{YEAR_FIELD}}}}}",
        "public_folder": f"{folder}/{{{{{YEAR_FIELD}}}}}",
        "choose_url": False,
    }


ATTACHMENTS_WIDGET = {
    "widget": "list",
    "label_singular": "tệp",
    "summary": "{{fields.label}}",
    "fields": [
        {"name": "file", "label": "Tệp", **_upload("files")},
        {"name": "label", "label": "Nhãn hiện trên trang", "widget": "string", "required": False},
    ],
}
RELATED_WIDGET = {
    # Chosen by title; the file keeps slugs (portal-cms.js turns entries into slugs).
    "widget": "relation",
    "collection": "articles",
    "search_fields": ["Title"],
    "display_fields": ["Title"],
    "value_field": "{{slug}}",
    "multiple": True,
    "options_length": 20,
}
SLUG_EXPECTED = "chỉ chữ thường không dấu, số và dấu gạch ngang"
# Widgets that need nothing from the settings, by field name.
WIDGETS = {
    "Date": {"widget": "portal-date", "time": True, "default_now": True},
    "Modified": {"widget": "portal-date", "time": True},
    "Document_date": {"widget": "portal-date", "time": False},
    "Summary": {"widget": "text"},
    "Document": {"widget": "portal-document"},
    "Slug": {"widget": "string", "pattern": [SLUG_PATTERN, SLUG_EXPECTED]},
    "Attachments": ATTACHMENTS_WIDGET,
    "Related": RELATED_WIDGET,
    "Status": {
        "widget": "select",
        "default": "draft",
        "options": [{"label": f"{key} ({meaning})", "value": key} for key, meaning in STATUSES.items()],
    },
    "Image": _upload("images", image=True),
    "Video_poster": _upload("images", image=True),
    "Video_captions": _upload("files"),
    "Layout": {
        "widget": "select",
        "options": [
            {"label": "bình thường", "value": "standard"},
            {"label": "phóng sự ảnh", "value": "photo-story"},
        ],
    },
}


def _widget(field: Field, choices: dict[str, list[str]]) -> dict:
    """The form widget of one field (without name, label, hint, required)."""
    name = field.name
    if name == "Category":
        return {"widget": "select", "options": choices["sections"]}
    if name in ("Campaign", "Issuer", "Source"):
        return {"widget": "portal-suggest", "suggestions": choices[name.lower()]}
    return dict(WIDGETS.get(name, {"widget": "string"}))


# Where the form does the typing the guide describes, its hint says what to do instead.
FORM_HINTS = {
    "Attachments": "Bấm thêm tệp, tải tệp lên (lưu vào content/files/<năm>/) và ghi nhãn hiện trên trang, "
    "ví dụ “Kế hoạch số 220/KH-UBND”.",
    "Related": "Gõ vài chữ của tiêu đề rồi chọn bài; các bài chọn ở đây đứng đầu mục “Tin khác”, "
    "theo thứ tự chọn.",
    "Image": "Tải ảnh lên (lưu vào content/images/<năm>/), ảnh JPEG, PNG hoặc WebP, nên rộng từ 1200 px; "
    "nhớ ghi mô tả ảnh bên dưới.",
    "Video_poster": "Tải ảnh lên (lưu vào content/images/<năm>/); mặc định là ảnh đại diện.",
    "Video_captions": "Tải tệp phụ đề WebVTT (.vtt) lên (lưu vào content/files/<năm>/).",
}


# The form's order (what an editor fills first); the file keeps the table's order.
FORM_ORDER = (
    "Title", "Date", "Category", "Summary", "Image", "Image_alt", "Image_caption", "Image_credit",
    "Layout", "Tags", "Source", "Campaign", "Document", "Document_date", "Issuer", "Attachments",
    "Related", "Featured", "Video", "Video_title", "Video_poster", "Video_captions", "Status",
)  # fmt: skip


def form_fields(sections: list[str], choices: dict[str, list[str]]) -> list[dict]:
    """One form field per metadata field, in the table's order, then the body."""
    choices = {"sections": list(sections), **choices}
    rows = []
    in_form_order = sorted(FIELDS, key=lambda f: FORM_ORDER.index(f.name) if f.name in FORM_ORDER else 99)
    for field in in_form_order:
        meaning = field.meaning.replace("{sections}", ", ".join(sections))
        row = {
            "name": field.name,
            "label": LABELS.get(field.name, field.name.replace("_", " ")),
            "hint": FORM_HINTS.get(field.name)
            or _sentence(meaning) + (f" Ví dụ: {field.example}" if field.example else ""),
            "required": field.required == "có",
            **_widget(field, choices),
        }
        rows.append(row)
    rows.append({"name": RAW_FIELD, "widget": "hidden", "required": False})
    # Its default, this year on the portal's clock, is set by portal-cms.js when the editor opens.
    rows.append({"name": YEAR_FIELD, "widget": "hidden", "required": False})
    rows.append(
        {
            "name": "body",
            "label": "Nội dung bài",
            "widget": "markdown",
            # Raw first: the file keeps the editor's Markdown exactly; rich text on request.
            "modes": ["raw", "rich_text"],
            "sanitize_preview": True,
        }
    )
    return rows


def in_use(articles: Iterable, attribute: str) -> list[str]:
    """The values of a field the articles use, most used first (then by name)."""
    counts: dict[str, int] = {}
    for article in articles:
        value = getattr(article, attribute, None)
        if isinstance(value, str) and value.strip():
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda value: (-counts[value], value))


def decap_config(
    sections: list[str],
    choices: dict[str, list[str]],
    backend: dict,
    publish_mode: str,
    site_url: str,
) -> dict:
    """The whole configuration (written as config.yml: JSON is YAML)."""
    return {
        "backend": backend,
        "publish_mode": publish_mode,
        "locale": "vi",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "content/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "articles",
                "label": "Bài viết",
                "label_singular": "bài viết",
                "description": "Tin bài của cổng; mỗi bài là một tệp Markdown trong content/articles/<năm>/.",
                "folder": ARTICLES_FOLDER,
                "path": f"{{{{{YEAR_FIELD}}}}}/{{{{slug}}}}",
                "create": True,
                "delete": False,
                "format": FORMAT,
                "extension": "md",
                "identifier_field": "Title",
                "summary": "{{Title}} · {{Date}}",
                "sortable_fields": ["Date", "Title", "Category"],
                "view_groups": [{"label": "Chuyên mục", "field": "Category"}],
                "fields": form_fields(sections, choices),
            },
        ],
    }


def script_settings(article_paths: dict[str, str], preview_css: str, status_url: str, timezone: str) -> dict:
    """What portal-cms.js needs to read, check and preview as the build does (portal-cms.json)."""
    return {
        "field_order": [field.name for field in FIELDS],
        "hidden_fields": [RAW_FIELD, YEAR_FIELD],
        "article_paths": article_paths,
        "preview_css": preview_css,
        "status_url": status_url,
        "timezone": timezone,
        "dates": {
            # Python's named groups, in JavaScript's spelling.
            "iso": dates.ISO_FORM.pattern.replace("(?P<", "(?<"),
            "vietnamese": dates.VIETNAMESE_FORM.pattern.replace("(?P<", "(?<"),
            "datetime_expected": dates.DATETIME_EXPECTED,
            "date_expected": dates.DATE_EXPECTED,
            "first_year": dates.FIRST_YEAR,
            "last_year": dates.LAST_YEAR,
        },
        "document_types": DOCUMENT_TYPES,
        "folded_types": FOLDED_TYPES,
        "official_letter": OFFICIAL_LETTER,
        "document_number": {"pattern": DOCUMENT_PATTERN_JS, "expected": DOCUMENT_EXPECTED},
    }
