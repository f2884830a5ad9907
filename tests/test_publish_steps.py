"""Publishing's pure parts, without a site: target checks, the production-build
check, release bookkeeping, rclone's order, precompression, fingerprints."""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT

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
    assert "--filter=+ *.html" in referring and "--filter=+ /pagefind/*/pagefind-entry.json" in referring
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


def test_over_ssh_the_upload_and_the_switch_run_on_the_server():
    from publishing.release import finish_script, rsync_command, shell

    target = parse_target("deploy@web1:/var/www/portal")
    upload = rsync_command(Path("/build"), target, B, link_dest=A)
    assert upload[-3:] == ["--", "/build/", f"deploy@web1:/var/www/portal/releases/.{B}.dang-tai/"]
    assert f"--link-dest=/var/www/portal/releases/{A}" in upload and "--compress" in upload
    assert "--delete" not in " ".join(upload) and "--chmod=D755,F644" in upload
    switch = shell(target, finish_script(target.path, B))
    assert switch[:2] == ["ssh", "deploy@web1"]
    assert switch[2] == (
        f"cd /var/www/portal && mv -T releases/.{B}.dang-tai releases/{B} && "
        f"cd /var/www/portal && ln -sfn releases/{B} current.tmp && mv -T current.tmp current"
    )
