"""The plugin's settings: every one read once, from one table, into a frozen dataclass.

Each portal setting has one row below: its Pelican-style name, its default and
the check its value must pass. `load_settings` reads them all when Pelican
starts (the `initialized` signal); a bad value is a `SettingsError` naming the
setting and what it needs, shown to the editor without a traceback. Nothing
else in the plugin reads the settings dict for these names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .attachments import DEFAULT_ALLOWED_EXTENSIONS, FILE_KINDS
from .dates import parse_date
from .feeds import FeedPaths, feed_paths
from .problems import PortalError
from .related.ranking import DEFAULT_WEIGHTS

# Where the checked settings are kept, once Pelican has started.
SETTINGS_KEY = "NEWSROOM"
PHOTO_SETTINGS_KEY = "NEWSROOM_PHOTOS"  # the photos package's own checked settings


class SettingsError(PortalError, ValueError):
    """A setting in pelicanconf.py / publishconf.py has a value we cannot use."""


@dataclass(frozen=True)
class Setting:
    """One row of the table: a setting, its default, and what its value must be."""

    name: str
    default: object
    valid: Callable[[object], bool]
    expected: str  # Vietnamese: what a valid value looks like


def _integer(low: int, high: int | None = None) -> Callable[[object], bool]:
    def valid(value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and low <= value
            and (high is None or value <= high)
        )

    return valid


def _text(value: object) -> bool:
    return isinstance(value, str)


def _path_template(value: object) -> bool:
    return isinstance(value, str) and "{slug}" in value


def _optional_path_template(value: object) -> bool:
    return value is None or _path_template(value)


def _sections(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and bool(value)
        and all(isinstance(s, str) and s.strip() for s in value)
        and len(set(value)) == len(value)
    )


def _optional_date(value: object) -> bool:
    if value == "":
        return True
    try:
        parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return False
    return isinstance(value, str)


def _extensions(value: object) -> bool:
    return isinstance(value, (list, tuple)) and set(value) <= set(FILE_KINDS)


def _weights(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) <= set(DEFAULT_WEIGHTS)
        and all(isinstance(w, int) and not isinstance(w, bool) and w >= 0 for w in value.values())
    )


# decap-server on the editor's own machine, writing into the working copy (`invoke cms`).
CMS_LOCAL_BACKEND = {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}


def _backend(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("name"), str) and bool(value["name"])


def _timezone(value: object) -> bool:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


PATH_TEMPLATE = "cần mẫu đường dẫn có {slug}"
NONEMPTY = "cần chuỗi tiếng Anh, không để trống"
OPTIONAL_EN = 'cần chuỗi tiếng Anh, hoặc "" để không hiện'


def _nonempty(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


SETTINGS: tuple[Setting, ...] = (
    Setting("TIMEZONE", "Asia/Ho_Chi_Minh", _timezone, "không phải múi giờ IANA, ví dụ 'Asia/Ho_Chi_Minh'"),
    Setting("NEWS_SECTIONS", None, _sections, "cần danh sách tên chuyên mục (ít nhất một), không trùng"),
    Setting(
        "ATTACHMENT_EXTENSIONS",
        DEFAULT_ALLOWED_EXTENSIONS,
        _extensions,
        f"không biết loại tệp; chọn trong {sorted(FILE_KINDS)}",
    ),
    Setting("RELATED_NEWS_MAX_COUNT", 6, _integer(0, 50), "cần số nguyên từ 0 đến 50"),
    Setting("RELATED_NEWS_THRESHOLD", 20, _integer(0, 100), "cần số nguyên từ 0 đến 100"),
    Setting(
        "RELATED_NEWS_WEIGHTS",
        {},
        _weights,
        f"cần từ điển trọng số nguyên không âm, với các khóa trong {sorted(DEFAULT_WEIGHTS)}",
    ),
    Setting("RELATED_NEWS_ALLOW_NEWER", True, lambda v: isinstance(v, bool), "cần True hoặc False"),
    Setting("RELATED_NEWS_EXPLAIN", "", _text, "cần slug của một bài (chuỗi)"),
    Setting("FEED_MAX_ITEMS", 50, _integer(1), "cần số nguyên dương"),
    *(
        Setting(name, None, _optional_path_template, "cần mẫu đường dẫn có {slug}, hoặc None để tắt")
        for name in (
            "CATEGORY_FEED_ATOM",
            "CATEGORY_FEED_RSS",
            "TAG_FEED_ATOM",
            "TAG_FEED_RSS",
            "CAMPAIGN_FEED_ATOM",
            "CAMPAIGN_FEED_RSS",
        )
    ),
    Setting("QR_CODE_SAVE_AS", "qr/{date:%Y}/{date:%m}/{slug}.svg", _path_template, PATH_TEMPLATE),
    Setting("QR_CODE_URL", "qr/{date:%Y}/{date:%m}/{slug}.svg", _path_template, PATH_TEMPLATE),
    Setting("CAMPAIGN_SAVE_AS", "phong-trao/{slug}/index.html", _path_template, PATH_TEMPLATE),
    Setting("CAMPAIGN_URL", "phong-trao/{slug}/", _path_template, PATH_TEMPLATE),
    Setting("CAMPAIGNS_SAVE_AS", "phong-trao/index.html", _text, "cần đường dẫn tệp"),
    Setting("CAMPAIGNS_URL", "phong-trao/", _text, "cần đường dẫn"),
    Setting("DOCUMENT_SAVE_AS", "van-ban/{slug}/index.html", _path_template, PATH_TEMPLATE),
    Setting("DOCUMENT_URL", "van-ban/{slug}/", _path_template, PATH_TEMPLATE),
    Setting("DOCUMENTS_SAVE_AS", "van-ban/index.html", _text, "cần đường dẫn tệp"),
    Setting("DOCUMENTS_URL", "van-ban/", _text, "cần đường dẫn"),
    Setting("DOCUMENT_TYPE_SAVE_AS", "van-ban/loai/{slug}/index.html", _path_template, PATH_TEMPLATE),
    Setting("DOCUMENT_TYPE_URL", "van-ban/loai/{slug}/", _path_template, PATH_TEMPLATE),
    Setting("DOCUMENT_YEAR_SAVE_AS", "van-ban/nam/{slug}/index.html", _path_template, PATH_TEMPLATE),
    Setting("DOCUMENT_YEAR_URL", "van-ban/nam/{slug}/", _path_template, PATH_TEMPLATE),
    Setting("FEEDS_SAVE_AS", "rss/index.html", _text, "cần đường dẫn tệp"),
    Setting("FEEDS_URL", "rss/", _text, "cần đường dẫn"),
    Setting("SITEMAP_SAVE_AS", "sitemap.xml", _text, "cần đường dẫn tệp"),
    Setting("ROBOTS_SAVE_AS", "robots.txt", _text, "cần đường dẫn tệp"),
    Setting("FANPAGE_URL", "", _text, "cần địa chỉ trang, ví dụ https://www.facebook.com/..."),
    Setting("SEARCH_INDEX", True, lambda v: isinstance(v, bool), "cần True hoặc False"),
    Setting("SEARCH_SHARD_PAGES", 1000, _integer(1), "cần số nguyên dương (số trang mỗi phần chỉ mục)"),
    Setting("READ_WORKERS", 2, _integer(1, 64), "cần số nguyên từ 1 đến 64 (số tiến trình đọc bài)"),
    Setting("RENDER_WORKERS", 2, _integer(1, 64), "cần số nguyên từ 1 đến 64 (số tiến trình dựng trang)"),
    Setting("CONTENT_CHECKS_STRICT", False, lambda v: isinstance(v, bool), "cần True hoặc False"),
    Setting("CONTENT_REPORT", "", _text, 'cần đường dẫn tệp JSON, hoặc "" để không ghi'),
    Setting("NEWSROOM_REPORT_TIMINGS", False, lambda v: isinstance(v, bool), "cần True hoặc False"),
    Setting("INCREMENTAL_BUILD", True, lambda v: isinstance(v, bool), "cần True hoặc False"),
    Setting("FEATURED_MAX", 3, _integer(1, 10), "cần số nguyên từ 1 đến 10 (số bài ghim đầu trang chủ)"),
    Setting(
        "FEATURED_TODAY",
        "",
        _optional_date,
        'cần "" (hôm nay, giờ Việt Nam) hoặc một ngày dạng YYYY-MM-DD để xem trang chủ ngày đó',
    ),
    # The web editor (cms/): Decap CMS at /admin/, off unless a build asks for it.
    Setting(
        "CMS_ADMIN", False, lambda v: isinstance(v, bool), "cần True hoặc False (có trang /admin/ hay không)"
    ),
    Setting("CMS_DECAP_PATH", "", _text, 'cần thư mục chứa decap-cms.js, hoặc "" để lấy từ node_modules'),
    Setting(
        "CMS_BACKEND",
        dict(CMS_LOCAL_BACKEND),
        _backend,
        "cần dict có khóa name, ví dụ {'name': 'gitea', ...}",
    ),
    Setting(
        "CMS_PUBLISH_MODE",
        "simple",
        lambda v: v in ("simple", "editorial_workflow"),
        "cần 'simple' hoặc 'editorial_workflow' (bản nháp, chờ duyệt, sẵn sàng đăng)",
    ),
    Setting(
        "PREVIEW_STATUS_URL",
        "",
        _text,
        'cần đường dẫn tệp trạng thái bản xem trước, ví dụ "_preview/status.json", hoặc ""',
    ),
    # The English page's shell (header, footer, labels): the portal's words in English.
    Setting("ENGLISH_URL", "english/", _text, "cần đường dẫn của trang tiếng Anh, ví dụ english/"),
    Setting("SITENAME_EN", "Hai Phong City News Portal", _nonempty, NONEMPTY),
    Setting("SITESUBTITLE_EN", "Official news from the Hai Phong city government", _text, "cần chuỗi"),
    Setting(
        "SITE_DESCRIPTION_EN",
        "The official news portal of the Hai Phong City People's Committee.",
        _nonempty,
        NONEMPTY,
    ),
    Setting("PORTAL_OWNER_EN", "Hai Phong City People's Committee", _nonempty, NONEMPTY),
    Setting(
        "PORTAL_ADDRESS_EN",
        "18 Hoang Dieu Street, Minh Khai Ward, Hong Bang District, Hai Phong City, Viet Nam",
        _nonempty,
        NONEMPTY,
    ),
    Setting(
        "PORTAL_EDITOR_EN",
        "Editor-in-chief: Chief of the Office of the City People's Committee",
        _text,
        OPTIONAL_EN,
    ),
    Setting(
        "PORTAL_LICENCE_EN",
        "Online portal licence No. 45/GP-TTĐT, issued by the Department of Information "
        "and Communications on 12 May 2020",
        _text,
        OPTIONAL_EN,
    ),
)
# The rows the theme shows on the English page (put in the templates' context).
ENGLISH_SETTINGS = tuple(
    row.name for row in SETTINGS if row.name.endswith("_EN") or row.name == "ENGLISH_URL"
)


@dataclass(frozen=True)
class NewsroomSettings:
    """The checked settings; `values` holds every row of SETTINGS by name."""

    values: dict
    content_path: Path
    cache_path: Path
    timezone: ZoneInfo
    sections: tuple[str, ...]
    related_weights: dict[str, int]
    slug_substitutions: list
    public_siteurl: str  # SITEURL when absolute, else the local preview server
    feeds: FeedPaths

    def __getitem__(self, name: str):
        return self.values[name]


def _fail(name: str, value: object, expected: str) -> SettingsError:
    return SettingsError(f"Thiết lập {name} = {value!r} không dùng được: {expected}")


def load_settings(settings: dict) -> NewsroomSettings:
    """Check every portal setting and return them frozen; raise SettingsError."""
    values = {}
    for row in SETTINGS:
        value = settings.get(row.name, row.default)
        if value is None and row.name == "TIMEZONE":
            value = row.default
        if not row.valid(value):
            raise _fail(row.name, value, row.expected)
        values[row.name] = value

    siteurl = settings.get("SITEURL") or ""
    feeds = feed_paths(settings, values["FEED_MAX_ITEMS"])
    if (feeds.enabled or not settings.get("RELATIVE_URLS")) and not (
        siteurl.startswith(("http://", "https://")) and siteurl.split("://", 1)[1]
    ):
        # Feeds, QR codes, canonical links and the sitemap all carry it.
        raise _fail(
            "SITEURL",
            siteurl,
            "bản dựng chính thức (có RSS hoặc RELATIVE_URLS = False) cần địa chỉ tuyệt đối, "
            "ví dụ https://congtintuc.haiphong.gov.vn (đặt trong publishconf.py hoặc biến "
            "PORTAL_SITEURL)",
        )
    environment = settings.get("JINJA_ENVIRONMENT") or {}
    if not environment.get("autoescape"):
        raise _fail(
            "JINJA_ENVIRONMENT",
            environment,
            'giao diện của cổng cần "autoescape": True (mọi giá trị được thoát HTML)',
        )

    if siteurl.startswith(("http://", "https://")):
        public_siteurl = siteurl.rstrip("/")
    else:
        public_siteurl = f"http://{settings.get('BIND') or '127.0.0.1'}:{settings.get('PORT') or 8000}"
    return NewsroomSettings(
        values=values,
        content_path=Path(settings["PATH"]),
        cache_path=Path(settings.get("CACHE_PATH") or "cache"),
        timezone=ZoneInfo(values["TIMEZONE"]),
        sections=tuple(values["NEWS_SECTIONS"]),
        related_weights={**DEFAULT_WEIGHTS, **values["RELATED_NEWS_WEIGHTS"]},
        slug_substitutions=settings.get("SLUG_REGEX_SUBSTITUTIONS") or [],
        public_siteurl=public_siteurl,
        feeds=feeds,
    )
