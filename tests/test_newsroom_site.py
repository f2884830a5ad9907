"""The plugin's pages on the small committed test site."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Build, copy_test_site, replace_line, run_pelican, site_files


def test_campaign_page_lists_its_articles(test_site: Build):
    text = test_site.text("phong-trao/muc-tieu-kep/index.html")
    assert "Phong trào: Mục tiêu kép" in text
    assert "2 bài viết" in text
    assert text.index("Sơ kết phong trào") < text.index("Phát động phong trào")  # newest first
    article = test_site.html("2021/09/phat-dong.html")
    assert article.find("a", href=re.compile(r"phong-trao/muc-tieu-kep/$"))


def test_document_page_lists_articles_and_attachments(test_site: Build):
    text = test_site.text("van-ban/220-kh-ubnd-2021/index.html")
    assert "Kế hoạch số 220/KH-UBND" in text
    assert "UBND thành phố" in text and "28/09/2021" in text
    assert "Phát động phong trào thi đua" in text
    assert "Tài liệu đính kèm" in text and "Kế hoạch số 220/KH-UBND" in text


def test_document_listing_newest_first_with_type_and_year_views(test_site: Build):
    listing = test_site.text("van-ban/index.html")
    assert listing.index("05/QĐ-UBND") < listing.index("220/KH-UBND")  # issued 30/12 before 28/9
    for shown in ("30/12/2021", "Quyết định", "UBND thành phố", "Sơ kết phong trào thi đua"):
        assert shown in listing
    assert "05/QĐ-UBND" not in test_site.text("van-ban/loai/ke-hoach/index.html")
    assert "220/KH-UBND" in test_site.text("van-ban/loai/ke-hoach/index.html")
    assert "05/QĐ-UBND" in test_site.text("van-ban/nam/2021/index.html")


def test_a_shared_attachment_has_one_url_in_lists_and_body(test_site: Build):
    hrefs = set()
    for page in ("2021/09/phat-dong.html", "2021/12/so-ket.html"):
        soup = test_site.html(page)
        for link in soup.find_all("a", href=re.compile(r"ke-hoach-220-kh-ubnd\.pdf$")):
            hrefs.add((Path(page).parent / link["href"]).as_posix())
    normalised = {re.sub(r"[^/]+/\.\./", "", h) for h in hrefs}
    while any("../" in h for h in normalised):
        normalised = {re.sub(r"[^/]+/\.\./", "", h) for h in normalised}
    assert normalised == {"files/2021/ke-hoach-220-kh-ubnd.pdf"}
    assert (test_site.output / "files/2021/ke-hoach-220-kh-ubnd.pdf").is_file()


def test_attachment_sizes_are_shown_in_vietnamese(test_site: Build):
    item = next(
        li for li in test_site.html("2021/12/so-ket.html").select("li") if "Danh sách khen thưởng" in li.text
    )
    size = (test_site.output / "files/2021/danh-sach.xlsx").stat().st_size
    assert f"{size / 1024:.1f}".replace(".", ",").rstrip("0").rstrip(",") + " KB" in item.get_text()
    assert "Excel" in item.get_text()


def test_a_second_build_makes_no_qr_code(tmp_path):
    content = copy_test_site(tmp_path)
    cache = tmp_path / "cache"
    first = run_pelican(
        content,
        tmp_path / "one",
        "pelicanconf.py",
        "-e",
        f'CACHE_PATH="{cache}"',
        "NEWSROOM_REPORT_TIMINGS=true",
    )
    second = run_pelican(
        content,
        tmp_path / "two",
        "pelicanconf.py",
        "-e",
        f'CACHE_PATH="{cache}"',
        "NEWSROOM_REPORT_TIMINGS=true",
    )
    assert '"qr_made": 6' in first.log  # three articles, two drafts (one scheduled) and the fanpage
    assert '"qr_made": 0' in second.log
    assert site_files(tmp_path / "one", reproducible_only=True) == site_files(
        tmp_path / "two", reproducible_only=True
    )


def test_one_document_number_cannot_have_two_dates(tmp_path):
    content = copy_test_site(tmp_path)
    replace_line(content / "articles/2021/so-ket.md", "Document: 05/QĐ-UBND", "Document: 220/KH-UBND")
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode != 0
    assert "articles/2021/so-ket.md: trường Document_date = “2021-12-30”" in build.log
    assert "được ghi là “2021-09-28” trong articles/2021/phat-dong.md" in build.log
    assert "articles/2021/phat-dong.md: trường Document_date = “2021-09-28”" in build.log  # named in both


def test_the_same_number_in_another_year_is_another_document(tmp_path):
    content = copy_test_site(tmp_path)
    replace_line(
        content / "articles/2022/duong.md",
        "Source: Sở Giao thông vận tải",
        "Source: Sở Giao thông vận tải\nDocument: 220/KH-UBND\n"
        "Document_date: 2022-02-20\nIssuer: UBND thành phố",
    )
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert "Phát động phong trào" in build.text("van-ban/220-kh-ubnd-2021/index.html")
    later = build.text("van-ban/220-kh-ubnd-2022/index.html")
    assert "Khởi công nâng cấp tuyến đường ven biển" in later
    assert "Phát động phong trào" not in later


def test_a_pin_to_an_unpublished_article_is_dropped_with_a_warning(tmp_path):
    content = copy_test_site(tmp_path)
    replace_line(
        content / "articles/2021/so-ket.md", "Related: phat-dong", "Related: ban-nhap, phat-dong, phat-dong"
    )
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert "articles/2021/so-ket.md: trường Related = “ban-nhap”: bài này chưa đăng" in build.log
    related = build.html("2021/12/so-ket.html")
    heading = next(h for h in related.find_all(["h2", "h3"]) if h.get_text(strip=True) == "Tin khác")
    links = [a["href"] for a in heading.find_parent(["section", "aside", "div"]).find_all("a", href=True)]
    assert not any("ban-nhap" in link for link in links)
    assert sum(link.endswith("phat-dong.html") for link in links) == 1


def test_campaign_names_differing_in_case_are_one_campaign(tmp_path):
    content = copy_test_site(tmp_path)
    replace_line(content / "articles/2021/so-ket.md", "Campaign: Mục tiêu kép", "Campaign: mục tiêu kép")
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert "2 bài viết" in build.text("phong-trao/muc-tieu-kep/index.html")


def test_production_publishes_no_draft(production_site: Build):
    assert not (production_site.output / "drafts").exists()
    draft_title = "Lịch tiếp công dân định kỳ của Chủ tịch UBND thành phố tháng 12 năm 2026"
    for html in production_site.output.rglob("*.html"):
        assert draft_title not in html.read_text(encoding="utf-8"), html
