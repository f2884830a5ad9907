"""Settings for the Hải Phòng city news portal (local preview).

`publishconf.py` imports this module and overrides what production needs.
"""

import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE / "plugins"))

from newsroom.staging import StagedPelican

# Build beside the output folder and swap it in only when the build succeeded.
PELICAN_CLASS = StagedPelican

# -- Portal ---------------------------------------------------------------
SITENAME = "Cổng tin tức Thành phố Hải Phòng"
SITESUBTITLE = "Thông tin chính thống của chính quyền thành phố"
SITEURL = ""
AUTHOR = "Cổng tin tức Thành phố Hải Phòng"

PORTAL_OWNER = "Ủy ban nhân dân thành phố Hải Phòng"
PORTAL_ADDRESS = "Số 18 Hoàng Diệu, phường Minh Khai, quận Hồng Bàng, thành phố Hải Phòng"
PORTAL_HOTLINE = "0225.3842.556"
PORTAL_EMAIL = "congtintuc@haiphong.gov.vn"
PORTAL_LICENCE = (
    "Giấy phép thiết lập Cổng thông tin điện tử số 45/GP-TTĐT "
    "do Sở Thông tin và Truyền thông cấp ngày 12/5/2020"
)
PORTAL_EDITOR = "Chịu trách nhiệm chính: Chánh Văn phòng UBND thành phố"

FANPAGE_URL = "https://www.facebook.com/congtintuchaiphong"
SOCIAL = (
    ("Facebook", "https://www.facebook.com/congtintuchaiphong"),
    ("YouTube", "https://www.youtube.com/@truyenhinhhaiphong"),
    ("Zalo", "https://zalo.me/congtintuchaiphong"),
)

# -- Language and time ----------------------------------------------------
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"

# -- Content --------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Every non-source file under content/ is published at its own path, so an
# attachment has one stable URL however many articles link to it.
STATIC_PATHS = [""]
# Source photos are published only as derivatives (no EXIF/GPS, see plugins/newsroom/photos).
STATIC_EXCLUDES = ["images"]
EXTRA_PATH_METADATA = {}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Chưa phân loại"
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
TYPOGRIFY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
        "newsroom.photos.mdext": {},  # body photos become figures with caption and credit
    },
    "output_format": "html5",
}

# Sections (categories) in navigation order. An article's Category must be one
# of these names.
NEWS_SECTIONS = [
    "Thời sự - Chính trị",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Y tế",
    "Giáo dục",
    "Thi đua - Khen thưởng",
    "Quốc phòng - An ninh",
    "Thông báo",
]

# -- URLs (slugs have no diacritics: "đ" becomes "d") ---------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
TAGS_SAVE_AS = "the/index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CAMPAIGN_URL = "phong-trao/{slug}/"
CAMPAIGN_SAVE_AS = "phong-trao/{slug}/index.html"
CAMPAIGNS_URL = "phong-trao/"
CAMPAIGNS_SAVE_AS = "phong-trao/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "search", "404"]
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = "tim-kiem/index.html"
CATEGORIES_URL = "chuyen-muc/"
TAGS_URL = "the/"
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "archives": 30}
SLUGIFY_SOURCE = "title"
# A future-dated article is a scheduled one: it is not published (nor in any
# feed) until a build after its date.
WITH_FUTURE_DATES = False

# -- Theme and plugins ----------------------------------------------------
THEME = "theme"
# The theme relies on autoescape: every value is escaped unless marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["newsroom"]
# The portal's own settings (SEARCH_INDEX, RELATED_NEWS_*, QR_CODE_*, DOCUMENT_*,
# CAMPAIGN_*, ...) have their defaults in one table: plugins/newsroom/settings.py.

# -- Local preview ---------------------------------------------------------
RELATIVE_URLS = True
# Where `invoke serve`/`livereload` serve the preview; QR codes and canonical
# links of a preview point there. PORTAL_PORT changes both.
BIND = "127.0.0.1"
PORT = int(os.environ.get("PORTAL_PORT", "8000"))
FEED_ALL_ATOM = None  # feeds are on in publishconf.py
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_PATH = ".cache"
# Pelican's content cache: an article whose file is byte for byte the same is not
# parsed again (half of a one-edit build at 5,000 articles). Known by the file's
# digest, not its mtime (a tool may keep the mtime of a file it rewrote); kept per
# plugin code, versions and settings (cache_repair.py); not gzipped (a second per
# build at 5,000 articles, for a file that stays on this disk).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
GZIP_CACHE = False

# Where `invoke publish` deploys to (rsync target "user@host:/path/");
# the environment variable PORTAL_DEPLOY_TARGET overrides it.
DEPLOY_TARGET = ""
READERS = {"rst": None}

# -- Web editor (invoke cms) -----------------------------------------------
# Decap CMS at /admin/ of the preview, saving through decap-server into this
# working copy; the preview build's state for the editor and the preview pages.
CMS_ADMIN = True
PREVIEW_STATUS_URL = "_preview/status.json"
