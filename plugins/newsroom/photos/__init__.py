"""Photos as first-class content: the lead photo, body figures, link previews.

The pieces, each testable without a site:

- `fields`: the metadata an editor writes (`FIELDS`): `Image` (a path under
  content/, e.g. `images/2021/le-phat-dong.jpg`), `Image_alt` (required with
  Image), `Image_caption`, `Image_credit` (shown "Ảnh: Thu Hà") and
  `Layout: photo-story` (a photo story: the lead photo full width above the
  title, body photos wide, one after another with their captions).
- `mdext`: the Markdown extension for body photos,
  `![Mô tả](images/2021/x.jpg "Chú thích | Ảnh: Thu Hà")`. It runs when the
  file is read, before any derivative exists, so it only marks the `<img>`
  (`data-photo="images/2021/x.jpg"`) inside a `<figure>` with its caption.
- `derive`: Pillow. Each source is checked (missing, too big, unsupported,
  corrupt), then published in widths 400/800/1200 (never upscaled) as WebP
  and JPEG, plus a 1200x630 crop for Facebook/Zalo previews; upright (EXIF
  orientation applied), ICC profile kept, EXIF/XMP (camera, GPS) dropped.
  Files are named by a digest of the source bytes and the recipe
  (`anh/2021/le-phat-dong-1a2b3c4d-800.webp`), so they can be cached forever,
  and kept in `<CACHE_PATH>/photos/<digest>/`: a build makes only what is not
  there yet, over 2 processes when there are several.
- `adapter.prepare`: the generator's one call. It checks every content's
  photos, derives them, sets `lead_photo` / `photos` / `layout` on each
  content, replaces body markers by `<picture>` (URLs relative to the page,
  which the feeds make absolute), and returns the problems and the files to
  publish. `adapter.reattach_body` draws an edited body's photos from those
  already made, for the live preview's quick re-render.

Pillow directly rather than pelican-image-process: that plugin rewrites the
written HTML after the fact and names derivatives by the source's name, so a
changed photo keeps its URL (no caching forever) and every build re-opens
every image; here the names carry a content digest, the cache survives
builds, the files go through the staged output like any other, and the
checks speak to editors in Vietnamese.
"""

from __future__ import annotations

from .adapter import BODY, PhotoProblem, prepare, reattach_body
from .config import PhotoSettings, PhotoSettingsError, read_settings
from .derive import Rendition
from .fields import FIELDS, FIELDS_BY_NAME, PhotoField
from .markup import Photo
from .mdext import PhotoExtension

# What the lead adds to MARKDOWN["extensions"] (an instance, or this dotted path).
markdown_extension = PhotoExtension
MARKDOWN_EXTENSION_PATH = "newsroom.photos.mdext"

__all__ = [
    "BODY",
    "FIELDS",
    "FIELDS_BY_NAME",
    "MARKDOWN_EXTENSION_PATH",
    "Photo",
    "PhotoExtension",
    "PhotoField",
    "PhotoProblem",
    "PhotoSettings",
    "PhotoSettingsError",
    "Rendition",
    "markdown_extension",
    "prepare",
    "read_settings",
    "reattach_body",
]
