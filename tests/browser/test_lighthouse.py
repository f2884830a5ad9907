"""Lighthouse (mobile, simulated throttling) on the production build served by
nginx: the home page, a section page and an article with photos each score at
least 95 in performance, accessibility, best practices and SEO.

Lighthouse is package.json's pinned devDependency, run by lighthouse_run.mjs in
Debian's Chromium with every host name but 127.0.0.1 unresolvable; a page that
asks anything of another server fails the test. Performance on a shared 2-core
machine is noisy: a page under the bar is measured twice more and judged on the
median run. The bar itself never moves.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from .pages import CHROMIUM, Site, unavailable
from .production import served_by_nginx

pytestmark = pytest.mark.browser

RUNNER = Path(__file__).with_name("lighthouse_run.mjs")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "package.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = 95
RUNS_WHEN_LOW = 3  # the first run and two more; the median decides
RUNNER_TIMEOUT_S = 150

PAGES = {
    "home": "",
    "section": "chuyen-muc/kinh-te/",
    "article-with-photos": "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html",
}


def lighthouse(urls: list[str]) -> list[dict]:
    """One summary per URL (lighthouse_run.mjs), in order."""
    done = subprocess.run(
        ["node", str(RUNNER), *urls],
        capture_output=True,
        text=True,
        timeout=RUNNER_TIMEOUT_S,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=False,
    )
    assert done.returncode == 0, f"Lighthouse failed:\n{done.stderr[-3000:]}"
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (the first such run)."""
    middle = statistics.median_low(run["categories"]["performance"]["score"] for run in runs)
    return next(run for run in runs if run["categories"]["performance"]["score"] == middle)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not shutil.which("node") or not LIGHTHOUSE.is_file():
        unavailable("node or the lighthouse package is missing (npm ci)")
    with served_by_nginx(tmp_path_factory.mktemp("lighthouse")) as site:
        urls = {name: site.url(path) for name, path in PAGES.items()}
        runs = {name: [run] for name, run in zip(urls, lighthouse(list(urls.values())), strict=True)}
        low = [name for name, found in runs.items() if found[0]["categories"]["performance"]["score"] < BAR]
        if low:
            again = lighthouse([urls[name] for name in low for _ in range(RUNS_WHEN_LOW - 1)])
            for name, run in zip(
                [name for name in low for _ in range(RUNS_WHEN_LOW - 1)], again, strict=True
            ):
                runs[name].append(run)
        yield {
            name: {"site": site, "runs": found, "median": median_run(found)} for name, found in runs.items()
        }


def offsite(site: Site, run: dict) -> list[str]:
    return [url for url in run["requests"] if not url.startswith(site.base + "/")]


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_at_least_95_in_every_category(reports, name):
    report = reports[name]
    run = report["median"]
    assert run["error"] is None, f"/{PAGES[name]}: Lighthouse could not measure the page: {run['error']}"
    leaving = [url for each in report["runs"] for url in offsite(report["site"], each)]
    assert not leaving, f"/{PAGES[name]} asked other servers for: {leaving}"
    below = []
    for category in CATEGORIES:
        found = run["categories"][category]
        if found["score"] < BAR:
            audits = "; ".join(
                audit["title"] + (f" ({audit['value']})" if audit["value"] else "")
                for audit in sorted(found["failing"], key=lambda audit: audit["score"])
            )
            below.append(f"{category} {found['score']} < {BAR}: {audits}")
    scores = {category: run["categories"][category]["score"] for category in CATEGORIES}
    print(f"/{PAGES[name]}: {scores} {run['metrics']}")  # shown with -s or -rA
    if below:
        if len(report["runs"]) > 1:
            performance = [each["categories"]["performance"]["score"] for each in report["runs"]]
            below.append(f"(performance in {len(performance)} runs: {performance}; the median run is judged)")
        pytest.fail(
            f"/{PAGES[name]} (Lighthouse, mobile) scores under {BAR}:\n"
            + "\n".join(below)
            + f"\nmetrics: {run['metrics']}",
            pytrace=False,
        )
