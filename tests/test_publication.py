"""What may be published from content/: leftovers, sources, symlinks out, references."""

from __future__ import annotations

import os

import pytest
from newsroom.publication import escapes, is_editor_leftover, is_source, links, references

LEFTOVERS = [
    ".git", ".DS_Store", ".bai.md.swp", ".bai.md.swo", ".#bai.md", "#bai.md#", "bai.md~",
    "bai-cu.md.bak", "bai.md.orig", "~$bao-cao.docx", "Thumbs.db", "thumbs.db", "desktop.ini",
    "Desktop.ini", "ke-hoach.pdf.tmp", "tai-ve.pdf.part", ".htaccess",
]  # fmt: skip
KEPT = ["ke-hoach-220-kh-ubnd.pdf", "phat-dong.md", "danh-sach.xlsx", "so-do.png", "ghi-chu.txt",
        "bao-cao~final.pdf", "muc#1.pdf", "README"]  # fmt: skip


@pytest.mark.parametrize("name", LEFTOVERS)
def test_editor_leftovers_are_recognised(name):
    assert is_editor_leftover(name)


@pytest.mark.parametrize("name", KEPT)
def test_real_files_are_not_leftovers(name):
    assert not is_editor_leftover(name)


@pytest.mark.parametrize(
    ("name", "source"),
    [("bai.md", True), ("BAI.MD", True), ("a.markdown", True), ("a.mkd", True), ("a.mdown", True),
     ("nhap.rst", True), ("ghi-chu.txt", False), ("ke-hoach.pdf", False), ("md", False), ("a.md.bak", False)],
)  # fmt: skip
def test_sources(name, source):
    assert is_source(name) is source


def test_is_source_with_other_extensions():
    assert is_source("a.txt", ("txt",))
    assert not is_source("a.md", ("txt",))


def test_escapes(tmp_path):
    content = tmp_path / "content"
    (content / "files").mkdir(parents=True)
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.pdf").write_text("x")
    (content / "files" / "that.pdf").write_text("x")
    os.symlink("/etc/passwd", content / "files" / "passwd.pdf")
    os.symlink(outside, content / "files" / "thu-muc-ngoai")
    os.symlink(content / "files" / "that.pdf", content / "files" / "ban-sao.pdf")  # inside: fine
    os.symlink(content / "files" / "vong", content / "files" / "vong")  # a loop
    assert not escapes(content / "files" / "that.pdf", content)
    assert not escapes(content / "files" / "ban-sao.pdf", content)
    assert escapes(content / "files" / "passwd.pdf", content)
    assert escapes(content / "files" / "thu-muc-ngoai", content)
    assert escapes(content / "files" / "thu-muc-ngoai" / "bi-mat.pdf", content)
    assert escapes(content / "files" / "vong", content)
    assert escapes(tmp_path / "ngoai" / "bi-mat.pdf", content)


def test_escapes_when_content_itself_is_reached_through_a_symlink(tmp_path):
    real = tmp_path / "that"
    (real / "files").mkdir(parents=True)
    (real / "files" / "a.pdf").write_text("x")
    os.symlink(real, tmp_path / "content")
    assert not escapes(tmp_path / "content" / "files" / "a.pdf", tmp_path / "content")


BODY = """
<p><a href="{static}/files/2021/ke-hoach%20220.pdf?v=2#trang-3">Kế hoạch</a>
<img src="{attach}/files/2021/so-do.png" alt="Sơ đồ">
<a href="{filename}/articles/2021/so-ket.md#muc-1">Sơ kết</a>
<a href="{filename}../2022/duong.md">Đường</a>
<img src="../../files/2021/anh.jpg" srcset="../../files/2021/anh-2x.jpg 2x, anh-nho.jpg 480w" alt="">
<a href="https://haiphong.gov.vn/files/x.pdf">ngoài</a> <a href="#muc-2">mục</a> <a href="/tim-kiem/">tìm</a>
<a href="mailto:a@b.vn">thư</a> <a href="{tag}kinh-te">thẻ</a> <a href="{index}">trang chủ</a>
<a href="../../../../etc/passwd">ra ngoài</a> <a href="{static}/../pelicanconf.py">ra ngoài</a>
<video poster="{static}/files/2021/anh-bia.jpg"><source src="{static}files/video.mp4"></video>
<a href="">rỗng</a> <a href="?trang=2">trang 2</a>
</p>
"""


def test_links_lists_placeholder_links_in_order():
    assert links(BODY) == [
        ("static", "/files/2021/ke-hoach 220.pdf"),
        ("attach", "/files/2021/so-do.png"),
        ("filename", "/articles/2021/so-ket.md"),
        ("filename", "../2022/duong.md"),
        ("static", "/../pelicanconf.py"),
        ("static", "/files/2021/anh-bia.jpg"),
        ("static", "files/video.mp4"),
    ]


def test_references_are_content_relative_posix_paths():
    assert references(BODY, "articles/2021") == {
        "files/2021/ke-hoach 220.pdf",
        "files/2021/so-do.png",
        "articles/2021/so-ket.md",
        "articles/2022/duong.md",
        "files/2021/anh.jpg",
        "files/2021/anh-2x.jpg",
        "articles/2021/anh-nho.jpg",
        "files/2021/anh-bia.jpg",
        "articles/2021/files/video.mp4",  # "{static}files/…" is from the article's folder, as in Pelican
    }


def test_references_of_a_body_without_links():
    assert references("<p>Không có liên kết.</p>", "articles/2021") == set()
    assert links("<p>x</p>") == []


def test_a_missing_file_inside_content_does_not_escape(tmp_path):
    assert not escapes(tmp_path / "files" / "chua-co.pdf", tmp_path)
