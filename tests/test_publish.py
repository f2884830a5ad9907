"""Publishing: target checks, the production-build check, atomic releases with
rollback to a local target, and rclone uploads to a local remote."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, TEST_SITE

sys.path.insert(0, str(ROOT / "plugins"))
from newsroom.assets import fingerprinted_url
from publishing import PublishError
from publishing.checks import build_problems
from publishing.object_store import rclone_commands
from publishing.precompress import precompress
from publishing.release import (
    State,
    parse_state,
    prune_script,
    release_name,
    rollback_choice,
    to_prune,
)
from publishing.targets import Target, parse_target

SITEURL = "https://congtintuc.haiphong.gov.vn"
ARTICLE = "2021/09/phat-dong.html"


# -- Helpers shared with test_nginx.py ---------------------------------------------


def make_project(destination: Path, search_index: bool = False) -> Path:
    """The project's code and settings with the small test site as content/."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, destination / name)
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(TEST_SITE, destination / "content")
    if not search_index:  # Pagefind takes seconds; test_nginx keeps it on
        with (destination / "publishconf.py").open("a") as settings:
            settings.write("\nSEARCH_INDEX = False\n")
    return destination


def invoke(project: Path, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "COLUMNS": "400", **(env or {})}
    environment.pop("PORTAL_DEPLOY_TARGET", None)
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def edit_article(project: Path, words: str) -> None:
    path = project / "content" / "articles" / "2021" / "phat-dong.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{words}\n", encoding="utf-8")


def live_release(target: Path) -> str:
    return os.readlink(target / "current").removeprefix("releases/")


# -- Targets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deploy@web1:/var/www/portal/", Target("ssh", "/var/www/portal", "deploy@web1")),
        ("web1.local:/srv/portal", Target("ssh", "/srv/portal", "web1.local")),
        ("/srv/portal/", Target("local", "/srv/portal")),
        ("rclone:s3:cong-tin-tuc", Target("rclone", "s3:cong-tin-tuc")),
        ("rclone::local:/tmp/store", Target("rclone", ":local:/tmp/store")),
    ],
)
def test_good_targets_are_read(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("deploy@web1", "thiếu dấu hai chấm"),
        ("--version", "dấu “-”"),
        ("-e ssh:/x", "dấu “-”"),
        ("output/site", "thiếu dấu hai chấm"),
        ("deploy@web1:var/www", "đường dẫn tuyệt đối"),
        ("deploy@we b1:/var/www", "tên máy chủ"),
        ("/", "thư mục gốc"),
        ("/srv/../etc", "“..”"),
        ("rclone:bucket", "tên kho rclone"),
        ("", "để trống"),
    ],
)
def test_bad_targets_are_refused_in_vietnamese(text, says):
    with pytest.raises(PublishError, match="không hợp lệ") as refused:
        parse_target(text)
    assert says in str(refused.value)


# -- The production-build check ----------------------------------------------------


def fake_build(folder: Path, canonical: str = SITEURL + "/") -> Path:
    folder.mkdir(parents=True)
    page = f'<html><head><link rel="canonical" href="{canonical}"></head><body></body></html>'
    (folder / "index.html").write_text(page)
    (folder / "404.html").write_text(page)
    return folder


def test_a_complete_production_build_passes(tmp_path):
    assert build_problems(fake_build(tmp_path / "site"), SITEURL) == []


def test_a_preview_build_is_refused(tmp_path):
    site = fake_build(tmp_path / "site", canonical="http://127.0.0.1:8000/")
    (site / "drafts").mkdir()
    (site / "qr").mkdir()
    (site / "qr" / "a.svg").write_text("<svg><text>http://localhost:8000/2021/a.html</text></svg>")
    problems = "\n".join(build_problems(site, SITEURL))
    assert "drafts/" in problems
    assert "qr/a.svg: có địa chỉ máy cục bộ “//localhost”" in problems
    assert "index.html: liên kết chính thức “http://127.0.0.1:8000/”" in problems


def test_an_unfinished_build_and_a_relative_siteurl_are_refused(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    assert build_problems(site, SITEURL) == ["Thiếu tệp 404.html: bản dựng chưa xong"]
    assert "không phải địa chỉ tuyệt đối" in build_problems(site, "")[0]
    assert "máy cục bộ" in build_problems(site, "http://localhost:8000")[0]


def test_a_local_name_inside_a_word_is_not_an_address(tmp_path):
    site = fake_build(tmp_path / "site")
    (site / "a.html").write_text("<p>localhost và 127.0.0.1 trong văn bản; https://localhost.example.vn/</p>")
    assert build_problems(site, SITEURL) == []


# -- Release bookkeeping -----------------------------------------------------------

A, B, C = "20261201T080000Z-aaaaaaa", "20261202T080000Z-bbbbbbb", "20261203T080000Z-ccccccc"


def test_release_names_sort_by_time_and_never_collide():
    moment = datetime(2026, 12, 2, 15, 4, 5, tzinfo=UTC)
    assert release_name(moment, "9E1BE24") == "20261202T150405Z-9e1be24"
    assert release_name(moment, "") == "20261202T150405Z-khonggit"
    taken = ("20261202T150405Z-9e1be24",)
    assert release_name(moment, "9e1be24", taken) == "20261202T150405Z-9e1be24-2"


def test_state_reads_the_symlink_releases_and_interrupted_uploads():
    listing = f"releases/{B}\n--\n.\n..\n{C}\n.{C}-2.dang-tai\n{A}\n{B}\nghi-chu.txt\n"
    assert parse_state(listing) == State(B, (A, B, C), (f".{C}-2.dang-tai",))
    assert parse_state("--\n.\n..\n").current is None


def test_pruning_keeps_the_newest_and_the_live_one():
    assert to_prune(State(C, (A, B, C), ()), keep=2) == [A]
    assert to_prune(State(A, (A, B, C), (".x.dang-tai",)), keep=1) == [B, ".x.dang-tai"]
    assert to_prune(State(C, (A, B, C), ()), keep=5) == []


def test_pruning_refuses_anything_that_is_not_a_release():
    with pytest.raises(PublishError, match="uploads"):
        prune_script("/srv/portal", [A, "uploads"])


def test_rollback_goes_to_the_previous_release_or_the_one_named():
    assert rollback_choice(State(C, (A, B, C), ())) == B
    assert rollback_choice(State(C, (A, B, C), ()), to=A) == A
    with pytest.raises(PublishError, match="bản cũ nhất"):
        rollback_choice(State(A, (A, B, C), ()))
    with pytest.raises(PublishError, match="Không có bản phát hành “x”"):
        rollback_choice(State(C, (A, B, C), ()), to="x")


def test_rclone_uploads_the_referenced_files_before_the_pages():
    referenced, referring = rclone_commands("/build", "s3:portal")
    assert referenced[:2] == referring[:2] == ["rclone", "copy"]
    assert "--filter=- *.html" in referenced and "--filter=- *" not in referenced
    assert referring[-4:] == ["--filter=- *", "--", "/build", "s3:portal"]
    assert "--filter=+ *.html" in referring and "--filter=+ /pagefind/pagefind-entry.json" in referring
    assert all("--filter=- *.gz" in command for command in (referenced, referring))


# -- Precompression and fingerprints -----------------------------------------------


def test_precompression_is_deterministic_and_skips_what_does_not_shrink(tmp_path):
    page = "<p>Tin tức Hải Phòng</p>\n" * 200
    for n in (1, 2):
        (tmp_path / f"s{n}").mkdir()
        (tmp_path / f"s{n}" / "a.html").write_text(page)
        (tmp_path / f"s{n}" / "tiny.css").write_text("a{}")
        (tmp_path / f"s{n}" / "photo.png").write_bytes(os.urandom(4000))
        assert precompress(tmp_path / f"s{n}") == 1
    packed = (tmp_path / "s1" / "a.html.gz").read_bytes()
    assert packed == (tmp_path / "s2" / "a.html.gz").read_bytes()
    assert gzip.decompress(packed).decode() == page
    assert not (tmp_path / "s1" / "tiny.css.gz").exists() and not (tmp_path / "s1" / "photo.png.gz").exists()


def test_the_cache_gives_the_same_bytes_and_forgets_what_is_gone(tmp_path):
    cache = tmp_path / "cache"
    page, other = "<p>Tin tức</p>\n" * 100, "<p>Bài khác</p>\n" * 100
    for n, texts in enumerate(([page, other], [page], [page])):
        site = tmp_path / f"s{n}"
        site.mkdir()
        for i, text in enumerate(texts):
            (site / f"{i}.html").write_text(text)
        (site / "random.js").write_bytes(os.urandom(1000))  # does not shrink, cached as such
        assert precompress(site, cache) == len(texts)
        assert gzip.decompress((site / "0.html.gz").read_bytes()).decode() == page
        assert not (site / "random.js.gz").exists()
    assert len(list(cache.glob("*/*.gz"))) == 2  # the page, and the last build's random file ("no")
    assert (tmp_path / "s0" / "0.html.gz").read_bytes() == (tmp_path / "s2" / "0.html.gz").read_bytes()


def test_a_changed_theme_file_gets_a_new_url(tmp_path):
    css = tmp_path / "static" / "css" / "portal.css"
    css.parent.mkdir(parents=True)
    css.write_text("body{}")
    first = fingerprinted_url("https://x.vn", "theme", str(tmp_path), "css/portal.css")
    assert first == "https://x.vn/theme/css/portal.css?v=" + hashlib.sha256(b"body{}").hexdigest()[:10]
    css.write_text("body{color:red}")
    os.utime(css, ns=(1, 1))
    assert fingerprinted_url("https://x.vn", "theme", str(tmp_path), "css/portal.css") != first


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
    _, target, first_release, _, second = published
    old, new = target / "releases" / first_release, target / "current"
    assert (old / "theme/css/portal.css").stat().st_ino == (new / "theme/css/portal.css").stat().st_ino
    assert (old / ARTICLE).stat().st_ino != (new / ARTICLE).stat().st_ino
    sent = int(second.stdout.split("gửi ")[1].split()[0])
    total = sum(1 for p in new.rglob("*") if p.is_file())
    assert 0 < sent < total / 2


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
