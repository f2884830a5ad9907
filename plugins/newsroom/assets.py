"""Theme files with their content's fingerprint in the URL, so they can be cached for a year.

`asset_url('css/portal.css')` gives `SITEURL/theme/css/portal.css?v=<10 hex>`:
the first 10 hex digits of the file's SHA-256. A changed file gets a new URL,
so nginx may send `Cache-Control: immutable` for any request with `?v=`.
"""

from __future__ import annotations

import base64
import hashlib
import re
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


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# The theme's own needs: its files, Pagefind's WebAssembly. Frames are each page's own:
# base.html ends the policy with `frame-src` and the page's `frame_sources` ('none' unless
# it plays a video, see video.py), so YouTube's player is allowed only where it plays.
POLICY = (
    "default-src 'self'; script-src 'self' {hashes} 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def inline_script_hashes(theme: Path) -> list[str]:
    """`'sha256-…'` of each inline script of the theme's templates (scripts written as
    literal text, as the theme's are), so a Content Security Policy can allow exactly them."""
    found = set()
    for template in sorted((theme / "templates").glob("*.html")):
        for script in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def content_security_policy(theme: Path) -> str:
    """The policy of the theme's `<meta http-equiv="Content-Security-Policy">` (production)."""
    return POLICY.format(hashes=" ".join(inline_script_hashes(theme)))
