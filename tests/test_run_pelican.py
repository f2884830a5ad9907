"""The test harness itself: every build in tests/conftest.py keeps its cache to
itself, so running the tests never writes into the developer's .cache/."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, copy_test_site, run_pelican, with_private_cache


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_extra_settings_are_merged_into_one_list_with_the_private_cache(tmp_path):
    cache = tmp_path / ".cache"
    private = f"CACHE_PATH={json.dumps(str(cache))}"
    merged = with_private_cache(("-e", "A=1", "B=2", "--fatal", "warnings", "-e", "C=3"), cache)
    # A second -e would replace the first in Pelican's argparse: one -e holds them all.
    assert merged == ["--fatal", "warnings", "-e", private, "A=1", "B=2", "C=3"]
    assert with_private_cache((), cache) == ["-e", private]


def test_a_cache_path_given_by_the_caller_is_kept(tmp_path):
    merged = with_private_cache(("-e", 'CACHE_PATH="/elsewhere"', "A=1"), tmp_path / ".cache")
    assert merged == ["-e", 'CACHE_PATH="/elsewhere"', "A=1"]


def test_a_build_with_extra_settings_caches_beside_its_output_only(tmp_path):
    developer_cache = ROOT / ".cache"
    before = listing(developer_cache)
    content = copy_test_site(tmp_path)
    build = run_pelican(content, tmp_path / "output", "pelicanconf.py", "-e", "NEWSROOM_REPORT_TIMINGS=true")
    assert build.returncode == 0, build.log
    assert '"qr_made": 6' in build.log  # the setting given with -e took effect
    assert list((tmp_path / ".cache" / "qr").iterdir()), "the build's QR codes were not cached beside it"
    assert listing(developer_cache) == before, f"the build wrote into {developer_cache}"
