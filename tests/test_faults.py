"""Builds that survive faults: killed at any moment, two at once, a damaged
cache, a full disk. Each time readers keep a complete site: the last good
one, or the new one, never a half-built or empty folder."""

from __future__ import annotations

import os
import pickle
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_test_site, run_pelican, site_files

ARTICLE = "articles/2021/phat-dong.md"
OLD_TITLE = "Title: Phát động phong trào thi đua thực hiện thắng lợi “Mục tiêu kép”"
NEW_TITLE = "Title: Phát động phong trào thi đua “Mục tiêu kép” (bản sửa)"


def leftovers(output: Path) -> list[str]:
    """Anything a build leaves beside the output folder (staging, retired copy, lock)."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}"))


def edit(content: Path, old: str, new: str) -> None:
    path = content / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def save_unchanged(content: Path) -> None:
    """An editor saves a file without changing it: the build reads (and uses its caches),
    where a build with nothing changed would stop before reading, and a build of edited
    bodies would start from the saved state (set aside here: body_edits.py)."""
    os.utime(content / ARTICLE)
    for state in (content.parent / ".cache" / "incremental").glob("*.state"):
        state.unlink()


@pytest.fixture
def good_site(tmp_path):
    """(content, output, files of the last good site); the content is then edited."""
    content = copy_test_site(tmp_path)
    output = tmp_path / "output"
    first = run_pelican(content, output)
    assert first.returncode == 0, first.log
    before = site_files(output)
    edit(content, OLD_TITLE, NEW_TITLE)
    return content, output, before


def assert_new_site(output: Path) -> None:
    page = (output / "2021/09/phat-dong.html").read_text(encoding="utf-8")
    assert "(bản sửa)" in page
    assert (output / "index.html").is_file()
    assert (output / "pagefind").is_dir(), "the search index is written before the swap"


# -- killed -------------------------------------------------------------------


@pytest.mark.parametrize("point", ["writing", "indexing", "before-swap", "mid-swap", "after-swap"])
def test_a_build_killed_anywhere_leaves_a_complete_site(good_site, point, monkeypatch):
    content, output, before = good_site
    monkeypatch.setenv("NEWSROOM_FAULT_POINT", point)
    killed = run_pelican(content, output)
    monkeypatch.delenv("NEWSROOM_FAULT_POINT")
    assert killed.returncode == -signal.SIGKILL, killed.log

    if point == "after-swap":
        assert_new_site(output)  # swapped in completely; only the old copy is left to remove
    elif point == "mid-swap":
        # Killed between the two renames: no output folder, the last good site set aside.
        assert not output.exists()
        (retired,) = output.parent.glob(".output.ban-cu-*")
        assert site_files(retired) == before
    else:
        assert site_files(output) == before

    # The next build, even a failing one, first puts the last good site back.
    edit(content, "Category: Thi đua - Khen thưởng", "Category: Thi dua")
    failed = run_pelican(content, output)
    assert failed.returncode == 1
    assert "Không dựng trang" in failed.log
    assert "Traceback" not in failed.log
    if point != "after-swap":
        assert site_files(output) == before
    assert leftovers(output) == []

    edit(content, "Category: Thi dua", "Category: Thi đua - Khen thưởng")
    fixed = run_pelican(content, output)
    assert fixed.returncode == 0, fixed.log
    assert_new_site(output)
    assert leftovers(output) == []


def test_a_build_killed_after_any_delay_leaves_the_old_or_the_new_site(good_site):
    content, output, before = good_site
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output)]
    command += ["-e", f'CACHE_PATH="{output.parent / ".cache"}"']
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}
    outcomes = set()
    for delay in (0.3, 0.45, 0.6, 1.0, 1.4, 1.8, 2.4):  # the test site can be built in under 0.6 s
        build = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        build.kill()
        build.wait()
        # The next build restores whatever a kill between renames set aside; run it to the end.
        finished = run_pelican(content, output)
        assert finished.returncode == 0, finished.log
        assert_new_site(output)
        assert leftovers(output) == []
        outcomes.add(build.returncode)
        # Back to the old content and site for the next round.
        edit(content, NEW_TITLE, OLD_TITLE)
        assert run_pelican(content, output).returncode == 0
        assert site_files(output, reproducible_only=True) == {
            k: v for k, v in before.items() if not k.startswith("pagefind/")
        }
        edit(content, OLD_TITLE, NEW_TITLE)
    assert -signal.SIGKILL in outcomes, "at least one build must really have been killed"


# -- two at once --------------------------------------------------------------


def test_two_builds_into_one_folder_take_turns(good_site):
    content, output, _ = good_site
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output)]
    command += ["-e", f'CACHE_PATH="{output.parent / ".cache"}"']
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}
    builds = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    logs = [build.communicate(timeout=120)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], logs
    assert any("Một bản dựng khác đang ghi vào" in log for log in logs), logs
    assert_new_site(output)
    reference = run_pelican(content, output.parent / "reference")
    assert site_files(output, reproducible_only=True) == site_files(reference.output, reproducible_only=True)
    assert leftovers(output) == []


# -- damaged caches -----------------------------------------------------------


def poison_related(cache: Path, how: str) -> None:
    related = cache / "related"
    (pickled,) = related.glob("*.pickle")
    if how == "truncated":
        pickled.write_bytes(pickled.read_bytes()[:100])
    elif how == "wrong-shape":
        pickled.write_bytes(pickle.dumps(["không phải bảng xếp hạng"]))
    elif how == "empty":
        pickled.write_bytes(b"")
    elif how == "folder-is-a-file":
        for entry in related.iterdir():
            entry.unlink()
        related.rmdir()
        related.write_text("rác")
    elif how == "cache-is-a-file":
        import shutil

        shutil.rmtree(cache)
        cache.write_text("rác")


@pytest.mark.parametrize("how", ["truncated", "wrong-shape", "empty", "folder-is-a-file", "cache-is-a-file"])
def test_a_damaged_related_cache_is_rebuilt_with_a_warning(tmp_path, how):
    content = copy_test_site(tmp_path)
    output = tmp_path / "output"
    assert run_pelican(content, output).returncode == 0
    good = site_files(output, reproducible_only=True)
    poison_related(tmp_path / ".cache", how)
    save_unchanged(content)
    build = run_pelican(content, output)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    assert "Bộ nhớ đệm" in build.log
    assert site_files(output, reproducible_only=True) == good
    save_unchanged(content)
    again = run_pelican(content, output)  # healed: no warning the next time
    assert "Bộ nhớ đệm" not in again.log


@pytest.mark.parametrize("damage", [b"", b"<svg xmlns=", b"\x00garbage\xff"])
def test_a_damaged_qr_code_in_the_cache_is_made_again(tmp_path, damage):
    content = copy_test_site(tmp_path)
    output = tmp_path / "output"
    assert run_pelican(content, output).returncode == 0
    good = site_files(output, reproducible_only=True)
    for cached in (tmp_path / ".cache" / "qr").rglob("*.svg"):
        cached.write_bytes(damage)  # in place: a hard link into the cache would carry it to the site
    save_unchanged(content)
    build = run_pelican(content, output)
    assert build.returncode == 0, build.log
    assert "Bộ nhớ đệm mã QR hỏng" in build.log
    assert "Traceback" not in build.log
    assert site_files(output, reproducible_only=True) == good


@pytest.mark.parametrize("damage", ["truncated", "wrong-shape", "a-folder"])
def test_a_damaged_pelican_content_cache_is_dropped_with_a_warning(tmp_path, damage):
    """`invoke livereload` builds with Pelican's content cache on."""
    content = copy_test_site(tmp_path)
    output = tmp_path / "output"
    cache = tmp_path / ".cache"
    cached = ("-e", f'CACHE_PATH="{cache}"', "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true")
    assert run_pelican(content, output, "pelicanconf.py", *cached).returncode == 0
    good = site_files(output, reproducible_only=True)
    (readers,) = cache.glob("ArticlesGenerator-Readers")
    if damage == "truncated":
        readers.write_bytes(readers.read_bytes()[:200])
    elif damage == "wrong-shape":
        readers.write_bytes(pickle.dumps(["không phải bộ nhớ đệm"]))
    else:
        readers.unlink()
        readers.mkdir()
    save_unchanged(content)
    build = run_pelican(content, output, "pelicanconf.py", *cached)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    assert "Bộ nhớ đệm nội dung" in build.log
    assert site_files(output, reproducible_only=True) == good
    save_unchanged(content)
    again = run_pelican(content, output, "pelicanconf.py", *cached)
    assert again.returncode == 0
    assert "Bộ nhớ đệm" not in again.log


# -- a full disk --------------------------------------------------------------


def mount_tmpfs(folder: Path, size_kb: int) -> None:
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")


def test_a_full_disk_fails_in_words_and_keeps_the_last_site(tmp_path):
    content = copy_test_site(tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    output = disk / "output"
    mount_tmpfs(disk, 64 * 1024)
    try:  # how much one site and its cache take on a tmpfs
        assert run_pelican(content, output).returncode == 0
        usage = os.statvfs(disk)
        used_kb = (usage.f_blocks - usage.f_bfree) * usage.f_frsize // 1024
    finally:
        subprocess.run(["umount", str(disk)], check=True)
    # Room for one site and half another: the second build fills the disk while staging.
    mount_tmpfs(disk, used_kb * 3 // 2)
    try:
        first = run_pelican(content, output)
        assert first.returncode == 0, first.log
        before = site_files(output)
        edit(content, OLD_TITLE, NEW_TITLE)
        # A full build: an incremental one links the unchanged pages and fits.
        build = run_pelican(content, output, "pelicanconf.py", "-e", "INCREMENTAL_BUILD=false")
        assert build.returncode == 1, build.log
        assert "Ổ đĩa đã đầy" in build.log
        assert "được giữ nguyên" in build.log
        assert "Traceback" not in build.log
        assert "Errno" not in build.log
        assert site_files(output) == before
        assert leftovers(output) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# -- permissions --------------------------------------------------------------


def test_the_published_site_has_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        build = run_pelican(copy_test_site(tmp_path), tmp_path / "output")
    finally:
        os.umask(old)
    assert build.returncode == 0, build.log
    wrong = []
    for path in [build.output, *build.output.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o755 if path.is_dir() else 0o644
        if mode != expected:
            wrong.append(f"{path.relative_to(build.output)} {mode:o}")
    assert wrong == []


def test_published_qr_codes_are_copies_not_links_into_the_cache(test_site):
    codes = list((test_site.output / "qr").rglob("*.svg"))
    assert codes
    assert [p for p in codes if p.stat().st_nlink != 1] == []
