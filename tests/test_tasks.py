"""The editor's commands (invoke tasks), run in a scratch copy of the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import invoke, make_project


@pytest.fixture
def project(tmp_path) -> Path:
    """The project's code and settings with the small test site as content/."""
    return make_project(tmp_path, search_index=True)


def test_the_list_shows_the_pelican_task_names(project):
    listed = invoke(project, "--list").stdout
    for name in (
        "clean",
        "build",
        "rebuild",
        "regenerate",
        "serve",
        "reserve",
        "preview",
        "livereload",
        "publish",
        "new",
        "check",
        "test",
        "lint",
    ):
        assert f"  {name} " in listed


def test_the_list_works_while_the_settings_have_a_mistake(project):
    with (project / "pelicanconf.py").open("a") as settings:
        settings.write("\nTIMEZONE = (\n")
    done = invoke(project, "--list")
    assert done.returncode == 0
    assert "build" in done.stdout


def test_new_scaffolds_an_article_that_builds(project):
    done = invoke(project, "new", "Tiêu đề có dấu đ: Đường Hồ Sen")
    assert done.returncode == 0, done.stderr
    created = list((project / "content" / "articles").rglob("tieu-de-co-dau-d-duong-ho-sen.md"))
    assert len(created) == 1, done.stdout
    text = created[0].read_text(encoding="utf-8")
    assert text.startswith("Title: Tiêu đề có dấu đ: Đường Hồ Sen\nDate: 20")
    for field in (
        "Category",
        "Tags",
        "Slug",
        "Summary",
        "Source",
        "Campaign",
        "Document",
        "Document_date",
        "Issuer",
        "Attachments",
        "Related",
    ):
        assert f"\n{field}:" in text
    assert "\nStatus: draft\n" in text  # never live by accident
    build = invoke(project, "build")
    assert build.returncode == 0, build.stdout + build.stderr
    draft = project / "output" / "drafts" / "tieu-de-co-dau-d-duong-ho-sen.html"
    assert "Bản nháp" in draft.read_text(encoding="utf-8")
    year = created[0].parent.name
    assert not list((project / "output" / year).rglob("tieu-de-co-dau-d-duong-ho-sen.html"))
    created[0].write_text(text.replace("Status: draft", "Status: published"), encoding="utf-8")
    assert invoke(project, "build").returncode == 0
    pages = list((project / "output" / year).rglob("tieu-de-co-dau-d-duong-ho-sen.html"))
    assert len(pages) == 1


def test_check_lists_warnings_and_fails_on_them_when_strict(project):
    seed = project / "content" / "articles" / "2021" / "phat-dong.md"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Issuer: UBND thành phố\n", ""), encoding="utf-8"
    )
    done = invoke(project, "check", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    import json

    report = json.loads(done.stdout[done.stdout.index("{") :])
    assert report["warnings"] == 1 and report["errors"] == 0
    assert report["problems"][0]["source"] == "articles/2021/phat-dong.md"
    assert report["problems"][0]["field"] == "Issuer"
    strict = invoke(project, "check", "--strict")
    assert strict.returncode != 0
    assert "Lỗi nội dung: articles/2021/phat-dong.md: trường Issuer" in strict.stdout + strict.stderr


def test_new_refuses_an_unknown_section(project):
    done = invoke(project, "new", "Bài mới", "--section", "Thể thao")
    assert done.returncode != 0
    assert "Không có chuyên mục “Thể thao”" in done.stderr


def test_check_lists_every_problem_and_fails(project):
    seed = project / "content" / "articles" / "2021" / "phat-dong.md"
    seed.write_text(seed.read_text(encoding="utf-8").replace("220/KH-UBND\n", "220-KH\n"), encoding="utf-8")
    road = project / "content" / "articles" / "2022" / "duong.md"
    road.write_text(
        road.read_text(encoding="utf-8").replace("Category: Kinh tế", "Category: Kinh te"), "utf-8"
    )
    done = invoke(project, "check")
    log = done.stdout + done.stderr
    assert done.returncode != 0
    assert "articles/2021/phat-dong.md: trường Document = “220-KH”" in log
    assert "articles/2022/duong.md: trường Category = “Kinh te”" in log
    assert "Traceback" not in log
    assert not (project / "output").exists(), "check publishes nothing"


def test_check_passes_on_good_content(project):
    done = invoke(project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Nội dung hợp lệ" in done.stdout


def test_build_fails_on_a_mistake_and_keeps_the_last_site(project):
    assert invoke(project, "build").returncode == 0
    page = project / "output" / "2021" / "09" / "phat-dong.html"
    before = page.read_bytes()
    seed = project / "content" / "articles" / "2021" / "phat-dong.md"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Date: 2021-09-30 16:21", "Date: 2021-09-31"), "utf-8"
    )
    done = invoke(project, "build")
    assert done.returncode != 0
    assert "articles/2021/phat-dong.md: trường Date = “2021-09-31”" in done.stdout + done.stderr
    assert page.read_bytes() == before


def test_publish_without_a_target_says_how_to_set_one(project):
    done = invoke(project, "publish")
    assert done.returncode != 0
    assert "Chưa cấu hình nơi triển khai" in done.stderr
    assert "PORTAL_DEPLOY_TARGET" in done.stderr
    assert not (project / "output").exists()


def test_related_explains_each_entry(project):
    done = invoke(project, "related", "so-ket")
    assert done.returncode == 0, done.stdout + done.stderr
    shown = done.stdout + done.stderr  # the explanation is logged, as Pelican logs
    assert "Tin khác của “Sơ kết phong trào" in shown
    assert "[ghim] phat-dong" in shown
    unknown = invoke(project, "related", "khong-co")
    assert unknown.returncode != 0
    assert "Không có bài nào mang slug “khong-co”" in unknown.stdout + unknown.stderr
