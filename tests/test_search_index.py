"""The search index (plugins/newsroom/search_index.py): Pagefind is given only the
pages a template marked, and the index it writes is the one it writes from the
whole site."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_pelican
from newsroom.search_index import abandon, build_index, finish_index, marked_pages, start_index

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Trang chủ Tin tức {title}</nav>{body}</body></html>"""


def write_site(site: Path, marked: bool = True) -> None:
    article = '<article data-pagefind-body><h1 data-pagefind-meta="title">{t}</h1><p>{text}</p></article>'
    if not marked:
        article = "<article><h1>{t}</h1><p>{text}</p></article>"
    pages = {
        "2024/01/nuoc-sach.html": ("Cấp nước sạch", "Đường ống nước sạch về các xã ven biển."),
        "2024/02/dien-mat-troi.html": ("Điện mặt trời", "Lắp đặt điện mặt trời mái nhà ở Thủy Nguyên."),
        "2025/03/le-hoi.html": ("Lễ hội hoa phượng", "Đêm hội hoa phượng đỏ bên bờ sông Cấm."),
    }
    for path, (title, text) in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(PAGE.format(title=title, body=article.format(t=title, text=text)), "utf-8")
    (site / "index.html").write_text(PAGE.format(title="Trang chủ", body="<p>Tin mới: đêm hội</p>"), "utf-8")
    (site / "tag").mkdir()
    (site / "tag/le-hoi.html").write_text(PAGE.format(title="Lễ hội", body="<p>Lễ hội hoa</p>"), "utf-8")


def entry(site: Path) -> dict:
    return json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))["languages"]["vi"]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_only_marked_pages_are_indexed_and_nothing_is_left_beside_the_site(tmp_path):
    site = tmp_path / "output"
    write_site(site)
    build_index(str(site))
    assert entry(site)["page_count"] == 3
    assert len(list((site / "pagefind/fragment").iterdir())) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_index_is_the_one_pagefind_makes_from_the_whole_site(tmp_path):
    ours, whole = tmp_path / "ours", tmp_path / "whole"
    for site in (ours, whole):
        write_site(site)
    build_index(str(ours))
    command = [sys.executable, "-m", "pagefind", "--site", str(whole), "--force-language", "vi", "--quiet"]
    subprocess.run(command, check=True, capture_output=True)
    # Fragments (each page's text and meta) and the word index are named by their
    # content; filter files are not compared: Pagefind orders them differently each run.
    mine, theirs = files(ours / "pagefind"), files(whole / "pagefind")
    for kind in ("fragment/", "index/"):
        assert {n: b for n, b in mine.items() if n.startswith(kind)} == {
            n: b for n, b in theirs.items() if n.startswith(kind)
        }, kind
    assert entry(ours)["page_count"] == entry(whole)["page_count"] == 3


def test_a_site_with_no_marked_page_is_indexed_whole(tmp_path):
    site = tmp_path / "output"
    write_site(site, marked=False)
    build_index(str(site))
    assert entry(site)["page_count"] == 5


def test_an_index_started_early_is_the_index_of_the_finished_site(tmp_path):
    """Started once the marked pages are written, the index is the one made at the end."""
    early, late = tmp_path / "early", tmp_path / "late"
    for site in (early, late):
        write_site(site)
    start_index(str(early))
    (early / "lien-he.html").write_text(PAGE.format(title="Liên hệ", body="<p>Không đánh dấu</p>"), "utf-8")
    (late / "lien-he.html").write_text(PAGE.format(title="Liên hệ", body="<p>Không đánh dấu</p>"), "utf-8")
    finish_index(str(early))
    build_index(str(late))
    mine, theirs = files(early / "pagefind"), files(late / "pagefind")
    for kind in ("fragment/", "index/"):
        assert {n: b for n, b in mine.items() if n.startswith(kind)} == {
            n: b for n, b in theirs.items() if n.startswith(kind)
        }, kind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["early", "late"]


def marked(title: str, text: str) -> str:
    article = (
        f'<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1><p>{text}</p></article>'
    )
    return PAGE.format(title=title, body=article)


def fragments_text(site: Path) -> str:
    """The pages' text as the index holds it (Pagefind's fragments are gzipped JSON)."""
    return "".join(gzip.decompress(p.read_bytes()).decode() for p in (site / "pagefind/fragment").iterdir())


def test_a_marked_page_written_after_the_start_is_indexed(tmp_path):
    site = tmp_path / "output"
    write_site(site)
    start_index(str(site))
    (site / "2025/04/cau-moi.html").parent.mkdir(parents=True)
    (site / "2025/04/cau-moi.html").write_text(marked("Cầu mới", "Thông xe cầu Rào mới."), "utf-8")
    finish_index(str(site))
    assert entry(site)["page_count"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_marked_page_replaced_or_removed_after_the_start_is_indexed_as_it_is_at_the_end(tmp_path):
    site = tmp_path / "output"
    write_site(site)
    start_index(str(site))
    page = site / "2024/01/nuoc-sach.html"
    page.unlink()  # as the writer does: never in place
    page.write_text(marked("Cấp nước sạch", "Nhà máy nước Vĩnh Bảo hoàn thành."), "utf-8")
    (site / "2025/03/le-hoi.html").unlink()
    finish_index(str(site))
    assert entry(site)["page_count"] == 2
    text = fragments_text(site)
    assert "Vĩnh Bảo" in text and "Đường ống" not in text and "hoa phượng" not in text


def test_an_abandoned_index_leaves_nothing_running_or_beside_the_site(tmp_path):
    site = tmp_path / "output"
    write_site(site)
    run = start_index(str(site))
    abandon()
    assert run.process.poll() is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    finish_index(str(site))  # nothing running: indexed at once
    assert entry(site)["page_count"] == 3


def test_a_build_starts_the_index_once_its_marked_pages_are_written_and_never_again(tmp_path):
    """The sample portal's production build: Pagefind started after the articles and pages
    is not run a second time (nothing marked is written later) and indexes every one."""
    build = run_pelican(ROOT / "content", tmp_path / "output", "publishconf.py", "-v")
    assert build.returncode == 0, build.log
    assert "lập chỉ mục lại" not in build.log
    assert entry(build.output)["page_count"] == len(marked_pages(build.output)) > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "output"]
