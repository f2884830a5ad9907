"""Photos end to end: a copy of the test site with a lead photo and a body photo,
built by Pelican, read as a reader, a link preview and an editor see it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, Build, copy_test_site, run_pelican
from PIL import Image

# Runs once the generator calls the photo pipeline (see the photos package docstring).
WIRED = "photos.prepare" in (ROOT / "plugins" / "newsroom" / "generator.py").read_text(encoding="utf-8")
pytestmark = pytest.mark.skipif(not WIRED, reason="needs the lead's wiring of newsroom.photos")

ARTICLE = "2021/09/phat-dong.html"
GPS_IFD = 0x8825


def add_photos(content: Path, lead: str = "images/2021/le-phat-dong.jpg") -> None:
    photo = content / "images" / "2021" / "le-phat-dong.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 51.0, 0.0)})
    Image.new("RGB", (1600, 1000), (180, 30, 40)).save(photo, "JPEG", exif=exif)
    Image.new("RGB", (900, 600), (30, 90, 160)).save(photo.with_name("than-bai.png"), "PNG")
    article = content / "articles" / "2021" / "phat-dong.md"
    head, _, body = article.read_text(encoding="utf-8").partition("\n\n")
    head += (
        f"\nImage: {lead}\nImage_alt: Quang cảnh lễ phát động\n"
        "Image_caption: Lễ phát động sáng 30/9\nImage_credit: Thu Hà"
    )
    body += '\n\n![Người dân hưởng ứng](images/2021/than-bai.png "Hưởng ứng tại phường | Ảnh: Minh Anh")\n'
    article.write_text(f"{head}\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("photos")
    content = copy_test_site(root)
    add_photos(content)
    build = run_pelican(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def test_lead_photo_is_shown_with_caption_credit_and_every_size(built: Build):
    figure = built.html(ARTICLE).select_one("figure.lead-photo")
    image = figure.find("img")
    assert image["alt"] == "Quang cảnh lễ phát động"
    assert (image["width"], image["height"]) == ("1200", "750")
    assert image["fetchpriority"] == "high" and "loading" not in image.attrs
    assert figure.find("figcaption").get_text(" ", strip=True) == "Lễ phát động sáng 30/9 Ảnh: Thu Hà"
    webp = figure.find("source", type="image/webp")["srcset"]
    urls = re.findall(r"(\S+) (\d+)w", webp)
    assert [w for _, w in urls] == ["400", "800", "1200"]
    for url, width in urls:
        published = built.output / "2021/09" / url
        with Image.open(published) as made:
            assert made.format == "WEBP" and made.width == int(width)
            assert not made.getexif()  # the GPS position stayed behind


def test_body_photo_becomes_a_lazy_figure(built: Build):
    body = built.html(ARTICLE).select_one(".article-body")
    figure = body.select_one("figure.photo")
    image = figure.find("img")
    assert image["loading"] == "lazy" and image["decoding"] == "async"
    assert (image["width"], image["height"]) == ("900", "600")
    assert figure.find("figcaption").get_text(" ", strip=True) == "Hưởng ứng tại phường Ảnh: Minh Anh"
    assert (built.output / "2021/09" / image["src"]).is_file()
    assert "data-photo" not in str(body)


def test_link_previews_carry_the_photo(built: Build):
    page = built.html(ARTICLE)
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=re.compile("^og:image"))}
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/anh/2021/le-phat-dong-[0-9a-f]{8}-og\.jpg", og["og:image"])
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    with Image.open(built.output / og["og:image"].split("8000/", 1)[1]) as preview:
        assert preview.size == (1200, 630)
    other = built.html("2021/12/so-ket.html").find("meta", property="og:image")["content"]
    assert other.endswith("/theme/images/og-mac-dinh.jpg")


def test_listings_show_the_thumbnail_and_sources_are_not_published(built: Build):
    for page in ("index.html", "luu-tru/index.html", "chuyen-muc/thi-dua-khen-thuong/index.html"):
        card = built.html(page).select_one(".has-thumb")
        assert card.find("a")["href"].endswith(ARTICLE), page  # the title's link, the card's only one
        image = card.select_one(".thumb picture img")
        assert image["alt"] == "" and image["loading"] == "lazy", page  # it repeats the title
    assert not (built.output / "images").exists()  # originals keep their EXIF: never published


def test_missing_photo_stops_the_build_naming_file_and_field(tmp_path):
    content = copy_test_site(tmp_path)
    add_photos(content, lead="images/2021/khong-co.jpg")
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode != 0
    assert (
        "articles/2021/phat-dong.md: trường Image = “images/2021/khong-co.jpg”: "
        "không tìm thấy tệp content/images/2021/khong-co.jpg"
    ) in build.log


def test_the_article_page_with_its_lead_photo_stays_light(built: Build):
    """HTML, CSS, JS, QR codes and the lead photo a phone loads first: under 200 KB."""
    page = built.html(ARTICLE)
    folder = built.output / "2021/09"
    parts = [built.output / ARTICLE]
    # Theme files carry ?v=<fingerprint>: the file is the path without it.
    parts += [folder / link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    parts += [folder / script["src"].split("?")[0] for script in page.find_all("script", src=True)]
    parts += [folder / image["src"] for image in page.find_all("img") if not image.find_parent("picture")]
    lead = page.select_one("figure.lead-photo source")["srcset"]
    parts.append(folder / dict(reversed(c.split()) for c in lead.split(", "))["800w"])  # 390 px at 2x
    assert sum(part.stat().st_size for part in parts) < 200 * 1024
    assert all(image.get("loading") == "lazy" for image in page.select(".article-body picture img"))
