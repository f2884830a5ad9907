"""Production settings: `pelican content -s publishconf.py`.

An overlay on `pelicanconf.py`: absolute URLs and feeds on.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = os.environ.get("PORTAL_SITEURL", "https://congtintuc.haiphong.gov.vn")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/chuyen-muc/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/chuyen-muc/{slug}.rss.xml"

DELETE_OUTPUT_DIRECTORY = True
