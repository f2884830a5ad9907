"""Incremental builds (plugins/newsroom/incremental.py): after any change, the site an
incremental build leaves is byte for byte the one a clean full build makes; a page
the change does not reach is not rendered again and keeps its file (inode, mtime)."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Build, make_project, replace_line, site_files, with_private_cache
from PIL import Image

# A few more articles than the committed test site, so that a change leaves
# listings, tags and sections it does not reach.
EXTRA = {
    "articles/2022/tiem-chung.md": """Title: Tiêm chủng mở rộng cho trẻ em
Date: 2022-02-10 08:00
Category: Y tế
Tags: tiêm chủng, trẻ em
Slug: tiem-chung
Summary: Thành phố tổ chức tiêm chủng mở rộng.
Image: images/2022/tram-y-te.jpg
Image_alt: Trẻ em được tiêm chủng tại trạm y tế phường
Source: Sở Y tế

Các phường tổ chức tiêm chủng trong tháng hai.
""",
    "articles/2022/khai-giang.md": """Title: Khai giảng năm học mới
Date: 2022-01-05 07:30
Category: Giáo dục
Tags: trẻ em
Slug: khai-giang
Summary: Học sinh thành phố bước vào năm học mới.
Source: Sở Giáo dục và Đào tạo

Các trường khai giảng năm học mới.
""",
    "articles/2022/xuat-khau.md": """Title: Xuất khẩu thủy sản tăng mạnh
Date: 2022-02-20 10:00
Category: Kinh tế
Tags: xuất khẩu
Slug: xuat-khau
Summary: Kim ngạch xuất khẩu thủy sản tăng.
Source: Sở Công Thương

Kim ngạch xuất khẩu thủy sản quý I tăng mạnh.
""",
}
PHOTO = "content/images/2022/tram-y-te.jpg"  # the lead photo of tiem-chung.md (and of add_article's)
ARTICLE = "content/articles/2022/duong.md"
ARTICLE_PAGE = "2022/03/nang-cap-duong-ven-bien.html"
UNTOUCHED = "gioi-thieu/index.html"  # a page no article change reaches
COUNTS = re.compile(r"Dựng tăng dần: (\d+) trang dựng lại, (\d+) trang giữ nguyên")


def build(
    project: Path, output: Path, cache: Path, *extra: str, env: dict | None = None, check: bool = True
) -> Build:
    """The production build of `project` (its own code, theme and settings), verbose; with
    `check`, one that succeeded."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-s",
        "publishconf.py",
        "-o",
        str(output),
        "-v",
        *with_private_cache(extra, cache),
    ]
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb", "PYTHONPATH": str(project), **(env or {})}
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False)
    result = Build(output=output, returncode=done.returncode, log=done.stdout + done.stderr)
    assert result.returncode == 0 or not check, result.log
    return result


def counts(result: Build) -> tuple[int, int]:
    """(pages rendered, pages kept) as the build reported them."""
    found = COUNTS.findall(result.log)
    assert len(found) == 1, result.log[-3000:]
    return int(found[0][0]), int(found[0][1])


def files(output: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, mtime_ns): the same pair means the file was not written again."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path) -> Path:
    project = make_project(tmp_path / "project")  # search off: Pagefind's index varies
    for name, text in EXTRA.items():
        (project / "content" / name).write_text(text, encoding="utf-8")
    (project / PHOTO).parent.mkdir(parents=True)
    Image.new("RGB", (1300, 900), (180, 30, 40)).save(project / PHOTO, "JPEG")
    return project


def edit_body(project: Path) -> None:
    replace_line(project / ARTICLE, "trong hai năm.", "trong hai năm, chia ba giai đoạn.")


def edit_title(project: Path) -> None:
    replace_line(project / ARTICLE, "Title: Khởi công", "Title: Chính thức khởi công")


def edit_date(project: Path) -> None:
    replace_line(project / ARTICLE, "Date: 2022-03-01 00:15", "Date: 2022-05-20 09:00")


def edit_section(project: Path) -> None:
    replace_line(project / ARTICLE, "Category: Kinh tế", "Category: Y tế")


def edit_tags(project: Path) -> None:
    replace_line(project / ARTICLE, "Tags: giao thông, đầu tư", "Tags: giao thông, trẻ em")


def add_article(project: Path) -> None:
    (project / "content/articles/2022/cang-bien.md").write_text(
        EXTRA["articles/2022/tiem-chung.md"]
        .replace("Tiêm chủng mở rộng cho trẻ em", "Mở rộng cảng biển Lạch Huyện")
        .replace("tiem-chung", "cang-bien")
        .replace("Y tế", "Kinh tế")
        .replace("2022-02-10", "2022-06-01"),
        encoding="utf-8",
    )


def delete_article(project: Path) -> None:
    (project / "content" / "articles/2022/xuat-khau.md").unlink()


def change_attachment(project: Path) -> None:
    path = project / "content/files/2021/danh-sach.xlsx"
    path.write_bytes(path.read_bytes() + b"\0" * 4096)  # its size is shown on the page


def change_photo(project: Path) -> None:
    """Another picture under the same name: its copies, and every page showing it, change."""
    Image.new("RGB", (1400, 1000), (30, 90, 160)).save(project / PHOTO, "JPEG")


def change_template(project: Path) -> None:
    replace_line(
        project / "theme/templates/article.html", "{% block content %}", "{% block content %}<!-- v2 -->"
    )


def change_css(project: Path) -> None:
    with (project / "theme/static/css/portal.css").open("a", encoding="utf-8") as css:
        css.write("\n.v2 { color: red; }\n")


def change_setting(project: Path) -> None:
    with (project / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSITESUBTITLE = "Thông tin chính thống (bản mới)"\n')


def change_plugin_code(project: Path) -> None:
    with (project / "plugins/newsroom/sitemap.py").open("a", encoding="utf-8") as code:
        code.write("\n# a change the keys cannot see\n")


def change_pelican_version(project: Path) -> dict:
    """Another Pelican, as an upgrade leaves it: its distribution's metadata says 4.13.0
    (found first on the path, as a newer install would be). What the build reads of it
    is importlib.metadata's version; the next builds run with it too."""
    shim = project.parent / "pelican-moi"
    (shim / "pelican-4.13.0.dist-info").mkdir(parents=True)
    (shim / "pelican-4.13.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pelican\nVersion: 4.13.0\n", encoding="utf-8"
    )
    return {"PYTHONPATH": os.pathsep.join([str(shim), str(project)])}


CHANGES = {
    "body": (edit_body, None),
    "title": (edit_title, None),
    "date": (edit_date, None),
    "section": (edit_section, None),
    "tags": (edit_tags, None),
    "new article": (add_article, None),
    "deleted article": (delete_article, None),
    "attachment": (change_attachment, None),
    "photo": (change_photo, None),
    # What no page key sees: the whole site is rendered again.
    "template": (change_template, "giao diện (theme/) đã đổi"),
    "css": (change_css, "giao diện (theme/) đã đổi"),
    "setting": (change_setting, "thiết lập đã đổi"),
    "plugin code": (change_plugin_code, "mã của plugin newsroom đã đổi"),
    "pelican version": (change_pelican_version, "phiên bản Pelican, Jinja hay Python đã đổi"),
}
SAME_SITE = {"plugin code", "pelican version"}  # changes nothing a reader sees


@pytest.mark.parametrize("kind", CHANGES)
def test_an_incremental_build_makes_the_site_a_full_build_makes(project, tmp_path, kind):
    change, full_because = CHANGES[kind]
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(project, output, cache)
    assert counts(first)[1] == 0  # nothing to keep yet
    before = files(output)
    old_pages = site_files(output)

    env = change(project)  # the environment later builds run in, when the change is there
    again = build(project, output, cache, env=env)
    clean = build(project, tmp_path / "full" / "output", tmp_path / "full" / "cache", env=env)

    assert site_files(output) == site_files(clean.output)
    if kind in SAME_SITE:  # rendered again, nothing differs, every file kept
        assert site_files(output) == old_pages
        assert files(output) == before
    else:
        assert site_files(output) != old_pages  # the change shows somewhere
    rendered, kept = counts(again)
    after = files(output)
    if full_because:
        assert f"Dựng toàn bộ: {full_because}" in again.log
        assert kept == 0
        assert rendered == counts(first)[0]
    else:
        assert "Dựng toàn bộ" not in again.log
        assert kept > rendered > 0
        assert after[UNTOUCHED] == before[UNTOUCHED]  # not rendered, not written: same file
    # Whatever came out the same is the previous file, fallback or not.
    same = [name for name in after if name in before and (output / name).read_bytes() == old_pages[name]]
    assert same
    assert all(after[name] == before[name] for name in same)


def copy_keys(cache: Path) -> dict[str, str]:
    """The manifest's key of each copied photo file and QR code."""
    (manifest,) = (cache / "incremental").glob("*.json")
    pages = json.loads(manifest.read_text("utf-8"))["pages"]
    return {name: entry[0] for name, entry in pages.items() if name.startswith(("anh/", "qr/"))}


def test_copies_of_cached_photos_and_codes_are_kept_by_their_stamp_through_any_change(project, tmp_path):
    """A setting every page sees renders every page again, but a copied file's bytes are
    its cached file's: it is kept by that file's stamp, not read again to be compared."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before, keys = files(output), copy_keys(cache)
    assert any(name.startswith("anh/") for name in keys) and any(name.startswith("qr/") for name in keys)
    change_setting(project)
    again = build(project, output, cache)
    assert "Dựng toàn bộ: thiết lập đã đổi" in again.log
    assert copy_keys(cache) == keys
    after = files(output)
    assert all(after[name] == before[name] for name in keys)


def test_what_an_edit_of_the_body_renders_again(project, tmp_path):
    """A body edit (the summary is given) changes the article's page only: no listing,
    no "Tin khác" of another article, no tag or section page is rendered again."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before = files(output)
    edit_body(project)
    again = build(project, output, cache)
    assert counts(again)[0] == 1
    changed = {name for name, stamp in files(output).items() if before.get(name) != stamp}
    assert ARTICLE_PAGE in changed
    assert not {name for name in changed if name.endswith(".html")} - {ARTICLE_PAGE}
    assert "Tuyến đường dài 20 km được nâng cấp trong hai năm, chia ba giai đoạn." in again.text(ARTICLE_PAGE)
    # The feeds that carry the article (its section, its tags, everything) and no other.
    feeds = ("tat-ca", "chuyen-muc/kinh-te", "the/giao-thong", "the/dau-tu")
    carrying = {f"feeds/{name}.{kind}.xml" for name in feeds for kind in ("atom", "rss")}
    assert carrying <= set(before)
    assert {name for name in changed if name.startswith("feeds/")} == carrying
    assert "chia ba giai đoạn" in (output / "feeds/the/dau-tu.atom.xml").read_text(encoding="utf-8")


def test_an_edit_below_the_cut_of_an_article_without_summary_renders_its_page_only(project, tmp_path):
    """With no Summary, listings show the body's first 60 words: an edit further down
    changes no card. The article is in a document, a campaign, two tags and a section,
    whose pages (and the tag index, the feeds page, every document page) are not
    rendered again."""
    article = project / "content/articles/2021/phat-dong.md"
    text = article.read_text(encoding="utf-8").replace(
        "Summary: UBND thành phố phát động phong trào thi đua “Mục tiêu kép”.\n", ""
    )
    long_start = " ".join(["Các cơ quan, đơn vị tổ chức quán triệt kế hoạch đến từng cán bộ."] * 8)
    text = text.replace(
        "phát động phong trào thi đua.\n", f"phát động phong trào thi đua.\n\n{long_start}\n", 1
    )
    article.write_text(text, encoding="utf-8")
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before = files(output)
    article.write_text(text + "\nBài viết được cập nhật lúc 17 giờ.\n", encoding="utf-8")
    again = build(project, output, cache)
    changed = {name for name, stamp in files(output).items() if before.get(name) != stamp}
    assert {name for name in changed if name.endswith(".html")} == {"2021/09/phat-dong.html"}
    assert counts(again)[0] == 1
    assert "cập nhật lúc 17 giờ" in again.text("2021/09/phat-dong.html")


def test_an_article_read_from_pelicans_cache_has_the_key_it_had_when_read_from_its_file(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    cached = ("-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true")
    build(project, output, cache, *cached)  # read from the files, cache written
    os.utime(project / ARTICLE)  # saved unchanged: the build goes through
    for state in (cache / "incremental").glob("*.state"):
        state.unlink()  # and reads every article, instead of starting from the saved state
    again = build(project, output, cache, *cached)  # read from the cache
    assert "Dựng toàn bộ" not in again.log
    assert counts(again)[0] == 0


def test_a_moved_article_leaves_no_page_at_its_old_address(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    assert (output / ARTICLE_PAGE).is_file()
    edit_date(project)
    build(project, output, cache)
    assert not (output / ARTICLE_PAGE).exists()
    assert (output / "2022/05/nang-cap-duong-ven-bien.html").is_file()
    assert not list(output.glob("qr/2022/03/*"))  # its QR code moved too


def test_a_rebuild_without_change_writes_nothing(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(project, output, cache)
    before = files(output)
    again = build(project, output, cache)
    assert counts(again) == (0, counts(first)[0])
    assert files(output) == before  # every file the same inode and mtime
    assert f"Xong: không có gì thay đổi từ lần dựng trước; {output} giữ nguyên" in again.log
    assert "Done: Processed" not in again.log  # nothing was read


def test_a_rebuild_without_change_gives_the_editor_the_same_warnings(project, tmp_path):
    """Nothing is read again, but the content's warnings and report are what a build gives."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    # A document without its date and issuer: warnings, the build goes through.
    replace_line(project / ARTICLE, "\nSource:", "\nDocument: 15/KH-UBND\nSource:")
    reports = [tmp_path / "bao-cao-1.json", tmp_path / "bao-cao-2.json"]
    first = build(project, output, cache, "-e", f"CONTENT_REPORT={json.dumps(str(reports[0]))}")
    warnings = [line for line in first.log.splitlines() if "Cảnh báo" in line]
    assert any("Document_date" in line for line in warnings), first.log
    again = build(project, output, cache, "-e", f"CONTENT_REPORT={json.dumps(str(reports[1]))}")
    assert "không có gì thay đổi" in again.log
    assert [line for line in again.log.splitlines() if "Cảnh báo" in line] == warnings
    assert reports[1].read_text(encoding="utf-8") == reports[0].read_text(encoding="utf-8")
    assert json.loads(reports[1].read_text(encoding="utf-8"))["warnings"] >= 1


def test_asking_for_the_timings_report_is_no_change_of_the_site(project, tmp_path):
    """`invoke bench` builds with NEWSROOM_REPORT_TIMINGS: a report, not a setting pages show."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(project, output, cache)
    edit_body(project)
    again = build(project, output, cache, "-e", "NEWSROOM_REPORT_TIMINGS=true")
    assert "NEWSROOM_TIMINGS" in again.log
    assert counts(again)[0] <= 3 < counts(first)[0], again.log[-3000:]


def test_a_source_rewritten_with_its_old_mtime_is_still_seen(project, tmp_path):
    """The kernel's change time moves on any write, whatever a tool does to the mtime."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    source = project / ARTICLE
    stamp = source.stat()
    edit_body(project)
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = build(project, output, cache)
    assert "không có gì thay đổi" not in again.log
    assert "chia ba giai đoạn" in again.text(ARTICLE_PAGE)


def test_a_file_removed_from_the_output_is_put_back(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    good = (output / UNTOUCHED).read_bytes()
    (output / UNTOUCHED).unlink()
    (output / "rac.html").write_text("không phải của bản dựng", encoding="utf-8")
    again = build(project, output, cache)
    assert "không có gì thay đổi" not in again.log
    assert (output / UNTOUCHED).read_bytes() == good
    assert not (output / "rac.html").exists()


def test_a_pin_ends_with_its_day_though_no_file_changed(project, tmp_path):
    """The day a build takes as today is an input: the next day's build is not skipped."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    replace_line(project / ARTICLE, "\nCategory:", "\nFeatured: 2026-12-03\nCategory:")
    before_midnight = {"SOURCE_DATE_EPOCH": "1796230000"}  # 2026-12-02 23:46, Vietnam time
    after_midnight = {"SOURCE_DATE_EPOCH": "1796320000"}  # 2026-12-04 00:46: the pin has ended
    pinned = build(project, output, cache, env=before_midnight)
    assert pinned.html("index.html").select_one(".lead-story.is-featured")
    assert "không có gì thay đổi" in build(project, output, cache, env=before_midnight).log
    unpinned = build(project, output, cache, env=after_midnight)
    assert "không có gì thay đổi" not in unpinned.log
    assert not unpinned.html("index.html").select_one(".lead-story.is-featured")


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    good = (output / UNTOUCHED).read_bytes()
    (output / UNTOUCHED).write_text("hỏng", encoding="utf-8")
    again = build(project, output, cache)
    assert counts(again)[0] == 1
    assert (output / UNTOUCHED).read_bytes() == good


def test_a_damaged_manifest_means_a_full_build(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(project, output, cache)
    for manifest in (cache / "incremental").iterdir():
        manifest.write_text("{cắt ngang", encoding="utf-8")
    again = build(project, output, cache)
    assert "Bản ghi dựng tăng dần" in again.log
    assert counts(again) == (counts(first)[0], 0)


@pytest.mark.parametrize("field", ["messages", "report", "templates", "entries", "page_count", "search"])
def test_a_manifest_damaged_by_hand_means_a_build_not_a_traceback(project, tmp_path, field):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    good = site_files(output)
    (manifest,) = (cache / "incremental").glob("*.json")
    record = json.loads(manifest.read_text(encoding="utf-8"))
    record[field] = {
        "messages": [["newsroom", "cao", 5]],
        "report": 7,
        "templates": {"base.html": 3},
        "entries": {"x": 1},
        "page_count": "nhiều",
        "search": [1],
    }[field]
    manifest.write_text(json.dumps(record), encoding="utf-8")
    again = build(project, output, cache)
    assert "Traceback" not in again.log
    assert site_files(output) == good


def test_a_failed_build_keeps_the_site_and_the_next_build_catches_up(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    good = site_files(output)
    edit_title(project)
    replace_line(project / ARTICLE, "Category: Kinh tế", "Category: Không có mục này")
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output)]
    command += with_private_cache((), cache)
    failed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert failed.returncode != 0
    assert site_files(output) == good
    replace_line(project / ARTICLE, "Category: Không có mục này", "Category: Kinh tế")
    build(project, output, cache)
    clean = build(project, tmp_path / "full" / "output", tmp_path / "full" / "cache")
    assert site_files(output) == site_files(clean.output)


def test_incremental_builds_can_be_switched_off(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before = files(output)
    again = build(project, output, cache, "-e", "INCREMENTAL_BUILD=false")
    assert not COUNTS.search(again.log)
    assert files(output)[UNTOUCHED] != before[UNTOUCHED]  # written again


def test_the_theme_never_shows_what_the_keys_leave_out():
    """incremental.UNSHOWN: attributes left out of page keys, which no template may read."""
    from conftest import ROOT
    from newsroom.incremental import UNSHOWN

    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not [name for name in UNSHOWN if name in text], template


def test_a_rebuild_in_another_process_renders_nothing_unchanged(project, tmp_path):
    """Each build is a new process with its own hash seed: the keys must not depend on it."""
    # An imported archive: same dates, shared documents and campaigns, translations (ties).
    sys.path.insert(0, str(ROOT))
    from bench.archive import make_archive

    shutil.rmtree(project / "content")
    make_archive(project, 300, seed=1)
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache, env={"PYTHONHASHSEED": "1"})
    source = next((project / "content").rglob("*.md"))
    os.utime(source)  # saved unchanged: the build reads, rather than stopping early
    again = build(project, output, cache, env={"PYTHONHASHSEED": "2"})
    assert counts(again)[0] == 0, again.log[-3000:]


def test_an_edit_indexes_the_search_shard_of_its_article_only(project, tmp_path):
    """The search index in shards of 2 pages: after one body edit, only the edited
    article's shard is made again (the others are the live site's files, inode and
    mtime); the index is the one a clean full build makes."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    search = ("-e", "SEARCH_INDEX=true", "SEARCH_SHARD_PAGES=2")
    build(project, output, cache, *search)
    listing = json.loads((output / "pagefind/shards.json").read_text("utf-8"))["shards"]
    assert len(listing) > 3, listing
    before = files(output)
    edit_body(project)
    build(project, output, cache, *search)
    clean = build(project, tmp_path / "full" / "output", tmp_path / "full" / "cache", *search)

    after = files(output)
    index_files = [name for name in after if name.startswith("pagefind/")]
    changed = {name.split("/")[1] for name in index_files if after[name] != before.get(name)}
    assert len(changed) == 1, changed
    (shard,) = changed
    shard_pages = (output / "pagefind" / shard).glob("fragment/*")
    text = "".join(gzip.decompress(p.read_bytes()).decode() for p in shard_pages)
    assert "chia ba giai đoạn" in text

    def index(site: Path) -> dict[str, bytes]:
        """The shard list, each shard's pages and word index (named by their content); not
        the filters, which Pagefind orders anew each run, nor the files naming them."""
        found = [*(site / "pagefind").glob("*/fragment/*"), *(site / "pagefind").glob("*/index/*")]
        found.append(site / "pagefind/shards.json")
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in found}

    assert index(output) == index(clean.output)
