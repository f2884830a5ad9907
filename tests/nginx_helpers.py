"""Helpers for test_nginx.py: a private nginx configuration, an HTTP client for
it, the request loop run during a publish, and the browser's round of pages."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT
from test_publish import ARTICLE

DEPLOY = ROOT / "deploy" / "nginx"
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


def asset(page: bytes, name: str) -> str:
    """The fingerprinted path of a theme file the page links, e.g. /theme/css/portal.css?v=…"""
    found = re.search(rf'{re.escape(PUBLIC)}(/theme/{re.escape(name)}\?v=[0-9a-f]{{10}})"', page.decode())
    assert found, f"{name} is not linked with a fingerprint"
    return found.group(1)


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
                # nginx names the release when the request starts and opens the file after: a
                # switch in between serves the newer CSS under the older name. Newer is fine.
                if self._release_of(body) > headers.get("x-portal-release", ""):
                    self.straddled += 1
                else:
                    self.mixes.append(f"a page and its CSS from one release do not match: {css}")

    def _release_of(self, css: bytes) -> str:
        """The newest release whose stylesheet has these bytes ("" if none)."""
        releases = self.served.target / "releases"
        found = [r.name for r in releases.iterdir() if (r / "theme/css/portal.css").is_file()
                 and (r / "theme/css/portal.css").read_bytes() == css]  # fmt: skip
        return max(found, default="")


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
