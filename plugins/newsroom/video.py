"""Videos in articles: a YouTube video behind a facade, or a file of the portal's own.

The fields: `Video` (a YouTube address, or a file under content/files/: .mp4,
.webm), `Video_title` (the player's name, "Phát video: …"; the article's title
when left out), `Video_poster` (a photo under content/, published like every
photo; else the article's lead photo, else the portal's own image) and
`Video_captions` (a WebVTT file, .vtt, for a file of the portal's own).

A YouTube video is shown as the poster with a play button, a plain link to the
video on YouTube: nothing is asked of YouTube until the reader presses play,
when js/video.js puts the privacy-enhanced player (youtube-nocookie.com) in
its place. The poster is the portal's own copy, never YouTube's thumbnail
(i.ytimg.com), which would be a request to YouTube on every page view. Only a
page that plays a video allows that frame in its Content-Security-Policy
(`frame_sources`).

A file of the portal's own is a `<video>` that loads nothing before play
(`preload="none"`), with its poster and Vietnamese captions; the video and
caption files are published because the article references them
(static_files.referenced_files reads `video_files`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

from .photos import derive
from .photos.fields import photo_path
from .photos.markup import Photo
from .problems import ContentProblem, source_of, warning

YOUTUBE = "youtube"
FILE = "file"
FILE_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
PLAYER_ORIGIN = "https://www.youtube-nocookie.com"
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_HOSTS |= {"www.youtube-nocookie.com", "youtu.be", "www.youtu.be"}
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_START = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")
YOUTUBE_FORMS = (
    "https://www.youtube.com/watch?v=MÃ, https://youtu.be/MÃ, https://www.youtube.com/shorts/MÃ "
    "hoặc https://www.youtube.com/embed/MÃ (MÃ gồm 11 ký tự)"
)
FILE_EXPECTED = "hoặc một tệp video của cổng tính từ content/, ví dụ files/2026/le-ra-quan.mp4 (.mp4, .webm)"
# Frames a body may hold (sanitize.ALLOWED_FRAME_PREFIXES) and the origin each needs.
BODY_FRAME = re.compile(r'<iframe\b[^>]*\bsrc="(https://www\.youtube(?:-nocookie)?\.com)/embed/')


@dataclass(frozen=True)
class VideoSource:
    """The `Video` field as read: a YouTube video (its id) or a file (its path under content/)."""

    kind: str  # YOUTUBE or FILE
    value: str  # the 11-character id, or e.g. "files/2026/le-ra-quan.mp4"
    start: int = 0  # seconds into a YouTube video (`?t=90`, `&t=1m30s`)


@dataclass(frozen=True)
class Video:
    """What an article's page shows of its video (URLs relative to SITEURL for own files)."""

    kind: str
    title: str
    poster: Photo | None  # None: the portal's own image
    watch_url: str = ""  # YouTube: its page, where the facade leads without JavaScript
    embed_url: str = ""  # YouTube: the privacy-enhanced player, started by the click
    file_url: str = ""
    mime_type: str = ""
    captions_url: str = ""


def youtube_id(url: str) -> tuple[str, int] | None:
    """(id, start seconds) of a YouTube address in any usual form, else None."""
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in _YOUTUBE_HOSTS:
        return None
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    if host.endswith("youtu.be"):
        candidate = segments[0] if len(segments) == 1 else ""
    elif segments == ["watch"]:
        candidate = (query.get("v") or [""])[0]
    elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
        candidate = segments[1]
    else:
        candidate = ""
    if not _VIDEO_ID.fullmatch(candidate):
        return None
    return candidate, _start_seconds((query.get("t") or query.get("start") or [""])[0])


def _start_seconds(text: str) -> int:
    match = _START.fullmatch(text.strip())
    if not text.strip() or not match:
        return 0
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _single(value: str | list[str]) -> str:
    return " ".join((value if isinstance(value, str) else " ".join(value)).split())


def parse_video(value: str | list[str]) -> VideoSource:
    """The `Video` field: a YouTube address, or a video file under content/."""
    text = _single(value)
    if "://" in text or text.lower().startswith(("www.", "youtu", "m.youtube")):
        found = youtube_id(text)
        if found is None:
            raise ValueError(
                f"không nhận ra địa chỉ video YouTube; dùng {YOUTUBE_FORMS}. "
                "Video ở trang khác: tải tệp về content/files/ rồi ghi đường dẫn"
            )
        return VideoSource(YOUTUBE, *found)
    path = _content_path(text, "video", FILE_TYPES, f"cần địa chỉ YouTube ({YOUTUBE_FORMS}) {FILE_EXPECTED}")
    return VideoSource(FILE, path)


def parse_captions(value: str | list[str]) -> str:
    """`Video_captions`: a WebVTT file under content/."""
    return _content_path(
        _single(value),
        "phụ đề",
        {"vtt": "text/vtt"},
        "cần tệp phụ đề WebVTT (.vtt), ví dụ files/2026/le-ra-quan.vtt",
    )


def parse_poster(value: str | list[str]) -> str:
    """`Video_poster`: a photo under content/, as for `Image`."""
    return photo_path(value)


def _content_path(text: str, what: str, types: dict, expected: str) -> str:
    path = text.replace("\\", "/")
    for prefix in ("{static}", "{attach}"):
        path = path.removeprefix(prefix)
    path = path.lstrip("/")
    pure = PurePosixPath(path)
    if not path or ".." in pure.parts or re.match(r"[A-Za-z]:", path) or "://" in path:
        raise ValueError(f"{what}: {expected}")
    if pure.suffix.lower().lstrip(".") not in types:
        raise ValueError(f"loại tệp “{pure.suffix or pure.name}” không dùng được; {expected}")
    return path


def _title(content) -> str:
    return getattr(content, "video_title", None) or str(getattr(content, "title", ""))


def check_videos(
    contents: list, pages: list, content_root: Path, excluded: tuple[str, ...]
) -> list[ContentProblem]:
    """Every video's own files are there and publishable (content/files/, not images/),
    captions given for a file of the portal's own; a video on a page is not shown."""
    problems = []
    page_ids = {id(page) for page in pages}
    for content in contents:
        source = source_of(content)
        video: VideoSource | None = getattr(content, "video", None)
        captions = getattr(content, "video_captions", None)
        given = [
            name for name in ("video_title", "video_poster", "video_captions") if getattr(content, name, None)
        ]
        if video is None:
            if given:
                name = given[0].capitalize()
                problems.append(
                    warning(
                        source,
                        name,
                        str(getattr(content, given[0])),
                        "có trường video nhưng thiếu “Video: …” (địa chỉ YouTube hoặc tệp video); "
                        "thêm dòng Video",
                    )
                )
            continue
        if id(content) in page_ids:  # page.html shows no video
            problems.append(
                warning(
                    source,
                    "Video",
                    video.value,
                    "video chỉ hiện trong bài viết, không hiện trên trang cố định",
                )
            )
        if video.kind == FILE:
            problems += _file_problems(source, "Video", video.value, content_root, excluded)
            if captions:
                problems += _file_problems(source, "Video_captions", captions, content_root, excluded)
            else:
                problems.append(
                    warning(
                        source,
                        "Video_captions",
                        "",
                        "video chưa có phụ đề cho người khiếm thính hoặc xem không bật tiếng; "
                        "thêm tệp phụ đề WebVTT, ví dụ “Video_captions: files/2026/le-ra-quan.vtt”",
                    )
                )
        elif captions:
            problems.append(
                warning(
                    source,
                    "Video_captions",
                    captions,
                    "video YouTube dùng phụ đề đã đăng trên YouTube; tệp này không được dùng, xóa dòng này",
                )
            )
    return problems


def _file_problems(source: str, name: str, path: str, root: Path, excluded: tuple[str, ...]) -> list:
    file = root / path
    if not file.is_file():
        return [
            ContentProblem(
                source,
                name,
                path,
                f"không tìm thấy tệp content/{path}; kiểm tra tên tệp (phân biệt hoa thường) "
                "và chép tệp vào content/files/<năm>/",
            )
        ]
    if PurePosixPath(path).parts[0] in excluded:
        return [
            ContentProblem(
                source,
                name,
                path,
                f"tệp trong content/{PurePosixPath(path).parts[0]}/ không được đăng; "
                "chuyển vào content/files/<năm>/",
            )
        ]
    return []


def video_files(content) -> list[str]:
    """Files under content/ a content's own video needs published: the video, its captions."""
    video: VideoSource | None = getattr(content, "video", None)
    if video is None or video.kind != FILE:
        return []
    captions = getattr(content, "video_captions", None)
    return [video.value, *([captions] if captions else [])]


def prepare_posters(contents: list, config) -> tuple[list[ContentProblem], dict[str, str], dict]:
    """Check and derive each `Video_poster` (photos.derive, as for any photo).

    Returns the problems, {save_as: cached file} to publish and {path: Plan}."""
    problems, uses = [], {}
    for content in contents:
        poster = getattr(content, "video_poster", None)
        if poster and getattr(content, "video", None) is not None:
            uses.setdefault(poster, []).append(content)
    plans = {}
    for path, users in sorted(uses.items()):
        try:
            photo = derive.check_source(config.content_path, path, config.max_bytes)
        except derive.PhotoError as error:
            problems += [ContentProblem(source_of(c), "Video_poster", path, str(error)) for c in users]
            continue
        plans[path] = derive.plan(
            photo, config.widths, config.save_as, config.url, config.cache_path, config.folder
        )
    _, failed = derive.derive_all(config.content_path, list(plans.values()), config.workers)
    for path, message in sorted(failed.items()):
        problems += [ContentProblem(source_of(c), "Video_poster", path, message) for c in uses[path]]
        del plans[path]
    files = {
        save_as: cached
        for path, plan in plans.items()
        if any(getattr(c, "save_as", "") for c in uses[path])
        for save_as, cached in plan.files
    }
    return problems, files, plans


def link_videos(
    contents: list, static_content: dict, plans: dict, public_siteurl: str
) -> list[ContentProblem]:
    """Set `content.shown_video` (Video or None) and `content.frame_sources` (the frame
    origins its page allows: "'none'" unless it plays a YouTube video); returns problems."""
    problems = []
    for content in contents:
        content.shown_video = None
        origins = set(BODY_FRAME.findall(getattr(content, "_content", "") or ""))
        video: VideoSource | None = getattr(content, "video", None)
        if video is not None:
            content.shown_video = _shown(content, video, static_content, plans, public_siteurl, problems)
            if video.kind == YOUTUBE:
                origins.add(PLAYER_ORIGIN)
        content.frame_sources = " ".join(sorted(origins)) or "'none'"
    return problems


def _shown(content, video: VideoSource, static_content: dict, plans: dict, siteurl: str, problems: list):
    poster_path = getattr(content, "video_poster", None)
    if poster_path in plans:
        plan = plans[poster_path]
        poster = Photo(
            plan.source.path, "", "", "", plan.webp, plan.jpeg, plan.og, f"{siteurl}/{plan.og.url}"
        )
    else:
        poster = getattr(content, "lead_photo", None)
    title = _title(content)
    if video.kind == YOUTUBE:
        start = f"&start={video.start}" if video.start else ""
        watch_start = f"&t={video.start}s" if video.start else ""
        return Video(
            YOUTUBE,
            title,
            poster,
            watch_url=f"https://www.youtube.com/watch?v={video.value}{watch_start}",
            embed_url=f"{PLAYER_ORIGIN}/embed/{video.value}?autoplay=1{start}",
        )
    urls = {}
    for name, path in (("Video", video.value), ("Video_captions", getattr(content, "video_captions", None))):
        if not path:
            continue
        published = static_content.get(path)
        if published is None:
            problems.append(
                ContentProblem(
                    source_of(content),
                    name,
                    path,
                    "tệp có trong content/ nhưng không được xuất bản (nằm ngoài STATIC_PATHS hoặc "
                    "thuộc STATIC_EXCLUDES); đặt tệp vào content/files/",
                )
            )
        else:
            urls[name] = published.url
    return Video(
        FILE,
        title,
        poster,
        file_url=urls.get("Video", ""),
        mime_type=FILE_TYPES[PurePosixPath(video.value).suffix.lower().lstrip(".")],
        captions_url=urls.get("Video_captions", ""),
    )
