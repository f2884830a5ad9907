"""Source photos checked and published in a few widths, as WebP and JPEG.

Pure Pillow, no Pelican. Every derivative is named by a digest of its source's
bytes and of the recipe below, kept in a cache folder, and made only when it is
missing there: a second build of the same photos opens no image data.
Derivatives are rotated upright (EXIF orientation), carry the source's ICC
colour profile and no other metadata: no EXIF (camera, GPS position), no XMP.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

# Bump when the output of `derive` changes: names change, browsers fetch anew.
RECIPE = "3:draft:lanczos-cascade:jpeg82o:webp76m2:og1200x630-cut-from-widest"
JPEG_QUALITY = 82
# Optimised Huffman tables, not progressive: half the encoding time for 4% more bytes
# (40 camera photos, three widths each: 11 vs 24 ms a photo, 216 vs 208 KB). The JPEG is
# the fallback beside WebP and the link preview, so its bytes matter least.
WEBP_QUALITY = 76
# libwebp's effort: 2 encodes 2.4x faster than its default 4 for 4% more bytes (measured on
# 1200 px camera photos: 32 vs 76 ms, 82 vs 79 KB); 3 is no faster than 4.
WEBP_METHOD = 2
OG_SIZE = (1200, 630)  # Facebook / Zalo link preview
READABLE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# More pixels than this is a mistake or an attack (a "decompression bomb").
MAX_PIXELS = 60_000_000


class PhotoError(ValueError):
    """A source photo that cannot be published; the message is for editors."""


@dataclass(frozen=True)
class Rendition:
    """One published file of a photo."""

    url: str  # relative to SITEURL
    width: int
    height: int
    mime_type: str


@dataclass(frozen=True)
class SourcePhoto:
    """A source photo as checked: its digest and its upright size."""

    path: str  # relative to content/
    digest: str  # 8 hex digits of sha256(bytes + RECIPE)
    width: int
    height: int
    size: int  # bytes


@dataclass(frozen=True)
class Plan:
    """Where a source's derivatives are published and cached."""

    source: SourcePhoto
    webp: tuple[Rendition, ...]  # narrowest first
    jpeg: tuple[Rendition, ...]
    og: Rendition  # 1200x630 crop (smaller when the source is)
    files: tuple[tuple[str, str], ...]  # (save_as, cached file), one per rendition


def slug(stem: str) -> str:
    """A file name safe in any URL: `Lễ phát động` -> `le-phat-dong`."""
    text = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "anh"


class KnownSources:
    """What `check_source` read of each source photo (format, size, orientation, digest),
    by the file's stat: a rebuild reads no photo whose file is unchanged (3,700 photos,
    1 GB: 3 s a build). Kept as `sources.json` in the photo cache; a damaged or
    unwritable file only costs the reading again."""

    def __init__(self, cache: Path) -> None:
        self.path = cache / "sources.json"
        self.entries: dict[str, list] = {}
        self.changed = False
        try:
            stored = json.loads(self.path.read_text("utf-8"))
            if stored.get("recipe") == RECIPE and isinstance(stored.get("sources"), dict):
                self.entries = stored["sources"]
        except (OSError, ValueError, AttributeError):
            pass

    def get(self, path: str, stamp: list[int]) -> list | None:
        found = self.entries.get(path)
        return found[1:] if isinstance(found, list) and len(found) == 6 and found[0] == stamp else None

    def put(self, path: str, stamp: list[int], read: list) -> None:
        self.entries[path] = [stamp, *read]
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"recipe": RECIPE, "sources": self.entries}, stream, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError:
            pass


def check_source(root: Path, path: str, max_bytes: int, known: KnownSources | None = None) -> SourcePhoto:
    """Open `root/path` far enough to know it is a photo we can publish.

    Reads the header only (not the pixels) and the bytes for the digest, unless
    `known` has them for this very file (same size, mtime, ctime and inode);
    raises PhotoError for a missing, too big, unsupported or unreadable file.
    """
    file = root / path
    real_root = root.resolve()
    if not file.resolve().is_relative_to(real_root):
        raise PhotoError(
            "ảnh phải nằm trong thư mục content/ (không dùng ../ hay liên kết ra ngoài); "
            "chép ảnh vào content/images/<năm>/"
        )
    if not file.is_file():
        raise PhotoError(
            f"không tìm thấy tệp content/{path}; kiểm tra tên tệp (phân biệt hoa thường) "
            "và chép ảnh vào đúng chỗ, ví dụ content/images/2021/"
        )
    status = file.stat()
    size = status.st_size
    if size > max_bytes:
        raise PhotoError(
            f"ảnh nặng {size / 1_000_000:.1f} MB, quá giới hạn {max_bytes / 1_000_000:g} MB "
            "(PHOTO_MAX_BYTES); lưu lại dạng JPEG chất lượng 85, rộng khoảng 2000 điểm ảnh"
        )
    stamp = [size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    read = known.get(path, stamp) if known is not None else None
    if read is None:
        read = _read_source(file)
        if known is not None:
            known.put(path, stamp, read)
    found, width, height, orientation, digest = read
    if found not in READABLE_FORMATS:
        raise PhotoError(f"ảnh dạng {found} không dùng được; lưu lại dạng JPEG (.jpg), PNG hoặc WebP")
    if width * height > MAX_PIXELS:
        raise PhotoError(f"ảnh {width}×{height} điểm ảnh, quá lớn; thu nhỏ còn rộng khoảng 2000 điểm ảnh")
    if orientation in (5, 6, 7, 8):  # taken sideways: shown rotated a quarter turn
        width, height = height, width
    return SourcePhoto(path=path, digest=digest, width=width, height=height, size=size)


def _read_source(file: Path) -> list:
    """[format, width, height, EXIF orientation, digest] of a source photo's file."""
    data = file.read_bytes()
    try:
        with Image.open(file) as image:
            found = image.format or ""
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError(
            "tệp không đọc được như một ảnh (tệp hỏng hoặc không phải ảnh); xuất lại ảnh dạng JPEG"
        ) from None
    return [found, width, height, orientation, hashlib.sha256(data + RECIPE.encode()).hexdigest()[:8]]


def widths_for(source_width: int, widths: tuple[int, ...]) -> list[int]:
    """The published widths: those narrower than the source, plus the source's own
    (capped at the widest); never upscaled."""
    chosen = [w for w in sorted(widths) if w < source_width]
    top = min(source_width, max(widths))
    return [*chosen, top] if top not in chosen else chosen


def og_size(width: int, height: int) -> tuple[int, int]:
    """The largest 1200:630 box inside the photo, at most 1200x630."""
    ow = min(OG_SIZE[0], width, height * OG_SIZE[0] // OG_SIZE[1])
    return ow, max(1, round(ow * OG_SIZE[1] / OG_SIZE[0]))


def plan(
    source: SourcePhoto, widths: tuple[int, ...], save_as: str, url: str, cache: Path, folder: str = "images"
) -> Plan:
    """Names of every derivative of `source`; `save_as`/`url` are templates with
    {folder} (the source's folder under `folder`), {name} {digest} {width} {ext}."""
    pure = PurePosixPath(source.path)
    parts = pure.parent.parts[1:] if pure.parts[0] == folder else pure.parent.parts
    fields = {
        "folder": "/".join(slug(p) for p in parts) or "chung",
        "name": slug(pure.stem),
        "digest": source.digest,
    }
    cached = cache / source.digest
    webp, jpeg, files = [], [], []
    for width in widths_for(source.width, widths):
        height = max(1, round(source.height * width / source.width))
        for ext, mime, out in (("webp", "image/webp", webp), ("jpg", "image/jpeg", jpeg)):
            names = {**fields, "width": width, "ext": ext}
            out.append(Rendition(url.format(**names), width, height, mime))
            files.append((save_as.format(**names), str(cached / f"{width}.{ext}")))
    ow, oh = og_size(source.width, source.height)
    names = {**fields, "width": "og", "ext": "jpg"}
    og = Rendition(url.format(**names), ow, oh, "image/jpeg")
    files.append((save_as.format(**names), str(cached / "og.jpg")))
    return Plan(source, tuple(webp), tuple(jpeg), og, tuple(files))


def missing(p: Plan) -> bool:
    return not all(os.path.isfile(cached) for _, cached in p.files)


def _save(image: Image.Image, target: str, icc: bytes | None) -> None:
    """Write atomically: an interrupted build never leaves half a file in the cache."""
    ext = target.rsplit(".", 1)[1]
    options = {"icc_profile": icc} if icc else {}
    if ext == "webp":
        options.update(format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    else:
        options.update(format="JPEG", quality=JPEG_QUALITY, optimize=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            image.save(stream, **options)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def derive(root: str, p: Plan) -> str:
    """Make every file of `p` in the cache; returns "" or the editor's message.

    As cheaply as Pillow allows, each step measured on camera photos: a JPEG decoded
    at the smallest scale libjpeg offers that still covers the widest file (a 4000 px
    original at 1/2 or 1/4: several times faster); each width resized from the next
    wider one, not from the source (1600 to 800 px: 12 instead of 18 ms, pixels within
    0.3/255 on average); the link preview cropped from the widest file when it covers it.
    """
    try:
        with Image.open(Path(root) / p.source.path) as opened:
            _decode_no_larger_than_needed(opened, p)
            opened.load()
            icc = opened.info.get("icc_profile")
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "tệp ảnh bị hỏng (đọc không hết dữ liệu ảnh); xuất lại ảnh dạng JPEG"
    image.info = {}  # nothing of the source's metadata travels but the colour profile
    if image.mode == "CMYK":
        image, icc = image.convert("RGB"), None  # a CMYK profile would be wrong on RGB pixels
    elif image.mode not in ("RGB", "L"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    folder = os.path.dirname(p.files[0][1])
    os.makedirs(folder, exist_ok=True)
    larger, widest = image, None
    for rendition in reversed(p.jpeg):  # widest first: each from the one before
        size = (rendition.width, rendition.height)
        resized = larger if larger.size == size else larger.resize(size, Image.Resampling.LANCZOS)
        for ext in ("webp", "jpg"):
            _save(resized, os.path.join(folder, f"{rendition.width}.{ext}"), icc)
        larger, widest = resized, widest or resized
    og = (p.og.width, p.og.height)
    base = widest if widest is not None and widest.width >= og[0] and widest.height >= og[1] else image
    _save(link_preview(base, og), p.files[-1][1], icc)
    return ""


def link_preview(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The largest box of `size`'s shape, centred across and a little above the middle
    (faces, a banner's text), brought to `size`. When the box is `size` already (the
    1200 px widest file of a landscape photo) it is cut out, not resampled: 20 ms a photo."""
    width, height = image.size
    shape = size[0] / size[1]
    box_width, box_height = (height * shape, height) if width / height >= shape else (width, width / shape)
    left, top = (width - box_width) * 0.5, (height - box_height) * 0.4
    if (round(box_width), round(box_height)) == size:
        left, top = min(round(left), width - size[0]), min(round(top), height - size[1])
        return image.crop((left, top, left + size[0], top + size[1]))
    return image.resize(size, Image.Resampling.LANCZOS, box=(left, top, left + box_width, top + box_height))


# EXIF orientations that swap width and height (the source's pixels lie on their side).
_SIDEWAYS = {5, 6, 7, 8}


def _decode_no_larger_than_needed(opened: Image.Image, p: Plan) -> None:
    """Ask libjpeg to decode at 1/2, 1/4 or 1/8 scale where the result still covers the
    widest file and the link preview (a no-op for other formats)."""
    if opened.format != "JPEG" or not p.jpeg:
        return
    source = p.source  # upright size
    scale = max(p.jpeg[-1].width / source.width, p.og.width / source.width, p.og.height / source.height)
    width, height = math.ceil(source.width * scale), math.ceil(source.height * scale)
    if opened.getexif().get(0x0112) in _SIDEWAYS:
        width, height = height, width
    opened.draft(opened.mode, (width, height))


def derive_all(root: Path, plans: list[Plan], workers: int = 2) -> tuple[int, dict[str, str]]:
    """Make what is missing; returns how many sources were derived and
    {source path: message} for those that failed.

    Beyond a few photos the work is spread over `workers` processes.
    """
    todo = sorted({p.source.digest: p for p in plans if missing(p)}.values(), key=lambda p: p.source.path)
    if len(todo) < 3 or workers < 2:
        results = [derive(str(root), p) for p in todo]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(derive, [str(root)] * len(todo), todo))
    failed = {p.source.path: message for p, message in zip(todo, results, strict=True) if message}
    return len(todo), failed
