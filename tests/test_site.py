"""The sample portal, built as an editor and a deploy script build it, read
as a reader sees it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import Build, run_pelican, site_files
from test_qr import rasterise

SEED_PAGE = "2021/09/phat-dong-thi-dua-muc-tieu-kep.html"
SEED_TITLE = (
    "Phát động phong trào thi đua thực hiện thắng lợi “Mục tiêu kép” phòng, chống dịch COVID-19 "
    "và phát triển kinh tế-xã hội"
)


def seed_paragraphs() -> list[str]:
    """The body paragraphs of the captured seed page (tests/data/seed-article.txt)."""
    text = (Path(__file__).parent / "data" / "seed-article.txt").read_text(encoding="utf-8")
    body = text.split("\n", 1)[1].split("Tài liệu đính kèm")[0]
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def test_the_seed_page_has_every_piece_of_the_original(sample_site: Build):
    page = sample_site.html(SEED_PAGE)
    text = sample_site.text(SEED_PAGE)

    assert page.find("h1").get_text(" ", strip=True) == SEED_TITLE
    date = page.find("time")
    assert date.get_text(strip=True) == "Thứ Năm, 30/09/2021 16:21"
    assert date["datetime"].startswith("2021-09-30T16:21:00+07:00")

    buttons = {" ".join(b.get_text(" ", strip=True).split()) for b in page.find_all("button")}
    assert {"A+", "Gốc"} <= buttons
    assert any(b in buttons for b in ("A−", "A-"))
    assert any("In" in b or "Print" in b for b in buttons)

    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 8
    shown = [" ".join(p.get_text().split()) for p in page.find_all("p")]
    for paragraph in paragraphs:
        assert paragraph in shown

    assert "Kế hoạch số 220/KH-UBND ngày 28/9/2021 của UBND thành phố" in text
    assert "Tài liệu đính kèm" in text
    assert "Nguồn tin" in text and "Ban Thi đua - Khen thưởng thành phố" in text
    assert "Tiện ích thông tin" in text
    assert f"QR CODE: {SEED_TITLE}" in text
    assert "Chúng tôi trên Mạng Xã hội" in text
    assert "Mã QR Code truy cập vào Fanpage Cổng tin tức Thành phố Hải Phòng" in text
    assert "Tin khác" in text


def resolve(build: Build, page: str, link: str) -> Path:
    return (build.output / page).parent.joinpath(unquote(urlsplit(link).path)).resolve()


def test_the_attachment_downloads_a_file_that_exists(sample_site: Build):
    page = sample_site.html(SEED_PAGE)
    downloads = [a for a in page.find_all("a", href=True) if a["href"].endswith("ke-hoach-220-kh-ubnd.pdf")]
    assert downloads, "the plan must be offered for download"
    for link in downloads:
        target = resolve(sample_site, SEED_PAGE, link["href"])
        assert target.is_file()
        assert target.read_bytes().startswith(b"%PDF")
    listed = next(a for a in downloads if "Kế hoạch số 220/KH-UBND" in a.get_text())
    assert "PDF" in listed.find_parent("li").get_text()


def test_the_qr_codes_are_published_with_text_alternatives(sample_site: Build):
    page = sample_site.html(SEED_PAGE)
    images = {img["src"]: img for img in page.find_all("img") if img["src"].endswith(".svg")}
    assert len(images) >= 2
    for src, img in images.items():
        assert resolve(sample_site, SEED_PAGE, src).is_file()
        assert img["alt"].startswith("Mã QR dẫn tới")


def test_production_qr_code_encodes_the_absolute_address(production_site: Build):
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    page = production_site.html(SEED_PAGE)
    img = next(img for img in page.find_all("img") if "QR CODE" in img.find_parent("figure").get_text())
    svg_path = production_site.output / urlsplit(img["src"]).path.lstrip("/")
    decoded = pyzbar.decode(rasterise(svg_path.read_text(encoding="utf-8")))
    assert [s.data.decode() for s in decoded] == [f"https://congtintuc.haiphong.gov.vn/{SEED_PAGE}"]


def test_related_news_links_to_other_published_articles(sample_site: Build):
    page = sample_site.html(SEED_PAGE)
    heading = next(h for h in page.find_all(["h2", "h3"]) if h.get_text(strip=True) == "Tin khác")
    links = heading.find_parent(["section", "aside", "nav", "div"]).find_all("a", href=True)
    assert 1 <= len(links) <= 6
    for link in links:
        assert resolve(sample_site, SEED_PAGE, link["href"]).is_file()
        assert Path(urlsplit(link["href"]).path).name != "phat-dong-thi-dua-muc-tieu-kep.html"


@pytest.mark.parametrize("site", ["sample_site", "production_site"])
def test_no_internal_link_is_broken(site, request):
    build: Build = request.getfixturevalue(site)
    broken = []
    for html in build.output.rglob("*.html"):
        page = html.relative_to(build.output).as_posix()
        soup = build.html(page)
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in soup.find_all(tag, **{attribute: True}):
                link = element[attribute]
                parts = urlsplit(link)
                if parts.scheme in ("mailto", "tel", "javascript") or link.startswith("#"):
                    continue
                if parts.scheme and not link.startswith("https://congtintuc.haiphong.gov.vn"):
                    continue  # another site
                path = unquote(parts.path)
                if parts.scheme or path.startswith("/"):
                    target = build.output / path.lstrip("/")
                else:
                    target = (html.parent / path).resolve()
                if target.is_dir() or path.endswith("/"):
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{page}: {link}")
    assert broken == []


def test_drafts_are_not_published_in_listings(sample_site: Build):
    for listing in ("index.html", "luu-tru/index.html"):
        assert "drafts/" not in str(sample_site.html(listing))


def test_the_same_content_builds_the_same_bytes(test_site: Build, tmp_path):
    from conftest import TEST_SITE

    again = run_pelican(TEST_SITE, tmp_path / "output")
    assert again.returncode == 0, again.log

    assert site_files(again.output, reproducible_only=True) == site_files(
        test_site.output, reproducible_only=True
    )


def test_an_article_page_with_its_css_js_and_qr_codes_stays_under_64_kb(production_site: Build):
    soup = production_site.html(SEED_PAGE)
    parts = [production_site.output / SEED_PAGE]
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag, **{attribute: True}):
            if (
                tag == "link"
                and "stylesheet" not in element.get("rel", [])
                and "icon" not in element.get("rel", [])
            ):
                continue
            if element.find_parent("picture"):
                continue  # photos have their own budget (test_photos_site.py)
            parts.append(production_site.output / urlsplit(element[attribute]).path.lstrip("/"))
    assert all(part.is_file() for part in parts), parts
    total = sum(part.stat().st_size for part in parts)
    assert len(parts) >= 5  # the page, its stylesheet, its script, two QR codes
    # Before compression; the lead photo's markup and the share script came with photos.
    assert total < 64 * 1024, f"{total} bytes: {[(p.name, p.stat().st_size) for p in parts]}"
