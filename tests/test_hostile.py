"""Hostile and careless content: every case is a small site built once good, then
with the case's change. Whatever the change, no traceback; an error keeps the
last good site byte for byte and names file, field and value; a warning names
them and the build goes on; nothing unmeant is ever published.

Cases that today's code does not handle are marked xfail(strict=True): when one
starts to pass, the run fails until its mark is removed.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TEST_SITE, Build, run_pelican, site_files
from hostile_cases import CASES, NEW, OUTSIDE_MARK, PREVIEW, PRODUCTION, Case, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLUGIN_ERRORS = {"ContentError", "PortalError"}  # the plugin's own summary; see the last tests
EXCEPTION_NAME = re.compile(r"\b([A-Z][A-Za-z]*(?:Error|Exception|Warning))\b")
SUSPICIOUS = re.compile(r"alert\(|\son[a-z]+\s*=|(java|vb)\s*script:", re.IGNORECASE)
SOURCE_SUFFIXES = (".md", ".markdown", ".rst", "~", ".bak", ".swp", ".orig")


@pytest.fixture(scope="module")
def good_sites(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The test site built once per settings file, to be copied by each case."""
    sites = {}
    for settings_file in (PREVIEW, PRODUCTION):
        root = tmp_path_factory.mktemp(settings_file.removesuffix(".py"))
        content = root / "content"
        shutil.copytree(TEST_SITE, content)
        build = build_site(content, root / "output", settings_file)
        assert build.returncode == 0, build.log
        sites[settings_file] = (content, build.output)
    return sites


def build_site(content: Path, output: Path, settings_file: str = PREVIEW) -> Build:
    cache = output.parent / ".cache"
    return run_pelican(content, output, settings_file, "-e", "SEARCH_INDEX=false", f'CACHE_PATH="{cache}"')


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def apply(case: Case, content: Path, scratch: Path) -> None:
    for relative, text in case.files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for relative, old, new in case.edits:
        text = (content / relative).read_text(encoding="utf-8")
        assert old in text
        (content / relative).write_text(text.replace(old, new, 1), encoding="utf-8")
    for link, target in case.symlinks:
        if target.startswith("@tmp/"):
            outside = scratch / target.removeprefix("@tmp/")
            outside.mkdir(parents=True, exist_ok=True)
            (outside / "bi-mat.pdf").write_text(OUTSIDE_MARK)
        pointed = str(outside) if target.startswith("@tmp/") else target
        (content / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(pointed, content / link)


def assert_no_traceback(log: str) -> None:
    assert "Traceback (most recent call last)" not in log, log[-3000:]
    names = set(EXCEPTION_NAME.findall(log)) - PLUGIN_ERRORS
    assert not names, f"English exception names in the log: {sorted(names)}\n{log[-3000:]}"


def assert_message(case: Case, log: str, prefix: str) -> None:
    head = f"{prefix}: {case.source}" + (f": trường {case.field}" if case.field else "")
    lines = [line for line in log.splitlines() if head in line]
    assert lines, f"no line with “{head}”:\n{log[-3000:]}"
    flat = " ".join(log.split())
    if case.value is not None:
        assert f"“{case.value}”" in flat
    for text in case.also:
        assert text in flat


def assert_nothing_unmeant(case: Case, files: dict[str, bytes]) -> None:
    for path in case.forbidden_paths:
        assert path not in files, f"{path} was published"
    leaked = [p for p in files if p.endswith(SOURCE_SUFFIXES)]
    assert not leaked, f"sources published as they are: {leaked}"
    # The preview's web editor is Decap's own bundle, copied byte for byte from node_modules
    # (tests/test_cms.py): nothing of the content reaches it.
    vendored = {p for p in files if p.startswith("admin/decap/")}
    for text in case.forbidden_strings:
        found = [p for p, data in files.items() if text.encode() in data and p not in vendored]
        assert not found, f"“{text}” published in {found}"
    for path, data in files.items():
        if path.endswith(".html"):
            assert_harmless(path, data.decode("utf-8"))


def assert_harmless(path: str, html: str) -> None:
    """No script from content, no event handler, no javascript: URL, no control character."""
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html), f"{path}: control character"
    if not SUSPICIOUS.search(html):
        return  # nothing to look at closely (and a 20 MB page need not be parsed)
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":  # data, not code: it must only not break out
            assert "<" not in script.get_text(), f"{path}: markup inside JSON-LD"
        else:
            assert "alert(" not in script.get_text(), f"{path}: content script"
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{path}: <{tag.name} {name}=…>"
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not "".join(text.split()).lower().startswith(("javascript:", "vbscript:")), (
                f"{path}: {name}"
            )


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_hostile_content(case: Case, good_sites, tmp_path):
    good_content, good_output = good_sites[case.settings]
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(good_content, content, symlinks=True)
    shutil.copytree(good_output, output, symlinks=True)
    before = site_files(output)
    apply(case, content, tmp_path / "scratch")

    started = child_cpu_seconds()
    build = build_site(content, output, case.settings)
    assert child_cpu_seconds() - started < case.cpu_seconds

    assert_no_traceback(build.log)
    if case.outcome == "error":
        assert build.returncode != 0, build.log[-3000:]
        assert site_files(output) == before, "the last good site must stay as it was"
        assert_message(case, build.log, "Lỗi nội dung")
    elif case.outcome in ("ok", "warning"):
        assert build.returncode == 0, build.log[-3000:]
        if case.outcome == "warning":
            assert_message(case, build.log, "Cảnh báo")
    else:  # any: built, or stopped with a message and the last site kept
        assert build.returncode == 0 or (site_files(output) == before and "Lỗi nội dung" in build.log)
    files = site_files(output)
    assert_nothing_unmeant(case, files)
    for path in case.must_exist:
        assert path in files, f"{path} missing"
    for folder, text in case.must_contain:
        pages = [p for p in files if p.startswith(folder) and p.endswith(".html")]
        assert any(
            text in " ".join(BeautifulSoup(files[p], "html.parser").get_text(" ").split()) for p in pages
        )
    if case.name == "title-300-characters":
        assert all(len(Path(p).stem) <= 100 for p in files if p.startswith("2022/05/"))


def test_a_failed_build_ends_with_a_vietnamese_summary_of_errors_and_warnings(good_sites, tmp_path):
    good_content = good_sites[PREVIEW][0]
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    (content / NEW).write_text(article("Issuer: Sở Y tế\n", Date="31/02/2021"), encoding="utf-8")
    build = build_site(content, tmp_path / "output")
    assert build.returncode != 0
    assert not EXCEPTION_NAME.search(build.log), build.log[-2000:]
    last = [line for line in build.log.splitlines() if "lỗi" in line and "cảnh báo" in line]
    assert last and re.search(r"\b1 lỗi\b", last[-1]) and re.search(r"\b1 cảnh báo\b", last[-1])


METADATA = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=METADATA, tags=METADATA, campaign=METADATA, source=METADATA, summary=METADATA)
def test_any_unicode_metadata_builds_or_fails_cleanly(
    good_sites, tmp_path_factory, title, tags, campaign, source, summary
):
    root = tmp_path_factory.mktemp("property")
    content = root / "content"
    shutil.copytree(good_sites[PREVIEW][0], content)
    values = {"Tags": tags, "Campaign": campaign, "Source": source, "Summary": summary}
    one_line = {name: " ".join(value.splitlines()) for name, value in values.items()}
    extra = "".join(f"{name}: {value}\n" for name, value in one_line.items() if value.strip())
    (content / NEW).write_text(article(extra, Title=" ".join(title.splitlines()) or "Bài"), encoding="utf-8")
    build = build_site(content, root / "output")
    assert "Traceback (most recent call last)" not in build.log, build.log[-3000:]
    assert build.returncode == 0 or "Lỗi nội dung" in build.log, build.log[-3000:]
