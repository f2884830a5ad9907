"""The browser tests' fixtures: the production build served on 127.0.0.1 and
read in headless Chromium (Debian's /usr/bin/chromium) through Playwright.

Every request a page makes must stay on the local server: anything else is
refused and fails the test, as do uncaught script errors and missing files.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from .pages import CHROMIUM, CHROMIUM_ARGS, Site, unavailable

# -- The served site --------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format, *args):
        pass


@contextmanager
def served_build(folder: Path, *settings: str) -> Iterator[Site]:
    """The production build (publishconf.py) with SITEURL pointing at a local server.

    The server binds its free port first, so the build's absolute links, feeds
    and QR codes all point at the address the browser reads them from.
    """
    output = folder / "output"
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    try:
        build = run_pelican(
            ROOT / "content", output, "publishconf.py", "-e", f"SITEURL={json.dumps(base)}", *settings
        )
        assert build.returncode == 0, build.log
        thread.start()
        yield Site(base, output)
    finally:
        if thread.is_alive():
            server.shutdown()
            thread.join()
        server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    """The sample portal's production build, its search index cut into shards of 8
    pages, so that every search merges several."""
    with served_build(tmp_path_factory.mktemp("browser"), "SEARCH_SHARD_PAGES=8") as built:
        yield built


@pytest.fixture(scope="session")
def one_shard_site(tmp_path_factory) -> Iterator[Site]:
    """The same build with its whole search index in one shard, to compare with."""
    with served_build(tmp_path_factory.mktemp("browser-whole"), "SEARCH_SHARD_PAGES=100000") as built:
        yield built


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


# -- The network guard -------------------------------------------------------------


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
