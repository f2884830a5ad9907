"""The search page's pure JavaScript (theme/static/js/search-query.js), tested
with node's built-in test runner: `node --test` on tests/js/*.test.mjs."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import ROOT

JS_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}


def test_the_javascript_unit_tests_pass():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        if IN_CI:
            pytest.fail("node is not installed (CI=true: the JavaScript tests must run in CI)", pytrace=False)
        pytest.skip("node is not installed (apt-get install nodejs)")
    assert JS_TESTS, "no tests/js/*.test.mjs found"
    # Files, not the folder: node 22 reads --test arguments as glob patterns.
    done = subprocess.run(
        [node, "--test", *(str(path) for path in JS_TESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
