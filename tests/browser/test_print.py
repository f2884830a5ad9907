"""Printing an article: the article, its address and QR code; no site furniture."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .pages import SEED, SEED_DATE, SEED_TITLE, Site

pytestmark = pytest.mark.browser


def test_printing_an_article_shows_the_article_and_its_address_only(page: Page, site: Site):
    article_url = site.url(SEED)
    page.goto(article_url)
    shown_in_print = {
        "the title": page.get_by_role("heading", level=1, name=SEED_TITLE),
        "the date": page.get_by_text(SEED_DATE, exact=True),
        "the article's address": page.get_by_text(f"Địa chỉ bài viết: {article_url}"),
        "the QR code": page.get_by_role("img", name=article_url),
    }
    left_out_of_print = {
        "the site navigation": page.get_by_role("navigation", name="Chuyên mục chính"),
        "the header search box": page.get_by_role("banner").get_by_role("search"),
        "the share links": page.locator('a[href*="facebook.com/sharer"], a[href^="mailto:?"]'),
        "Tin khác": page.get_by_role("region", name="Tin khác"),
        "the footer": page.get_by_role("contentinfo"),
    }
    # On screen everything but the print-only address is there, so the print
    # checks below are about print styles, not about missing elements.
    on_screen_missing = [name for name, found in left_out_of_print.items() if not found.first.is_visible()]
    assert not on_screen_missing, f"not shown on screen at all: {on_screen_missing}"
    assert not shown_in_print["the article's address"].is_visible(), "the print-only address shows on screen"

    page.emulate_media(media="print")
    missing = []
    for name, locator in shown_in_print.items():
        box = locator.first.bounding_box() if locator.first.is_visible() else None
        if not box or box["width"] < 1 or box["height"] < 1:
            missing.append(name)
    assert not missing, f"missing from the printout: {missing}"
    qr = shown_in_print["the QR code"].first
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image did not load"

    printed = []
    for name, locator in left_out_of_print.items():
        visible = [i for i in range(locator.count()) if locator.nth(i).bounding_box() is not None]
        if visible:
            printed.append(f"{name} ({len(visible)} element(s))")
    assert not printed, f"printed though it should not be: {printed}"
