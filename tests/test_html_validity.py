"""Every page of the production build is valid HTML for the W3C Nu checker
(vnu.jar from the npm package vnu-jar, installed by `npm ci`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, Build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}

# A page the checker must reject: proves it ran over the folders it was given
# and that its report is read correctly, so a silent checker cannot pass.
CANARY = "<!doctype html><html lang=vi><title>canary</title><p>mở</p></p></html>"
CANARY_ERROR = "No “p” element in scope but a “p” end tag seen."


def unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI (CI=true) a missing tool is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the HTML checker must run in CI)", pytrace=False)
    pytest.skip(reason)


def run_vnu(java: str, *folders: Path) -> list[dict]:
    """Check every HTML file under the folders at once (one JVM start); its messages."""
    options = ["--errors-only", "--format", "json", "--skip-non-html"]
    command = [java, "-jar", str(VNU), *options, *map(str, folders)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:  # the JSON report is written to stderr
        return json.loads(done.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar exited {done.returncode} without a JSON report:\n{done.stderr}{done.stdout}")


def local_path(message: dict) -> Path:
    return Path(unquote(urlsplit(message.get("url", "")).path))


def test_every_built_page_is_valid_html(production_site: Build, tmp_path: Path):
    java = shutil.which("java")
    if not java:
        unavailable("java is not installed (apt-get install default-jre-headless)")
    if not VNU.is_file():
        unavailable(f"{VNU.relative_to(ROOT)} is missing: run `npm ci`")
    site = production_site.output
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50, f"only {len(pages)} HTML pages in the production build"
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "index.html").write_text(CANARY, encoding="utf-8")

    messages = run_vnu(java, site, canary)

    assert any(local_path(m).parent == canary and CANARY_ERROR in m.get("message", "") for m in messages), (
        f"the checker did not report the canary's error; its report: {messages}"
    )
    errors = [m for m in messages if m.get("type") != "info" and local_path(m).parent != canary]
    report = "\n".join(
        f"{local_path(m).relative_to(site) if local_path(m).is_relative_to(site) else m.get('url')}"
        f":{m.get('lastLine', '?')}: {m.get('message')}"
        for m in errors
    )
    assert not errors, f"{len(errors)} HTML error(s) in the production build:\n{report}"
