"""The photo settings (prefix PHOTO_), read and checked once when Pelican starts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..problems import PortalError

DEFAULT_WIDTHS = (400, 800, 1200)
DEFAULT_SAVE_AS = "anh/{folder}/{name}-{digest}-{width}.{ext}"
DEFAULT_MAX_BYTES = 15_000_000


class PhotoSettingsError(PortalError, ValueError):
    """A PHOTO_ setting has a value we cannot use."""


@dataclass(frozen=True)
class PhotoSettings:
    content_path: Path
    cache_path: Path  # <CACHE_PATH>/photos
    public_siteurl: str  # absolute, for og:image
    folder: str  # where photos live under content/
    widths: tuple[int, ...]
    save_as: str
    url: str
    max_bytes: int
    min_lead_width: int  # narrower: a warning (blurry on wide screens and in previews)
    min_body_width: int
    require_alt: bool  # False: a missing alt text is a warning, not an error
    workers: int


def _require(condition: bool, name: str, expected: str, value: object) -> None:
    if not condition:
        raise PhotoSettingsError(f"Thiết lập {name} = {value!r} không dùng được: {expected}")


def _positive(settings: dict, name: str, default: int) -> int:
    value = settings.get(name, default)
    _require(
        isinstance(value, int) and not isinstance(value, bool) and value > 0,
        name,
        "cần số nguyên dương",
        value,
    )
    return value


def read_settings(settings: dict, public_siteurl: str) -> PhotoSettings:
    """Check PHOTO_* settings; raise PhotoSettingsError naming the bad one."""
    widths = settings.get("PHOTO_WIDTHS", DEFAULT_WIDTHS)
    _require(
        isinstance(widths, (list, tuple))
        and bool(widths)
        and all(isinstance(w, int) and 100 <= w <= 4000 for w in widths),
        "PHOTO_WIDTHS",
        "cần danh sách độ rộng (điểm ảnh, 100-4000), ví dụ (400, 800, 1200)",
        widths,
    )
    save_as = settings.get("PHOTO_SAVE_AS", DEFAULT_SAVE_AS)
    url = settings.get("PHOTO_URL", save_as)
    for name, value in (("PHOTO_SAVE_AS", save_as), ("PHOTO_URL", url)):
        _require(
            isinstance(value, str) and all(f"{{{k}}}" in value for k in ("digest", "width", "ext")),
            name,
            "cần mẫu đường dẫn có {digest}, {width} và {ext} (tên tệp đổi khi ảnh đổi)",
            value,
        )
    folder = settings.get("PHOTO_FOLDER", "images")
    _require(
        isinstance(folder, str) and folder.strip("/") != "",
        "PHOTO_FOLDER",
        "cần tên thư mục ảnh trong content/, ví dụ 'images'",
        folder,
    )
    return PhotoSettings(
        content_path=Path(settings["PATH"]),
        cache_path=Path(settings.get("CACHE_PATH") or "cache") / "photos",
        public_siteurl=public_siteurl.rstrip("/"),
        folder=folder.strip("/"),
        widths=tuple(sorted(set(widths))),
        save_as=save_as,
        url=url,
        max_bytes=_positive(settings, "PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES),
        min_lead_width=_positive(settings, "PHOTO_MIN_LEAD_WIDTH", 800),
        min_body_width=_positive(settings, "PHOTO_MIN_BODY_WIDTH", 400),
        require_alt=bool(settings.get("PHOTO_REQUIRE_ALT", True)),
        workers=_positive(settings, "PHOTO_WORKERS", min(2, os.cpu_count() or 1)),
    )
