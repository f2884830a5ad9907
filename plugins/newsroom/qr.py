"""QR codes as compact SVG, cached by content across builds.

qrcode's own SVG path image writes a rectangle per module (about 13 KB for a
100-character address); here each run of dark modules in a row is one short
horizontal stroke, which keeps a code under 4 KB and sharp on paper.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from .cache_repair import ensure_directory
from .swap import remove

logger = logging.getLogger(__name__)

BORDER = 4  # quiet zone in modules, as the QR specification asks
DRAWING_VERSION = "2"  # bump when the drawing changes, to refresh caches
# Any of the eight masks is valid; choosing one skips qrcode's trial of all
# eight (scoring each), which is most of its time: 1.4 ms a code instead of 8.8.
MASK_PATTERN = 0
PARALLEL_FROM = 200  # missing codes; fewer are made in this process (a pool costs more than it saves)
SVG_START = b'<svg xmlns="http://www.w3.org/2000/svg" '
SVG_END = b"</svg>\n"


@dataclass(frozen=True)
class QrCode:
    """What a template needs to show a QR code."""

    target: str  # the address it encodes
    url: str  # where the SVG is published, relative to SITEURL
    caption: str
    alt: str


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix (with quiet zone) of the smallest code for `data`."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER, mask_pattern=MASK_PATTERN)
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write then rename, so a build stopped midway never leaves half a file.

    The file gets the ordinary mode for the user's umask (0644 under 022),
    like every page Pelican writes, not mkstemp's private 0600.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def publish(cached: Path, destination: Path) -> None:
    """Put a copy of a cached code at `destination` in the site (never a link into the cache)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(destination, cached.read_bytes())


def looks_whole(path: Path) -> bool:
    """Whether a cached file is one of our SVG codes, start to end (not empty, cut or replaced)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(SVG_START) and data.endswith(SVG_END) and b"<path " in data


def _make_files(jobs: list[tuple[str, str, str]]) -> int:
    """Worker: make and write each (data, title, path) code; how many were made."""
    for data, title, path in jobs:
        write_atomically(Path(path), make_svg(data, title).encode("utf-8"))
    return len(jobs)


def _pool_size() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


class QrCache:
    """SVG codes on disk keyed by what they encode and how they are drawn.

    Making a code costs about 1.7 ms; a 50,000-article site must not remake
    them on every build. A damaged cached file is made again, with a warning.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.made = 0  # codes made (not found in the cache) by this instance

    def path(self, data: str, title: str) -> Path:
        key = hashlib.sha256(f"{DRAWING_VERSION}\0{data}\0{title}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.svg"

    def file(self, data: str, title: str) -> Path:
        """The cached SVG file of this code, made first if needed."""
        return self.files([(data, title)])[data, title]

    def files(self, requests: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Path]:
        """{(data, title): cached SVG file} for every request; the missing ones are made,
        in a pool of processes (one per core) when there are many."""
        paths = {request: self.path(*request) for request in requests}
        missing = []
        for (data, title), path in sorted(paths.items()):
            if path.is_file() and looks_whole(path):
                continue
            if path.exists() or path.is_symlink():
                logger.warning("Bộ nhớ đệm mã QR hỏng: %s; tạo lại", path)
            missing.append((data, title, str(path)))
        for folder in sorted({Path(path).parent for _, _, path in missing}):
            ensure_directory(folder, self.directory.parent)
        for _, _, path in missing:
            remove(Path(path))  # a damaged file, or a folder in its place
        workers = _pool_size()
        if len(missing) < PARALLEL_FROM or workers == 1:
            self.made += _make_files(missing)
            return paths
        chunks = [missing[i :: workers * 4] for i in range(workers * 4)]
        # fork: the workers inherit the loaded qrcode instead of importing Pelican
        # again; they only compute and write files (no logging, no console).
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            self.made += sum(pool.map(_make_files, chunks))
        return paths


def make_qr_codes(articles: list, config, cache: QrCache) -> dict[str, Path]:
    """`article.qr` for each article; returns {save_as: cached SVG file} to publish.

    Every code is asked of the cache at once, so the missing ones are made in parallel.
    """
    base = config.public_siteurl
    requests = {}
    for article in articles:
        target = f"{base}/{article.url}"
        requests[article.slug] = (target, f"Mã QR dẫn tới địa chỉ bài viết: {target}")
    cached = cache.files(requests.values())
    files: dict[str, Path] = {}
    for article in articles:
        target, alt = requests[article.slug]
        fields = article.url_format
        files[config["QR_CODE_SAVE_AS"].format(**fields)] = cached[target, alt]
        article.qr = QrCode(
            target=target,
            url=config["QR_CODE_URL"].format(**fields),
            caption=f"QR CODE: {article.title}",
            alt=alt,
        )
    return files


def fanpage_qr(fanpage_url: str, sitename: str, cache: QrCache) -> tuple[QrCode | None, Path | None]:
    """The portal's Facebook fanpage code ("QR Code Fanpage"), or (None, None) without FANPAGE_URL."""
    if not fanpage_url:
        return None, None
    alt = f"Mã QR dẫn tới Fanpage {sitename}: {fanpage_url}"
    code = QrCode(
        target=fanpage_url,
        url="qr/fanpage.svg",
        caption=f"Mã QR Code truy cập vào Fanpage {sitename}",
        alt=alt,
    )
    return code, cache.file(fanpage_url, alt)
