"""`invoke livereload` in a real browser: an editor saves an article's Markdown file
and the page open beside the editor reloads by itself, showing the change.

Runs the task as an editor does, in a working copy of the portal, with the code
`invoke bench` times it with (bench/livereload.py)."""

from __future__ import annotations

import time

from conftest import ROOT
from playwright.sync_api import Browser

from bench import livereload

TIMEOUT = 90  # seconds: a preview build of the sample content takes a few


def test_a_saved_edit_reloads_the_open_page_with_it(browser: Browser, tmp_path):
    project = tmp_path / "portal"
    livereload.working_copy(ROOT / "content", project)
    port = livereload.free_port()
    with livereload.running_livereload(project, port) as log:
        source, path = livereload.published_article(project, 0)
        before = (project / "output" / path).read_text("utf-8")
        # Fails (with the task's last lines) unless a load of the page shows the sentence.
        seconds = livereload.edit_and_wait(browser, project, port, 0, log, TIMEOUT)
        # The page shows the quick render first; the build that follows writes the file.
        after = _eventually_containing(project / "output" / path, "Đính chính lần 0 (livereload).")
    assert "Đính chính lần 0 (livereload)." not in before
    assert "Đính chính lần 0 (livereload)." in after
    assert any(line.startswith("Xem nhanh: ") for line in log), "\n".join(log)
    assert source.read_text("utf-8").endswith("\nĐính chính lần 0 (livereload).\n")
    assert 0 < seconds < TIMEOUT


def test_a_second_save_right_after_a_reload_reaches_the_page_too(browser: Browser, tmp_path):
    # python-livereload's own watcher dropped a change saved within 3 s of a reload.
    project = tmp_path / "portal"
    livereload.working_copy(ROOT / "content", project)
    port = livereload.free_port()
    with livereload.running_livereload(project, port) as log:
        source, path = livereload.published_article(project, 1)
        page = browser.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="load")
            for number in range(3):
                livereload.save_and_wait(page, source, f"Sửa lần {number}.", log, TIMEOUT)
            shown = page.inner_text("body")
        finally:
            page.close()
    assert all(f"Sửa lần {number}." in shown for number in range(3))


def _eventually_containing(page, text: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        shown = page.read_text("utf-8") if page.exists() else ""
        if text in shown:
            return shown
        time.sleep(0.2)
    return shown
