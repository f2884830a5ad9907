"""The one place Pelican's contents meet the photo pipeline (`prepare`)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from . import derive
from .config import PhotoSettings
from .markup import SIZES_BODY, SIZES_WIDE, Photo, base_for, picture_html
from .mdext import MARKER

_MARKED_IMG = re.compile(rf'<img\b[^>]*\b{MARKER}="([^"]*)"[^>]*>')
BODY = "Nội dung"  # the "field" of a photo in the body, as problems name it


class PhotoProblem(NamedTuple):
    source: str  # relative to content/
    field: str  # "Image", "Image_alt", or BODY
    value: str
    message: str  # Vietnamese, says what to do
    is_warning: bool


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        self.attributes = {k: v or "" for k, v in attrs}


def _attributes(tag: str) -> dict[str, str]:
    parser = _Attributes()
    parser.feed(tag)
    return parser.attributes


def _source_of(content) -> str:
    return Path(content.relative_source_path).as_posix()


def _body_photos(content) -> list[tuple[str, str]]:
    """(path, alt) of each marked photo in the body, in order."""
    html = getattr(content, "_content", "") or ""
    found = _MARKED_IMG.finditer(html)
    return [(unescape(m.group(1)), _attributes(m.group(0)).get("alt", "")) for m in found]


def _forget_rendered(content) -> None:
    """Pelican memoises content and summary per object; drop what was rendered before."""
    for method in (content.get_content, content.get_summary):
        for key in [k for k in method.cache if k and k[0] is content]:
            del method.cache[key]


def prepare(contents: list, config: PhotoSettings) -> tuple[list[PhotoProblem], dict[str, str]]:
    """Check, derive and attach every photo of `contents` (articles and pages).

    Sets `content.lead_photo` (Photo or None), `content.photos` (every photo
    of the content, lead first) and `content.layout`; replaces the body's photo
    markers with `<picture>`. Returns the problems (errors and warnings) and
    {save_as: cached file} of every derivative to publish.
    """
    problems: list[PhotoProblem] = []
    wanted: dict[str, list[tuple[object, str, str, bool]]] = {}  # path -> (content, field, alt, is_lead)
    for content in contents:
        source = _source_of(content)
        content.layout = getattr(content, "layout", None) or "standard"
        lead = getattr(content, "image", None)
        if lead:
            alt = getattr(content, "image_alt", "") or ""
            wanted.setdefault(lead, []).append((content, "Image", alt, True))
        elif getattr(content, "image_alt", None) or getattr(content, "image_caption", None):
            message = "có Image_alt/Image_caption nhưng thiếu Image; thêm ví dụ “Image: images/2021/x.jpg”"
            problems.append(PhotoProblem(source, "Image", "", message, False))
        body = _body_photos(content)
        for path, alt in body:
            wanted.setdefault(path, []).append((content, BODY, alt, False))
        if body and "summary" not in content.metadata:
            message = (
                "bài có ảnh trong nội dung nhưng không có tóm tắt; "
                "thêm “Summary: …” để danh sách tin không cắt cả ảnh"
            )
            problems.append(PhotoProblem(source, "Summary", "", message, True))

    checked: dict[str, derive.Plan] = {}
    known = derive.KnownSources(config.cache_path)
    for path, uses in sorted(wanted.items()):
        try:
            photo = derive.check_source(config.content_path, path, config.max_bytes, known)
        except derive.PhotoError as error:
            for content, field, _, _ in uses:
                problems.append(PhotoProblem(_source_of(content), field, path, str(error), False))
            continue
        checked[path] = derive.plan(
            photo, config.widths, config.save_as, config.url, config.cache_path, config.folder
        )
        for content, field, alt, is_lead in uses:
            source = _source_of(content)
            least = config.min_lead_width if is_lead else config.min_body_width
            if photo.width < least:
                message = (
                    f"ảnh chỉ rộng {photo.width} điểm ảnh, sẽ mờ; dùng ảnh rộng ít nhất {least} (nên từ 1200)"
                )
                problems.append(PhotoProblem(source, field, path, message, True))
            if not alt.strip():
                where = "thêm dòng “Image_alt: …”" if is_lead else "ghi mô tả trong ![mô tả](…)"
                message = f"ảnh thiếu mô tả cho người không xem được ảnh; {where}"
                named = "Image_alt" if is_lead else BODY
                problems.append(PhotoProblem(source, named, path, message, not config.require_alt))

    known.save()
    _, failed = derive.derive_all(config.content_path, list(checked.values()), config.workers)
    for path, message in sorted(failed.items()):
        for content, field, _, _ in wanted[path]:
            problems.append(PhotoProblem(_source_of(content), field, path, message, False))
        del checked[path]

    # Published: the photos of contents that are written (a production build
    # writes no draft, so a draft's photos stay unpublished too).
    written = {path for path, uses in wanted.items() if any(getattr(u[0], "save_as", "") for u in uses)}
    files: dict[str, str] = {}
    for path, plan in checked.items():
        if path in written:
            files.update(plan.files)
    for content in contents:
        _attach(content, checked, config)
    return problems, files


def _photo(plan: derive.Plan, alt: str, caption: str, credit: str, config: PhotoSettings) -> Photo:
    return Photo(
        source=plan.source.path,
        alt=alt,
        caption=caption,
        credit=credit,
        webp=plan.webp,
        jpeg=plan.jpeg,
        og=plan.og,
        og_url=f"{config.public_siteurl}/{plan.og.url}",
    )


def _attach(content, plans: dict[str, derive.Plan], config: PhotoSettings) -> None:
    lead_path = getattr(content, "image", None)
    content.lead_photo = None
    if lead_path in plans:
        alt, caption, credit = (
            getattr(content, f"image_{name}", "") or "" for name in ("alt", "caption", "credit")
        )
        content.lead_photo = _photo(plans[lead_path], alt, caption, credit, config)

    def body_photo(path: str, alt: str) -> Photo | None:
        return _photo(plans[path], alt, "", "", config) if path in plans else None  # else reported above

    _draw_body(content, body_photo)


def reattach_body(content, made: list[Photo]) -> bool:
    """Draw the body's photos of an edited `content` from photos already made (`made`,
    the last build's `photos` of it), keeping its lead photo: a quick re-render of an
    edited body. False when the body shows a photo not among them (a build must make it)."""
    by_source = {photo.source: photo for photo in made}
    if any(path not in by_source for path, _ in _body_photos(content)):
        return False

    def body_photo(path: str, alt: str) -> Photo:
        return replace(by_source[path], alt=alt, caption="", credit="")

    _draw_body(content, body_photo)
    return True


def _draw_body(content, body_photo) -> None:
    """Replace the body's photo markers with `<picture>`; set `content.photos`, lead first."""
    photos = [content.lead_photo] if content.lead_photo else []
    html = getattr(content, "_content", "") or ""
    base = base_for(getattr(content, "save_as", "") or getattr(content, "url", "") or "")
    sizes = SIZES_WIDE if content.layout == "photo-story" else SIZES_BODY

    def draw(match: re.Match) -> str:
        photo = body_photo(unescape(match.group(1)), _attributes(match.group(0)).get("alt", ""))
        if photo is None:
            return match.group(0)
        photos.append(photo)
        return picture_html(photo, base, sizes)

    if MARKER in html:
        content._content = _MARKED_IMG.sub(draw, html)
        _forget_rendered(content)
    content.photos = photos
