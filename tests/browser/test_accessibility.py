"""Accessibility: axe-core finds no WCAG 2.1 A/AA violations; pages declare their language."""

from __future__ import annotations

import pytest
from conftest import ROOT
from playwright.sync_api import Page, expect

from .pages import AXE, DOCUMENTS, RESULT_LINKS, SEARCH, SEARCH_TIMEOUT_MS, SECTION, SEED, Site, unavailable

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(ROOT)} is missing: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    ["", SECTION, SEED, f"{SEARCH}?q=phong+chong+dich", DOCUMENTS],
    ids=["home", "section", "article", "search", "documents"],
)
def test_pages_have_no_wcag_a_or_aa_violations(new_context, site: Site, axe_source: str, path):
    # axe-core is injected as an inline script, which the pages' own CSP rightly refuses.
    page = new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site.url(path))
    if path.startswith(SEARCH):
        expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => {
          const results = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
          return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(" ")),
          }));
        }"""
    )
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:10]) for v in violations
    )
    assert not violations, f"axe-core on /{path}:\n{report}"


@pytest.mark.parametrize(
    ("path", "lang"),
    [("english/", "en"), ("", "vi"), (SEED, "vi"), (SECTION, "vi"), (SEARCH, "vi"), (DOCUMENTS, "vi")],
)
def test_pages_declare_their_language(page: Page, site: Site, path, lang):
    page.goto(site.url(path))
    assert page.evaluate("document.documentElement.lang") == lang
