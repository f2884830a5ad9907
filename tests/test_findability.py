"""What search engines and feed readers find in the production pages: feed
autodiscovery, canonical addresses, descriptions, Open Graph and JSON-LD."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from conftest import Build

SITE = "https://congtintuc.haiphong.gov.vn"
SEED_PAGE = "2021/09/phat-dong-thi-dua-muc-tieu-kep.html"


def public_pages(build: Build) -> list[str]:
    pages = []
    for html in sorted(build.output.rglob("*.html")):
        relative = html.relative_to(build.output).as_posix()
        if not relative.startswith(("drafts/", "pagefind/")):
            pages.append(relative)
    return pages


def served(build: Build, url: str):
    assert url.startswith(SITE + "/"), url
    path = build.output / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def alternates(build: Build, page: str) -> dict[str, list[str]]:
    links = build.html(page).find_all("link", rel="alternate")
    found: dict[str, list[str]] = {}
    for link in links:
        found.setdefault(link.get("type"), []).append(link["href"])
    return found


def test_every_page_links_the_all_news_feeds_and_they_exist(production_site: Build):
    for page in public_pages(production_site):
        feeds = alternates(production_site, page)
        assert f"{SITE}/feeds/tat-ca.atom.xml" in feeds.get("application/atom+xml", []), page
        assert f"{SITE}/feeds/tat-ca.rss.xml" in feeds.get("application/rss+xml", []), page
    for kind in ("application/atom+xml", "application/rss+xml"):
        for href in alternates(production_site, "index.html")[kind]:
            assert served(production_site, href).is_file()


@pytest.mark.parametrize(
    ("page", "own_feed"),
    [
        ("chuyen-muc/y-te/index.html", "feeds/chuyen-muc/y-te"),
        ("phong-trao/muc-tieu-kep/index.html", "feeds/phong-trao/muc-tieu-kep"),
        ("the/thi-dua/index.html", "feeds/the/thi-dua"),
    ],
)
def test_listing_pages_link_their_own_feeds(production_site: Build, page, own_feed):
    feeds = alternates(production_site, page)
    assert f"{SITE}/{own_feed}.atom.xml" in feeds["application/atom+xml"]
    assert f"{SITE}/{own_feed}.rss.xml" in feeds["application/rss+xml"]
    for hrefs in feeds.values():
        for href in hrefs:
            assert served(production_site, href).is_file(), href


def test_the_rss_page_lists_every_feed(production_site: Build):
    text = production_site.text("rss/index.html")
    for feed in production_site.output.joinpath("feeds").rglob("*.xml"):
        address = f"{SITE}/{feed.relative_to(production_site.output).as_posix()}"
        assert address in text or production_site.html("rss/index.html").find("a", href=address), address


def test_every_page_has_a_canonical_address_and_a_description(production_site: Build):
    for page in public_pages(production_site):
        if page == "404.html":
            continue
        soup = production_site.html(page)
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None, page
        assert (
            served(production_site, canonical["href"]).resolve() == (production_site.output / page).resolve()
        )
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), page
        assert soup.find("meta", property="og:url")["content"] == canonical["href"], page
        assert soup.find("meta", property="og:locale")["content"] in ("vi_VN", "en_US"), page
        assert soup.find("link", rel="icon") is not None, page


def test_the_article_describes_itself_to_search_engines(production_site: Build):
    soup = production_site.html(SEED_PAGE)
    url = f"{SITE}/{SEED_PAGE}"
    published = soup.find("time")["datetime"]
    assert soup.find("meta", property="og:title")["content"].startswith("Phát động phong trào thi đua")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="article:published_time")["content"] == published
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"]

    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    article = next(b for b in blocks if b.get("@type") == "NewsArticle")
    assert article["headline"] == soup.find("h1").get_text(" ", strip=True)
    assert article["datePublished"] == published == "2021-09-30T16:21:00+07:00"
    assert article["dateModified"] >= article["datePublished"]
    main_entity = article["mainEntityOfPage"]
    assert (main_entity["@id"] if isinstance(main_entity, dict) else main_entity) == url
    assert article["publisher"]["name"] == "Cổng tin tức Thành phố Hải Phòng"
    assert article["author"]


def test_the_english_page_says_it_is_english(production_site: Build):
    soup = production_site.html("english/index.html")
    assert soup.find("html")["lang"] == "en"
    assert production_site.html("index.html").find("html")["lang"] == "vi"
