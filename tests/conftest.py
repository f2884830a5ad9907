"""Shared helpers: build real sites with Pelican in a separate process, as
editors and deploy scripts do, and read what they wrote."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
TEST_SITE = ROOT / "tests" / "site" / "content"


@dataclass
class Build:
    output: Path
    returncode: int
    log: str  # stdout and stderr together, as an editor sees them

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / path).read_text(encoding="utf-8"), "html.parser")

    def text(self, path: str) -> str:
        """The page's visible text, whitespace collapsed."""
        return " ".join(self.html(path).get_text(" ").split())


EXTRA_SETTINGS = {"-e", "--extra-settings"}


def with_private_cache(extra: tuple[str, ...], cache: Path) -> list[str]:
    """`extra` with every `-e KEY=VALUE …` group merged into one `-e` at the end,
    holding CACHE_PATH=`cache` unless the caller set CACHE_PATH itself.

    Pelican's `-e` takes several pairs but is not an "append" option: a second
    `-e` replaces the first, so the pairs must go in one list."""
    others: list[str] = []
    pairs: list[str] = []
    in_settings = False
    for item in extra:
        if item in EXTRA_SETTINGS:
            in_settings = True
        elif in_settings and not item.startswith("-"):
            pairs.append(item)
        else:
            in_settings = False
            others.append(item)
    if not any(pair.startswith("CACHE_PATH=") for pair in pairs):
        pairs.insert(0, f"CACHE_PATH={json.dumps(str(cache))}")
    return [*others, "-e", *pairs]


def run_pelican(content: Path, output: Path, settings: str = "pelicanconf.py", *extra: str) -> Build:
    """`pelican CONTENT -s SETTINGS -o OUTPUT EXTRA…`, from the repository root.

    Every build gets a cache of its own beside its output (unless `extra` sets
    CACHE_PATH), so tests never touch the developer's .cache/."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        settings,
        "-o",
        str(output),
        *with_private_cache(extra, output.parent / ".cache"),
    ]
    # A wide terminal keeps Pelican's log lines whole, so messages can be matched.
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    return Build(output=output, returncode=done.returncode, log=done.stdout + done.stderr)


def site_files(root: Path, reproducible_only: bool = False) -> dict[str, bytes]:
    """Every file of a built site by path. `reproducible_only` leaves out Pagefind's
    index, whose filter files come out in varying order (Pagefind issue #638: an
    upstream HashMap); every other byte must be the same for the same input."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (reproducible_only and p.relative_to(root).parts[0] == "pagefind")
    }


def replace_line(path: Path, old: str, new: str) -> None:
    """Edit a copied content file: the first `old` becomes `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_test_site(destination: Path) -> Path:
    """A private copy of the small committed test site, safe to break."""
    content = destination / "content"
    shutil.copytree(TEST_SITE, content)
    return content


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Build:
    """The sample portal (content/) built with the preview settings."""
    build = run_pelican(ROOT / "content", tmp_path_factory.mktemp("sample") / "output")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Build:
    """The sample portal built with publishconf.py, as deploy scripts do."""
    build = run_pelican(ROOT / "content", tmp_path_factory.mktemp("production") / "output", "publishconf.py")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def test_site(tmp_path_factory) -> Build:
    """The small committed test site (tests/site/content), preview settings."""
    build = run_pelican(TEST_SITE, tmp_path_factory.mktemp("test-site") / "output")
    assert build.returncode == 0, build.log
    return build


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
