"""QR codes: small SVG that a real decoder (zbar) reads back as the address."""

import os
import re
import stat

import pytest
from newsroom.qr import QrCache, looks_whole, make_svg, publish

pyzbar = pytest.importorskip("pyzbar.pyzbar")

SCALE = 4


def rasterise(svg: str) -> tuple[bytes, int, int]:
    """Paint the SVG's strokes (the only shapes it draws) into 8-bit grey pixels."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r' d="M0 \.5(.*?)"', svg).group(1)
    dark = set()
    x = y = 0
    for dx, dy, run in re.findall(r"m(-?\d+) (-?\d+)h(\d+)", path):
        x, y = x + int(dx), y + int(dy)
        dark.update((column, y) for column in range(x, x + int(run)))
        x += int(run)
    width = size * SCALE
    pixels = bytearray(b"\xff" * width * width)
    for column, row in dark:
        for py in range(row * SCALE, (row + 1) * SCALE):
            start = py * width + column * SCALE
            pixels[start : start + SCALE] = b"\x00" * SCALE
    return bytes(pixels), width, width


@pytest.mark.parametrize(
    "url",
    [
        "https://congtintuc.haiphong.gov.vn/2021/09/phat-dong-thi-dua-muc-tieu-kep.html",
        "http://127.0.0.1:8000/2022/03/nang-cap-duong-ven-bien.html",
        "https://www.facebook.com/congtintuchaiphong",
        "https://example.vn/" + "a" * 81,
    ],
)
def test_codes_decode_to_their_address(url):
    decoded = pyzbar.decode(rasterise(make_svg(url, "QR")))
    assert [symbol.data.decode() for symbol in decoded] == [url]


def test_a_hundred_character_address_fits_in_4_kb():
    url = "https://congtintuc.haiphong.gov.vn/2021/09/" + "x" * 52 + ".html"
    assert len(url) == 100
    assert len(make_svg(url, "Mã QR dẫn tới " + url).encode()) <= 4096


def test_the_text_alternative_is_escaped_in_the_title():
    assert "<title>A &amp; B &lt;C&gt;</title>" in make_svg("x", "A & B <C>")


def test_the_cache_makes_each_code_once(tmp_path):
    first = QrCache(tmp_path)
    svg = first.file("https://a.vn/1", "t").read_text(encoding="utf-8")
    first.file("https://a.vn/1", "t").read_text(encoding="utf-8")
    assert first.made == 1
    second = QrCache(tmp_path)
    assert second.file("https://a.vn/1", "t").read_text(encoding="utf-8") == svg
    assert second.made == 0
    second.file("https://a.vn/2", "t").read_text(encoding="utf-8")
    assert second.made == 1


def test_a_damaged_cached_code_is_made_again_with_a_warning(tmp_path, caplog):
    for number, damage in enumerate([b"", b"half", b"<html>not a code</html>\n"]):
        url = f"https://a.vn/{number}"
        path = QrCache(tmp_path / "qr").file(url, "t")
        good = path.read_bytes()
        path.write_bytes(good[: len(good) // 2] if damage == b"half" else damage)
        again = QrCache(tmp_path / "qr")
        assert again.file(url, "t").read_bytes() == good
        assert again.made == 1
    assert caplog.text.count("Bộ nhớ đệm mã QR hỏng") == 3


def test_a_file_where_the_cache_folder_should_be_is_replaced(tmp_path):
    (tmp_path / "qr").write_text("rác")
    path = QrCache(tmp_path / "qr").file("https://a.vn/1", "t")
    assert looks_whole(path)


def test_many_codes_are_made_in_parallel_each_once(tmp_path, monkeypatch):
    monkeypatch.setattr("newsroom.qr.PARALLEL_FROM", 10)
    urls = [f"https://congtintuc.haiphong.gov.vn/2021/09/bai-{i}.html" for i in range(40)]
    cache = QrCache(tmp_path)
    files = cache.files([(url, "QR") for url in urls] + [(urls[0], "QR")])
    assert cache.made == 40
    assert sorted(files) == sorted((url, "QR") for url in urls)
    for url in (urls[0], urls[-1]):
        decoded = pyzbar.decode(rasterise(files[url, "QR"].read_text(encoding="utf-8")))
        assert [symbol.data.decode() for symbol in decoded] == [url]
    again = QrCache(tmp_path)
    again.files([(url, "QR") for url in urls])
    assert again.made == 0


def test_a_published_code_is_an_ordinary_copy(tmp_path):
    old = os.umask(0o022)
    try:
        cached = QrCache(tmp_path / "cache").file("https://a.vn/1", "t")
        destination = tmp_path / "site" / "qr" / "2021" / "a.svg"
        publish(cached, destination)
    finally:
        os.umask(old)
    assert destination.read_bytes() == cached.read_bytes()
    assert stat.S_IMODE(destination.stat().st_mode) == 0o644
    assert destination.stat().st_nlink == 1, "not a hard link into the cache"
    cached.write_bytes(b"")  # damage to the cache must not reach the site
    assert destination.read_bytes() != b""
    assert sorted(p.name for p in destination.parent.iterdir()) == ["a.svg"], "no temporary file left"
