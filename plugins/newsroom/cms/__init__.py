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
from .config import ARTICLES_FOLDER, decap_config, in_use

PACKAGE = Path(__file__).resolve().parent
DEFAULT_DECAP_DIST = PACKAGE.parents[2] / "node_modules" / "decap-cms" / "dist"
ADMIN = "admin"


def decap_files(dist: Path) -> list[Path]:
    """Decap's bundle and the chunks it loads beside itself (no source maps)."""
    if not (dist / "decap-cms.js").is_file():
        return []
    return sorted(path for path in dist.iterdir() if path.name.endswith("decap-cms.js"))


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
            article.related = list(
                dict.fromkeys(pin if pin in slugs else slug_of.get(pin.removesuffix(".md"), pin) for pin in pins)
            )


def admin_files(
    articles: list, settings: dict, config, theme: Path, static_dir: str
) -> Iterator[tuple[str, bytes | Path]]:
    """Every file of /admin/: page, configuration, the portal's script, Decap's bundle."""
    dist = Path(config["CMS_DECAP_PATH"]) if config["CMS_DECAP_PATH"] else DEFAULT_DECAP_DIST
    bundle = decap_files(dist)
    choices = {
        "campaign": in_use(articles, "campaign"),
        "issuer": in_use(articles, "issuer"),
        "source": in_use(articles, "source"),
    }
    site_url = config.public_siteurl
    cms = decap_config(list(config.sections), choices, config["CMS_BACKEND"], config["CMS_PUBLISH_MODE"], site_url)
    yield f"{ADMIN}/config.yml", _json(cms)
    portal = {
        "field_order": [field["name"] for field in cms["collections"][0]["fields"]],
        "article_paths": article_paths(articles, config.content_path),
        "preview_css": assets.fingerprinted_url("", static_dir, str(theme), "css/portal.css"),
        "status_url": "/" + config["PREVIEW_STATUS_URL"] if config["PREVIEW_STATUS_URL"] else "",
        "sitename": settings["SITENAME"],
    }
    yield f"{ADMIN}/portal-cms.json", _json(portal)
    yield f"{ADMIN}/portal-cms.js", PACKAGE / "admin" / "portal-cms.js"
    yield f"{ADMIN}/portal-cms.css", PACKAGE / "admin" / "portal-cms.css"
    page = (PACKAGE / "admin" / ("index.html" if bundle else "missing.html")).read_text(encoding="utf-8")
    yield f"{ADMIN}/index.html", page.replace("{{ sitename }}", html.escape(settings["SITENAME"])).encode("utf-8")
    for path in bundle:
        yield f"{ADMIN}/decap/{path.name}", path


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")

