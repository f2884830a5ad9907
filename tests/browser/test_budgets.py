"""Budgets a phone reader feels, in Chromium at 390 px on the production build
served by nginx (gzip and headers as in production): an article with a lead
photo costs under 200 KB transferred for everything its first screen needs
(HTML, CSS, JS, fonts, images), and nothing on it moves (CLS 0) while it loads
and while the reader scrolls to the end and back.

test_photos_browser.py weighs the preview build's bodies at load; this one
weighs what crosses the network from the production server, checks the first
screen's images are among what was weighed, and scrolls.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .pages import Site
from .production import served_by_nginx

pytestmark = pytest.mark.browser

BUDGET_BYTES = 200 * 1024
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
ARTICLES = {
    "article-with-photos": "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html",
    "photo-story": "2023/05/khai-mac-le-hoi-hoa-phuong-do-nam-2023.html",
}

# Sums every layout shift not caused by the reader, as CLS counts them; buffered,
# so shifts before the observer existed count too.
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({
      value: entry.value,
      nodes: (entry.sources || [])
        .map(s => s.node ? (s.node.outerHTML || s.node.nodeName).slice(0, 120) : "?"),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""

# Every response of the page: the document's and each resource's bytes on the wire
# (headers and the compressed body); encodedBodySize where a cache hit left transferSize 0.
TRANSFERRED = """() => [
  ...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
  .map(e => ({url: e.name, type: e.initiatorType, bytes: e.transferSize || e.encodedBodySize}))"""

# The images the first screen shows: any <img> (or poster) whose box meets the viewport.
FIRST_SCREEN_IMAGES = """() => [...document.images]
  .filter(img => { const r = img.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0
      && r.left < innerWidth && r.right > 0; })
  .map(img => ({src: img.currentSrc, complete: img.complete && img.naturalWidth > 0}))"""

SCROLL_TO_END_AND_BACK = """async () => {
  const pause = () => new Promise(done => setTimeout(done, 120));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y); await pause();
  }
  scrollTo(0, document.documentElement.scrollHeight); await pause();
  scrollTo(0, 0); await pause();
}"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Iterator[Site]:
    with served_by_nginx(tmp_path_factory.mktemp("budgets")) as site:
        yield site


@pytest.fixture
def phone(browser: Browser, production: Site) -> Iterator[Page]:
    """A 390 px phone page that may only reach the local nginx (anything else fails the test)."""
    context = browser.new_context(**PHONE)
    offsite: list[str] = []

    def guard(route):
        if route.request.url.startswith(production.base + "/"):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.add_init_script(WATCH_SHIFTS)
    yield context.new_page()
    context.close()
    assert not offsite, f"requests leaving the local server: {offsite}"


@pytest.mark.parametrize("name", ARTICLES)
def test_a_phone_s_first_screen_of_an_article_costs_under_200_kb(phone: Page, production: Site, name):
    path = ARTICLES[name]
    phone.goto(production.url(path), wait_until="load")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("figure.lead-photo img").count() == 1, f"/{path} has no lead photo"
    transferred = phone.evaluate(TRANSFERRED)
    assert transferred[0]["url"] == production.url(path) and transferred[0]["bytes"] > 0, transferred[0]
    weighed = {item["url"] for item in transferred}
    first_screen = phone.evaluate(FIRST_SCREEN_IMAGES)
    assert first_screen, f"/{path}: no image on the first screen (the lead photo should be there)"
    assert all(image["complete"] for image in first_screen), (
        f"/{path}: first-screen images unloaded: {first_screen}"
    )
    unweighed = [image["src"] for image in first_screen if image["src"] not in weighed and image["src"]]
    assert not unweighed, f"/{path}: first-screen images missing from the resource timing: {unweighed}"
    total = sum(item["bytes"] for item in transferred)
    listing = "\n".join(f"{item['bytes']:>8} {item['type']:<10} {item['url']}" for item in transferred)
    print(f"/{path}: {total / 1024:.1f} KB transferred in {len(transferred)} responses\n{listing}")
    assert total < BUDGET_BYTES, f"/{path}: {total / 1024:.1f} KB > {BUDGET_BYTES // 1024} KB:\n{listing}"


@pytest.mark.parametrize("name", ARTICLES)
def test_nothing_on_an_article_moves_while_it_loads_and_scrolls(phone: Page, production: Site, name):
    path = ARTICLES[name]
    phone.goto(production.url(path), wait_until="load")
    phone.wait_for_load_state("networkidle")
    phone.evaluate(SCROLL_TO_END_AND_BACK)
    phone.wait_for_load_state("networkidle")
    phone.wait_for_timeout(200)  # let the observer deliver the last entries
    shifts = phone.evaluate("window.__shifts")
    print(f"/{path}: CLS {sum(shift['value'] for shift in shifts)}")
    assert shifts == [], f"/{path}: layout shifts (CLS {sum(s['value'] for s in shifts):.4f}): {shifts}"
