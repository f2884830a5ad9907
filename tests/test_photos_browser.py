"""Photos, sharing and the phone menu in headless Chromium: what a phone loads
first, nothing moving while photos arrive, the share buttons, the menu button.

Each test drives its own Chromium from a thread of its own: test_browser.py
keeps a Playwright running for the whole session in the main thread, and a
second one there would refuse to start. The site is conftest's sample build
(relative URLs), served on a free port.
"""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect, sync_playwright
from test_photos_site import WIRED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not WIRED, reason="needs the lead's wiring of newsroom.photos"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Site:
    def __init__(self, base: str):
        self.base = base

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path}"


@pytest.fixture(scope="module")
def site(sample_site):
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(sample_site.output))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


@pytest.fixture
def in_chromium(site):
    """Run `test(open_context)` in a thread with its own Chromium; contexts may
    only reach the local server."""

    def run(test):
        def body():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                offsite: list[str] = []

                def open_context(**options):
                    context = browser.new_context(**options)
                    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                        site.base) else (offsite.append(route.request.url), route.abort()))  # fmt: skip
                    return context

                try:
                    test(open_context)
                finally:
                    browser.close()
                assert not offsite, offsite

        with ThreadPoolExecutor(1) as pool:
            pool.submit(body).result()

    return run


STORY = "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html"
# Sums every layout shift not caused by the reader (CLS as Lighthouse counts it).
WATCH_SHIFTS = (
    "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) "
    "if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
)


@pytest.mark.parametrize("path", [STORY, "", "chuyen-muc/kinh-te/"])
def test_a_phone_loads_little_and_nothing_moves(in_chromium, site, path):
    def check(new_context):
        context = new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        context.add_init_script(WATCH_SHIFTS)
        page = context.new_page()
        loaded: dict[str, int] = {}
        page.on("requestfinished", lambda r: loaded.setdefault(r.url, r.sizes()["responseBodySize"]))
        page.goto(site.url(path), wait_until="networkidle")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__shift") == 0
        assert sum(loaded.values()) < 200 * 1024, loaded
        assert all(not url.endswith(".jpg") for url in loaded if "/anh/" in url)  # WebP where it can

    in_chromium(check)


def test_lead_photo_loads_first_and_body_photos_wait(in_chromium, site):
    def check(new_context):
        page = new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(site.url(STORY), wait_until="networkidle")
        lead = page.locator("figure.lead-photo img")
        assert lead.get_attribute("fetchpriority") == "high"
        assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
        assert lead.evaluate("img => img.currentSrc.endsWith('.webp')")
        assert page.locator(".article-body figure.photo img").first.get_attribute("loading") == "lazy"

    in_chromium(check)


def test_copy_link_puts_the_article_address_on_the_clipboard(in_chromium, site):
    def check(new_context):
        context = new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base)
        page = context.new_page()
        page.goto(site.url(STORY))
        page.get_by_role("button", name="Sao chép liên kết").click()
        # The public address (the preview's is http://127.0.0.1:8000/…), not the test server's.
        assert page.evaluate("navigator.clipboard.readText()") == f"http://127.0.0.1:8000/{STORY}"
        expect(page.locator("[data-share-status]")).to_have_text("Đã sao chép liên kết bài viết.")

    in_chromium(check)


def test_without_javascript_the_address_is_there_to_copy(in_chromium, site):
    def check(new_context):
        page = new_context(java_script_enabled=False).new_page()
        page.goto(site.url(STORY))
        assert page.get_by_label("Địa chỉ bài viết").input_value() == f"http://127.0.0.1:8000/{STORY}"
        assert page.get_by_role("button", name="Sao chép liên kết").count() == 0

    in_chromium(check)


# The phone menu (base.html) came with this work; its tests live here for now.


def test_on_a_phone_the_sections_fold_into_a_menu_button(in_chromium, site):
    def check(new_context):
        page = new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(site.url(STORY))
        nav = page.get_by_role("navigation", name="Chuyên mục chính")
        link = nav.get_by_role("link", name="Y tế")
        expect(link).to_be_hidden()
        button = nav.locator("summary")
        button.focus()
        page.keyboard.press("Enter")
        expect(link).to_be_visible()
        page.keyboard.press("Enter")
        expect(link).to_be_hidden()

    in_chromium(check)


def test_on_a_wide_screen_and_without_javascript_the_sections_show(in_chromium, site):
    def check(new_context):
        wide = new_context(viewport={"width": 1280, "height": 900}).new_page()
        no_script = new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False).new_page()
        for page in (wide, no_script):
            page.goto(site.url(STORY))
            expect(
                page.get_by_role("navigation", name="Chuyên mục chính").get_by_role("link", name="Y tế")
            ).to_be_visible()
        expect(wide.locator(".site-menu > summary")).to_be_hidden()

    in_chromium(check)
