"""The production pages carry a Content Security Policy that their own inline scripts
satisfy and nothing else would: no 'unsafe-inline', each inline script by its hash."""

from __future__ import annotations

import base64
import hashlib
import re


def test_every_page_allows_exactly_its_inline_scripts(production_site):
    pages = sorted(production_site.output.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        soup = production_site.html(page.relative_to(production_site.output).as_posix())
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, page
        policy = meta["content"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        for script in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in script_src, page


def test_the_preview_has_no_policy_so_livereload_can_inject_its_script(sample_site):
    assert 'http-equiv="Content-Security-Policy"' not in (sample_site.output / "index.html").read_text(
        "utf-8"
    )
