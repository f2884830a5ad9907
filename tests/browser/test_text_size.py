"""The article's text size buttons (A+, A−, Gốc) and the remembered choice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .pages import SEED, Site, text_size_button

pytestmark = pytest.mark.browser


def body_font_sizes(page: Page) -> list[float]:
    """The computed font size (px) of every paragraph of the article's body."""
    sizes = page.locator(".article-body p").evaluate_all(
        "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes, f"no paragraphs in the article body of {page.url}"
    return sizes


def test_text_size_buttons_change_the_article_text_and_the_choice_is_remembered(page: Page, site: Site):
    page.goto(site.url(SEED))
    expect(page.locator(".tools")).to_be_visible()
    larger, smaller, reset = (text_size_button(page, label) for label in ("A+", "A−", "Gốc"))
    for button in (larger, smaller, reset):
        expect(button).to_have_count(1)
        expect(button).to_be_visible()

    original = body_font_sizes(page)
    larger.click()
    enlarged = body_font_sizes(page)
    assert all(after > before for before, after in zip(original, enlarged, strict=True)), (original, enlarged)
    reset.click()
    assert body_font_sizes(page) == pytest.approx(original)
    smaller.click()
    shrunk = body_font_sizes(page)
    assert all(after < before for before, after in zip(original, shrunk, strict=True)), (original, shrunk)
    reset.click()
    assert body_font_sizes(page) == pytest.approx(original)

    # A+ then on to another article from "Tin khác": still enlarged there.
    larger.click()
    enlarged = body_font_sizes(page)
    other = page.get_by_role("region", name="Tin khác").get_by_role("link").first
    other_url = other.get_attribute("href")
    other.click()
    page.wait_for_url(other_url)
    assert page.url != site.url(SEED)
    expect(page.locator(".tools")).to_be_visible()
    kept = body_font_sizes(page)
    assert kept == pytest.approx([enlarged[0]] * len(kept)), (
        f"the enlarged size was not kept: {kept} {enlarged}"
    )
    # and "Gốc" there brings back the original size.
    text_size_button(page, "Gốc").click()
    restored = body_font_sizes(page)
    assert restored == pytest.approx([original[0]] * len(restored))
