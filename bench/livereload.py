"""The `invoke livereload` row of `invoke bench`: an edit saved to an article's
Markdown file until the page open in the browser has reloaded with it.

Runs the task as an editor would, in a working copy of the portal whose
content/ is a copy of the bench's archive, and reads the article in Debian's
Chromium through Playwright. The time counts from the file's write to the
browser's `load` event of a page that shows the edit: the watcher's delay, the
preview build and the reload together.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path

from markupsafe import escape

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
READY = "Xem trang tại"  # what `invoke livereload` prints once it serves
FIRST_BUILD_TIMEOUT = 3600  # seconds: a cold preview build of 20,000 articles with photos
RELOAD_TIMEOUT = 600


def working_copy(content: Path, project: Path) -> None:
    """The portal as an editor's clone holds it, its content/ the archive (copied: the
    edits must not reach the archive the other builds read)."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in ("theme", "plugins"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(content, project / "content")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_livereload(project: Path, port: int):
    """`invoke livereload` in `project`, once it serves; its output kept (the last lines)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload"],
        cwd=project,
        env={**os.environ, "PORTAL_PORT": str(port), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: deque[str] = deque(maxlen=400)
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.rstrip())
            if READY in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        started = time.perf_counter()
        while not ready.wait(1):
            if process.poll() is not None or time.perf_counter() - started > FIRST_BUILD_TIMEOUT:
                raise SystemExit("invoke livereload did not start:\n" + "\n".join(lines))
        _wait_for_port(port)
        yield lines
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def _wait_for_port(port: int) -> None:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.1)
        else:
            return
    raise SystemExit(f"nothing serves on 127.0.0.1:{port}")


def article_page(output: Path, source: Path) -> str | None:
    """The output path of the article read from `source`: the one page whose heading is
    its title (as the theme escapes it); None when several are (a title used twice)."""
    fields = {}
    for line in source.read_text("utf-8").splitlines():
        if not line.strip():
            break
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    heading = f">{escape(fields['title'])}</h1>"
    pages = sorted(output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html"))
    found = [page for page in pages if heading in page.read_text("utf-8")]
    if not found:
        raise SystemExit(f"no page in {output} shows the title of {source}")
    return found[0].relative_to(output).as_posix() if len(found) == 1 else None


def measure(content: Path, workdir: Path, edits: list[int], browser=None) -> list[float]:
    """Seconds from each edit's save to the reloaded page showing it, one per entry of
    `edits` (which published article to edit, by its place in name order); in
    `browser` (Playwright's), else in a Chromium of its own."""
    from playwright.sync_api import sync_playwright

    project = workdir / "livereload-project"
    working_copy(content, project)
    port = free_port()
    with running_livereload(project, port) as log:
        if browser is not None:
            return [edit_and_wait(browser, project, port, number, log) for number in edits]
        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return [edit_and_wait(own, project, port, number, log) for number in edits]
            finally:
                own.close()


def edit_and_wait(browser, project: Path, port: int, number: int, log, timeout=RELOAD_TIMEOUT) -> float:
    """Open the `number`-th published article's page, add a sentence to its file, and
    wait for the page to reload showing it: the seconds from the save to that load."""
    source, path = published_article(project, number)
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="load")
        time.sleep(1)  # livereload.js connected
        return save_and_wait(page, source, f"Đính chính lần {number} (livereload).", log, timeout)
    finally:
        page.close()


def save_and_wait(page, source: Path, marker: str, log, timeout=RELOAD_TIMEOUT) -> float:
    """Add the sentence `marker` to `source` and wait for `page` to reload showing it."""
    started = time.perf_counter()
    source.write_text(source.read_text("utf-8") + f"\n{marker}\n", "utf-8")
    return _until_shown(page, marker, started, log, timeout)


def published_article(project: Path, number: int) -> tuple[Path, str]:
    """The `number`-th article, else the next, that is published under a title of its own,
    and the path of its page."""
    paths = sorted((project / "content" / "articles").rglob("*.md"))
    for source in paths[number:] + paths[:number]:
        if "\nStatus: draft" not in source.read_text("utf-8"):
            path = article_page(project / "output", source)
            if path is not None:
                return source, path
    raise SystemExit("no published article has a title of its own")


def _until_shown(page, marker: str, started: float, log, timeout: float) -> float:
    """Wait for loads of the page until one shows `marker`; the time of that load."""
    while True:
        left = timeout - (time.perf_counter() - started)
        if left <= 0:
            raise SystemExit("the page never showed the edit:\n" + "\n".join(log))
        try:
            with page.expect_event("load", timeout=left * 1000):
                pass
        except Exception as error:  # noqa: BLE001 - Playwright's timeout, named in the message
            raise SystemExit(f"the page never reloaded ({error}):\n" + "\n".join(log)) from None
        loaded = time.perf_counter()
        if marker in page.inner_text("body"):
            return loaded - started
