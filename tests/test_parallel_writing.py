"""A build that renders many pages renders them on two cores (parallel_writing.py) and
gives the very site and messages one core gives; a page that fails, a renderer that
dies and a build killed while both render are handled as on one core."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, Build, run_pelican, site_files
from test_parallel_reading import write_articles

ARTICLES = 250  # with the sample's pages, more than parallel_writing.PARALLEL_FROM


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """The sample content and 250 generated articles that build without an error."""
    content = tmp_path_factory.mktemp("many") / "content"
    shutil.copytree(ROOT / "content", content)
    write_articles(content, ARTICLES)
    for article in content.rglob("sinh-ra/*/bai-*.md"):
        text = article.read_text("utf-8").replace("Document_date: 2020-02-30", "Document_date: 2020-02-28")
        article.write_text(text, "utf-8")
    return content


def build(content: Path, output: Path, workers: int, *extra: str) -> Build:
    return run_pelican(
        content,
        output,
        "pelicanconf.py",
        "-v",
        "-e",
        f"RENDER_WORKERS={workers}",
        "NEWSROOM_REPORT_TIMINGS=true",
        "SEARCH_INDEX=false",
        *extra,
    )


def rendered_apart(done: Build) -> int:
    return json.loads(re.search(r"NEWSROOM_TIMINGS (\{.*\})", done.log).group(1))["rendered_apart"]


def messages(done: Build) -> list[str]:
    """What the editor is told (here at INFO: a line per page written), the build's own
    folders named alike, without what varies (times); sorted, since two processes write."""
    varying = ("Done:", "NEWSROOM_TIMINGS", "NEWSROOM_INCREMENTAL")
    lines = []
    for told in done.log.splitlines():
        if told.strip() and not any(v in told for v in varying):
            named = told.replace(str(done.output.parent), "ROOT")
            lines.append(re.sub(r"\.output\.dang-dung-[^/\s\"]+", "STAGING", named))
    return sorted(lines)


@pytest.mark.parametrize("incremental", ["true", "false"])
def test_pages_rendered_on_two_cores_give_the_site_and_messages_of_one(many, tmp_path, incremental):
    setting = f"INCREMENTAL_BUILD={incremental}"
    one = build(many, tmp_path / "one/output", 1, setting)
    two = build(many, tmp_path / "two/output", 2, setting)
    assert one.returncode == two.returncode == 0, two.log
    assert rendered_apart(one) == 0
    assert rendered_apart(two) > ARTICLES / 3  # about half of the pages
    assert site_files(two.output) == site_files(one.output)
    told = messages(two)
    assert told == messages(one)
    assert sum("Writing" in line for line in told) > ARTICLES  # the worker's lines told here too


def test_a_build_that_renders_few_pages_stays_on_one_core(many, tmp_path):
    output = tmp_path / "output"
    assert build(many, output, 2).returncode == 0
    article = next(many.rglob("sinh-ra/*/bai-007.md"))
    original = article.read_text("utf-8")
    article.write_text(original.replace("lần thứ 7\n", "lần thứ bảy\n", 1), "utf-8")  # its title
    try:
        again = build(many, output, 2)
    finally:
        article.write_text(original, "utf-8")
    assert again.returncode == 0, again.log
    assert any("lần thứ bảy" in page.read_text("utf-8") for page in output.rglob("*.html"))
    assert 0 < incremental_rendered(again) < 200
    assert rendered_apart(again) == 0


def incremental_rendered(done: Build) -> int:
    return int(re.search(r"NEWSROOM_INCREMENTAL (\d+) \d+", done.log).group(1))


def test_the_keys_made_on_two_cores_keep_the_next_build_as_small_as_after_one(many, tmp_path):
    """A first build makes each page's key where the page is rendered: the worker's are
    handed back, so after an edit the next build renders what it renders after one core."""
    built = {workers: build(many, tmp_path / f"{workers}/output", workers) for workers in (1, 2)}
    assert rendered_apart(built[2]) > ARTICLES / 3
    article = next(many.rglob("sinh-ra/*/bai-011.md"))
    original = article.read_text("utf-8")
    article.write_text(original.replace("lần thứ 11\n", "lần thứ mười một\n", 1), "utf-8")
    try:
        again = {workers: build(many, tmp_path / f"{workers}/output", workers) for workers in (1, 2)}
    finally:
        article.write_text(original, "utf-8")
    assert 0 < incremental_rendered(again[2]) == incremental_rendered(again[1]) < 200
    assert site_files(again[2].output) == site_files(again[1].output)


def broken_theme(tmp_path: Path, slug_end: str) -> Path:
    """The theme, its article template failing on the articles whose slug ends so."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    failing = f"{{% if article.slug.endswith('{slug_end}') %}}{{{{ (1/0) }}}}{{% endif %}}"
    failing = "{% block content %}" + failing
    template.write_text(text.replace("{% block content %}", failing, 1), encoding="utf-8")
    return theme


@pytest.mark.parametrize("slug_end", ["-123", "-1"])  # one page (rendered by either), or 25
def test_a_page_that_fails_to_render_is_told_as_on_one_core_and_the_site_kept(many, tmp_path, slug_end):
    theme = broken_theme(tmp_path, slug_end)
    output = tmp_path / "output"
    assert build(many, output, 2).returncode == 0
    before = site_files(output)
    failed = {}
    for workers in (1, 2):
        failed[workers] = build(many, output, workers, f'THEME="{theme}"')
        assert failed[workers].returncode != 0
        assert "Traceback" not in failed[workers].log
        assert site_files(output) == before
        assert not [p for p in output.parent.iterdir() if "dang-dung" in p.name]
    fault = [line for line in failed[2].log.splitlines() if "Lỗi của cổng" in line]
    assert fault and "article.html" in fault[0] and "ZeroDivisionError" in fault[0]
    if slug_end == "-123":  # one failing page: the same words whoever rendered it
        assert fault == [line for line in failed[1].log.splitlines() if "Lỗi của cổng" in line]


def test_a_renderer_that_dies_fails_the_build_and_keeps_the_site(many, tmp_path, monkeypatch):
    output = tmp_path / "output"
    assert build(many, output, 2).returncode == 0
    before = site_files(output)
    monkeypatch.setenv("NEWSROOM_FAULT_POINT", "rendering-apart")
    failed = build(many, output, 2, 'SITENAME="Cổng thông tin thử"')  # every page sees it
    monkeypatch.delenv("NEWSROOM_FAULT_POINT")
    assert failed.returncode != 0
    assert "tiến trình dựng trang phụ dừng giữa chừng" in failed.log
    assert "Traceback" not in failed.log
    assert site_files(output) == before
    again = build(many, output, 2, 'SITENAME="Cổng thông tin thử"')
    assert again.returncode == 0, again.log
    assert "Cổng thông tin thử" in (output / "index.html").read_text("utf-8")


def renderers_of(content: Path) -> list[str]:
    """Processes still running a build of `content` (the build's worker included)."""
    found = subprocess.run(["pgrep", "-f", str(content)], capture_output=True, text=True, check=False)
    return found.stdout.split()


def test_a_build_killed_while_both_cores_render_takes_its_renderer_along(many, tmp_path, monkeypatch):
    output = tmp_path / "output"
    assert build(many, output, 2).returncode == 0
    before = site_files(output)
    monkeypatch.setenv("NEWSROOM_FAULT_POINT", "rendering")
    killed = build(many, output, 2, 'SITENAME="Cổng thông tin thử"')
    monkeypatch.delenv("NEWSROOM_FAULT_POINT")
    assert killed.returncode == -signal.SIGKILL, killed.log
    deadline = time.monotonic() + 10
    while renderers_of(many) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert renderers_of(many) == []
    assert site_files(output) == before
    again = build(many, output, 2, 'SITENAME="Cổng thông tin thử"')
    assert again.returncode == 0, again.log
    assert not [p for p in output.parent.iterdir() if "dang-dung" in p.name]
    renamed = 'SITENAME="Cổng thông tin thử"'
    full = build(many, tmp_path / "full/output", 1, renamed, "INCREMENTAL_BUILD=false")
    assert site_files(output) == site_files(full.output)
