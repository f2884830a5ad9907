"""Every source file is accounted for: none silently dropped, none misplaced.

Pelican skips a file it cannot process (an exception while reading, an
unknown status, a page written outside the output) with one English log line
and goes on; a Markdown file outside the article and page folders is not read
at all. Both would leave an editor's article silently missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import ContentProblem

SOURCE_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown", ".rst")


def failed_sources(generated_content: dict) -> list[ContentProblem]:
    """Files Pelican recorded as failed (generated_content maps them to None)."""
    return [
        ContentProblem(
            path,
            "(tệp)",
            "",
            "Pelican không dựng được tệp này (xem dòng báo lỗi ngay phía trên); "
            "bài không được đăng. Kiểm tra các trường ở đầu tệp",
        )
        for path, content in sorted(generated_content.items())
        if content is None
    ]


def misplaced_sources(content_root: Path, settings: dict) -> list[ContentProblem]:
    """Markdown (or reST) files under content/ that are neither articles nor pages."""
    # Pelican excludes each kind's folders from the other's (ARTICLE_EXCLUDES has "pages").
    kinds = [
        (settings[f"{kind}_PATHS"], settings.get(f"{kind}_EXCLUDES") or []) for kind in ("ARTICLE", "PAGE")
    ]

    def is_read(path: Path) -> bool:
        return any(
            any(path.is_relative_to(p) for p in paths) and not any(path.is_relative_to(p) for p in excludes)
            for paths, excludes in kinds
        )

    problems = []
    for folder, subfolders, files in os.walk(content_root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SOURCE_EXTENSIONS):
                continue
            path = Path(folder, name).relative_to(content_root)
            if is_read(path):
                continue
            problems.append(
                ContentProblem(
                    path.as_posix(),
                    "(tệp)",
                    "",
                    "tệp bài viết nằm ngoài content/articles/ và content/pages/ nên không được đọc; "
                    "chuyển bài vào "
                    "content/articles/<năm>/ (trang tĩnh vào content/pages/), hoặc xóa nếu không dùng",
                )
            )
    return problems
