"""Feeds, sitemap and robots.txt of the production build, as feed readers
and search engines read them."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import TEST_SITE, Build, copy_test_site, run_pelican
from lxml import etree

SITE = "https://congtintuc.haiphong.gov.vn"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Build:
    build = run_pelican(TEST_SITE, tmp_path_factory.mktemp("feeds") / "output", "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def feed_files(build: Build) -> list[Path]:
    return sorted((build.output / "feeds").rglob("*.xml"))


def local(build: Build, url: str) -> Path:
    assert url.startswith(SITE + "/"), url
    return build.output / urlsplit(url).path.lstrip("/")


def test_every_feed_parses_cleanly(production: Build):
    names = {p.relative_to(production.output / "feeds").as_posix() for p in feed_files(production)}
    for expected in (
        "tat-ca.atom.xml",
        "tat-ca.rss.xml",
        "chuyen-muc/kinh-te.atom.xml",
        "chuyen-muc/thi-dua-khen-thuong.rss.xml",
        "the/thi-dua.atom.xml",
        "the/covid-19.rss.xml",
        "phong-trao/muc-tieu-kep.atom.xml",
        "phong-trao/muc-tieu-kep.rss.xml",
    ):
        assert expected in names
    for path in feed_files(production):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_pelicans_own_feed_writer_is_off(production: Build):
    assert not (production.output / "feeds" / "all.atom.xml").exists()
    assert not list(production.output.glob("feeds/*.atom.xml"))[1:], (
        "only the plugin's all-news feed at top level"
    )


def test_all_news_entries_are_complete_newest_first_and_published_only(production: Build):
    for name in ("tat-ca.atom.xml", "tat-ca.rss.xml"):
        parsed = feedparser.parse((production.output / "feeds" / name).read_bytes())
        links = [entry.link for entry in parsed.entries]
        assert links == [
            f"{SITE}/2022/03/nang-cap-duong-ven-bien.html",
            f"{SITE}/2021/12/so-ket.html",
            f"{SITE}/2021/09/phat-dong.html",
        ], "newest first; the draft and the future-dated article are left out"
        so_ket = parsed.entries[1]
        assert so_ket.title == "Sơ kết phong trào thi đua “Mục tiêu kép” & kế hoạch – năm 2022"
        assert so_ket.id == "tag:congtintuc.haiphong.gov.vn,2021-12-31:so-ket"
        assert so_ket.author == "Sở Nội vụ"
        assert {t.term for t in so_ket.tags} >= {"Thi đua - Khen thưởng", "thi đua"}
        assert "Sơ kết sáu tháng" in so_ket.summary
    raw = (production.output / "feeds" / "tat-ca.atom.xml").read_text(encoding="utf-8")
    assert "2021-12-31T23:40:00+07:00" in raw
    rss = (production.output / "feeds" / "tat-ca.rss.xml").read_text(encoding="utf-8")
    assert "Fri, 31 Dec 2021 23:40:00 +0700" in rss


def test_atom_content_has_absolute_links(production: Build):
    atom = feedparser.parse((production.output / "feeds" / "tat-ca.atom.xml").read_bytes())
    seed = next(e for e in atom.entries if e.link.endswith("/phat-dong.html"))
    content = seed.content[0].value
    assert f'src="{SITE}/files/2021/so-do.png"' in content
    assert f'href="{SITE}/files/2021/ke-hoach-220-kh-ubnd.pdf"' in content
    assert "../" not in content and "{static}" not in content


def test_enclosures_point_at_published_files_with_exact_sizes(production: Build):
    tree = etree.parse(str(production.output / "feeds" / "tat-ca.atom.xml"))
    entry = next(e for e in tree.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith(":so-ket"))
    enclosures = [link for link in entry.iter(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert [Path(link.get("href")).name for link in enclosures] == [
        "ke-hoach-220-kh-ubnd.pdf",
        "danh-sach.xlsx",
    ]
    for link in enclosures:
        file = local(production, link.get("href"))
        assert int(link.get("length")) == file.stat().st_size
    assert enclosures[0].get("type") == "application/pdf"
    rss = feedparser.parse((production.output / "feeds" / "tat-ca.rss.xml").read_bytes())
    so_ket = next(e for e in rss.entries if e.link.endswith("/so-ket.html"))
    assert [(e.href.rsplit("/", 1)[1], int(e.length)) for e in so_ket.enclosures] == [
        ("ke-hoach-220-kh-ubnd.pdf", local(production, so_ket.enclosures[0].href).stat().st_size)
    ]


def test_ids_survive_edits_of_title_body_summary_and_modified(tmp_path, production: Build):
    content = copy_test_site(tmp_path)
    seed = content / "articles/2021/phat-dong.md"
    text = seed.read_text(encoding="utf-8")
    text = text.replace("Title: Phát động", "Title: Đã sửa tiêu đề: Phát động")
    text = text.replace("Summary: UBND", "Modified: 2021-10-02 09:00\nSummary: Tóm tắt mới. UBND")
    seed.write_text(text + "\nMột đoạn mới được thêm vào.\n", encoding="utf-8")
    edited = run_pelican(content, tmp_path / "output", "publishconf.py")
    assert edited.returncode == 0, edited.log

    def ids(build: Build) -> dict[str, str]:
        parsed = feedparser.parse((build.output / "feeds" / "tat-ca.atom.xml").read_bytes())
        return {entry.link: entry.id for entry in parsed.entries}

    assert ids(edited) == ids(production)
    atom = feedparser.parse((edited.output / "feeds" / "tat-ca.atom.xml").read_bytes())
    seed_entry = next(e for e in atom.entries if e.link.endswith("/phat-dong.html"))
    assert seed_entry.title.startswith("Đã sửa tiêu đề")
    assert seed_entry.updated.startswith("2021-10-02T09:00:00+07:00")


def test_an_editor_can_pin_the_id_when_the_slug_changes(tmp_path):
    content = copy_test_site(tmp_path)
    seed = content / "articles/2021/phat-dong.md"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(
            "Slug: phat-dong",
            "Slug: phat-dong-moi\nFeed_id: tag:congtintuc.haiphong.gov.vn,2021-09-30:phat-dong",
        ),
        encoding="utf-8",
    )
    so_ket = content / "articles/2021/so-ket.md"
    so_ket.write_text(
        so_ket.read_text(encoding="utf-8").replace("Related: phat-dong", "Related: phat-dong-moi")
    )
    build = run_pelican(content, tmp_path / "output", "publishconf.py")
    assert build.returncode == 0, build.log
    parsed = feedparser.parse((build.output / "feeds" / "tat-ca.atom.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith("/phat-dong-moi.html"))
    assert entry.id == "tag:congtintuc.haiphong.gov.vn,2021-09-30:phat-dong"


def test_sitemap_lists_every_article_and_no_draft(production: Build):
    tree = etree.parse(str(production.output / "sitemap.xml"))
    urls = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for article in ("2021/09/phat-dong.html", "2021/12/so-ket.html", "2022/03/nang-cap-duong-ven-bien.html"):
        assert f"{SITE}/{article}" in urls
    assert not any("ban-nhap" in url or "bai-hen-gio" in url or "/drafts/" in url for url in urls)
    for url in urls:
        target = local(production, url)
        assert target.is_file() or (target / "index.html").is_file(), url
    robots = (production.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}/sitemap.xml" in robots


def test_feeds_are_off_in_the_preview(test_site: Build):
    assert not (test_site.output / "feeds").exists()


def test_the_production_build_gives_the_same_bytes_twice(tmp_path, production: Build):
    again = run_pelican(TEST_SITE, tmp_path / "output", "publishconf.py")
    assert again.returncode == 0, again.log
    for path in [*feed_files(production), production.output / "sitemap.xml"]:
        relative = path.relative_to(production.output)
        assert (again.output / relative).read_bytes() == path.read_bytes(), relative
    shutil.rmtree(again.output)


def test_the_lead_photo_travels_with_the_entry(production_site: Build):
    """The sample's seed article has a lead photo: Media RSS in RSS, an enclosure in Atom,
    both pointing at a JPEG the site publishes."""
    site = "https://congtintuc.haiphong.gov.vn/"
    rss = feedparser.parse((production_site.output / "feeds/tat-ca.rss.xml").read_bytes())
    atom = feedparser.parse((production_site.output / "feeds/tat-ca.atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    with_photo = [entry for entry in rss.entries if entry.get("media_content")]
    assert with_photo, "entries with a lead photo carry media:content"
    for entry in with_photo:
        image = entry.media_content[0]
        assert image["medium"] == "image" and image["type"] == "image/jpeg"
        assert image["url"].startswith(site)
        assert (production_site.output / image["url"].removeprefix(site)).is_file()
        assert int(image["width"]) >= 400
    atom_images = [link for entry in atom.entries for link in entry.links
                   if link.get("rel") == "enclosure" and link.get("type") == "image/jpeg"]  # fmt: skip
    assert len(atom_images) == len(with_photo)
