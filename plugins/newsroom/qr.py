"""QR codes as compact SVG, cached by content across builds.

qrcode's own SVG path image writes a rectangle per module (about 13 KB for a
100-character address); here each run of dark modules in a row is one short
horizontal stroke, which keeps a code under 4 KB and sharp on paper.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

BORDER = 4  # quiet zone in modules, as the QR specification asks
DRAWING_VERSION = "1"  # bump when the drawing changes, to refresh caches


@dataclass(frozen=True)
class QrCode:
    """What a template needs to show a QR code."""

    target: str  # the address it encodes
    url: str  # where the SVG is published, relative to SITEURL
    caption: str
    alt: str


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix (with quiet zone) of the smallest code for `data`."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def svg_from_matrix(matrix: list[list[bool]], title: str) -> str:
    """An SVG drawing each row's dark runs as strokes of one module height."""
    size = len(matrix)
    moves = []
    pen_x, pen_y = 0, 0
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            # Relative moves keep numbers short; strokes sit on the row's centre.
            moves.append(f"m{start - pen_x} {y - pen_y}h{x - start}")
            pen_x, pen_y = x, y
    path = "".join(moves)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size * 4}" height="{size * 4}" shape-rendering="crispEdges" '
        f'role="img"><title>{escape(title)}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="M0 .5{path}"/></svg>\n'
    )


def make_svg(data: str, title: str) -> str:
    """The SVG QR code of `data`, with `title` as its text alternative."""
    return svg_from_matrix(qr_matrix(data), title)


class QrCache:
    """SVG codes on disk keyed by what they encode and how they are drawn.

    Making a code costs about 11 ms; a 50,000-article site must not remake
    them on every build.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.made = 0  # codes made (not found in the cache) by this instance

    def svg(self, data: str, title: str) -> str:
        return self.file(data, title).read_text(encoding="utf-8")

    def file(self, data: str, title: str) -> Path:
        """The cached SVG file of this code, made first if needed."""
        key = hashlib.sha256(f"{DRAWING_VERSION}\0{data}\0{title}".encode()).hexdigest()
        path = self.directory / key[:2] / f"{key}.svg"
        if path.is_file():
            return path
        svg = make_svg(data, title)
        self.made += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a build stopped midway never leaves half a file.
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(temporary, path)
        return path


def make_qr_codes(articles: list, config, cache: QrCache) -> dict[str, Path]:
    """`article.qr` for each article; returns {save_as: cached SVG file} to publish."""
    base = config.public_siteurl
    files: dict[str, Path] = {}
    for article in articles:
        target = f"{base}/{article.url}"
        alt = f"Mã QR dẫn tới địa chỉ bài viết: {target}"
        fields = article.url_format
        files[config["QR_CODE_SAVE_AS"].format(**fields)] = cache.file(target, alt)
        article.qr = QrCode(target=target, url=config["QR_CODE_URL"].format(**fields),
                            caption=f"QR CODE: {article.title}", alt=alt)  # fmt: skip
    return files


def fanpage_qr(fanpage_url: str, sitename: str, cache: QrCache) -> tuple[QrCode | None, Path | None]:
    """The portal's Facebook fanpage code ("QR Code Fanpage"), or (None, None) without FANPAGE_URL."""
    if not fanpage_url:
        return None, None
    alt = f"Mã QR dẫn tới Fanpage {sitename}: {fanpage_url}"
    code = QrCode(target=fanpage_url, url="qr/fanpage.svg",
                  caption=f"Mã QR Code truy cập vào Fanpage {sitename}", alt=alt)  # fmt: skip
    return code, cache.file(fanpage_url, alt)
