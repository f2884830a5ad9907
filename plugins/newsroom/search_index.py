"""The site's full-text search index, made by Pagefind after the pages are written.

Pagefind runs on the finished folder (before it is swapped in), indexing only
what the templates mark with `data-pagefind-body`: the articles' own text, not
navigation or "Tin khác".
"""

from __future__ import annotations

import subprocess
import sys

from .problems import PortalError


def build_index(site: str, language: str = "vi") -> None:
    """Write `pagefind/` into `site`; raise PortalError with Pagefind's words on failure."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--force-language", language, "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise PortalError(
            "Không tạo được chỉ mục tìm kiếm (Pagefind): "
            + (done.stderr.strip() or done.stdout.strip() or f"mã lỗi {done.returncode}")
        )
