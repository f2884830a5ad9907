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

from pelican.readers import MarkdownReader

from . import fields
from .fields import DOCUMENT_FIELDS, text_of
from .problems import ContentProblem
from .related import article_terms
from .settings import SETTINGS_KEY, load_settings

PROBLEMS = "newsroom_problems"
TERMS = "newsroom_terms"


@dataclass(frozen=True)
class Unreadable:
    """A field value that could not be parsed, with what the editor should write."""

    value: str
    expected: str


class NewsMarkdownReader(MarkdownReader):
    """Reads `.md` files, parsing and checking every field of the table."""

    def process_metadata(self, name: str, value):
        field = fields.BY_KEY.get(name)
        if field is None or field.parse is None:
            return super().process_metadata(name, value)
        if not text_of(value).strip():
            return None
        try:
            return field.parse(value, self._config().timezone)
        except ValueError as error:
            return Unreadable(text_of(value), str(error))

    def read(self, source_path: str):
        content, metadata = super().read(source_path)
        source = Path(os.path.relpath(source_path, self.settings["PATH"]))
        problems: list[ContentProblem] = []
        # A field left empty (as `invoke new` scaffolds them) means "not given".
        metadata = {k: v for k, v in metadata.items() if v not in ("", None, [])}
        unreadable = {key for key, value in metadata.items() if isinstance(value, Unreadable)}
        for key in sorted(unreadable):
            field = fields.BY_KEY[key]
            problems.append(ContentProblem(source.as_posix(), field.name, metadata[key].value,
                                           metadata[key].expected))  # fmt: skip
            del metadata[key]
            if field.stand_in:
                metadata[key] = field.stand_in(source, self.settings)
        is_article = self._is_article(source)
        problems += self._missing(metadata, unreadable, source, is_article)
        if is_article:
            # Read once per file (and kept by Pelican's content cache), not per build.
            metadata[TERMS] = article_terms(
                str(metadata.get("title", "")), str(metadata.get("summary", "")), content
            )
        metadata[PROBLEMS] = problems
        return content, metadata

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

        def report(key: str, expected: str) -> None:
            field = fields.BY_KEY[key]
            problems.append(ContentProblem(source.as_posix(), field.name, "", expected))
            if field.stand_in and key not in metadata:
                metadata[key] = field.stand_in(source, self.settings)

        if "title" not in metadata:
            report("title", "thiếu tiêu đề; thêm dòng “Title: …” ở đầu tệp")
        document, *companions = DOCUMENT_FIELDS
        if document in unreadable:
            pass  # its date and issuer mean nothing until the number is fixed
        elif metadata.get(document):
            for key in companions:
                if key not in metadata and key not in unreadable:
                    field = fields.BY_KEY[key]
                    report(key, f"có Document thì cần {field.noun}, ví dụ “{field.name}: {field.example}”")
        elif given := [fields.BY_KEY[key].name for key in companions if key in metadata]:
            report(document, f"có {given[0]} nhưng thiếu số, ký hiệu văn bản; thêm ví dụ “Document: "
                             f"{fields.BY_KEY[document].example}”")  # fmt: skip
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
