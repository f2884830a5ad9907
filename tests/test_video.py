"""Videos end to end: a YouTube video behind a facade (nothing of YouTube's on the
page but a link), a file of the portal's own as <video> with captions, the frames
each page's policy allows, and the editor's mistakes named with file and field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Build, copy_test_site, replace_line, run_pelican
from newsroom.video import FILE, YOUTUBE, VideoSource, parse_video, youtube_id
from PIL import Image

YOUTUBE_ARTICLE = "articles/2021/phat-dong.md"
YOUTUBE_PAGE = "2021/09/phat-dong.html"
FILE_ARTICLE = "articles/2021/so-ket.md"
FILE_PAGE = "2021/12/so-ket.html"
PLAIN_PAGE = "2022/03/nang-cap-duong-ven-bien.html"


def add_fields(content: Path, source: str, lines: str) -> None:
    replace_line(content / source, "\nCategory:", f"\n{lines.strip()}\nCategory:")


def video_site(root: Path) -> Path:
    """The test site with a YouTube video (own poster) and a video file with captions."""
    content = copy_test_site(root)
    poster = content / "images" / "2021" / "so-ket-video.jpg"
    poster.parent.mkdir(parents=True)
    Image.new("RGB", (1280, 720), (20, 60, 120)).save(poster, "JPEG")
    files = content / "files" / "2021"
    (files / "so-ket.webm").write_bytes(b"\x1a\x45\xdf\xa3 not really a video")
    (files / "so-ket.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào\n", encoding="utf-8")
    (files / "khong-ai-dung.mp4").write_bytes(b"unreferenced")
    add_fields(
        content,
        YOUTUBE_ARTICLE,
        "Video: https://www.youtube.com/watch?v=M7lc1UVf-VE&t=1m30s\n"
        "Video_title: Lễ phát động thi đua\nVideo_poster: images/2021/so-ket-video.jpg",
    )
    add_fields(content, FILE_ARTICLE, "Video: files/2021/so-ket.webm\nVideo_captions: files/2021/so-ket.vtt")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("video")
    content = video_site(root)
    site = run_pelican(content, root / "output", "publishconf.py", "-e", "SEARCH_INDEX=false")
    assert site.returncode == 0, site.log
    return site


def policy_of(site: Build, page: str) -> str:
    return site.html(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_youtube_is_a_link_with_the_portal_s_poster_and_nothing_of_youtube_loads(built):
    page = built.html(YOUTUBE_PAGE)
    facade = page.select_one("figure.video a.video-facade")
    assert facade["href"] == "https://www.youtube.com/watch?v=M7lc1UVf-VE&t=90s"
    assert (
        facade["data-video-embed"] == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&start=90"
    )
    assert facade.get_text(" ", strip=True) == "Phát video: Lễ phát động thi đua"
    poster = facade.find("img")
    assert poster["alt"] == "" and poster["src"].startswith("https://congtintuc.haiphong.gov.vn/anh/2021/")
    assert (built.output / poster["src"].split("/", 3)[3]).is_file()  # the poster is published
    # Nothing a browser would load from a third party before play: no frame, no
    # YouTube thumbnail, no YouTube script; only the link and the data attribute name it.
    loaded = [
        tag.get("src", "") + tag.get("srcset", "")
        for tag in page.find_all(["img", "source", "script", "iframe"])
    ]
    assert not [url for url in loaded if "youtube" in url or "ytimg" in url]
    assert not page.find("iframe")
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert any("/theme/js/video.js?v=" in src for src in scripts)


def test_only_a_page_that_plays_youtube_allows_its_player(built):
    assert policy_of(built, YOUTUBE_PAGE).endswith("frame-src https://www.youtube-nocookie.com")
    for page in (PLAIN_PAGE, FILE_PAGE, "index.html", "gioi-thieu/index.html"):
        assert policy_of(built, page).endswith("frame-src 'none'"), page
    plain = built.html(PLAIN_PAGE)
    assert not any("video.js" in s["src"] for s in plain.find_all("script", src=True))


def test_an_own_file_is_a_video_element_with_poster_and_vietnamese_captions(built):
    video = built.html(FILE_PAGE).select_one("figure.video video")
    assert video.has_attr("controls") and video["preload"] == "none"
    assert (video["width"], video["height"]) == ("1280", "720")
    assert "/theme/images/og-mac-dinh.jpg?v=" in video["poster"]  # no photo: the portal's own
    source = video.find("source")
    assert source["type"] == "video/webm"
    track = video.find("track")
    assert (track["kind"], track["srclang"], track["label"]) == ("captions", "vi", "Tiếng Việt")
    assert track.has_attr("default")
    for url in (source["src"], track["src"]):
        path = url.removeprefix("https://congtintuc.haiphong.gov.vn/")
        assert (built.output / path).is_file(), path
    assert not (built.output / "files" / "2021" / "khong-ai-dung.mp4").exists()  # referenced only
    # The title falls back to the article's.
    assert (
        built.html(FILE_PAGE).select_one("figure.video figcaption").get_text(strip=True).startswith("Sơ kết")
    )


def test_the_lead_photo_is_the_poster_and_is_not_shown_twice(tmp_path):
    content = copy_test_site(tmp_path)
    photo = content / "images" / "2021" / "le-phat-dong.jpg"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (1600, 900), (180, 30, 40)).save(photo, "JPEG")
    add_fields(
        content,
        YOUTUBE_ARTICLE,
        "Image: images/2021/le-phat-dong.jpg\nImage_alt: Quang cảnh lễ phát động\nVideo: https://youtu.be/M7lc1UVf-VE",
    )
    site = run_pelican(content, tmp_path / "output")
    assert site.returncode == 0, site.log
    page = site.html(YOUTUBE_PAGE)
    assert not page.select("figure.lead-photo")
    poster = page.select_one("a.video-facade img")
    assert "le-phat-dong" in poster["src"] and poster["fetchpriority"] == "high"
    assert (
        page.select_one("a.video-facade").get_text(strip=True).startswith("Phát video: Phát động phong trào")
    )


@pytest.mark.parametrize(
    ("source", "lines", "field", "message", "fails"),
    [
        pytest.param(
            YOUTUBE_ARTICLE,
            "Video: https://www.youtube.com/channel/UC123",
            "Video",
            "không nhận ra địa chỉ video YouTube",
            True,
            id="unknown-youtube-form",
        ),
        pytest.param(
            YOUTUBE_ARTICLE,
            "Video: https://vimeo.com/12345",
            "Video",
            "không nhận ra địa chỉ video YouTube",
            True,
            id="another-site",
        ),
        pytest.param(
            FILE_ARTICLE,
            "Video: files/2021/khong-co.mp4\nVideo_captions: files/2021/so-ket.vtt",
            "Video",
            "không tìm thấy tệp content/files/2021/khong-co.mp4",
            True,
            id="missing-file",
        ),
        pytest.param(
            FILE_ARTICLE,
            "Video: files/2021/so-ket.webm\nVideo_captions: files/2021/khong-co.vtt",
            "Video_captions",
            "không tìm thấy tệp content/files/2021/khong-co.vtt",
            True,
            id="missing-captions-file",
        ),
        pytest.param(
            FILE_ARTICLE,
            "Video: files/2021/so-ket.avi",
            "Video",
            "loại tệp “.avi” không dùng được",
            True,
            id="unsupported-type",
        ),
        pytest.param(
            FILE_ARTICLE,
            "Video: files/2021/so-ket.webm",
            "Video_captions",
            "video chưa có phụ đề",
            False,
            id="no-captions-is-a-warning",
        ),
        pytest.param(
            YOUTUBE_ARTICLE,
            "Video: https://youtu.be/M7lc1UVf-VE\nVideo_captions: files/2021/so-ket.vtt",
            "Video_captions",
            "video YouTube dùng phụ đề đã đăng trên YouTube",
            False,
            id="captions-for-youtube",
        ),
        pytest.param(
            YOUTUBE_ARTICLE,
            "Video: https://youtu.be/M7lc1UVf-VE\nVideo_poster: images/2021/khong-co.jpg",
            "Video_poster",
            "không tìm thấy tệp content/images/2021/khong-co.jpg",
            True,
            id="missing-poster",
        ),
    ],
)
def test_mistakes_name_the_file_and_the_field(tmp_path, source, lines, field, message, fails):
    content = copy_test_site(tmp_path)
    files = content / "files" / "2021"
    (files / "so-ket.webm").write_bytes(b"webm")
    (files / "so-ket.vtt").write_text("WEBVTT\n", encoding="utf-8")
    add_fields(content, source, lines)
    site = run_pelican(content, tmp_path / "output")
    assert (site.returncode != 0) == fails, site.log
    kind = "Lỗi nội dung" if fails else "Cảnh báo"
    assert re.search(
        rf"{kind}: {re.escape(source)}: trường {field}( = “[^”]*”)?: [^\n]*{re.escape(message)}", site.log
    ), site.log


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE", ("M7lc1UVf-VE", 0)),
        ("https://m.youtube.com/watch?feature=share&v=M7lc1UVf-VE&t=75", ("M7lc1UVf-VE", 75)),
        ("https://youtu.be/M7lc1UVf-VE?t=1h2m3s", ("M7lc1UVf-VE", 3723)),
        ("youtu.be/M7lc1UVf-VE", ("M7lc1UVf-VE", 0)),
        ("https://www.youtube.com/shorts/M7lc1UVf-VE", ("M7lc1UVf-VE", 0)),
        ("https://www.youtube.com/embed/M7lc1UVf-VE?start=10", ("M7lc1UVf-VE", 10)),
        ("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE", ("M7lc1UVf-VE", 0)),
        ("https://www.youtube.com/live/M7lc1UVf-VE", ("M7lc1UVf-VE", 0)),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://www.youtube.com/playlist?list=PL123", None),
        ("https://www.youtube.com/@truyenhinhhaiphong", None),
        ("https://evil.example/watch?v=M7lc1UVf-VE", None),
        ("https://youtube.com.evil.example/watch?v=M7lc1UVf-VE", None),
        ("javascript:alert(1)//youtu.be/M7lc1UVf-VE", None),
    ],
)
def test_youtube_addresses(url, found):
    assert youtube_id(url) == found


def test_parse_video_tells_a_file_from_an_address():
    assert parse_video("https://youtu.be/M7lc1UVf-VE") == VideoSource(YOUTUBE, "M7lc1UVf-VE")
    assert parse_video("{static}/files/2026/le.MP4") == VideoSource(FILE, "files/2026/le.MP4")
    with pytest.raises(ValueError, match="content/"):
        parse_video("../ngoai/le.mp4")


def test_the_same_content_builds_the_same_video_markup(built, tmp_path):
    again = run_pelican(
        video_site(tmp_path), tmp_path / "output", "publishconf.py", "-e", "SEARCH_INDEX=false"
    )
    assert again.returncode == 0, again.log
    for page in (YOUTUBE_PAGE, FILE_PAGE):
        assert (again.output / page).read_bytes() == (built.output / page).read_bytes()
    assert json.dumps(sorted(p.name for p in (again.output / "anh" / "2021").iterdir())) == json.dumps(
        sorted(p.name for p in (built.output / "anh" / "2021").iterdir())
    )
