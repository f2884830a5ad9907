"""Edited bodies built from the last good build's saved state (plugins/newsroom/body_edits.py):
the site is byte for byte the one a clean full build makes, the editor gets the same
messages, and anything but a body edit (or a state that cannot be trusted) goes through
the keyed build instead."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from conftest import replace_line, site_files
from test_incremental import ARTICLE, ARTICLE_PAGE, EXTRA, PHOTO, build, counts, edit_body, files, project

__all__ = ["project"]  # the fixture, shared with test_incremental

QUICK = "Xong: chỉ nội dung bài đã sửa"
KEYED = "Dựng theo khóa: "
XUAT_KHAU = "content/articles/2022/xuat-khau.md"


SEARCH = ("-e", "SEARCH_INDEX=true", "SEARCH_SHARD_PAGES=2")  # the search index on, in shards of 2 pages


def index(site: Path) -> dict[str, bytes]:
    """The shard list, each shard's pages and word index (named by their content); not the
    filters, which Pagefind orders anew each run, nor the files naming them."""
    found = [*(site / "pagefind").glob("*/fragment/*"), *(site / "pagefind").glob("*/index/*")]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in [*found, site / "pagefind/shards.json"]}


def without_index(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in site_files(site).items() if not name.startswith("pagefind/")}


def full_build(project: Path, tmp_path: Path, name: str = "full"):
    return build(project, tmp_path / name / "output", tmp_path / name / "cache")


def messages(result) -> list[str]:
    """What the editor is told of the content (warnings and the count line)."""
    return [line for line in result.log.splitlines() if line.startswith(("Cảnh báo", "Kiểm tra nội dung"))]


def test_an_edited_body_is_built_from_the_saved_state_as_a_full_build_makes_it(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(project, output, cache)
    before = files(output)
    edit_body(project)
    again = build(project, output, cache)
    assert QUICK in again.log, again.log[-3000:]
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)
    assert messages(again) == messages(clean) == messages(first)
    changed = {name for name, stamp in files(output).items() if before.get(name) != stamp}
    assert {name for name in changed if name.endswith(".html")} == {ARTICLE_PAGE}
    assert {name for name in changed if name.startswith("feeds/")}  # the feeds carry the body
    assert counts(again)[0] == 1


def test_edits_in_a_row_then_other_changes_stay_what_a_full_build_makes(project, tmp_path):
    """The pages drawn from the saved state are recorded so that the keyed build after
    them never keeps one as it was: a body put back as it first was is drawn again."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    original = (project / ARTICLE).read_text(encoding="utf-8")
    build(project, output, cache)
    steps = [
        ("body", lambda: edit_body(project), True),
        ("body again", lambda: replace_line(project / ARTICLE, "ba giai đoạn", "bốn giai đoạn"), True),
        # The feeds carry both bodies: the first one's edits are kept from the build before.
        ("another body", lambda: replace_line(project / XUAT_KHAU, "tăng mạnh.", "tăng 12%."), True),
        (
            "title",
            lambda: replace_line(project / ARTICLE, "Title: Khởi công", "Title: Chính thức khởi công"),
            False,
        ),
        ("back", lambda: (project / ARTICLE).write_text(original, encoding="utf-8"), False),
        ("body after", lambda: edit_body(project), True),
    ]
    for number, (name, change, quick) in enumerate(steps):
        change()
        again = build(project, output, cache)
        assert (QUICK in again.log) is quick, (name, again.log[-3000:])
        clean = full_build(project, tmp_path, f"full-{number}")
        assert site_files(output) == site_files(clean.output), name


def test_an_edit_that_changes_tin_khac_elsewhere_draws_those_pages_too(project, tmp_path):
    """Words in common with another article move it into (or up) this one's "Tin khác"
    and this one into the other's: both pages are drawn again."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before = site_files(output)
    words = "Tiêm chủng mở rộng cho trẻ em: các phường tổ chức tiêm chủng trong tháng hai."
    replace_line(project / ARTICLE, "trong hai năm.", f"trong hai năm. {words} {words}")
    again = build(project, output, cache)
    assert QUICK in again.log, again.log[-3000:]
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)
    redrawn = [n for n, data in site_files(output).items() if n.endswith(".html") and before.get(n) != data]
    assert ARTICLE_PAGE in redrawn
    assert len(redrawn) > 1  # another article's "Tin khác" changed
    assert counts(again)[0] == len(redrawn)


def test_edits_with_the_search_index_index_one_shard_and_leave_what_a_full_build_makes(project, tmp_path):
    """Search on, in shards of 2 pages: each body edit indexes its article's shard only
    (the other shards are the live site's files) from the record of the build before,
    which it writes for the next; the keyed build after two of them, and a build with
    nothing changed, still find the index a clean full build makes."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache, *SEARCH)
    steps = [
        ("body", lambda: edit_body(project), True),
        ("body again", lambda: replace_line(project / ARTICLE, "ba giai đoạn", "bốn giai đoạn"), True),
        ("title", lambda: replace_line(project / ARTICLE, "Title: Khởi công", "Title: Khai công"), False),
    ]
    for number, (name, change, quick) in enumerate(steps):
        before = files(output)
        change()
        again = build(project, output, cache, *SEARCH)
        assert (QUICK in again.log) is quick, (name, again.log[-3000:])
        clean = build(
            project, tmp_path / f"full-{number}" / "output", tmp_path / f"full-{number}" / "cache", *SEARCH
        )
        assert index(output) == index(clean.output), name
        assert without_index(output) == without_index(clean.output), name
        after = files(output)
        shards = {n.split("/")[1] for n in after if n.startswith("pagefind/") and after[n] != before.get(n)}
        if quick:
            assert len(shards) == 1, (name, shards)
    unchanged = build(project, output, cache, *SEARCH)
    assert "không có gì thay đổi" in unchanged.log, unchanged.log[-3000:]


def _summary_start(project: Path) -> None:
    replace_line(project / ARTICLE, "Summary: Thành phố khởi công", "Summary: Thành phố bắt đầu")


def _body_link(project: Path) -> None:
    replace_line(project / ARTICLE, "trong hai năm.", "trong hai năm. Xem [tin cũ]({filename}xuat-khau.md).")


def _body_photo(project: Path) -> None:
    replace_line(
        project / ARTICLE, "trong hai năm.", f"trong hai năm.\n\n![Trạm y tế]({{static}}/{PHOTO[8:]})"
    )


def _new_article(project: Path) -> None:
    edit_body(project)
    (project / "content/articles/2022/them.md").write_text(
        EXTRA["articles/2022/xuat-khau.md"].replace("xuat-khau", "them").replace("Xuất khẩu", "Nhập khẩu"),
        encoding="utf-8",
    )


def _draft(project: Path) -> None:
    draft = project / "content/articles/2022/ban-nhap.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")


def _no_summary(project: Path) -> None:
    """An article without Summary edited at its start: the listings' cards change."""
    path = project / "content" / XUAT_KHAU[8:]
    text = path.read_text(encoding="utf-8").replace("Summary: Kim ngạch xuất khẩu thủy sản tăng.\n", "")
    path.write_text(text.replace("Kim ngạch", "Tổng kim ngạch"), encoding="utf-8")


def _problem(project: Path) -> None:
    replace_line(project / ARTICLE, "trong hai năm.", "trong hai năm.\n\n![](https://example.com/anh.jpg)")


FALLBACKS = {  # the change, why the keyed build runs
    "a field": (_summary_start, "đổi trường summary"),
    "a link in the body": (_body_link, "đổi liên kết hoặc ảnh trong bài"),
    "a photo in the body": (_body_photo, "thêm ảnh mới vào bài"),
    "a new file besides": (_new_article, "có tệp được thêm hoặc xóa"),
    "a draft": (_draft, "không phải bài đã đăng"),
    "the summary of an article without one": (_no_summary, "đổi phần tóm tắt"),
    "a new warning": (_problem, "có thông báo mới"),
}


@pytest.mark.parametrize("kind", FALLBACKS)
def test_what_is_more_than_a_body_edit_goes_through_the_keyed_build(project, tmp_path, kind):
    output, cache = tmp_path / "output", tmp_path / "cache"
    if kind == "the summary of an article without one":
        _no_summary(project)  # built without a Summary first, then edited at its start
        path = project / "content" / XUAT_KHAU[8:]
        path.write_text(
            path.read_text(encoding="utf-8").replace("Tổng kim ngạch", "Kim ngạch"), encoding="utf-8"
        )
    build(project, output, cache)
    change, reason = FALLBACKS[kind]
    change(project)
    again = build(project, output, cache)
    assert QUICK not in again.log
    assert KEYED in again.log
    assert reason in again.log.split(KEYED, 1)[1].splitlines()[0]
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)
    assert messages(again) == messages(clean)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("truncated", "không đọc được trạng thái đã lưu"),
        ("other build's", "không phải của lần dựng trước"),
        ("other build's edits", "không phải của lần dựng trước"),
        ("edits removed", "FileNotFoundError"),
        ("removed", "FileNotFoundError"),
    ],
)
def test_a_saved_state_that_cannot_be_trusted_means_the_keyed_build(project, tmp_path, damage, reason):
    """The saved state (a keyed build's) and the bodies edited since (each build of edited
    bodies rewrites them): either one damaged, or another build's, means the keyed build."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    [state] = (cache / "incremental").glob("*.state")
    edits = state.with_suffix(".state-edits")
    if damage == "truncated":
        state.write_bytes(state.read_bytes()[:1000])
    elif damage == "other build's":
        saved = state.read_bytes()
        replace_line(project / ARTICLE, "Title: Khởi công", "Title: Khai công")
        assert QUICK not in build(project, output, cache).log  # a keyed build: a new state
        state.write_bytes(saved)
    elif damage == "other build's edits":
        edit_body(project)
        assert QUICK in build(project, output, cache).log
        saved = edits.read_bytes()
        replace_line(project / ARTICLE, "ba giai đoạn", "bốn giai đoạn")
        assert QUICK in build(project, output, cache).log  # the edits saved again, a new token
        edits.write_bytes(saved)
    elif damage == "edits removed":
        edit_body(project)
        assert QUICK in build(project, output, cache).log
        edits.unlink()
    else:
        state.unlink()
    replace_line(project / XUAT_KHAU, "quý I tăng mạnh.", "quý I tăng mạnh so với cùng kỳ.")
    again = build(project, output, cache)
    assert QUICK not in again.log
    assert reason in again.log.split(KEYED, 1)[1].splitlines()[0]
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)
    assert list((cache / "incremental").glob("*.state"))  # saved again for the next edit
    assert not edits.exists()  # the edits belonged to the state it replaced


def test_an_output_changed_by_hand_means_the_keyed_build(project, tmp_path):
    """The build of edited bodies is made of the live site's files: one removed by hand
    since is put back by the keyed build."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    (output / "gioi-thieu/index.html").unlink()
    edit_body(project)
    again = build(project, output, cache)
    assert "đã bị sửa từ lần dựng trước" in again.log.split(KEYED, 1)[1].splitlines()[0]
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)


def test_the_timings_report_names_the_stages_of_a_build_of_edited_bodies(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    edit_body(project)
    again = build(project, output, cache, "-e", "NEWSROOM_REPORT_TIMINGS=true")
    assert QUICK in again.log
    assert {"state loaded", "related", "pages", "feeds", "kept site", "links", "state saved"} <= set(
        stages(again)
    )


def stages(result) -> dict[str, float]:
    [line] = [line for line in result.log.splitlines() if "NEWSROOM_TIMINGS " in line]
    return json.loads(line.split("NEWSROOM_TIMINGS ", 1)[1])["stages"]


def test_the_site_before_an_edit_is_kept_to_make_the_next_edit_s_site(project, tmp_path):
    """After a build of edited bodies the old site stays beside the output (hidden, never
    the output); the next such build is made of it rather than of a link per file, and is
    still what a full build makes. Any other build removes it."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    timings = ("-e", "NEWSROOM_REPORT_TIMINGS=true")
    build(project, output, cache, *timings)

    def kept() -> list[Path]:
        return sorted(tmp_path.glob(".output.ban-truoc-*"))

    assert kept() == []
    edit_body(project)
    first = build(project, output, cache, *timings)
    assert QUICK in first.log and "links" in stages(first)
    [spare] = kept()
    assert not (spare / "2022/03/nang-cap-duong-ven-bien.html").samefile(output / ARTICLE_PAGE)
    assert (spare / "gioi-thieu/index.html").samefile(output / "gioi-thieu/index.html")
    replace_line(project / XUAT_KHAU, "tăng mạnh.", "tăng 12%.")
    second = build(project, output, cache, *timings)
    assert QUICK in second.log and "links" not in stages(second) and "kept site" in stages(second)
    assert site_files(output) == site_files(full_build(project, tmp_path).output)
    assert len(kept()) == 1 and kept() != [spare]
    replace_line(project / ARTICLE, "Title: Khởi công", "Title: Khai công")
    keyed = build(project, output, cache, *timings)
    assert QUICK not in keyed.log
    assert kept() == []


def test_a_kept_site_changed_since_is_not_used(project, tmp_path):
    """A file of the kept site replaced (not the live one): the build of edited bodies
    finds it while Pagefind works (its staged site is not the live one but for what it
    wrote), throws that site away, and the keyed build gives what a full build gives."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    timings = ("-e", "NEWSROOM_REPORT_TIMINGS=true")
    build(project, output, cache, *timings)
    edit_body(project)
    assert QUICK in build(project, output, cache, *timings).log
    [spare] = tmp_path.glob(".output.ban-truoc-*")
    page = spare / "gioi-thieu/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # the live file is the same inode: replaced, never written through
    page.write_text(text.replace("</body>", "<p>sửa tay</p></body>"), encoding="utf-8")
    replace_line(project / XUAT_KHAU, "tăng mạnh.", "tăng 12%.")
    again = build(project, output, cache, *timings)
    assert "Dựng theo khóa: thư mục dựng tạm không khớp trang đang chạy" in again.log
    assert QUICK not in again.log and "Traceback" not in again.log
    assert site_files(output) == site_files(full_build(project, tmp_path).output)
    assert "sửa tay" not in (output / "gioi-thieu/index.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".output.dang-dung-*"))  # the thrown-away site too


@pytest.mark.parametrize("point", ["indexing", "before-swap", "mid-swap", "after-swap"])
def test_a_build_of_edited_bodies_killed_anywhere_leaves_a_complete_site(project, tmp_path, point):
    """Killed while it makes its site of the kept one (whose files are the live site's):
    the live site is untouched (or, after the swap, the new one), and the next build gives
    what a full build gives."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache, *SEARCH)
    edit_body(project)
    assert QUICK in build(project, output, cache, *SEARCH).log  # the site before it kept
    before = site_files(output)
    replace_line(project / XUAT_KHAU, "tăng mạnh.", "tăng 12%.")
    killed = build(project, output, cache, *SEARCH, env={"NEWSROOM_FAULT_POINT": point}, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.log[-3000:]
    if point == "mid-swap":
        assert not output.exists()
        [retired] = tmp_path.glob(".output.ban-cu-*")
        assert site_files(retired) == before
    elif point == "after-swap":
        assert "tăng 12%" in (output / "2022/02/xuat-khau.html").read_text(encoding="utf-8")
    else:
        assert site_files(output) == before  # nothing written through a link to the live site
    replace_line(project / ARTICLE, "trong hai năm", "trong ba năm")
    again = build(project, output, cache, *SEARCH)
    clean = build(project, tmp_path / "full" / "output", tmp_path / "full" / "cache", *SEARCH)
    assert index(output) == index(clean.output)
    assert without_index(output) == without_index(clean.output)
    assert not [*tmp_path.glob(".output.dang-dung-*"), *tmp_path.glob(".output.ban-cu-*")]
    # A build killed after it saved its edits leaves them with a token its manifest never
    # got: the next build is a keyed one, which is as right (and saves a state again).
    assert "Traceback" not in again.log


def test_what_output_retention_keeps_stays_through_edits_and_in_the_listing(project, tmp_path):
    """A folder OUTPUT_RETENTION keeps (a deploy checkout's `.git`) is carried over by each
    build of edited bodies, whether linked whole or made of the kept site, and listed in its
    manifest as it lies: the build after, with nothing changed, stops at once."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    retention = ("-e", 'OUTPUT_RETENTION=[".git"]')
    build(project, output, cache, *retention)
    (output / ".git").mkdir()
    (output / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    build(project, output, cache, *retention)  # an output changed by hand: the keyed build lists it
    edit_body(project)
    assert QUICK in build(project, output, cache, *retention).log
    replace_line(project / XUAT_KHAU, "tăng mạnh.", "tăng 12%.")
    assert QUICK in build(project, output, cache, *retention).log  # made of the kept site
    assert (output / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    unchanged = build(project, output, cache, *retention)
    assert "không có gì thay đổi" in unchanged.log, unchanged.log[-3000:]
    clean = full_build(project, tmp_path)
    assert {n: d for n, d in site_files(output).items() if not n.startswith(".git/")} == site_files(
        clean.output
    )


def test_a_file_saved_unchanged_draws_nothing(project, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    before = files(output)
    (project / ARTICLE).write_text((project / ARTICLE).read_text(encoding="utf-8"), encoding="utf-8")
    again = build(project, output, cache)
    assert "Xong: tệp lưu lại không đổi nội dung; 0 trang dựng lại" in again.log
    assert counts(again)[0] == 0
    assert files(output) == before


@pytest.mark.parametrize("field", ["messages", "entries", "page_count", "search", "pages", "spare"])
def test_a_manifest_damaged_by_hand_then_a_body_edit_is_a_build_not_a_traceback(project, tmp_path, field):
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(project, output, cache)
    (manifest,) = (cache / "incremental").glob("*.json")
    record = json.loads(manifest.read_text(encoding="utf-8"))
    damaged = {
        "messages": [["newsroom", "cao", 5]],
        "entries": {"x": 1},
        "page_count": "nhiều",
        "spare": {"name": "../output", "differs": ["../../etc/passwd"]},  # never outside its folder
    }
    record[field] = damaged.get(field, [1])
    manifest.write_text(json.dumps(record), encoding="utf-8")
    edit_body(project)
    again = build(project, output, cache)
    assert "Traceback" not in again.log
    clean = full_build(project, tmp_path)
    assert site_files(output) == site_files(clean.output)


def test_a_state_deeper_than_pythons_recursion_limit_is_saved_and_read_back(tmp_path):
    """Pickling walks the saved context depth first (an article, its "Tin khác", theirs):
    589 levels at 5,000 articles, past Python's limit of 1,000 at 20,000, where no state
    was saved and every edit took the keyed build. A chain 20 times that deep is kept."""
    from newsroom import body_edits

    chain: dict | None = None
    for number in range(20_000):
        chain = {"bài": number, "tin khác": chain}
    path = tmp_path / "deep.state"
    assert body_edits._write(path, ("thử",), chain)
    back, depth = body_edits._read_saved(path, ("thử",)), 0
    while back:
        back, depth = back["tin khác"], depth + 1
    assert depth == 20_000
