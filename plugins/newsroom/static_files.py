"""Files from content/ on the site: only those published content references.

`STATIC_PATHS = [""]` lets Pelican find every file under content/ (so an
attachment has one address whichever article links it), but Pelican would also
copy everything else: sources, editors' leftovers, files only a draft links,
and whatever a symlink brings in from outside. Once every generator has read
its files, this keeps in Pelican's static files only what the written content
references (attachments, body links and images) and is safe to publish, and
names every body link to a file or article that does not exist.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path, PurePosixPath

from . import publication
from .memo import memoised_each
from .problems import ContentProblem, source_of, warning
from .publication import ParsedBody, escapes, is_editor_leftover, is_source, links, references
from .video import video_files


def _folder(content) -> str:
    """The content's own folder, relative to content/ ("" at the top)."""
    return posixpath.dirname(source_of(content))


def referenced_files(contents: list, bodies: dict) -> dict[str, object]:
    """content-relative path -> the first written content that references it."""
    wanted: dict[str, object] = {}
    for content in contents:
        for attachment in getattr(content, "attachment_list", []):
            wanted.setdefault(attachment.path, content)
        for path in video_files(content):  # an article's own video and its captions
            wanted.setdefault(path, content)
        for path in sorted(references(bodies[id(content)], _folder(content))):
            wanted.setdefault(path, content)
    return wanted


def broken_links(
    contents: list, bodies: dict, content_root: Path, generated_content: dict
) -> list[ContentProblem]:
    """`{static}`, `{attach}` and `{filename}` body links whose target does not exist."""
    problems = []
    for content in contents:
        folder = _folder(content)
        for kind, target in links(bodies[id(content)]):
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            path = posixpath.normpath(path)
            exists = (
                generated_content.get(path) is not None
                if kind == "filename"
                else ((content_root / path).is_file() or generated_content.get(path) is not None)
            )
            if not exists:
                what = "bài hoặc trang" if kind == "filename" else "tệp"
                problems.append(
                    ContentProblem(
                        source_of(content),
                        "(liên kết trong bài)",
                        f"{{{kind}}}{target}",
                        f"không có {what} content/{path}; sửa đường dẫn (phân biệt hoa thường) "
                        "hoặc chép tệp vào "
                        "đúng chỗ",
                    )
                )
    return problems


def publish_only_referenced(
    static_generator, contents: list, bodies: dict, content_root: Path
) -> list[ContentProblem]:
    """Drop from Pelican's static files every file no written content references, editors'
    leftovers and sources; a referenced file reached through a symlink that leaves content/
    is a problem (and is never published)."""
    wanted = referenced_files(contents, bodies)
    kept, problems = [], []
    for static in static_generator.staticfiles:
        path = static.relative_source_path.replace("\\", "/")
        name = PurePosixPath(path).name
        if path not in wanted or is_editor_leftover(name) or is_source(name):
            static_generator.context["static_content"].pop(path, None)
            continue
        if escapes(content_root / path, content_root):
            static_generator.context["static_content"].pop(path, None)
            problems.append(
                ContentProblem(
                    source_of(wanted[path]),
                    "(liên kết trong bài)",
                    path,
                    "tệp này là liên kết (symlink) trỏ ra ngoài content/ nên không được đăng; "
                    "chép chính tệp vào "
                    "content/files/",
                )
            )
            continue
        kept.append(static)
    static_generator.staticfiles = kept
    static_generator.context["staticfiles"] = kept  # what Pelican copies
    return problems


def images_without_alt(contents: list, bodies: dict) -> list[ContentProblem]:
    """A warning for each body image with no text alternative (a reader who cannot see it
    learns nothing)."""
    return [
        warning(
            source_of(content),
            "(ảnh trong bài)",
            src,
            "ảnh không có mô tả: ghi mô tả trong ngoặc vuông, ví dụ ![Người dân xếp hàng chờ tiêm]"
            "(images/2021/anh.jpg)",
        )  # fmt: skip
        for content in contents
        for src in bodies[id(content)].without_alt
    ]


def parse_bodies(contents: list, cache: Path | None = None) -> dict[int, ParsedBody]:
    """Each content's body parsed once for every check of this module (keyed by id); with
    `cache`, a body parsed by an earlier build is not parsed again (5,000 bodies: 0.5 s)."""
    texts = {id(content): content._content or "" for content in contents}
    if cache is None:
        return {name: ParsedBody.of(text) for name, text in texts.items()}
    version = hashlib.blake2b(Path(publication.__file__).read_bytes()).digest()  # the parser's code
    return memoised_each(
        cache, texts, ParsedBody.of, version, lambda r: isinstance(r, ParsedBody) and r.is_whole()
    )
