"""Pelican's content cache (on in pelicanconf.py, kept by plugins/newsroom/cache_repair.py):
an article whose file is unchanged is not parsed again, and never given as another
plugin code or other settings read it; the preview's and the production build's
caches take turns without either reading every article again.

To see which copy a build used, the cached body of an article is marked (the
pickle rewritten, its file untouched): a build that shows the mark read the cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Build, make_project, replace_line

ARTICLE = "articles/2022/duong.md"
ARTICLE_PAGE = "2022/03/nang-cap-duong-ven-bien.html"
OTHER = "articles/2021/so-ket.md"  # edited so that a build goes through
BODY = "Tuyến đường dài 20 km"
MARK = "Bản trong bộ nhớ đệm"


def build(project: Path, settings: str, output: str, *extra: str) -> Build:
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-s",
        settings,
        "-o",
        output,
        "-e",
        f'CACHE_PATH="{project / ".cache"}"',
        "SEARCH_INDEX=false",
        *extra,
    ]
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb", "PYTHONPATH": str(project)}
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False)
    result = Build(output=project / output, returncode=done.returncode, log=done.stdout + done.stderr)
    assert result.returncode == 0, result.log
    return result


def mark_cached_body(cache: Path) -> None:
    """The cached body of ARTICLE says MARK instead of BODY; the cache file stays valid."""
    readers = cache / "ArticlesGenerator-Readers"
    entries = pickle.loads(readers.read_bytes())
    (key,) = [name for name in entries if name.endswith(ARTICLE)]
    stamp, (body, metadata) = entries[key]
    assert BODY in body
    entries[key] = (stamp, (body.replace(BODY, MARK), metadata))
    readers.write_bytes(pickle.dumps(entries))


def edit_other(project: Path, number: int) -> None:
    """Another article's body edited; the saved state set aside, so that the build reads
    every article (through Pelican's cache) instead of starting from it (body_edits.py)."""
    with (project / "content" / OTHER).open("a", encoding="utf-8") as source:
        source.write(f"\nĐính chính lần {number}.\n")
    for state in (project / ".cache" / "incremental").glob("*.state"):
        state.unlink()


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def test_an_unchanged_article_is_not_read_again(project):
    build(project, "pelicanconf.py", "output")
    mark_cached_body(project / ".cache")
    edit_other(project, 1)
    again = build(project, "pelicanconf.py", "output")
    assert MARK in again.text(ARTICLE_PAGE)  # from the cache: the file was not parsed again
    assert "Đính chính lần 1" in again.text("2021/12/so-ket.html")


def test_an_article_saved_with_its_old_mtime_is_read_again(project):
    """The cache knows a file by its digest: a tool may keep the mtime of a file it rewrote."""
    build(project, "pelicanconf.py", "output")
    source = project / "content" / ARTICLE
    stamp = source.stat()
    replace_line(source, "trong hai năm.", "trong hai năm, chia ba giai đoạn.")
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = build(project, "pelicanconf.py", "output")
    assert "chia ba giai đoạn" in again.text(ARTICLE_PAGE)


def test_other_settings_read_every_article_again(project):
    build(project, "pelicanconf.py", "output")
    mark_cached_body(project / ".cache")
    edit_other(project, 1)
    again = build(project, "pelicanconf.py", "output", "SUMMARY_MAX_LENGTH=20")
    assert MARK not in again.text(ARTICLE_PAGE)
    assert BODY in again.text(ARTICLE_PAGE)


def test_other_plugin_code_reads_every_article_again(project):
    build(project, "pelicanconf.py", "output")
    mark_cached_body(project / ".cache")
    with (project / "plugins/newsroom/reader.py").open("a", encoding="utf-8") as code:
        code.write("\n# a change to the reader\n")
    again = build(project, "pelicanconf.py", "output")
    assert MARK not in again.text(ARTICLE_PAGE)
    assert BODY in again.text(ARTICLE_PAGE)


def test_the_preview_and_the_production_build_keep_their_own_caches(project):
    cache = project / ".cache"
    build(project, "pelicanconf.py", "output")
    mark_cached_body(cache)  # the preview's cache
    production = build(project, "publishconf.py", "output-production")
    assert MARK not in production.text(ARTICLE_PAGE)  # read with the production settings
    mark_cached_body(cache)  # now the production build's cache
    edit_other(project, 1)
    preview = build(project, "pelicanconf.py", "output")
    assert MARK in preview.text(ARTICLE_PAGE)  # the preview's own, parked meanwhile
    edit_other(project, 2)
    production = build(project, "publishconf.py", "output-production")
    assert MARK in production.text(ARTICLE_PAGE)
    assert "Đính chính lần 2" in production.text("2021/12/so-ket.html")
    assert len(list((cache / "pelican").iterdir())) == 1  # the preview's, parked


def test_a_cache_of_unknown_origin_is_not_used(project):
    """A cache left by a version that did not record what it was read with."""
    build(project, "pelicanconf.py", "output")
    mark_cached_body(project / ".cache")
    (project / ".cache/newsroom-content-cache.json").unlink()
    edit_other(project, 1)
    again = build(project, "pelicanconf.py", "output")
    assert MARK not in again.text(ARTICLE_PAGE)


def test_a_build_waits_for_another_that_holds_the_shared_cache(project):
    """The preview and the production build write different folders but one content cache."""
    from newsroom.swap import build_lock

    cache = project / ".cache"
    build(project, "pelicanconf.py", "output")
    edit_other(project, 1)
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", "output-production"]
    command += ["-e", f'CACHE_PATH="{cache}"', "SEARCH_INDEX=false"]
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb", "PYTHONPATH": str(project)}
    with build_lock(cache / "pelican"):  # as a preview build holds it
        waiting = subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines = [waiting.stdout.readline()]
        while lines[-1] and "chờ bản đó xong" not in lines[-1]:
            lines.append(waiting.stdout.readline())
        assert "chờ bản đó xong" in lines[-1], "".join(lines)
        assert waiting.poll() is None
    log = "".join(lines) + waiting.communicate(timeout=300)[0]
    assert waiting.returncode == 0, log
    assert "Đính chính lần 1" in Build(project / "output-production", 0, log).text("2021/12/so-ket.html")


def test_templates_compiled_once_and_again_for_other_options_or_a_damaged_cache(project):
    """Jinja's compiled templates are kept in the cache, by the options they were compiled
    with: a build with other JINJA_ENVIRONMENT options never runs code compiled for the old."""
    first = build(project, "pelicanconf.py", "output")
    compiled = list((project / ".cache/jinja").glob("*/*.cache"))
    assert compiled, "no template was kept"
    page = (first.output / ARTICLE_PAGE).read_text("utf-8")
    untrimmed = '{"trim_blocks": false, "lstrip_blocks": false, "extensions": [], "autoescape": true}'
    edit_other(project, 1)
    other = build(project, "pelicanconf.py", "output", f"JINJA_ENVIRONMENT={untrimmed}")
    fresh = make_project(project.parent / "fresh")
    edit_other(fresh, 1)
    expected = build(fresh, "pelicanconf.py", "output", f"JINJA_ENVIRONMENT={untrimmed}")
    shown = (other.output / ARTICLE_PAGE).read_text("utf-8")
    assert shown == (expected.output / ARTICLE_PAGE).read_text("utf-8") != page
    for damaged in compiled:
        damaged.write_bytes(b"not a template")
    edit_other(project, 2)
    again = build(project, "pelicanconf.py", "output")
    assert (again.output / ARTICLE_PAGE).read_text("utf-8") == page
