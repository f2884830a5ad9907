"""The portal as a reader sees it: the production build served on 127.0.0.1 and
read in headless Chromium (Debian's /usr/bin/chromium) through Playwright.

Every request a page makes must stay on the local server: anything else is
refused and fails the test, as do uncaught script errors and missing files.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

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


def unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI (CI=true) a missing tool is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


# -- The served site --------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format, *args):
        pass


@dataclass(frozen=True)
class Site:
    base: str  # "http://127.0.0.1:PORT", the build's SITEURL
    output: Path

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path}"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    """The production build (publishconf.py) with SITEURL pointing at a local server.

    The server binds its free port first, so the build's absolute links, feeds
    and QR codes all point at the address the browser reads them from.
    """
    output = tmp_path_factory.mktemp("browser") / "output"
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    try:
        build = run_pelican(ROOT / "content", output, "publishconf.py", "-e", f"SITEURL={json.dumps(base)}")
        assert build.returncode == 0, build.log
        thread.start()
        yield Site(base, output)
    finally:
        if thread.is_alive():
            server.shutdown()
            thread.join()
        server.server_close()


# -- The browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What went wrong behind the reader's back while the test ran."""

    offsite: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"request leaving the local server (refused): {url}" for url in self.offsite]
            + [f"uncaught script error: {error}" for error in self.script_errors]
            + [f"missing or failing file: {item}" for item in self.broken]
        )


@pytest.fixture
def new_context(browser: Browser, site: Site) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts (keyword arguments as for `browser.new_context`) that
    may only talk to the local server; the test fails if a page tried to leave it,
    threw an uncaught error or got a 4xx/5xx answer."""
    contexts: list[BrowserContext] = []
    watch = Watch()

    def guard(route):
        url = route.request.url
        if url.startswith(site.base + "/"):
            route.continue_()
        else:
            watch.offsite.append(url)
            route.abort("blockedbyclient")

    def answered(response):
        if response.status >= 400:
            watch.broken.append(f"{response.status} {response.url}")

    def failed(request):
        if request.url.startswith(site.base + "/") and not request.failure.startswith("net::ERR_ABORTED"):
            watch.broken.append(f"{request.failure} {request.url}")

    def open_context(**options) -> BrowserContext:
        context = browser.new_context(**options)
        context.route("**/*", guard)
        context.on("response", answered)
        context.on("requestfailed", failed)
        context.on("weberror", lambda error: watch.script_errors.append(str(error.error)))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if watch.problems():
        pytest.fail("\n".join(watch.problems()), pytrace=False)


@pytest.fixture
def page(new_context) -> Page:
    """A desktop-sized page with JavaScript on."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


# -- Helpers -----------------------------------------------------------------------


def body_font_sizes(page: Page) -> list[float]:
    """The computed font size (px) of every paragraph of the article's body."""
    sizes = page.locator(".article-body p").evaluate_all(
        "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes, f"no paragraphs in the article body of {page.url}"
    return sizes


def text_size_button(page: Page, label: str):
    """The article tool whose visible text is `label` ("A+", "A−", "Gốc")."""
    pattern = {"A−": r"^\s*A[−-]\s*$", "A+": r"^\s*A\+\s*$"}.get(label, rf"^\s*{re.escape(label)}\s*$")
    return page.locator("button").filter(has_text=re.compile(pattern))


def search_box(page: Page):
    """The search page's own field: the contract is a form role="search" with an
    input name="q" on the search page (the header holds another one)."""
    return page.locator("main").get_by_role("search").locator('input[name="q"]')


def result_link(page: Page, path: str):
    return page.locator(f'{RESULT_LINKS}[href$="/{path}"]')


def shown_results(page: Page) -> list[str]:
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def assert_is_a_full_result(page: Page, path: str) -> None:
    """The result for `path` shows its title as a link, a date and an excerpt
    with the matched words marked."""
    link = result_link(page, path).first
    try:
        expect(link).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    except AssertionError:
        status = " / ".join(page.locator("main").get_by_role("status").all_inner_texts())
        pytest.fail(
            f"/{path} is not among the results shown for {search_box(page).input_value()!r} "
            f"(status: {status!r}); shown: {shown_results(page)}",
            pytrace=False,
        )
    assert link.inner_text().strip(), f"the result for {path} has an empty title link"
    # The result: the nearest ancestor of the title link that holds a <mark>.
    item = link.locator("xpath=ancestor::*[.//mark][1]")
    expect(item).to_have_count(1)
    titles = item.locator(ARTICLE_LINK).evaluate_all("links => [...new Set(links.map(a => a.href))]")
    assert len(titles) == 1, (
        f"the result for {path} shows no excerpt with <mark> of its own (the nearest <mark> is in a "
        f"block holding {len(titles)} results)"
    )
    expect(item.locator("mark").first).to_be_visible()
    expect(item).to_contain_text(re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)"))


def search(page: Page, site: Site, words: str) -> None:
    page.goto(site.url(SEARCH))
    box = search_box(page)
    expect(box).to_have_count(1)
    expect(box).to_be_visible()
    box.fill(words)
    box.press("Enter")


# -- 1. Print ----------------------------------------------------------------------


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


# -- 2. Text size ------------------------------------------------------------------


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


# -- 3. Without JavaScript ---------------------------------------------------------


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


# -- 4. Search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Words typed without diacritics find the Vietnamese text.
        ("phong chong dich", ["2021/02/tang-cuong-phong-chong-covid-19-tet-tan-suu.html"]),
        # "d" finds "đ", as every Vietnamese reader types it on a plain keyboard.
        (
            "duong",
            [
                "2021/03/day-nhanh-giai-phong-mat-bang-duong-ho-sen-cau-rao-2.html",
                "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html",
            ],
        ),
        ("Hai Phong", ["2023/02/thanh-nien-hai-phong-len-duong-nhap-ngu-2023.html"]),
        ("dien tu", ["2024/06/dang-uy-khoi-trien-khai-nghi-quyet-chuyen-doi-so.html"]),
        ("Dang uy", ["2024/06/dang-uy-khoi-trien-khai-nghi-quyet-chuyen-doi-so.html"]),
    ],
)
def test_search_finds_articles_from_words_typed_without_diacritics(page: Page, site: Site, words, expected):
    search(page, site, words)
    for path in expected:
        assert_is_a_full_result(page, path)


def test_with_diacritics_the_exact_word_ranks_first(page: Page, site: Site):
    search(page, site, "đường")
    expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    marked = page.locator("main mark").all_inner_texts()[:8]
    assert marked, "results show the matched words"
    assert {word.casefold() for word in marked} == {"đường"}, marked


def test_search_page_opened_with_a_query_shows_results(page: Page, site: Site):
    page.goto(site.url(SEARCH) + "?q=Hai+Phong")
    expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    expect(search_box(page)).to_have_value("Hai Phong")
    for href in shown_results(page):
        assert_is_a_full_result(page, href.split(site.base + "/", 1)[-1].lstrip("/"))


# -- 5. Small screens --------------------------------------------------------------

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


# -- 6. Accessibility --------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(ROOT)} is missing: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    ["", SECTION, SEED, f"{SEARCH}?q=phong+chong+dich", DOCUMENTS],
    ids=["home", "section", "article", "search", "documents"],
)
def test_pages_have_no_wcag_a_or_aa_violations(page: Page, site: Site, axe_source: str, path):
    page.goto(site.url(path))
    if path.startswith(SEARCH):
        expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => {
          const results = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
          return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(" ")),
          }));
        }"""
    )
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:10]) for v in violations
    )
    assert not violations, f"axe-core on /{path}:\n{report}"


@pytest.mark.parametrize(
    ("path", "lang"),
    [("english/", "en"), ("", "vi"), (SEED, "vi"), (SECTION, "vi"), (SEARCH, "vi"), (DOCUMENTS, "vi")],
)
def test_pages_declare_their_language(page: Page, site: Site, path, lang):
    page.goto(site.url(path))
    assert page.evaluate("document.documentElement.lang") == lang


# -- 7. QR code --------------------------------------------------------------------

# The screenshot (PNG) decoded by Chromium itself and turned into 8-bit grey pixels.
PNG_TO_GREY = """async (png) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) {
    grey += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
  }
  return [btoa(grey), bitmap.width, bitmap.height];
}"""


def test_article_qr_code_as_displayed_decodes_to_the_article_address(new_context, site: Site):
    try:
        from pyzbar import pyzbar
    except ImportError as error:  # the zbar library (libzbar0) or pyzbar itself
        unavailable(f"pyzbar cannot decode QR codes here: {error}")
    page = new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2).new_page()
    article_url = site.url(SEED)
    page.goto(article_url)
    qr = page.get_by_role("img", name=article_url)
    expect(qr).to_be_visible()
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    png = qr.screenshot()
    grey, width, height = page.evaluate(PNG_TO_GREY, base64.b64encode(png).decode("ascii"))
    decoded = pyzbar.decode((base64.b64decode(grey), width, height))
    assert [symbol.data.decode("utf-8") for symbol in decoded] == [article_url]
