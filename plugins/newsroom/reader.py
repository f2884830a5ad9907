"""Pelican's Markdown reader, with the portal's fields (fields.FIELDS) checked as they are read.

A mistake does not stop reading: `process_metadata` turns an unreadable value
into an `Unreadable` marker, and `read` replaces each marker (and each missing
required field) with a harmless stand-in and records the problem on the
content's metadata (`newsroom_problems`), so one build reports every problem of
every file before it fails. Nothing about the file being read is kept on the
reader.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import _DISCARD, MarkdownReader

from . import fields
from .fields import DOCUMENT_FIELDS, text_of
from .names import canonical, clean
from .problems import ContentProblem, warning
from .related import article_terms
from .sanitize import clean_html, clean_summary
from .settings import SETTINGS_KEY, load_settings
from .slugs import name_slug, slug_from_title

PROBLEMS = "newsroom_problems"
SLUG_FROM_TITLE = "newsroom_slug_from_title"  # the editor gave no Slug: the title's full slug
TERMS = "newsroom_terms"


@dataclass(frozen=True)
class Unreadable:
    """A field value that could not be parsed, with what the editor should write."""

    value: str
    expected: str


@dataclass(frozen=True)
class Warned:
    """A readable field value with something the editor should look at."""

    value: object
    written: str
    warning: str


def _shown(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _cleaned(value):
    return clean(value) if isinstance(value, str) else [clean(line) for line in value]


class NewsMarkdownReader(MarkdownReader):
    """Reads `.md` files, parsing and checking every field of the table."""

    def process_metadata(self, name: str, value):
        if isinstance(value, (str, list)):
            value = _cleaned(value)  # NFC, no control characters
        field = fields.BY_KEY.get(name)
        if name == "category" and isinstance(value, str):
            # "Văn hoá - Xã hội", "Y Tế", NFD: the section as NEWS_SECTIONS spells it.
            value = canonical(value, self._config().sections) or value
        if field is None or field.parse is None:
            return super().process_metadata(name, value)
        if not text_of(value).strip():
            return None
        try:
            parsed = field.parse(value, self._config().timezone)
        except ValueError as error:
            return Unreadable(text_of(value), str(error))
        warning = field.warn(parsed) if field.warn else ""
        return Warned(parsed, text_of(value), warning) if warning else parsed

    def read(self, source_path: str):
        source = Path(os.path.relpath(source_path, self.settings["PATH"]))
        try:
            return self._read(source_path, source)
        except UnicodeDecodeError as error:
            return self._unreadable_file(
                source,
                f"tệp không phải UTF-8 (byte lỗi ở vị trí {error.start}); "
                "mở bằng trình soạn thảo và lưu lại với mã hóa UTF-8",
            )
        except Exception as error:  # noqa: BLE001 - any fault of the portal on one file is named, not a traceback
            return self._unreadable_file(
                source,
                f"lỗi của cổng khi đọc tệp này, không phải lỗi của biên tập viên ({type(error).__name__}: "
                f"{error}); báo cho bộ phận kỹ thuật kèm tệp",
            )

    def _read(self, source_path: str, source: Path):
        content, metadata = super().read(source_path)
        content = clean_html(clean(content))  # inert: no script, event handler or javascript: URL
        problems: list[ContentProblem] = []
        # A field left empty (as `invoke new` scaffolds them) means "not given".
        metadata = {k: v for k, v in metadata.items() if v is not _DISCARD and v not in ("", None, [])}
        for key, value in list(metadata.items()):
            if isinstance(value, Warned):
                problems.append(
                    warning(source.as_posix(), fields.BY_KEY[key].name, value.written, value.warning)
                )
                metadata[key] = value.value
        if len(metadata.get("tags", ())) > fields.MAX_TAGS:
            problems.append(
                ContentProblem(
                    source.as_posix(),
                    "Tags",
                    f"{len(metadata['tags'])} thẻ",
                    f"nhiều nhất {fields.MAX_TAGS} thẻ; giữ những chủ đề chính",
                )
            )
            metadata["tags"] = metadata["tags"][: fields.MAX_TAGS]
        if isinstance(metadata.get("summary"), str):
            metadata["summary"] = clean_summary(metadata["summary"])
        unreadable = {key for key, value in metadata.items() if isinstance(value, Unreadable)}
        for key in sorted(unreadable):
            field = fields.BY_KEY[key]
            problems.append(
                ContentProblem(source.as_posix(), field.name, metadata[key].value, metadata[key].expected)
            )
            del metadata[key]
            if field.stand_in:
                metadata[key] = field.stand_in(source, self.settings)
        if "slug" not in metadata and "slug" not in unreadable and metadata.get("title"):
            # Shortened at a word: a 300-character title must not give a 300-character address.
            metadata["slug"] = slug_from_title(
                str(metadata["title"]), self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
            )
            # The whole title's slug (Pelican's own), still accepted in other articles' Related.
            metadata[SLUG_FROM_TITLE] = name_slug(
                str(metadata["title"]), self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
            )
        is_article = self._is_article(source)
        problems += self._missing(metadata, unreadable, source, is_article)
        if is_article:
            # Read once per file (and kept by Pelican's content cache), not per build.
            metadata[TERMS] = article_terms(
                str(metadata.get("title", "")), str(metadata.get("summary", "")), content
            )
        metadata[PROBLEMS] = problems
        return content, metadata

    def _unreadable_file(self, source: Path, expected: str):
        """A stand-in for a file that cannot be read, carrying the one problem that says so."""
        metadata = {
            key: field.stand_in(source, self.settings)
            for key, field in fields.BY_KEY.items()
            if field.stand_in
        }
        metadata[PROBLEMS] = [ContentProblem(source.as_posix(), "(tệp)", "", expected)]
        return "", metadata

    def _config(self):
        config = self.settings.get(SETTINGS_KEY)
        return config if config is not None else load_settings(self.settings)

    def _is_article(self, source: Path) -> bool:
        def inside(folders) -> bool:
            return any(source.is_relative_to(Path(folder)) for folder in folders or [])

        return inside(self.settings["ARTICLE_PATHS"]) and not inside(self.settings.get("ARTICLE_EXCLUDES"))

    def _missing(
        self, metadata: dict, unreadable: set, source: Path, is_article: bool
    ) -> list[ContentProblem]:
        """Required fields left out (each replaced by its stand-in), and document fields
        without the rest of the document's description."""
        problems = []

        def report(key: str, expected: str, harmless: bool = False) -> None:
            field = fields.BY_KEY[key]
            problems.append(ContentProblem(source.as_posix(), field.name, "", expected, warning=harmless))
            if field.stand_in and key not in metadata:
                metadata[key] = field.stand_in(source, self.settings)

        if "title" not in metadata:
            report("title", "thiếu tiêu đề; thêm dòng “Title: …” ở đầu tệp")
        document, *companions = DOCUMENT_FIELDS
        if document in unreadable:
            pass  # its date and issuer mean nothing until the number is fixed
        elif metadata.get(document):
            if "document_date" not in metadata and "document_date" not in unreadable:
                year = None if "date" in unreadable else getattr(metadata.get("date"), "year", None)
                filed = (
                    f"văn bản được xếp vào năm {year} (năm của ngày đăng)" if year else "văn bản không có năm"
                )
                report(
                    "document_date",
                    f"chưa có ngày ban hành: {filed}; khi biết, thêm ví dụ “Document_date: 2021-09-28”",
                    harmless=True,
                )
            if "issuer" not in metadata and "issuer" not in unreadable:
                report(
                    "issuer",
                    "chưa có cơ quan ban hành: dòng văn bản không ghi cơ quan; thêm ví dụ "
                    "“Issuer: UBND thành phố”",
                    harmless=True,
                )
        elif given := [key for key in companions if key in metadata]:
            name = fields.BY_KEY[given[0]].name
            problems.append(
                warning(
                    source.as_posix(),
                    name,
                    _shown(metadata[given[0]]),
                    f"có {name} nhưng không có Document (số, ký hiệu văn bản): "
                    "bài không gắn với văn bản nào và "
                    f"{name} không hiện trên trang; nếu bài nói về một văn bản, thêm ví dụ "
                    f"“Document: {fields.BY_KEY[document].example}”",
                )
            )
        if is_article:
            for field in fields.FIELDS:
                if field.needed_for_articles and field.key not in metadata and field.key not in unreadable:
                    report(field.key, self._missing_hint(field))
        return problems

    def _missing_hint(self, field) -> str:
        if field.key == "category":
            sections = ", ".join(self._config().sections)
            return f"thiếu chuyên mục; thêm “Category: …” với một trong: {sections}"
        return f"thiếu {field.noun}; thêm ví dụ “{field.name}: {field.example}”"
