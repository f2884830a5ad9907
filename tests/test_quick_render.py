"""The live preview's quick render (preview.worker, newsroom.quick_render): the page a
held build draws for an article whose body was edited is the page a full build of
the edited content writes, byte for byte; anything else is refused with the reason
(the build that follows shows it).

Each test builds the sample portal with the worker in a working copy, edits files,
asks the held build, then builds the edited copy from scratch with Pelican."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from bench.livereload import working_copy

PLUGINS = ROOT / "plugins"
sys.path.insert(0, str(PLUGINS))
from preview.server import Worker  # noqa: E402

ARTICLES = "content/articles"
WITH_BODY_PHOTO = f"{ARTICLES}/2023/khai-mac-le-hoi-hoa-phuong-do-nam-2023.md"
PLAIN = f"{ARTICLES}/2021/day-nhanh-giai-phong-mat-bang-duong-ho-sen-cau-rao-2.md"
DRAFT = f"{ARTICLES}/2026/lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026.md"
NEW_PARAGRAPH = "Đoạn mở đầu mới, có [liên kết](https://haiphong.gov.vn/)."
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(PLUGINS)])}


def command(project: Path, output: str, module: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        module,
        str(project / "content"),
        "-s",
        str(project / "pelicanconf.py"),
        "-o",
        str(project / output),
        "--log-handler",
        "plain",
        "-e",
        f'CACHE_PATH="{project / (".cache-" + output)}"',
    ]


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    """A working copy of the sample portal and the worker that built it, holding it."""
    project = tmp_path_factory.mktemp("quick") / "portal"
    working_copy(ROOT / "content", project)
    worker = Worker(command(project, "output", "preview.worker"), ENV)
    code, log, holds = worker.built()
    assert code == 0, log
    assert holds
    yield project, worker
    worker.close()


def rebuilt(project: Path) -> Path:
    """The edited copy built from scratch by Pelican: its output folder."""
    shutil.rmtree(project / "fresh", ignore_errors=True)
    shutil.rmtree(project / ".cache-fresh", ignore_errors=True)
    done = subprocess.run(
        command(project, "fresh", "pelican"), check=False, env=ENV, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "fresh"


def edit(project: Path, name: str, change) -> Path:
    source = project / name
    source.write_text(change(source.read_text("utf-8")), "utf-8")
    return source


def test_an_edited_body_is_drawn_as_a_full_build_writes_it(held):
    project, worker = held
    plain = edit(project, PLAIN, lambda text: text + "\nĐã sửa: thêm một câu **in đậm** cuối bài.\n")
    photo = edit(
        project,
        WITH_BODY_PHOTO,
        lambda text: text.replace(
            "\n\n", "\n\nĐoạn mở đầu mới, có [liên kết](https://haiphong.gov.vn/).\n\n", 1
        ),
    )
    draft = edit(project, DRAFT, lambda text: text + "\nBản nháp sửa thêm một dòng.\n")
    pages, refused = worker.render([plain, photo, draft])
    assert refused == {}
    assert len(pages) == 3
    fresh = rebuilt(project)
    for save_as, html in pages.items():
        assert html == (fresh / save_as).read_text("utf-8"), save_as
    assert any("Đã sửa: thêm một câu <strong>in đậm</strong>" in html for html in pages.values())
    assert any("<picture>" in html and "Đoạn mở đầu mới" in html for html in pages.values())


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        (PLAIN, lambda t: t.replace("Title: Đẩy nhanh", "Title: Tiếp tục đẩy nhanh", 1), "đổi trường title"),
        (PLAIN, lambda t: t + "\n![Ảnh mới](images/2023/khong-co-anh-nay.jpg)\n", "thêm ảnh mới"),
        (PLAIN, lambda t: t.replace("Date: 2021-03-16 08:30", "Date: 31/02/2021", 1), "tệp có lỗi"),
        (
            PLAIN,
            lambda t: t + '\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n',
            "đổi video nhúng",
        ),
    ],
    ids=["title", "new photo", "error", "embedded video"],
)
def test_what_only_a_build_can_show_is_refused(held, name, change, reason):
    project, worker = held
    source = project / name
    before = source.read_text("utf-8")
    try:
        edit(project, name, change)
        pages, refused = worker.render([source])
    finally:
        source.write_text(before, "utf-8")
    assert pages == {}
    assert reason in refused[str(source)]


def test_a_new_file_is_refused(held):
    project, worker = held
    source = project / ARTICLES / "2026" / "bai-moi-chua-dung.md"
    source.write_text((project / PLAIN).read_text("utf-8").replace("Slug: day-nhanh", "Slug: moi-day-nhanh"))
    try:
        pages, refused = worker.render([source])
    finally:
        source.unlink()
    assert pages == {}
    assert "bài mới" in refused[str(source)]
