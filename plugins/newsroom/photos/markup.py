"""What a page shows of a photo: the picklable `Photo`, and its HTML for body figures.

Templates draw the lead photo and thumbnails from `Photo` (theme macro
`picture`); body figures are drawn here, after their derivatives exist, in
the same shape: `<picture>` with a WebP `<source>` and a JPEG `<img>`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape

from .derive import Rendition

# How wide a photo is shown, for the browser to pick a file (see portal.css).
SIZES_BODY = "(min-width: 60em) 48rem, calc(100vw - 2rem)"
SIZES_WIDE = "(min-width: 75rem) 73rem, calc(100vw - 2rem)"
SIZES_THUMBNAIL = "(min-width: 40em) 12rem, 8rem"


@dataclass(frozen=True)
class Photo:
    """A published photo: every URL relative to SITEURL except `og_url`."""

    source: str  # relative to content/, as the editor wrote it
    alt: str
    caption: str
    credit: str  # as shown: "Ảnh: Thu Hà"
    webp: tuple[Rendition, ...]  # narrowest first
    jpeg: tuple[Rendition, ...]
    og: Rendition  # 1200x630 crop for link previews
    og_url: str  # absolute

    @property
    def width(self) -> int:
        return self.jpeg[-1].width

    @property
    def height(self) -> int:
        return self.jpeg[-1].height

    @property
    def src(self) -> str:
        """The JPEG for browsers without srcset: the one nearest 800 px wide."""
        return min(self.jpeg, key=lambda r: abs(r.width - 800)).url

    @property
    def thumbnail(self) -> Rendition:
        """The narrowest JPEG (listings, feeds' thumbnails)."""
        return self.jpeg[0]

    def srcset(self, kind: str = "webp", base: str = "") -> str:
        """`base/anh/…-400.webp 400w, …`; `base` is SITEURL, or the way back to it."""
        renditions = self.webp if kind == "webp" else self.jpeg
        return ", ".join(f"{join(base, r.url)} {r.width}w" for r in renditions)


def join(base: str, url: str) -> str:
    return f"{base.rstrip('/')}/{url}" if base else url


def base_for(save_as: str) -> str:
    """The way from the page written at `save_as` back to the site root: `../..`."""
    depth = posixpath.dirname(save_as).count("/") + 1 if posixpath.dirname(save_as) else 0
    return "/".join([".."] * depth)


def picture_html(photo: Photo, base: str, sizes: str = SIZES_BODY, eager: bool = False) -> str:
    """`<picture>` for `photo`, URLs from `base`; lazy unless `eager` (above the fold)."""
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return (
        f'<picture><source type="image/webp" srcset="{escape(photo.srcset("webp", base))}" '
        f'sizes="{sizes}"><img src="{escape(join(base, photo.src))}" '
        f'srcset="{escape(photo.srcset("jpeg", base))}" sizes="{sizes}" '
        f'width="{photo.width}" height="{photo.height}" alt="{escape(photo.alt)}" '
        f'{loading} decoding="async"></picture>'
    )
