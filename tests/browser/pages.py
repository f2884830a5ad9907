"""What the browser tests share besides fixtures: the pages they open, the
tools they need, and how to find things on the page."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}

SEED = "2021/09/phat-dong-thi-dua-muc-tieu-kep.html"
SEED_TITLE = (
    "Phát động phong trào thi đua thực hiện thắng lợi “Mục tiêu kép” "
    "phòng, chống dịch COVID-19 và phát triển kinh tế-xã hội"
)
SEED_DATE = "Thứ Năm, 30/09/2021 16:21"
SEED_ATTACHMENT = "Kế hoạch số 220/KH-UBND"
SECTION = "chuyen-muc/y-te/"
DOCUMENTS = "van-ban/"
SEARCH = "tim-kiem/"
# Search results are links to articles: /YYYY/MM/slug.html.
ARTICLE_LINK = 'a[href*="/20"][href$=".html"]'
RESULT_LINKS = f"main {ARTICLE_LINK}"
# Long enough for Pagefind to fetch its WebAssembly and index on a slow machine.
SEARCH_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Site:
    base: str  # "http://127.0.0.1:PORT", the build's SITEURL
    output: Path

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path}"


def unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI (CI=true) a missing tool is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def text_size_button(page: Page, label: str):
    """The article tool whose visible text is `label` ("A+", "A−", "Gốc")."""
    pattern = {"A−": r"^\s*A[−-]\s*$", "A+": r"^\s*A\+\s*$"}.get(label, rf"^\s*{re.escape(label)}\s*$")
    return page.locator("button").filter(has_text=re.compile(pattern))
