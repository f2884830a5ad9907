"""sitemap.xml, and its index past the protocol's 50,000 URLs per file."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from lxml import etree
from newsroom import sitemap

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
START = datetime(2021, 9, 30, 16, 21, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_one_file_sorted_once_each_with_local_dates():
    files = sitemap.sitemap_files(
        [("https://a.vn/b", START), ("https://a.vn/a", None), ("https://a.vn/b", START)], "https://a.vn"
    )
    root = etree.fromstring(files["sitemap.xml"])
    assert [u.findtext(f"{NS}loc") for u in root] == ["https://a.vn/a", "https://a.vn/b"]
    assert root[1].findtext(f"{NS}lastmod") == "2021-09-30T16:21:00+07:00"
    assert root[0].find(f"{NS}lastmod") is None


def test_past_the_limit_an_index_points_at_numbered_files(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    pages = [(f"https://a.vn/{i}", START + timedelta(days=i)) for i in range(5)]
    files = sitemap.sitemap_files(pages, "https://a.vn")
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert [s.findtext(f"{NS}loc") for s in index] == [f"https://a.vn/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert sum(len(etree.fromstring(files[f"sitemap-{n}.xml"])) for n in (1, 2, 3)) == 5
