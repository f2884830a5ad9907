"""The plugin's settings, read and checked once when Pelican starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .attachments import DEFAULT_ALLOWED_EXTENSIONS, FILE_KINDS
from .problems import PortalError
from .syndication import FeedPaths, feed_paths

# Where the checked settings are kept for the generator, once Pelican has started.
SETTINGS_KEY = "NEWSROOM"


class SettingsError(PortalError, ValueError):
    """A setting in pelicanconf.py / publishconf.py has a value we cannot use."""


@dataclass(frozen=True)
class NewsroomSettings:
    content_path: Path
    cache_path: Path
    timezone: ZoneInfo
    sections: tuple[str, ...]
    attachment_extensions: tuple[str, ...]
    related_max_count: int
    related_threshold: int
    related_allow_newer: bool
    related_weights: dict[str, int]
    qr_save_as: str
    qr_url: str
    campaign_url: str
    campaign_save_as: str
    campaigns_url: str
    campaigns_save_as: str
    document_url: str
    document_save_as: str
    documents_url: str
    documents_save_as: str
    document_type_url: str
    document_type_save_as: str
    document_year_url: str
    document_year_save_as: str
    fanpage_url: str
    public_siteurl: str  # SITEURL when absolute, else the local preview server
    feeds: FeedPaths
    feeds_url: str
    feeds_save_as: str
    robots_save_as: str
    sitemap_save_as: str


DEFAULT_RELATED_WEIGHTS = {
    "document": 60,
    "campaign": 40,
    "tag": 30,
    "issuer": 10,
    "text": 30,
    "section": 10,
}


def _require(condition: bool, name: str, expected: str, value: object) -> None:
    if not condition:
        raise SettingsError(f"Thiết lập {name} = {value!r} không dùng được: {expected}")


def read_settings(settings: dict) -> NewsroomSettings:
    """Check the plugin's settings and return them frozen; raise SettingsError."""
    try:
        timezone = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"Thiết lập TIMEZONE = {settings.get('TIMEZONE')!r} không phải múi giờ IANA, "
            "ví dụ 'Asia/Ho_Chi_Minh'"
        ) from None

    raw_sections = settings.get("NEWS_SECTIONS")
    sections = tuple(raw_sections) if isinstance(raw_sections, (list, tuple)) else ()
    _require(
        bool(sections)
        and all(isinstance(s, str) and s.strip() for s in sections)
        and len(set(sections)) == len(sections),
        "NEWS_SECTIONS",
        "cần danh sách tên chuyên mục (ít nhất một), không trùng",
        raw_sections,
    )
    extensions = tuple(settings.get("ATTACHMENT_EXTENSIONS") or DEFAULT_ALLOWED_EXTENSIONS)
    unknown = sorted(set(extensions) - set(FILE_KINDS))
    _require(
        not unknown,
        "ATTACHMENT_EXTENSIONS",
        f"không biết loại tệp {unknown}; chọn trong {sorted(FILE_KINDS)}",
        extensions,
    )

    siteurl = settings.get("SITEURL") or ""
    feeds = feed_paths(settings)
    if feeds.enabled or not settings.get("RELATIVE_URLS"):
        # Feeds, QR codes, canonical links and the sitemap all carry it.
        _require(
            siteurl.startswith(("http://", "https://")) and "://" in siteurl and siteurl.split("://", 1)[1],
            "SITEURL",
            "bản dựng chính thức (có RSS hoặc RELATIVE_URLS = False) cần địa chỉ tuyệt đối, "
            "ví dụ https://congtintuc.haiphong.gov.vn (đặt trong publishconf.py hoặc biến PORTAL_SITEURL)",
            siteurl,
        )

    max_items = settings.get("FEED_MAX_ITEMS", 50)
    _require(isinstance(max_items, int) and max_items > 0, "FEED_MAX_ITEMS", "cần số nguyên dương", max_items)
    for name in (
        "CATEGORY_FEED_ATOM",
        "CATEGORY_FEED_RSS",
        "TAG_FEED_ATOM",
        "TAG_FEED_RSS",
        "CAMPAIGN_FEED_ATOM",
        "CAMPAIGN_FEED_RSS",
    ):
        value = settings.get(name)
        _require(
            value is None or (isinstance(value, str) and "{slug}" in value),
            name,
            "cần mẫu đường dẫn có {slug}, hoặc None để tắt",
            value,
        )

    max_count = settings.get("RELATED_NEWS_MAX_COUNT", 6)
    _require(
        isinstance(max_count, int) and 0 <= max_count <= 50,
        "RELATED_NEWS_MAX_COUNT",
        "cần số nguyên từ 0 đến 50",
        max_count,
    )
    threshold = settings.get("RELATED_NEWS_THRESHOLD", 20)
    _require(
        isinstance(threshold, int) and 0 <= threshold <= 100,
        "RELATED_NEWS_THRESHOLD",
        "cần số nguyên từ 0 đến 100",
        threshold,
    )
    given_weights = settings.get("RELATED_NEWS_WEIGHTS") or {}
    _require(isinstance(given_weights, dict), "RELATED_NEWS_WEIGHTS",
             f"cần từ điển, ví dụ {DEFAULT_RELATED_WEIGHTS}", given_weights)  # fmt: skip
    weights = {**DEFAULT_RELATED_WEIGHTS, **given_weights}
    _require(
        set(weights) == set(DEFAULT_RELATED_WEIGHTS)
        and all(isinstance(w, int) and w >= 0 for w in weights.values()),
        "RELATED_NEWS_WEIGHTS",
        f"cần từ điển trọng số nguyên không âm với các khóa {sorted(DEFAULT_RELATED_WEIGHTS)}",
        weights,
    )

    templates = {}
    for name, default in (
        ("QR_CODE_SAVE_AS", "qr/{date:%Y}/{date:%m}/{slug}.svg"),
        ("QR_CODE_URL", "qr/{date:%Y}/{date:%m}/{slug}.svg"),
        ("CAMPAIGN_SAVE_AS", "phong-trao/{slug}/index.html"),
        ("CAMPAIGN_URL", "phong-trao/{slug}/"),
        ("DOCUMENT_SAVE_AS", "van-ban/{slug}/index.html"),
        ("DOCUMENT_URL", "van-ban/{slug}/"),
        ("DOCUMENT_TYPE_SAVE_AS", "van-ban/loai/{slug}/index.html"),
        ("DOCUMENT_TYPE_URL", "van-ban/loai/{slug}/"),
        ("DOCUMENT_YEAR_SAVE_AS", "van-ban/nam/{slug}/index.html"),
        ("DOCUMENT_YEAR_URL", "van-ban/nam/{slug}/"),
    ):
        value = settings.get(name, default)
        _require(isinstance(value, str) and "{slug}" in value, name, "cần mẫu đường dẫn có {slug}", value)
        templates[name] = value

    return NewsroomSettings(
        content_path=Path(settings["PATH"]),
        cache_path=Path(settings.get("CACHE_PATH") or "cache"),
        timezone=timezone,
        sections=sections,
        attachment_extensions=extensions,
        related_max_count=max_count,
        related_threshold=threshold,
        related_allow_newer=bool(settings.get("RELATED_NEWS_ALLOW_NEWER", True)),
        related_weights=weights,
        qr_save_as=templates["QR_CODE_SAVE_AS"],
        qr_url=templates["QR_CODE_URL"],
        campaign_url=templates["CAMPAIGN_URL"],
        campaign_save_as=templates["CAMPAIGN_SAVE_AS"],
        campaigns_url=settings.get("CAMPAIGNS_URL", "phong-trao/"),
        campaigns_save_as=settings.get("CAMPAIGNS_SAVE_AS", "phong-trao/index.html"),
        document_url=templates["DOCUMENT_URL"],
        document_save_as=templates["DOCUMENT_SAVE_AS"],
        documents_url=settings.get("DOCUMENTS_URL", "van-ban/"),
        documents_save_as=settings.get("DOCUMENTS_SAVE_AS", "van-ban/index.html"),
        document_type_url=templates["DOCUMENT_TYPE_URL"],
        document_type_save_as=templates["DOCUMENT_TYPE_SAVE_AS"],
        document_year_url=templates["DOCUMENT_YEAR_URL"],
        document_year_save_as=templates["DOCUMENT_YEAR_SAVE_AS"],
        feeds=feeds,
        feeds_url=settings.get("FEEDS_URL", "rss/"),
        feeds_save_as=settings.get("FEEDS_SAVE_AS", "rss/index.html"),
        robots_save_as=settings.get("ROBOTS_SAVE_AS", "robots.txt"),
        sitemap_save_as=settings.get("SITEMAP_SAVE_AS", "sitemap.xml"),
        fanpage_url=settings.get("FANPAGE_URL", ""),
        public_siteurl=(
            siteurl.rstrip("/")
            if siteurl.startswith(("http://", "https://"))
            else f"http://{settings.get('BIND') or '127.0.0.1'}:{settings.get('PORT') or 8000}"
        ),
    )
