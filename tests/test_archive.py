"""A realistic 20-year archive (bench/archive.py) builds: warnings at most, every
published article has its page. Two seeds, so one lucky archive proves nothing."""

from __future__ import annotations

import re

import pytest
from conftest import run_pelican

from bench.archive import make_archive

COUNT = 300
ARTICLE_PAGE = re.compile(r"\d{4}/\d{2}/[^/]+\.html")


@pytest.mark.parametrize("seed", [1, 2])
def test_a_messy_archive_builds_with_warnings_only(tmp_path, seed):
    content = make_archive(tmp_path, COUNT, seed)
    published = sum(
        1 for path in (content / "articles").rglob("*.md") if "\nStatus: draft" not in path.read_text("utf-8")
    )
    output = tmp_path / "output"
    build = run_pelican(
        content, output, "pelicanconf.py", "-e", "SEARCH_INDEX=false", f'CACHE_PATH="{tmp_path / "cache"}"'
    )
    assert "Traceback" not in build.log, build.log[-3000:]
    assert build.returncode == 0, build.log[-3000:]
    assert "Lỗi nội dung" not in build.log
    pages = [p for p in output.rglob("*.html") if ARTICLE_PAGE.fullmatch(p.relative_to(output).as_posix())]
    assert len(pages) == published


def test_the_archive_is_the_same_for_the_same_seed(tmp_path):
    first = make_archive(tmp_path / "a", 40, seed=3)
    second = make_archive(tmp_path / "b", 40, seed=3)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_the_archive_is_as_messy_as_promised(tmp_path):
    content = make_archive(tmp_path, COUNT, seed=1)
    text = "\n".join(p.read_text("utf-8") for p in sorted((content / "articles").rglob("*.md")))
    assert re.search(r"^Date: \d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}$", text, re.M)  # Vietnamese form
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2}$", text, re.M)  # no time
    assert "Category: Văn hoá - Xã hội" in text or "Category: Văn Hóa - Xã Hội" in text
    assert "\u0301" in text  # some metadata decomposed (NFD)
    assert re.search(r"^Document: \d+/QD-", text, re.M) and re.search(r"^Document: \d+/QĐ-", text, re.M)
    assert re.search(r"^Title: .{300,}$", text, re.M)
    assert "Status: draft" in text and "Related: " in text and "{static}/files/" in text
    assert re.search(r"!\[\]\(", text)  # an image without alt
    documents = re.findall(r"^Document: (.+)$", text, re.M)
    assert len(documents) > len(set(documents))  # documents shared by several articles


def test_hostile_archive_adds_what_must_be_refused(tmp_path):
    content = make_archive(tmp_path, 20, seed=1, hostile=True)
    assert (content / "articles/2010/bai.md~").exists()
    raw = (content / "articles/2010/khong-phai-utf8.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


PHOTO_COUNT = 20


@pytest.fixture(scope="module")
def photo_archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("photo-archive")
    content = make_archive(root, PHOTO_COUNT, seed=4, photos=True)
    output = root / "output"
    build = run_pelican(
        content, output, "pelicanconf.py", "-e", "SEARCH_INDEX=false", f'CACHE_PATH="{root / "cache"}"'
    )
    return content, build


def test_archive_photos_are_published_as_pictures(photo_archive):
    content, build = photo_archive
    assert build.returncode == 0 and "Traceback" not in build.log, build.log[-3000:]
    assert "Lỗi nội dung" not in build.log
    texts = [p.read_text("utf-8") for p in sorted((content / "articles").rglob("*.md"))]
    with_lead = [t for t in texts if "\nImage: " in t and "\nStatus: draft" not in t]
    assert len(with_lead) >= PHOTO_COUNT // 3
    pages = [
        p
        for p in sorted(build.output.rglob("*.html"))
        if ARTICLE_PAGE.fullmatch(p.relative_to(build.output).as_posix())
    ]
    leads = []
    for page in pages:
        figure = build.html(page.relative_to(build.output).as_posix()).select_one("figure.lead-photo")
        if figure:
            leads.append((page, figure))
    assert len(leads) == len(with_lead)
    page, figure = leads[0]
    picture = figure.find("picture")
    assert picture and picture.find("img")["alt"]
    srcset = picture.find("source", type="image/webp")["srcset"]
    derivatives = [*re.findall(r"(\S+) \d+w", srcset), picture.find("img")["src"]]
    assert derivatives and all((page.parent / url).resolve().is_file() for url in derivatives)
    assert any((content / "images").rglob("*.jpg"))


def test_archive_photos_differ_and_repeat_with_the_seed(tmp_path):
    first = make_archive(tmp_path / "a", 25, seed=5, photos=True)
    second = make_archive(tmp_path / "b", 25, seed=5, photos=True)
    photos = sorted(p.relative_to(first).as_posix() for p in (first / "images").rglob("*") if p.is_file())
    assert len(photos) >= 10
    assert photos == sorted(
        p.relative_to(second).as_posix() for p in (second / "images").rglob("*") if p.is_file()
    )
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in photos)
    assert len({(first / f).read_bytes() for f in photos}) == len(photos)  # no two photos alike
    articles = sorted((first / "articles").rglob("*.md"))
    assert [p.read_bytes() for p in articles] == [
        (second / p.relative_to(first)).read_bytes() for p in articles
    ]
    # Without photos, the same archive as before, byte for byte, minus the photo fields.
    plain = make_archive(tmp_path / "c", 25, seed=5)
    assert not (plain / "images").exists()
    for path in articles:
        without = (plain / path.relative_to(first)).read_text("utf-8")
        assert "\nImage: " not in without and "](images/" not in without
