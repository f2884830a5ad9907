"""Pelican's Markdown reader, with the portal's fields checked as they are read.

A mistake does not stop reading: it is recorded on the content's metadata
(`newsroom_problems`) with a harmless stand-in value, so that one build
reports every problem of every file before it fails.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.contents import Category
from pelican.readers import MarkdownReader

from . import attachments, dates, documents
from .related import article_terms
from .problems import ContentProblem
from .settings import SETTINGS_KEY

PROBLEMS = "newsroom_problems"
TERMS = "newsroom_terms"
# Stands in for an unreadable date so the build goes on to report everything.
PLACEHOLDER_DATE = datetime.fromisoformat("2000-01-01T00:00:00+07:00")
PLACEHOLDER_CATEGORY = "Chưa phân loại"


def field_label(name: str) -> str:
    """`document_date` -> `Document_date`, as editors write it."""
    return name[:1].upper() + name[1:]


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "\n".join(value)


def _single(value: str | list[str]) -> str:
    return " ".join(_text(value).split())


class NewsMarkdownReader(MarkdownReader):
    """Reads `.md` files; parses Date, Modified, Document, Document_date,
    Attachments and Related, recording each mistake for the editor."""

    _problems: list[ContentProblem] | None = None  # set while a file is being read

    def read(self, source_path: str):
        self._problems = []
        self._unreadable: set[str] = set()  # fields already reported
        self._source = Path(os.path.relpath(source_path, self.settings["PATH"])).as_posix()
        try:
            content, metadata = super().read(source_path)
            # A field left empty (as `invoke new` scaffolds them) means "not given".
            metadata = {k: v for k, v in metadata.items() if v not in ("", None, [])}
            self._check_whole(metadata)
            if self._is_article():
                # Read once per file (and kept by Pelican's content cache), not per build.
                metadata[TERMS] = article_terms(
                    str(metadata.get("title", "")), str(metadata.get("summary", "")), content
                )
            metadata[PROBLEMS] = self._problems
        finally:
            self._problems = None
        return content, metadata

    def process_metadata(self, name: str, value):
        if self._problems is None:
            # Called by Pelican outside read() (DEFAULT_METADATA, FILENAME_METADATA).
            return super().process_metadata(name, value)
        if not _text(value).strip():
            return None
        try:
            if name in ("date", "modified"):
                return dates.parse_datetime(_single(value), self._zone())
            if name == "document_date":
                return dates.parse_date(_single(value))
            if name == "document":
                return documents.parse_document_number(_single(value))
            if name == "attachments":
                return attachments.parse_entries(value)
            if name == "related":
                slugs = (slug.strip() for slug in _text(value).replace("\n", ",").split(","))
                return list(dict.fromkeys(slug for slug in slugs if slug))  # once each, in order
            if name in ("source", "campaign", "issuer"):
                return _single(value)
        except ValueError as error:
            self._problem(name, _text(value), str(error))
            return PLACEHOLDER_DATE if name == "date" else None
        return super().process_metadata(name, value)

    def _zone(self) -> ZoneInfo:
        config = self.settings.get(SETTINGS_KEY)
        return config.timezone if config else ZoneInfo(self.settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")

    def _problem(self, name: str, value: str, expected: str) -> None:
        self._unreadable.add(name)
        self._problems.append(ContentProblem(self._source, field_label(name), value, expected))

    def _is_article(self) -> bool:
        source = Path(self._source)

        def inside(folders) -> bool:
            return any(source.is_relative_to(Path(folder)) for folder in folders or [])

        return inside(self.settings["ARTICLE_PATHS"]) and not inside(self.settings.get("ARTICLE_EXCLUDES"))

    def _check_whole(self, metadata: dict) -> None:
        """Checks that need several fields, or the absence of one."""
        if not metadata.get("title"):
            self._problem("title", "", "thiếu tiêu đề; thêm dòng “Title: …” ở đầu tệp")
            metadata["title"] = Path(self._source).stem
        if "document" in self._unreadable:
            pass  # its date and issuer mean nothing until the number is fixed
        elif metadata.get("document"):
            if not metadata.get("document_date"):
                self._problem(
                    "document_date",
                    "",
                    "có Document thì cần ngày ban hành, ví dụ “Document_date: 2021-09-28”",
                )
            if not metadata.get("issuer"):
                self._problem(
                    "issuer", "", "có Document thì cần cơ quan ban hành, ví dụ “Issuer: UBND thành phố”"
                )
        elif metadata.get("document_date") or metadata.get("issuer"):
            present = "Document_date" if metadata.get("document_date") else "Issuer"
            self._problem(
                "document",
                "",
                f"có {present} nhưng thiếu số, ký hiệu văn bản; thêm ví dụ “Document: 220/KH-UBND”",
            )
        if not self._is_article():
            return
        if "date" not in metadata and "date" not in self._unreadable:
            self._problem("date", "", "thiếu ngày đăng; thêm ví dụ “Date: 2021-09-30 16:21”")
            metadata["date"] = PLACEHOLDER_DATE
        if "category" not in metadata:
            sections = ", ".join(self.settings.get("NEWS_SECTIONS") or [])
            self._problem("category", "", f"thiếu chuyên mục; thêm “Category: …” với một trong: {sections}")
            metadata["category"] = Category(PLACEHOLDER_CATEGORY, self.settings)
