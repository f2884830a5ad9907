"""Without JavaScript: the article reads fully and the script-only tools are hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .pages import SEED, SEED_ATTACHMENT, SEED_TITLE, Site, text_size_button

pytestmark = pytest.mark.browser


def test_without_javascript_the_article_reads_fully_and_the_tools_are_hidden(new_context, site: Site):
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site.url(SEED))
    expect(page.get_by_role("heading", level=1, name=SEED_TITLE)).to_be_visible()
    expect(page.get_by_text("Nhằm khơi dậy truyền thống thi đua yêu nước")).to_be_visible()
    expect(
        page.get_by_text("UBND thành phố yêu cầu các sở, ban, ngành, địa phương, đơn vị nghiêm túc")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Tài liệu đính kèm")).to_be_visible()
    expect(page.get_by_role("link", name=SEED_ATTACHMENT, exact=True)).to_be_visible()
    # Buttons that would do nothing without JavaScript are not offered.
    expect(page.locator(".tools")).to_be_hidden()
    for label in ("A+", "A−", "Gốc"):
        expect(text_size_button(page, label)).to_be_hidden()
    expect(page.get_by_role("button", name="In bài viết")).to_be_hidden()
