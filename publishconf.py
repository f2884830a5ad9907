"""Production settings: `pelican content -s publishconf.py`.

An overlay on `pelicanconf.py`: absolute URLs and feeds on.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = os.environ.get("PORTAL_SITEURL", "https://congtintuc.haiphong.gov.vn")
RELATIVE_URLS = False

# Feeds, written by the newsroom plugin with feedgen (Pelican's own writers are
# switched off by the plugin, so each path is written once).
FEED_ALL_ATOM = "feeds/tat-ca.atom.xml"
FEED_ALL_RSS = "feeds/tat-ca.rss.xml"
CATEGORY_FEED_ATOM = "feeds/chuyen-muc/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/chuyen-muc/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/the/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/the/{slug}.rss.xml"
CAMPAIGN_FEED_ATOM = "feeds/phong-trao/{slug}.atom.xml"
CAMPAIGN_FEED_RSS = "feeds/phong-trao/{slug}.rss.xml"
FEED_MAX_ITEMS = 50

DELETE_OUTPUT_DIRECTORY = True

# Drafts (and scheduled articles) are previewed locally, never published.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# -- Publishing (invoke preview / publish / rollback) ----------------------
# The production build has its own folder, which no preview task touches.
PUBLISH_OUTPUT = "output-production"
OUTPUT_PATH = PUBLISH_OUTPUT
# Releases kept on the target (the live one is always kept).
PUBLISH_KEEP_RELEASES = 5

# -- Web editor -------------------------------------------------------------
# Not part of the published site. An office that edits on the live server sets
# CMS_ADMIN = True with a shared Git backend (README, "Soạn tin trên trình duyệt").
CMS_ADMIN = False
PREVIEW_STATUS_URL = ""
