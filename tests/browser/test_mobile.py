"""Small screens: every kind of page fits a phone's width without sideways scrolling."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .pages import DOCUMENTS, RESULT_LINKS, SEARCH, SEARCH_TIMEOUT_MS, SEED, Site

pytestmark = pytest.mark.browser


SMALL_SCREEN_PAGES = ["", SEED, f"{SEARCH}?q=duong", "chuyen-muc/kinh-te/", DOCUMENTS]

WIDEST_ELEMENTS = """() => {
  const limit = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > limit + 0.5);
  // Only the innermost ones: an ancestor sticks out because its child does.
  const name = e => e.tagName.toLowerCase() + (e.classList.length ? "." + [...e.classList].join(".") : "");
  return wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 5)
    .map(e => `<${name(e)}> right=${Math.round(e.getBoundingClientRect().right)}px`);
}"""


@pytest.mark.parametrize("width", [360, 320])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(new_context, site: Site, width):
    page = new_context(viewport={"width": width, "height": 740}).new_page()
    too_wide = []
    for path in SMALL_SCREEN_PAGES:
        page.goto(site.url(path))
        if path.startswith(SEARCH):
            # Measured with the results shown; whether they show is the search tests' business.
            with contextlib.suppress(PlaywrightTimeoutError):
                page.locator(RESULT_LINKS).first.wait_for(timeout=SEARCH_TIMEOUT_MS)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert inner_width == width
        if scroll_width > inner_width:
            too_wide.append(f"/{path}: {scroll_width}px > {inner_width}px, {page.evaluate(WIDEST_ELEMENTS)}")
    assert not too_wide, f"wider than a {width}px screen:\n" + "\n".join(too_wide)
