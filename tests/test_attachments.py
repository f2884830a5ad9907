"""Resolving the Attachments field against the files under content/."""

import os

import pytest
from newsroom.attachments import parse_entries, resolve


@pytest.fixture
def content(tmp_path):
    (tmp_path / "content" / "files").mkdir(parents=True)
    (tmp_path / "content" / "files" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 1000)
    (tmp_path / "content" / "files" / "bang.xlsx").write_bytes(b"x" * 10)
    (tmp_path / "content" / "files" / "script.exe").write_bytes(b"MZ")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    return tmp_path / "content"


def test_labels_are_optional_and_lines_may_be_several():
    entries = parse_entries(["files/a.pdf | Kế hoạch số 220/KH-UBND", "files/b.docx"])
    assert [(e.path, e.label) for e in entries] == [
        ("files/a.pdf", "Kế hoạch số 220/KH-UBND"),
        ("files/b.docx", "b.docx"),
    ]


def test_resolved_attachments_carry_kind_type_and_exact_size(content):
    found, problems = resolve(
        parse_entries("files/ke-hoach.pdf | Kế hoạch; {static}/files/bang.xlsx"), content
    )
    assert problems == []
    assert [(a.path, a.kind, a.mime_type, a.size) for a in found] == [
        ("files/ke-hoach.pdf", "PDF", "application/pdf", 1009),
        ("files/bang.xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("files/khong-co.pdf", "không tìm thấy tệp content/files/khong-co.pdf"),
        ("../secret.pdf", "phải nằm trong thư mục content/"),
        ("files/../../secret.pdf", "phải nằm trong thư mục content/"),
        ("/etc/passwd.pdf", "không dùng đường dẫn tuyệt đối"),
        ("files/script.exe", "loại tệp “.exe” không được phép"),
    ],
)
def test_bad_entries_are_problems_naming_the_value(content, line, message):
    found, problems = resolve(parse_entries(line), content)
    assert found == []
    assert [p.value for p in problems] == [line]
    assert message in str(problems[0])


def test_a_file_listed_twice_is_a_problem(content):
    found, problems = resolve(parse_entries(["files/ke-hoach.pdf", "files/./ke-hoach.pdf | Lại"]), content)
    assert len(found) == 1
    assert "đã được liệt kê" in str(problems[0])


def test_the_allow_list_is_a_setting(content):
    _, problems = resolve(parse_entries("files/bang.xlsx"), content, allowed_extensions=("pdf",))
    assert "các loại được phép: pdf" in str(problems[0])


def test_symlinks_are_followed_to_where_they_lead_whichever_entry_came_first(content, tmp_path):
    """Folders are resolved once per build: a symlinked folder or file is judged by its
    target for every entry through it, and a loop is a missing file, not a crash."""
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "mat.pdf").write_bytes(b"%PDF secret")
    os.symlink(outside, content / "files" / "ngoai")
    os.symlink(content / "files" / "ke-hoach.pdf", content / "files" / "ban-sao.pdf")
    os.symlink(content / "files" / "vong.pdf", content / "files" / "vong.pdf")
    os.symlink(tmp_path / "secret.pdf", content / "files" / "bi-mat.pdf")
    folders: dict[str, str] = {}
    lines = ["files/ke-hoach.pdf", "files/ngoai/mat.pdf", "files/ban-sao.pdf", "files/vong.pdf"]
    found, problems = resolve(parse_entries([*lines, "files/bi-mat.pdf"]), content, folders=folders)
    assert [a.path for a in found] == ["files/ke-hoach.pdf"]
    assert [(p.value, str(p).split(";")[0]) for p in problems] == [
        ("files/ngoai/mat.pdf", "tệp đính kèm phải nằm trong thư mục content/"),
        ("files/ban-sao.pdf", "tệp này đã được liệt kê ở trên"),
        ("files/vong.pdf", "không tìm thấy tệp content/files/vong.pdf"),
        ("files/bi-mat.pdf", "tệp đính kèm phải nằm trong thư mục content/"),
    ]
    again, _ = resolve(parse_entries("files/ngoai/mat.pdf; files/ban-sao.pdf"), content, folders=folders)
    assert [a.path for a in again] == ["files/ke-hoach.pdf"]
