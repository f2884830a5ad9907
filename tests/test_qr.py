"""QR codes: small SVG that a real decoder (zbar) reads back as the address."""

import re

import pytest
from newsroom.qr import QrCache, make_svg

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
    svg = first.svg("https://a.vn/1", "t")
    first.svg("https://a.vn/1", "t")
    assert first.made == 1
    second = QrCache(tmp_path)
    assert second.svg("https://a.vn/1", "t") == svg
    assert second.made == 0
    second.svg("https://a.vn/2", "t")
    assert second.made == 1
