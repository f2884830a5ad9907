"""Full-page screenshots of the sample portal's main kinds of page, on a phone
(390 px) and a desktop (1280 px), for a person to look at (not a test).

    python -m bench.screenshots [--out /tmp/shots] [--site DIR]

Builds the production site (publishconf.py) into a temporary folder, unless
--site names a built one, serves it on a free port of 127.0.0.1 and writes
NAME-WIDTH.png per page with Debian's Chromium. Requests to any other server
are refused, as in the browser tests.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PAGES = {
    "home": "",
    "section": "chuyen-muc/kinh-te/",
    "article-with-photos": "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html",
    "photo-story": "2023/05/khai-mac-le-hoi-hoa-phuong-do-nam-2023.html",
}
SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
    scrollTo(0, y); await new Promise(done => setTimeout(done, 100));
  }
  scrollTo(0, 0);
}"""
SCREENS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 900}}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build(output: Path, siteurl: str) -> None:
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output)]
    command += [
        "-e",
        f"SITEURL={json.dumps(siteurl)}",
        f"CACHE_PATH={json.dumps(str(output.parent / 'cache'))}",
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def shoot(site: Path | None, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shots-") as temporary:
        folder = site or Path(temporary) / "output"
        folder.mkdir(exist_ok=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        if site is None:
            build(folder, base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        written = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for width, viewport in SCREENS.items():
                    context = browser.new_context(viewport=viewport, device_scale_factor=1)
                    context.route(
                        "**/*",
                        lambda route: (
                            route.continue_() if route.request.url.startswith(base) else route.abort()
                        ),
                    )
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(f"{base}/{path}", wait_until="networkidle")
                        # Lazy photos load only near the screen: scroll through once.
                        page.evaluate(SCROLL_THROUGH)
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--site", type=Path, help="a built site to serve instead of building one")
    arguments = parser.parse_args()
    for path in shoot(arguments.site, arguments.out):
        print(path)


if __name__ == "__main__":
    main()
