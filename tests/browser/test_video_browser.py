"""Videos and featured stories in headless Chromium, on a production build (its
Content-Security-Policy included) of the test site with a YouTube video, a video
file of the portal's own and two pinned stories, one of them expired.

Nothing leaves the machine: the network guard of conftest refuses any request
off the local server, and the YouTube player a press of play asks for is
answered by the test itself (a stub page), so the test sees the request without
sending it.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from conftest import run_pelican
from playwright.sync_api import expect
from test_featured import pin
from test_video import FILE_ARTICLE, FILE_PAGE, YOUTUBE_ARTICLE, YOUTUBE_PAGE, video_site

from .conftest import QuietHandler
from .pages import Site

pytestmark = pytest.mark.browser

PLAYER = "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&start=90"
CATCH_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """The test site with videos and pins, built for production (CSP meta) on a free port."""
    root = tmp_path_factory.mktemp("video-browser")
    output = root / "output"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    content = video_site(root)
    pin(content, YOUTUBE_ARTICLE, "2030-12-31")  # in force on the build's day
    pin(content, FILE_ARTICLE, "2026-12-02")  # ended the day before
    build = run_pelican(
        content,
        output,
        "publishconf.py",
        "-e",
        f"SITEURL={json.dumps(base)}",
        'FEATURED_TODAY="2026-12-03"',
        "SEARCH_INDEX=false",
    )
    assert build.returncode == 0, build.log
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(base, output)
    server.shutdown()
    server.server_close()


def open_article(new_context, site: Site, **options):
    """The YouTube article, every request it makes recorded; the player answered by a stub."""
    context = new_context(viewport={"width": 1280, "height": 900}, **options)
    player: list[str] = []

    def stub(route):
        player.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Trình phát</title>")

    context.route("https://www.youtube-nocookie.com/**", stub)  # the last route matched first
    page = context.new_page()
    page.add_init_script(CATCH_VIOLATIONS)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url(YOUTUBE_PAGE), wait_until="load")
    return page, requests, player


def offsite(requests: list[str], site: Site) -> list[str]:
    return [url for url in requests if not url.startswith(site.base + "/")]


def test_nothing_goes_to_youtube_before_play_and_a_click_starts_the_player(new_context, site: Site):
    page, requests, player = open_article(new_context, site)
    facade = page.get_by_role("button", name="Phát video: Lễ phát động thi đua")
    expect(facade).to_be_visible()
    facade.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # lazy images, late scripts: anything that would go out, goes
    assert offsite(requests, site) == []
    assert page.locator("iframe").count() == 0
    poster = page.locator("a.video-facade img")
    assert poster.evaluate("img => img.complete && img.naturalWidth > 0")  # the portal's own copy

    facade.click()
    frame = page.locator("figure.video iframe")
    expect(frame).to_have_attribute("src", PLAYER)
    expect(frame).to_have_attribute("title", "Lễ phát động thi đua")
    expect(frame).to_be_focused()
    expect(page.locator("a.video-facade")).to_have_count(0)
    page.wait_for_function("() => document.querySelector('figure.video iframe').contentDocument === null")
    assert player == [PLAYER]  # asked for once, and allowed by the page's policy
    assert offsite(requests, site) == [PLAYER]
    assert page.evaluate("window.__violations") == []


@pytest.mark.parametrize("key", ["Enter", " "])
def test_the_keyboard_starts_the_player_too(new_context, site: Site, key):
    page, requests, player = open_article(new_context, site)
    facade = page.locator("a.video-facade")
    for _ in range(60):  # Tab through the page as a keyboard user does
        page.keyboard.press("Tab")
        if facade.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the video is never reached with Tab")
    assert offsite(requests, site) == []
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press(key)
    expect(page.locator("figure.video iframe")).to_be_focused()
    page.wait_for_timeout(200)
    assert player == [PLAYER]
    assert page.evaluate("window.scrollY") == scrolled  # Space plays, it does not scroll the page away
    assert page.locator("figure.video iframe").is_visible()


def test_without_javascript_the_facade_is_a_link_to_the_video_on_youtube(new_context, site: Site):
    page, requests, player = open_article(new_context, site, java_script_enabled=False)
    link = page.get_by_role("link", name="Phát video: Lễ phát động thi đua")
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=M7lc1UVf-VE&t=90s")
    assert offsite(requests, site) == [] and player == []


def test_an_own_video_has_its_poster_and_vietnamese_captions(new_context, site: Site):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.add_init_script(CATCH_VIOLATIONS)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url(FILE_PAGE), wait_until="load")
    video = page.locator("figure.video video")
    expect(video).to_be_visible()
    assert video.evaluate("v => v.preload") == "none"
    assert not [url for url in requests if url.endswith(".webm")]  # nothing of the video before play
    track = video.evaluate(
        "v => { const t = v.textTracks[0];"
        " return {kind: t.kind, language: t.language, label: t.label, mode: t.mode} }"
    )
    assert track == {"kind": "captions", "language": "vi", "label": "Tiếng Việt", "mode": "showing"}
    box = video.bounding_box()
    assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02
    assert page.evaluate("window.__violations") == []


def test_the_pinned_story_leads_the_home_page_and_the_expired_one_does_not(new_context, site: Site):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site.url())
    lead = page.locator(".lead-story")
    expect(lead.get_by_role("heading", level=2)).to_have_text(
        "Phát động phong trào thi đua thực hiện thắng lợi “Mục tiêu kép”"
    )
    expect(page.locator(".featured-more")).to_have_count(0)
    latest = page.locator(".latest .news-title")
    expect(latest).to_have_text(
        [
            "Khởi công nâng cấp tuyến đường ven biển",
            "Sơ kết phong trào thi đua “Mục tiêu kép” & kế hoạch – năm 2022",
        ]
    )
    # The lead is above everything else in the main column.
    assert lead.bounding_box()["y"] < latest.first.bounding_box()["y"]
