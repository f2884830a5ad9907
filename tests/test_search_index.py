"""The search index (plugins/newsroom/search_index.py): Pagefind is given only the
pages a template marked, in shards of consecutive months; each shard's index is the one
Pagefind makes from its pages, and a shard whose pages did not change is not made again."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_pelican
from newsroom.search_index import (
    UNDATED,
    Marked,
    abandon,
    build_index,
    finish_index,
    marked_pages,
    shard_size,
    shards,
    start_index,
)

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


def shard_names(site: Path) -> list[str]:
    return json.loads((site / "pagefind/shards.json").read_text("utf-8"))["shards"]


def entry(site: Path) -> dict:
    """The index's entry, as its shards' entries add up (pages counted)."""
    counts = [
        json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text("utf-8"))["languages"]["vi"]
        for name in shard_names(site)
    ]
    return {"page_count": sum(c["page_count"] for c in counts)}


def fragments(site: Path) -> dict[str, bytes]:
    """Every shard's page fragments (named by their content)."""
    return {p.name: p.read_bytes() for p in (site / "pagefind").glob("*/fragment/*")}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_only_marked_pages_are_indexed_and_nothing_is_left_beside_the_site(tmp_path):
    site = tmp_path / "output"
    write_site(site)
    build_index(str(site))
    assert entry(site)["page_count"] == 3
    assert len(fragments(site)) == 3
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
    assert shard_names(ours) == [UNDATED]  # no page says its date: one shard
    mine, theirs = files(ours / "pagefind" / UNDATED), files(whole / "pagefind")
    for kind in ("fragment/", "index/"):
        assert {n: b for n, b in mine.items() if n.startswith(kind)} == {
            n: b for n, b in theirs.items() if n.startswith(kind)
        }, kind
    assert entry(ours)["page_count"] == 3


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
    assert shard_names(early) == shard_names(late)
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
    return "".join(gzip.decompress(data).decode() for data in fragments(site).values())


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
    processes = set(run.indexer.processes)
    abandon()
    assert not run.indexer.processes and all(p.poll() is not None for p in processes)
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


# -- Shards ---------------------------------------------------------------------------


def dated(title: str, text: str, date: str) -> str:
    article = (
        f'<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>'
        f'<p data-pagefind-sort="date:{date}T08:00:00+07:00">{text}</p></article>'
    )
    return PAGE.format(title=title, body=article)


def write_dated_site(site: Path, months: dict[str, int]) -> list[Path]:
    """`months` ("2024-01" -> how many articles), each article a page of that month."""
    written = []
    for month, count in months.items():
        for number in range(count):
            page = Path(month.replace("-", "/")) / f"bai-{number}.html"
            (site / page).parent.mkdir(parents=True, exist_ok=True)
            words = f"Tin số {number} tháng {month}: đường, cầu, trường học và bệnh viện."
            (site / page).write_text(dated(f"Bài {number} {month}", words, f"{month}-15"), "utf-8")
            written.append(page)
    return written


def fake(months: dict[str, int]) -> dict[Path, Marked]:
    return {
        Path(month, str(n)): Marked((n, 0, 0, 0), bytes(16), month)
        for month, count in months.items()
        for n in range(count)
    }


def test_months_are_grouped_from_the_oldest_so_new_articles_change_the_newest_shard_only():
    months = {"2023-11": 2, "2023-12": 1, "2024-01": 3, "2024-02": 1, "2024-03": 1}
    cut = shards(fake(months), smallest=3)
    assert list(cut) == ["2024-02", "2024-01", "2023-11"]  # newest first, named by first month
    assert [len(pages) for pages in cut.values()] == [2, 3, 3]
    grown = shards(fake({**months, "2024-03": 5, "2024-04": 2}), smallest=3)
    assert {name: pages for name, pages in grown.items() if name not in ("2024-02", "2024-04")} == {
        name: pages for name, pages in cut.items() if name != "2024-02"
    }
    assert next(iter(grown)) == "2024-04" and len(grown["2024-02"]) == 6


def test_undated_pages_have_their_own_shard_and_shards_grow_only_when_the_site_doubles():
    pages = {**fake({"2024-01": 2}), Path("gioi-thieu"): Marked((9, 0, 0, 0), bytes(16), None)}
    assert list(shards(pages, smallest=5)) == ["2024-01", UNDATED]
    assert [shard_size(n, 1000) for n in (1, 16_000, 16_001, 32_000, 32_001, 70_000)] == [
        1000,
        1000,
        2000,
        2000,
        4000,
        8000,
    ]


def test_a_shard_whose_pages_did_not_change_is_linked_from_the_live_site(tmp_path):
    live, staged = tmp_path / "live", tmp_path / "staged"
    months = {"2024-01": 3, "2024-02": 3, "2024-03": 3}
    write_dated_site(live, months)
    record = build_index(str(live), smallest=3)
    assert shard_names(live) == ["2024-03", "2024-02", "2024-01"]
    shutil.copytree(live, staged, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    edited = staged / "2024/02/bai-1.html"
    edited.unlink()
    edited.write_text(dated("Bài 1 2024-02", "Khánh thành cầu Hoàng Văn Thụ.", "2024-02-15"), "utf-8")

    start_index(str(staged), live=live, previous=record, smallest=3)
    again = finish_index(str(staged), smallest=3)

    def inodes(site: Path, name: str) -> dict[str, int]:
        bundle = (site / "pagefind" / name).rglob("*")
        return {p.relative_to(site).as_posix(): p.stat().st_ino for p in bundle if p.is_file()}

    assert inodes(staged, "2024-01") == inodes(live, "2024-01")
    assert inodes(staged, "2024-03") == inodes(live, "2024-03")
    assert not set(inodes(staged, "2024-02").values()) & set(inodes(live, "2024-02").values())
    assert "Hoàng Văn Thụ" in fragments_text(staged)
    assert again["shards"]["2024-01"] == record["shards"]["2024-01"]
    assert again["shards"]["2024-02"]["digest"] != record["shards"]["2024-02"]["digest"]
    # The same index as one made from nothing.
    fresh = tmp_path / "fresh"
    shutil.copytree(staged, fresh, ignore=shutil.ignore_patterns("pagefind"))
    build_index(str(fresh), smallest=3)
    assert fragments(fresh) == fragments(staged) and shard_names(fresh) == shard_names(staged)


def test_a_damaged_live_shard_is_indexed_again(tmp_path):
    live, staged = tmp_path / "live", tmp_path / "staged"
    write_dated_site(live, {"2024-01": 2, "2024-02": 2})
    record = build_index(str(live), smallest=2)
    shutil.copytree(live, staged, ignore=shutil.ignore_patterns("pagefind"))
    next((live / "pagefind/2024-01/fragment").iterdir()).unlink()  # removed by hand
    start_index(str(staged), live=live, previous=record, smallest=2)
    finish_index(str(staged), smallest=2)
    assert len(fragments(staged)) == 4


def test_pages_the_last_build_left_are_not_read_again_and_a_changed_one_is(tmp_path, monkeypatch):
    """A page the incremental writer kept is a link to the live site's file: its identity
    is the one the last good build recorded, marked or not, so only written pages are read."""
    live, staged = tmp_path / "live", tmp_path / "staged"
    write_dated_site(live, {"2024-01": 2, "2024-02": 2})
    (live / "index.html").write_text(PAGE.format(title="Trang chủ", body="<p>Tin mới</p>"), "utf-8")
    record = build_index(str(live), smallest=2)
    shutil.copytree(live, staged, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    edited = staged / "2024/02/bai-1.html"
    edited.unlink()
    edited.write_text(dated("Bài 1 2024-02", "Khánh thành cầu Hoàng Văn Thụ.", "2024-02-15"), "utf-8")
    touched = staged / "2024/01/bai-0.html"  # same inode and size, another mtime: read again
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    read: list[str] = []
    original = Path.read_bytes

    def reading(path: Path) -> bytes:
        read.append(path.relative_to(staged).as_posix())
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    start_index(str(staged), live=live, previous=record, smallest=2)
    assert sorted(read) == ["2024/01/bai-0.html", "2024/02/bai-1.html"]
    read.clear()
    again = finish_index(str(staged), smallest=2)
    assert read == []
    assert "Hoàng Văn Thụ" in fragments_text(staged)
    assert again["shards"]["2024-01"]["digest"] == record["shards"]["2024-01"]["digest"]
    assert again["pages"]["index.html"][3:] == [None, None]
    # A damaged record is read as no record: every page is read.
    read.clear()
    damaged = {**again, "pages": {"index.html": "x", "2024/02/bai-0.html": [1, 2, "3", "ab", None]}}
    start_index(str(staged), live=staged, previous=damaged, smallest=2)
    abandon(staged.resolve())
    assert sorted(read) == sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*.html"))
