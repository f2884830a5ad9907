"""A content mistake: the editor is told the file, the field, the value and
what to write; the build fails; the last good site stays exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, Build, copy_test_site, replace_line, run_pelican, site_files


def snapshot(folder: Path) -> dict[str, bytes]:
    return site_files(folder)


SEED = "articles/2021/phat-dong.md"

MISTAKES = [
    pytest.param(
        SEED,
        "Category: Thi đua - Khen thưởng",
        "Category: Thi dua",
        [
            "articles/2021/phat-dong.md",
            "Category",
            "“Thi dua”",
            "Thi đua - Khen thưởng, Quốc phòng - An ninh",
        ],
        id="unknown-section",
    ),
    pytest.param(
        SEED,
        "Date: 2021-09-30 16:21",
        "Date: 30/09/21 4pm",
        ["articles/2021/phat-dong.md", "Date", "“30/09/21 4pm”", "YYYY-MM-DD HH:MM"],
        id="malformed-date",
    ),
    pytest.param(
        SEED,
        "Document: 220/KH-UBND",
        "Document: KH 220 UBND",
        ["articles/2021/phat-dong.md", "Document", "“KH 220 UBND”", "số/LOẠI-CƠ QUAN", "220/KH-UBND"],
        id="malformed-document-number",
    ),
    pytest.param(
        SEED,
        "files/2021/ke-hoach-220-kh-ubnd.pdf |",
        "files/2021/ke-hoach-220.pdf |",
        ["articles/2021/phat-dong.md", "Attachments", "“files/2021/ke-hoach-220.pdf”", "không tìm thấy tệp"],
        id="missing-attachment",
    ),
    pytest.param(
        SEED,
        "files/2021/ke-hoach-220-kh-ubnd.pdf |",
        "../../../pelicanconf.py |",
        ["Attachments", "“../../../pelicanconf.py”", "phải nằm trong thư mục content/"],
        id="attachment-outside-content",
    ),
    pytest.param(
        SEED,
        "files/2021/ke-hoach-220-kh-ubnd.pdf |",
        "/etc/ke-hoach.pdf |",
        ["Attachments", "“/etc/ke-hoach.pdf”", "không dùng đường dẫn tuyệt đối"],
        id="absolute-attachment-path",
    ),
    pytest.param(
        SEED,
        "files/2021/ke-hoach-220-kh-ubnd.pdf |",
        "files/2021/cai-dat.exe |",
        ["Attachments", "“files/2021/cai-dat.exe”", "loại tệp “.exe” không được phép", "pdf"],
        id="attachment-type-not-allowed",
    ),
    pytest.param(
        "articles/2021/so-ket.md",
        "    files/2021/danh-sach.xlsx | Danh sách khen thưởng",
        "    files/2021/ke-hoach-220-kh-ubnd.pdf | Lại kế hoạch",
        ["articles/2021/so-ket.md", "Attachments", "đã được liệt kê ở trên"],
        id="duplicate-attachment",
    ),
    pytest.param(
        "articles/2021/so-ket.md",
        "Related: phat-dong",
        "Related: phat-dong, khong-co-bai-nay",
        ["articles/2021/so-ket.md", "Related", "“khong-co-bai-nay”"],
        id="unknown-related-slug",
    ),
    pytest.param(
        SEED,
        "Document_date: 28/9/2021",
        "Document_date: 31/9/2021",
        ["Document_date", "“31/9/2021”", "ngày không tồn tại"],
        id="impossible-document-date",
    ),
]


@pytest.fixture
def good_build(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    content = copy_test_site(tmp_path)
    output = tmp_path / "output"
    first = run_pelican(content, output)
    assert first.returncode == 0, first.log
    return content, output, snapshot(output)


def assert_failed_cleanly(build: Build, before: dict[str, bytes], messages: list[str]) -> None:
    assert build.returncode != 0
    for message in messages:
        assert message in build.log
    assert "Traceback" not in build.log
    assert "Không dựng trang" in build.log
    assert snapshot(build.output) == before, "the last good site must be kept as it was"
    leftovers = [p.name for p in build.output.parent.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


@pytest.mark.parametrize(("source", "old", "new", "messages"), MISTAKES)
def test_a_mistake_fails_the_preview_build_and_keeps_the_last_site(good_build, source, old, new, messages):
    content, output, before = good_build
    replace_line(content / source, old, new)
    assert_failed_cleanly(run_pelican(content, output), before, messages)


def test_production_build_fails_the_same_way_despite_deleting_output(good_build):
    content, output, before = good_build
    replace_line(content / SEED, "Category: Thi đua - Khen thưởng", "Category: Thi dua")
    build = run_pelican(content, output, "publishconf.py")
    assert_failed_cleanly(build, before, ["articles/2021/phat-dong.md", "Category"])


def test_every_problem_of_every_file_is_reported_at_once(good_build):
    content, output, before = good_build
    replace_line(content / SEED, "Date: 2021-09-30 16:21", "Date: hôm qua")
    replace_line(content / SEED, "Document: 220/KH-UBND", "Document: 220")
    replace_line(content / "articles/2022/duong.md", "Category: Kinh tế", "Category: Kinh te")
    build = run_pelican(content, output)
    assert_failed_cleanly(
        build,
        before,
        [
            "phat-dong.md: trường Date",
            "phat-dong.md: trường Document",
            "duong.md: trường Category",
            "có 3 lỗi nội dung",
        ],
    )


def test_a_missing_title_and_date_are_named(good_build):
    content, output, before = good_build
    replace_line(content / SEED, "Date: 2021-09-30 16:21\n", "")
    replace_line(content / SEED, "Title: ", "Tieu de: ")
    build = run_pelican(content, output)
    assert_failed_cleanly(build, before, ["trường Title: thiếu tiêu đề", "trường Date: thiếu ngày đăng"])


def test_a_document_without_its_date_and_issuer_builds_with_warnings(good_build, tmp_path):
    content, output, _before = good_build
    replace_line(content / SEED, "Document_date: 28/9/2021\n", "")
    replace_line(content / SEED, "Issuer: UBND thành phố\n", "")
    report = tmp_path / "bao-cao.json"
    build = run_pelican(content, output, "pelicanconf.py", "-e", f'CONTENT_REPORT="{report}"',
                        f'CACHE_PATH="{tmp_path / ".cache"}"')  # fmt: skip
    assert build.returncode == 0, build.log
    lines = build.log.splitlines()
    assert any("Cảnh báo: articles/2021/phat-dong.md: trường Document_date: chưa có ngày ban hành: "
               "văn bản được xếp vào năm 2021" in line for line in lines)  # fmt: skip
    assert any("Cảnh báo: articles/2021/phat-dong.md: trường Issuer: chưa có cơ quan ban hành" in line
               for line in lines)  # fmt: skip
    assert any("Kiểm tra nội dung: 0 lỗi, 2 cảnh báo" in line for line in lines)
    page = build.text("2021/09/phat-dong.html")
    assert "Văn bản: Kế hoạch số 220/KH-UBND" in page
    assert "Kế hoạch số 220/KH-UBND ngày" not in page  # the date is not made up
    import json

    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["errors"] == 0 and saved["warnings"] == 2
    assert {p["field"] for p in saved["problems"]} == {"Document_date", "Issuer"}


def test_strict_checks_turn_warnings_into_errors(good_build):
    content, output, before = good_build
    replace_line(content / SEED, "Issuer: UBND thành phố\n", "")
    build = run_pelican(content, output, "pelicanconf.py", "-e", "CONTENT_CHECKS_STRICT=true",
                        f'CACHE_PATH="{output.parent / ".cache"}"')  # fmt: skip
    assert_failed_cleanly(build, before, ["Lỗi nội dung: articles/2021/phat-dong.md: trường Issuer: chưa có"])


def test_a_successful_build_replaces_the_site_whole(good_build):
    content, output, _ = good_build
    (content / "articles/2022/duong.md").unlink()
    build = run_pelican(content, output)
    assert build.returncode == 0, build.log
    assert not (output / "2022/03/nang-cap-duong-ven-bien.html").exists()
    assert (output / "2021/09/phat-dong.html").exists()


def test_a_bad_setting_is_named_without_a_traceback(good_build):
    content, output, before = good_build
    build = run_pelican(content, output, "pelicanconf.py", "-e", "RELATED_NEWS_MAX_COUNT=-1")
    assert build.returncode != 0
    assert "Thiết lập RELATED_NEWS_MAX_COUNT = -1 không dùng được: cần số nguyên từ 0 đến 50" in build.log
    assert "Traceback" not in build.log
    assert snapshot(output) == before


def test_a_production_build_needs_an_absolute_siteurl(good_build):
    content, output, before = good_build
    build = run_pelican(content, output, "publishconf.py", "-e", 'SITEURL="congtintuc.haiphong.gov.vn"')
    assert build.returncode != 0
    assert "Thiết lập SITEURL = 'congtintuc.haiphong.gov.vn' không dùng được" in build.log
    assert "https://congtintuc.haiphong.gov.vn" in build.log
    assert "Traceback" not in build.log
    assert snapshot(output) == before


def test_a_fault_of_the_portal_is_named_as_such_and_keeps_the_site(good_build, tmp_path):
    content, output, before = good_build
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "article.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}{{ (1/0) }}", 1
        ),
        encoding="utf-8",
    )
    build = run_pelican(content, output, "pelicanconf.py", "-e", f'THEME="{theme}"',
                        f'CACHE_PATH="{tmp_path / ".cache"}"')  # fmt: skip
    assert build.returncode != 0
    assert "Lỗi của cổng (không phải lỗi của biên tập viên)" in build.log
    assert "article.html" in build.log and "ZeroDivisionError" in build.log
    assert "Traceback" not in build.log
    assert snapshot(output) == before
