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
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import invoke, make_project
from nginx_helpers import (
    DEPLOY,
    PUBLIC,
    LoadLoop,
    Served,
    asset,
    free_port,
    nginx_conf,
    visit_every_page,
)
from test_publish import ARTICLE, edit_article, live_release

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


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
        ("/pagefind/shards.json", "application/json; charset=utf-8"),
        ("/pagefind/trang/pagefind.js", "application/javascript; charset=utf-8"),
        ("/pagefind/trang/pagefind-entry.json", "application/json; charset=utf-8"),
        ("/pagefind/trang/wasm.unknown.pagefind", "application/wasm"),
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
    # Every answer is byte for byte one release's whole file: the one nginx named, or, when
    # the switch fell between nginx opening the file and naming the release ($realpath_root
    # is read when the headers are made), the other one. Never a mix or a part of a file.
    for _, release, path, body in loop.answers:
        file = path.split("?")[0].lstrip("/")
        named = (served.target / "releases" / release / file).read_bytes()
        other = (served.target / "releases" / (before if release == after else after) / file).read_bytes()
        assert body in (named, other)
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
