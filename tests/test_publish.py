"""Publishing a real build with `invoke publish`: atomic releases and rollback
to a local target, refusals, an interrupted upload, rclone to a local remote."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from conftest import invoke, make_project

ARTICLE = "2021/09/phat-dong.html"


# -- Helpers shared with test_nginx.py ---------------------------------------------


def edit_article(project: Path, words: str) -> None:
    path = project / "content" / "articles" / "2021" / "phat-dong.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{words}\n", encoding="utf-8")


def live_release(target: Path) -> str:
    return os.readlink(target / "current").removeprefix("releases/")


# -- Publishing a real build to a local target --------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Two publishes of the test site to a folder that also holds the server's own files."""
    base = tmp_path_factory.mktemp("publish")
    project = make_project(base / "project")
    target = base / "www"
    for kept in ("uploads/anh.jpg", ".well-known/acme-challenge/token", "google123.html"):
        (target / kept).parent.mkdir(parents=True, exist_ok=True)
        (target / kept).write_text("của máy chủ")
    first = invoke(project, "publish", "--target", str(target))
    assert first.returncode == 0, first.stdout + first.stderr
    first_release = live_release(target)
    edit_article(project, "Đoạn bổ sung lần hai.")
    second = invoke(project, "publish", "--target", str(target))
    assert second.returncode == 0, second.stdout + second.stderr
    return project, target, first_release, first, second


def test_publish_builds_into_its_own_folder_not_the_preview_one(published):
    project, *_ = published
    assert (project / "output-production" / "index.html").is_file()
    assert not (project / "output").exists()


def test_each_publish_is_a_new_release_and_current_points_to_the_last(published):
    _, target, first_release, _, second = published
    second_release = live_release(target)
    assert sorted(p.name for p in (target / "releases").iterdir()) == [first_release, second_release]
    assert f"Đã xuất bản bản {second_release} tới {target}" in second.stdout
    assert f"Bản trước: {first_release}" in second.stdout
    page = (target / "current" / ARTICLE).read_text(encoding="utf-8")
    assert "Đoạn bổ sung lần hai." in page
    assert "Đoạn bổ sung lần hai." not in (target / "releases" / first_release / ARTICLE).read_text()


def test_unchanged_files_are_hard_links_and_only_changes_travel(published):
    project, target, first_release, _, second = published
    old, new = target / "releases" / first_release, target / "current"
    assert (old / "theme/css/portal.css").stat().st_ino == (new / "theme/css/portal.css").stat().st_ino
    assert (old / ARTICLE).stat().st_ino != (new / ARTICLE).stat().st_ino
    sent = int(second.stdout.split("gửi ")[1].split()[0])
    files = [p.relative_to(new) for p in new.rglob("*") if p.is_file()]
    changed = [
        f for f in files if not (old / f).is_file() or (old / f).read_bytes() != (new / f).read_bytes()
    ]
    assert 0 < sent < len(files) / 2
    # Found by size and mtime: what travels is exactly what changed.
    assert sent == len(changed), sorted(map(str, changed))
    # The server keeps the build's mtimes, which the next publish compares.
    build = project / "output-production"
    assert (new / ARTICLE).stat().st_mtime_ns == (build / ARTICLE).stat().st_mtime_ns


def test_nothing_outside_the_releases_is_touched_and_modes_are_readable(published):
    _, target, *_ = published
    for kept in ("uploads/anh.jpg", ".well-known/acme-challenge/token", "google123.html"):
        assert (target / kept).read_text() == "của máy chủ"
    modes = {oct(p.stat().st_mode & 0o777) for p in (target / "current").rglob("*")}
    assert modes == {"0o644", "0o755"}


def test_the_release_has_gzip_copies_and_no_drafts(published):
    _, target, *_ = published
    live = target / "current"
    assert gzip.decompress((live / "index.html.gz").read_bytes()) == (live / "index.html").read_bytes()
    assert not (live / "drafts").exists()


def test_dry_run_changes_nothing(published):
    project, target, *_ = published
    before = live_release(target)
    edit_article(project, "Đoạn chạy thử.")
    done = invoke(project, "publish", "--target", str(target), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f">f+++++++++ {ARTICLE}" not in done.stdout and ARTICLE in done.stdout
    assert "Chạy thử" in done.stdout
    assert live_release(target) == before
    assert len(list((target / "releases").iterdir())) == 2


def test_bad_targets_stop_before_anything_runs(published, tmp_path):
    project, *_ = published
    for text in ("deploy@web1", "--version", "relative/path"):
        done = invoke(project, "publish", f"--target={text}")
        assert done.returncode == 2
        assert "không hợp lệ" in done.stderr and "Ví dụ đúng" in done.stderr
    assert not (project / "deploy@web1").exists()
    assert not list(project.glob("relative*"))
    done = invoke(project, "publish")
    assert done.returncode == 2 and "Chưa cấu hình nơi triển khai" in done.stderr


def test_a_build_with_a_local_address_is_not_published(published, tmp_path):
    project, *_ = published
    target = tmp_path / "www"
    done = invoke(
        project, "publish", "--target", str(target), env={"PORTAL_SITEURL": "http://127.0.0.1:8000"}
    )
    assert done.returncode == 1
    assert "không phải bản xuất bản hoàn chỉnh" in done.stderr and "127.0.0.1" in done.stderr
    assert not (target / "current").exists()


def test_an_interrupted_upload_leaves_the_live_site_and_is_cleaned_up_later(published, tmp_path):
    project, target, *_ = published
    before = live_release(target)
    page = (target / "current" / ARTICLE).read_bytes()
    # An rsync that sends a few small files, then dies as a dropped connection would.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "rsync").write_text(f'#!/bin/sh\n{shutil.which("rsync")} --max-size=1k "$@"\nexit 12\n')
    (fake / "rsync").chmod(0o755)
    edit_article(project, "Đoạn bị ngắt.")
    done = invoke(project, "publish", "--target", str(target), env={"PATH": f"{fake}:{os.environ['PATH']}"})
    assert done.returncode == 1
    assert "Trang đang chạy không bị thay đổi" in done.stderr
    assert live_release(target) == before
    assert (target / "current" / ARTICLE).read_bytes() == page
    partial = [p.name for p in (target / "releases").iterdir() if p.name.endswith(".dang-tai")]
    assert len(partial) == 1
    again = invoke(project, "publish", "--target", str(target))
    assert again.returncode == 0, again.stderr
    assert not (target / "releases" / partial[0]).exists()
    assert "Đoạn bị ngắt." in (target / "current" / ARTICLE).read_text(encoding="utf-8")


def test_rollback_switches_back_and_forth(published):
    project, target, *_ = published
    live = live_release(target)
    done = invoke(project, "rollback", "--target", str(target))
    assert done.returncode == 0, done.stderr
    back = live_release(target)
    assert back != live and back < live
    assert f"từ bản {live} sang bản {back}" in done.stdout
    done = invoke(project, "rollback", "--target", str(target), "--to", live)
    assert done.returncode == 0 and live_release(target) == live
    done = invoke(project, "rollback", "--target", str(target), "--to", "khong-co")
    assert done.returncode == 1 and "Không có bản phát hành “khong-co”" in done.stderr
    assert live_release(target) == live


def test_only_the_newest_releases_are_kept(tmp_path):
    project = make_project(tmp_path / "project")
    with (project / "publishconf.py").open("a") as settings:
        settings.write("PUBLISH_KEEP_RELEASES = 2\n")
    target = tmp_path / "www"
    names = []
    for n in range(3):
        edit_article(project, f"Lần {n}.")
        done = invoke(project, "publish", "--target", str(target))
        assert done.returncode == 0, done.stderr
        names.append(live_release(target))
    assert sorted(p.name for p in (target / "releases").iterdir()) == names[1:]


def test_rclone_sends_only_changed_files_and_no_gzip_copies(tmp_path):
    shutil.which("rclone") or pytest.fail("rclone is not installed (.ci/run installs it)")
    project = make_project(tmp_path / "project")
    store = tmp_path / "store"
    env = {"RCLONE_CONFIG": str(tmp_path / "rclone.conf")}
    done = invoke(project, "publish", f"--target=rclone::local:{store}", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (store / "index.html").is_file() and (store / "theme/css/portal.css").is_file()
    assert not list(store.rglob("*.gz"))
    css, page = store / "theme/css/portal.css", store / ARTICLE
    css_stamp, page_bytes = css.stat().st_mtime_ns, page.read_bytes()
    edit_article(project, "Bản sửa gửi lên kho.")
    done = invoke(project, "publish", f"--target=rclone::local:{store}", env=env)
    assert done.returncode == 0, done.stderr
    assert css.stat().st_mtime_ns == css_stamp  # unchanged: not sent again
    assert page.read_bytes() != page_bytes and "Bản sửa gửi lên kho." in page.read_text(encoding="utf-8")
    # The pages went up in the second pass, after the files they refer to.
    passes = done.stdout.split("rclone copy")
    assert len(passes) == 3 and ARTICLE in passes[2] and ARTICLE not in passes[1]
