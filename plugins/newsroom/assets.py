"""Theme files with their content's fingerprint in the URL, so they can be cached for a year.

`asset_url('css/portal.css')` gives `SITEURL/theme/css/portal.css?v=<10 hex>`:
the first 10 hex digits of the file's SHA-256. A changed file gets a new URL,
so nginx may send `Cache-Control: immutable` for any request with `?v=`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import pass_context

FINGERPRINT_LENGTH = 10


@lru_cache(maxsize=256)
def _fingerprint(path: str, mtime_ns: int, size: int) -> str:
    # Keyed by mtime and size too, so a `livereload` rebuild sees an edited file.
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprint(path: Path) -> str:
    """The first 10 hex digits of the SHA-256 of `path`'s bytes."""
    stat = path.stat()
    return _fingerprint(str(path), stat.st_mtime_ns, stat.st_size)


def fingerprinted_url(siteurl: str, static_dir: str, theme: str, name: str) -> str:
    """`siteurl/static_dir/name?v=<fingerprint>` for the theme's `static/name`."""
    return f"{siteurl}/{static_dir}/{name}?v={fingerprint(Path(theme) / 'static' / name)}"


@pass_context
def asset_url(context, name: str) -> str:
    """Jinja global: the fingerprinted URL of a theme static file (e.g. 'css/portal.css')."""
    return fingerprinted_url(context["SITEURL"], context["THEME_STATIC_DIR"], context["THEME"], name)
