"""The web editor: Decap CMS at /admin/ of the preview site, writing the portal's Markdown.

Decap's own files come from npm (`decap-cms`, pinned in package.json) and are
copied into the build: the editor loads nothing from outside. Its configuration
is made from the field table and the settings (`config.py`); `admin/portal-cms.js`
teaches Decap the portal's file format (Pelican's `Key: value` head, field order
kept, untouched lines saved byte for byte), the date and suggestion widgets and
the article preview. The CMS is written only when `CMS_ADMIN` is on (the preview's
default; production only when an office asks for it, with its own backend).

`Related` may name an article by its file, `2021/ten-tep` (what Decap's search
over titles gives for an article not yet built), as well as by its slug.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

from .. import assets
from .config import ARTICLES_FOLDER, decap_config, in_use, script_settings

PACKAGE = Path(__file__).resolve().parent
DEFAULT_DECAP_DIST = PACKAGE.parents[2] / "node_modules" / "decap-cms" / "dist"
ADMIN = "admin"


def decap_files(dist: Path) -> list[Path]:
    """Decap's bundle and the chunks and WebAssembly it loads beside itself (no source maps)."""
    if not (dist / "decap-cms.js").is_file():
        return []
    return sorted(p for p in dist.iterdir() if p.name.endswith("decap-cms.js") or p.suffix == ".wasm")


def article_paths(articles: list, content_path: Path) -> dict[str, str]:
    """slug -> the article's file under content/articles without `.md`, as Decap names entries."""
    folder = (content_path / Path(ARTICLES_FOLDER).relative_to("content")).resolve()
    paths = {}
    for article in articles:
        source = Path(article.source_path).resolve()
        if source.is_relative_to(folder) and source.suffix == ".md":
            paths[article.slug] = source.relative_to(folder).with_suffix("").as_posix()
    return dict(sorted(paths.items()))


def resolve_pinned_paths(articles: list, content_path: Path) -> None:
    """Read `Related: 2021/ten-tep` (an article's file) as that article's slug."""
    slug_of = {path: slug for slug, path in article_paths(articles, content_path).items()}
    slugs = {article.slug for article in articles}
    for article in articles:
        pins = getattr(article, "related", None)
        if pins:
            named = (pin if pin in slugs else slug_of.get(pin.removesuffix(".md"), pin) for pin in pins)
            article.related = list(dict.fromkeys(named))


def admin_files(
    contents: list, settings: dict, config, theme: str, static_dir: str
) -> Iterator[tuple[str, bytes | Path]]:
    """Every file of /admin/: page, configuration, the portal's script, Decap's bundle."""
    dist = Path(config["CMS_DECAP_PATH"]) if config["CMS_DECAP_PATH"] else DEFAULT_DECAP_DIST
    bundle = decap_files(dist)
    choices = {name: in_use(contents, name) for name in ("campaign", "issuer", "source")}
    cms = decap_config(
        list(config.sections),
        choices,
        config["CMS_BACKEND"],
        config["CMS_PUBLISH_MODE"],
        config.public_siteurl,
    )
    yield f"{ADMIN}/config.yml", _json(cms)
    status = config["PREVIEW_STATUS_URL"]
    portal = script_settings(
        article_paths(contents, config.content_path),
        assets.fingerprinted_url("", static_dir, theme, "css/portal.css"),
        f"../{status}" if status else "",
        str(config.timezone),
    )
    yield f"{ADMIN}/portal-cms.json", _json(portal)
    for name in ("portal-cms.js", "portal-cms.css", "portal-cms-preview.css"):
        yield f"{ADMIN}/{name}", PACKAGE / "admin" / name
    page = (PACKAGE / "admin" / ("index.html" if bundle else "missing.html")).read_text(encoding="utf-8")
    page = page.replace("{{ sitename }}", html.escape(settings["SITENAME"]))
    yield f"{ADMIN}/index.html", page.encode("utf-8")
    for path in bundle:
        yield f"{ADMIN}/decap/{path.name}", path


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
