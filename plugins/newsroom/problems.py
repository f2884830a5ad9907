"""Content problems an editor has to fix, and the error that stops a build."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One mistake in one content file, told the way an editor can act on it."""

    source: str  # path relative to content/
    field: str  # metadata field as the editor writes it, e.g. "Document"
    value: str  # the offending value, as written
    expected: str  # what is expected / what to do, in Vietnamese
    # Incomplete but harmless (the build goes on and lists it), unless checks are strict.
    warning: bool = False

    def __str__(self) -> str:
        value = f" = “{self.value}”" if self.value else ""
        return f"{self.source}: trường {self.field}{value}: {self.expected}"


def source_of(content) -> str:
    """A content file's path as editors see it: relative to content/, with "/"."""
    return Path(content.relative_source_path).as_posix()


class PortalError(Exception):
    """An error whose message tells the editor what to do; no traceback needed."""

    exitcode = 1


class PortalFault(PortalError):
    """An unexpected exception: a fault of the portal, not of the editor; the last good
    site is kept. Its traceback is kept for developers (`pelican --debug`)."""

    def __init__(self, error: BaseException):
        self.error = error
        where = _innermost_template(error)
        super().__init__(
            f"Lỗi của cổng (không phải lỗi của biên tập viên){where}: {type(error).__name__}: {error}. "
            "Trang đã dựng trước đó được giữ nguyên; báo cho bộ phận kỹ thuật kèm dòng này "
            "(chạy lại với --debug để xem chi tiết)."
        )


def _innermost_template(error: BaseException) -> str:
    """ " khi dựng theme/templates/x.html" when the fault happened in a template."""
    frame = error.__traceback__
    found = ""
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            found = f" khi dựng mẫu {name}, dòng {frame.tb_lineno}"
        frame = frame.tb_next
    return found


class ContentError(PortalError):
    """Stops the build once every problem has been reported."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = sorted(set(problems))
        count = sum(not p.warning for p in self.problems)
        super().__init__(
            f"Không dựng trang: có {count} lỗi nội dung (danh sách ở trên). "
            "Sửa các tệp được nêu rồi chạy lại; trang đã dựng trước đó được giữ nguyên."
        )


def shared(contents: list, key_of, field: str, explain) -> list[ContentProblem]:
    """A problem in each file of every group of contents with the same key (a slug, a feed
    id), naming the others: `explain(others)` says what to do."""
    groups: dict[str, list[str]] = {}
    for content in contents:
        groups.setdefault(key_of(content), []).append(source_of(content))
    problems = []
    for key, sources in sorted(groups.items()):
        if len(sources) > 1:
            for source in sorted(sources):
                others = ", ".join(s for s in sorted(sources) if s != source)
                problems.append(ContentProblem(source, field, key, explain(others)))
    return problems


def warning(source: str, field: str, value: str, expected: str) -> ContentProblem:
    return ContentProblem(source, field, value, expected, warning=True)


def report(problems: list[ContentProblem], log: logging.Logger) -> None:
    """Log every problem, one line each, sorted by file then field: errors, then
    warnings, then one line with the counts."""
    unique = sorted(set(problems))
    errors = [p for p in unique if not p.warning]
    warnings = [p for p in unique if p.warning]
    for problem in errors:
        log.error("Lỗi nội dung: %s", problem)
    for problem in warnings:
        log.warning("Cảnh báo: %s", problem)
    if unique:
        log.warning("Kiểm tra nội dung: %d lỗi, %d cảnh báo", len(errors), len(warnings))


class HidePortalErrorTraceback(logging.Filter):
    """Pelican logs a failed build with its traceback; ours needs none.

    The problems were already listed one by one, so the editor gets the
    summary line alone.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, PortalError):
            # The editor's message alone: no traceback, no exception class name.
            record.msg, record.args = "%s", (str(error),)
            if not (
                isinstance(error, PortalFault) and logging.getLogger("pelican").isEnabledFor(logging.DEBUG)
            ):
                record.exc_info = None
                record.exc_text = None
        return True


def write_report(path: str, problems: list[ContentProblem]) -> None:
    """The problems as JSON for scripts and CI (CONTENT_REPORT); nothing when path is ""."""
    if not path:
        return
    rows = [{"level": "warning" if p.warning else "error", **asdict(p)} for p in sorted(set(problems))]
    for row in rows:
        del row["warning"]
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "errors": sum(r["level"] == "error" for r in rows),
                "warnings": sum(r["level"] == "warning" for r in rows),
                "problems": rows,
            },
            handle,
            ensure_ascii=False,
            indent=1,
        )
    os.replace(temporary, path)
