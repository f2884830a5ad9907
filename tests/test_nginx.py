"""The portal as served by the real nginx with deploy/nginx/: a release made by
`invoke publish` to a local target, read with real HTTP requests on 127.0.0.1.

Checked: precompressed answers, cache lifetimes, content types of feeds and the
search index, security headers, the 404 page, a rollback switching what is
served, and a publish under a request loop (every answer 200, never a mix).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT
from test_publish import ARTICLE, edit_article, invoke, live_release, make_project

DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PUBLIC = "http://portal.test"  # the build's SITEURL; the browser maps it to 127.0.0.1
LOAD_SECONDS = 30  # the loop's bounds while a publish runs
LOAD_MAX_REQUESTS = 20_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    project: Path
    target: Path
    port: int
    log: Path

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "portal.test", **headers})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


def nginx_conf(prefix: Path, root: Path, port: int) -> str:
    # Running as root (CI), workers would switch to `nobody`, who cannot enter pytest's tmp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{name}_temp_path {prefix}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
error_log {prefix}/error.log;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temp}
    include {DEPLOY}/portal-http.conf;
    server {{
        listen 127.0.0.1:{port};
        root {root}/current;
        include {DEPLOY}/portal-site.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (.ci/run installs it)")
    base = tmp_path_factory.mktemp("nginx")
    project = make_project(base / "project", search_index=True)
    target = base / "www"
    done = invoke(project, "publish", "--target", str(target), env={"PORTAL_SITEURL": PUBLIC})
    assert done.returncode == 0, done.stdout + done.stderr
    prefix = base / "nginx"
    prefix.mkdir()
    port = free_port()
    (prefix / "nginx.conf").write_text(nginx_conf(prefix, target, port))
    command = [
        NGINX,
        "-p",
        str(prefix),
        "-c",
        str(prefix / "nginx.conf"),
        "-g",
        f"daemon off; pid {prefix}/nginx.pid;",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    site = Served(project, target, port, prefix / "error.log")
    for _ in range(100):
        try:
            site.get("/")
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail("nginx did not start: " + server.stderr.read().decode())
            time.sleep(0.05)
    yield site
    server.terminate()
    server.wait(timeout=10)


def asset(page: bytes, name: str) -> str:
    """The fingerprinted path of a theme file the page links, e.g. /theme/css/portal.css?v=…"""
    found = re.search(rf'{re.escape(PUBLIC)}(/theme/{re.escape(name)}\?v=[0-9a-f]{{10}})"', page.decode())
    assert found, f"{name} is not linked with a fingerprint"
    return found.group(1)


def test_gzip_answers_come_from_the_build_s_gz_files(served):
    status, headers, body = served.get("/" + ARTICLE, **{"Accept-Encoding": "gzip"})
    live = served.target / "current"
    assert status == 200
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert body == (live / (ARTICLE + ".gz")).read_bytes()
    assert gzip.decompress(body) == (live / ARTICLE).read_bytes()
    status, headers, body = served.get("/" + ARTICLE)
    assert "content-encoding" not in headers and body == (live / ARTICLE).read_bytes()


def test_fingerprinted_files_are_cached_for_a_year_pages_and_feeds_for_a_minute(served):
    _, headers, page = served.get("/")
    assert headers["cache-control"] == "public, max-age=60"
    for name in ("css/portal.css", "js/portal.js", "favicon.svg"):
        status, headers, body = served.get(asset(page, name))
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        fingerprint = asset(page, name).rsplit("=", 1)[1]
        assert hashlib.sha256(body).hexdigest()[:10] == fingerprint
    assert served.get("/theme/css/portal.css")[1]["cache-control"] == "public, max-age=60"
    assert served.get("/feeds/tat-ca.atom.xml")[1]["cache-control"] == "public, max-age=60"
    assert served.get("/files/2021/so-do.png")[1]["cache-control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/feeds/tat-ca.atom.xml", "application/atom+xml; charset=utf-8"),
        ("/feeds/tat-ca.rss.xml", "application/rss+xml; charset=utf-8"),
        ("/feeds/chuyen-muc/kinh-te.atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/qr/fanpage.svg", "image/svg+xml; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
        ("/pagefind/pagefind.js", "application/javascript; charset=utf-8"),
        ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
        ("/pagefind/wasm.unknown.pagefind", "application/wasm"),
    ],
)
def test_content_types(served, path, content_type):
    status, headers, _ = served.get(path)
    assert status == 200 and headers["content-type"] == content_type


def test_the_search_index_files_are_binary_and_cached_for_a_year(served):
    index = served.target / "current" / "pagefind"
    for suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"):
        path = next(index.rglob("*" + suffix)).relative_to(index.parent).as_posix()
        status, headers, _ = served.get("/" + path)
        assert status == 200, path
        assert headers["content-type"] == "application/octet-stream"
        assert headers["cache-control"] == "public, max-age=31536000, immutable"


def test_security_headers_and_a_csp_that_allows_the_theme_s_inline_script(served):
    _, headers, page = served.get("/")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "server" in headers and "nginx/" not in headers["server"]
    policy = headers["content-security-policy"]
    assert (
        "'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    )
    inline = re.findall(rb"<script>(.*?)</script>", page, re.S)
    assert inline, "the theme has no inline script any more: drop its hash from portal-site.conf"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
        assert f"'sha256-{digest}'" in policy, "an inline script changed: update its hash in portal-site.conf"
    assert "Strict-Transport-Security" in (DEPLOY / "portal.conf").read_text()


def test_a_missing_page_gets_the_portal_s_404_page(served):
    status, headers, body = served.get("/2021/09/khong-co-bai-nay.html")
    assert status == 404
    assert body == (served.target / "current" / "404.html").read_bytes()
    assert headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    assert served.get("/../../etc/passwd")[0] == 400


@dataclass
class LoadLoop:
    """Requests a page, then the CSS it links, until stopped; records what was served."""

    served: Served
    answers: list[tuple[int, str, str, bytes]] = field(default_factory=list)  # status, release, path, body
    straddled: int = 0  # page and CSS from two releases: the switch fell between them
    mixes: list[str] = field(default_factory=list)  # an assert in a thread would go unseen
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set() and time.monotonic() - started < LOAD_SECONDS:
            if len(self.answers) >= LOAD_MAX_REQUESTS:
                break
            status, headers, page = self.served.get("/" + ARTICLE)
            self.answers.append((status, headers.get("x-portal-release", ""), ARTICLE, page))
            if status != 200:
                continue
            css = asset(page, "css/portal.css")
            status, css_headers, body = self.served.get(css)
            self.answers.append((status, css_headers.get("x-portal-release", ""), css, body))
            if css_headers.get("x-portal-release") != headers.get("x-portal-release"):
                self.straddled += 1
                if css_headers.get("x-portal-release", "") < headers.get("x-portal-release", ""):
                    self.mixes.append(f"CSS from an older release than its page: {css}")
            elif hashlib.sha256(body).hexdigest()[:10] != css.rsplit("=", 1)[1]:
                self.mixes.append(f"a page and its CSS from one release do not match: {css}")


def test_a_publish_under_load_never_serves_an_error_or_a_mix(served, capsys):
    before = live_release(served.target)
    edit_article(served.project, "Tin cập nhật trong lúc đọc.")
    with (served.project / "theme" / "static" / "css" / "portal.css").open("a") as css:
        css.write("\n/* phiên bản hai */\n")
    loop = LoadLoop(served)
    reader = threading.Thread(target=loop.run)
    reader.start()
    started = time.monotonic()
    done = invoke(served.project, "publish", "--target", str(served.target), env={"PORTAL_SITEURL": PUBLIC})
    publish_seconds = time.monotonic() - started
    time.sleep(0.5)  # a few answers from the new release too
    loop.stop.set()
    reader.join()
    assert done.returncode == 0, done.stdout + done.stderr
    after = live_release(served.target)
    assert after != before
    statuses = [answer[0] for answer in loop.answers]
    releases = {answer[1] for answer in loop.answers}
    with capsys.disabled():
        print(
            f"\nload loop during a publish ({publish_seconds:.1f} s): {len(statuses)} requests, "
            f"{sum(s != 200 for s in statuses)} errors, releases served {sorted(releases)}, "
            f"{loop.straddled} page/CSS pairs straddled the switch"
        )
    assert len(statuses) > 50 and set(statuses) == {200}
    assert loop.mixes == []
    assert releases == {before, after}
    # Every answer is byte for byte the file of the release that served it.
    for _, release, path, body in loop.answers:
        file = path.split("?")[0].lstrip("/")
        assert body == (served.target / "releases" / release / file).read_bytes()
    assert "Tin cập nhật trong lúc đọc." in served.get("/" + ARTICLE)[2].decode()


def test_rollback_switches_what_is_served(served):
    live = live_release(served.target)
    done = invoke(served.project, "rollback", "--target", str(served.target))
    assert done.returncode == 0, done.stderr
    status, headers, body = served.get("/" + ARTICLE)
    assert status == 200 and headers["x-portal-release"] != live
    assert "Tin cập nhật trong lúc đọc." not in body.decode()
    assert invoke(served.project, "rollback", "--target", str(served.target), "--to", live).returncode == 0
    assert served.get("/" + ARTICLE)[1]["x-portal-release"] == live


def test_nginx_logged_no_error(served):
    assert "[error]" not in served.log.read_text() and "[crit]" not in served.log.read_text()


THEME_PAGES = (
    "/",
    "/" + ARTICLE,
    "/chuyen-muc/kinh-te/",
    "/chuyen-muc/",
    "/the/",
    "/the/covid-19/",
    "/luu-tru/",
    "/phong-trao/",
    "/phong-trao/muc-tieu-kep/",
    "/van-ban/",
    "/van-ban/220-kh-ubnd-2021/",
    "/van-ban/loai/ke-hoach/",
    "/rss/",
    "/english/",
    "/gioi-thieu/",
    "/khong-co-trang-nay/",
)


@pytest.mark.browser
def test_every_theme_page_runs_under_the_csp_without_a_violation(served):
    """Headless Chromium, portal.test mapped to nginx: no CSP report on any page, search included."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("Chromium is not installed (.ci/run installs it)")
    violations: list[str] = []
    failures: list[BaseException] = []

    def browse() -> None:
        try:
            visit_every_page(served.port, chromium, violations)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread below
            failures.append(error)

    # Its own thread: test_browser.py may hold a Playwright session open in this one,
    # and the sync API allows one per thread.
    worker = threading.Thread(target=browse)
    worker.start()
    worker.join()
    if failures:
        raise failures[0]
    assert violations == []


def visit_every_page(port: int, chromium: Path, violations: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", f"--host-resolver-rules=MAP portal.test 127.0.0.1:{port}"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=args)
        page = browser.new_page()
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.on(
            "console", lambda message: "violation" in message.text.lower() and violations.append(message.text)
        )
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and violations.append(message.text),
        )
        page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
        for path in THEME_PAGES:
            page.goto(PUBLIC + path, wait_until="load")
            page.wait_for_timeout(100)
            assert page.locator("main").count() == 1, path
        assert violations == []
        page.goto(PUBLIC + "/tim-kiem/?q=thi%20%C4%91ua", wait_until="load")
        page.locator("main a[href$='.html']").first.wait_for(timeout=15_000)  # Pagefind ran (JS + wasm)
        browser.close()
