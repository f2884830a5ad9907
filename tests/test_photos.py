"""The photo pipeline without a site: derivatives, metadata, cache, every bad input."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from newsroom.photos import FIELDS_BY_NAME, PhotoExtension, prepare, read_settings
from newsroom.photos.derive import check_source, derive_all, link_preview, og_size, plan, widths_for
from newsroom.photos.fields import split_title
from newsroom.photos.markup import base_for
from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def write_photo(path: Path, size=(1600, 1000), fmt="JPEG", exif=None, icc=None, colour=(200, 30, 40)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, colour)
    # A marker in the top-left corner, to see the rotation.
    image.paste((0, 0, 255), (0, 0, size[0] // 4, size[1] // 4))
    options = {}
    if exif is not None:
        options["exif"] = exif
    if icc is not None:
        options["icc_profile"] = icc
    image.save(path, fmt, **options)
    return path


def settings_for(tmp_path: Path, **extra) -> object:
    return read_settings(
        {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"), **extra},
        "https://congtintuc.example.vn",
    )


class FakeContent:
    """Only what `prepare` reads of a Pelican content."""

    def __init__(self, source: str, body: str = "", save_as: str = "2021/09/bai.html", **metadata):
        self.relative_source_path = source
        self.save_as = save_as
        self._content = body
        self.metadata = {"summary": "Tóm tắt", **metadata}
        for name, value in metadata.items():
            setattr(self, name, value)
        self.get_content = SimpleNamespace(cache={})
        self.get_summary = SimpleNamespace(cache={})


def body_html(text: str) -> str:
    return markdown.markdown(text, extensions=[PhotoExtension()], output_format="html5")


# -- fields ------------------------------------------------------------------


def test_fields_parse_and_refuse():
    image = FIELDS_BY_NAME["image"].parse
    assert image("{static}/images/2021/le-phat-dong.jpg") == "images/2021/le-phat-dong.jpg"
    for bad, says in [
        ("images/2021/so-do.bmp", "“.bmp” không dùng được"),
        ("images/2021/anh.tiff", "“.tiff” không dùng được"),
        ("../ngoai.jpg", "không dùng địa chỉ web"),
        ("https://example.com/a.jpg", "không dùng địa chỉ web"),
    ]:
        with pytest.raises(ValueError, match=says):
            image(bad)
    assert FIELDS_BY_NAME["image_credit"].parse("Thu Hà") == "Ảnh: Thu Hà"
    assert FIELDS_BY_NAME["image_credit"].parse("Ảnh minh họa: Cổng tin tức") == "Ảnh minh họa: Cổng tin tức"
    assert FIELDS_BY_NAME["layout"].parse("Photo-Story") == "photo-story"
    with pytest.raises(ValueError, match="photo-story"):
        FIELDS_BY_NAME["layout"].parse("gallery")
    assert FIELDS_BY_NAME["image_alt"].label == "Image_alt"
    assert FIELDS_BY_NAME["image_alt"].required_when == "image"


def test_title_splits_into_caption_and_credit():
    assert split_title("Lễ phát động | Ảnh: Thu Hà") == ("Lễ phát động", "Ảnh: Thu Hà")
    assert split_title("Lễ phát động | Thu Hà") == ("Lễ phát động", "Ảnh: Thu Hà")
    assert split_title("Ảnh: Thu Hà") == ("", "Ảnh: Thu Hà")
    assert split_title("Chỉ chú thích") == ("Chỉ chú thích", "")


def test_settings_are_checked():
    with pytest.raises(ValueError, match="PHOTO_WIDTHS"):
        read_settings({"PATH": "content", "PHOTO_WIDTHS": [10]}, "")
    with pytest.raises(ValueError, match="PHOTO_SAVE_AS"):
        read_settings({"PATH": "content", "PHOTO_SAVE_AS": "anh/{name}.jpg"}, "")
    with pytest.raises(ValueError, match="PHOTO_MAX_BYTES"):
        read_settings({"PATH": "content", "PHOTO_MAX_BYTES": "15MB"}, "")


# -- Markdown ----------------------------------------------------------------


def test_markdown_photo_alone_becomes_a_marked_figure():
    html = body_html('![Lễ phát động](images/2021/x.jpg "Quang cảnh buổi lễ | Ảnh: Thu Hà")')
    assert html == (
        '<figure class="photo"><img alt="Lễ phát động" data-photo="images/2021/x.jpg" '
        'src="images/2021/x.jpg"><figcaption>Quang cảnh buổi lễ '
        '<span class="credit">Ảnh: Thu Hà</span></figcaption>\n</figure>'
    )


def test_markdown_leaves_other_images_and_inline_photos_in_their_paragraph():
    html = body_html("Sơ đồ: ![Sơ đồ](../../files/2021/so-do.png) và ![Ảnh](/images/a.jpg) đây.")
    assert html.startswith("<p>Sơ đồ: ")
    assert '<img alt="Sơ đồ" src="../../files/2021/so-do.png">' in html
    assert 'data-photo="images/a.jpg"' in html and "<figure" not in html


# -- derivatives -------------------------------------------------------------


def test_widths_never_upscale_and_og_box():
    assert widths_for(1600, (400, 800, 1200)) == [400, 800, 1200]
    assert widths_for(1000, (400, 800, 1200)) == [400, 800, 1000]
    assert widths_for(300, (400, 800, 1200)) == [300]
    assert og_size(1600, 1000) == (1200, 630)
    assert og_size(800, 300) == (571, 300)


def test_derivatives_sizes_formats_names_and_cache(tmp_path):
    config = settings_for(tmp_path)
    write_photo(tmp_path / "content/images/2021/Lễ phát động.jpg")
    source = check_source(config.content_path, "images/2021/Lễ phát động.jpg", config.max_bytes)
    p = plan(source, config.widths, config.save_as, config.url, config.cache_path)
    assert [r.url for r in p.webp] == [
        f"anh/2021/le-phat-dong-{source.digest}-{w}.webp" for w in (400, 800, 1200)
    ]
    assert p.og.url == f"anh/2021/le-phat-dong-{source.digest}-og.jpg"
    assert derive_all(config.content_path, [p]) == (1, {})
    for rendition in [*p.webp, *p.jpeg, p.og]:
        cached = dict(p.files)[rendition.url]
        with Image.open(cached) as made:
            assert made.size == (rendition.width, rendition.height)
            assert made.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition.mime_type]
    assert (p.jpeg[1].width, p.jpeg[1].height) == (800, 500)
    assert (p.og.width, p.og.height) == (1200, 630)
    # A second build makes nothing.
    assert derive_all(config.content_path, [p]) == (0, {})


def test_link_preview_cut_a_little_above_the_middle_or_resampled_to_its_box():
    # Rows coloured by height: which rows the preview kept shows where it was cut.
    photo = Image.new("RGB", (1200, 800))
    for row in range(800):
        photo.paste((0, row % 256, row // 256), (0, row, 1200, row + 1))
    cut = link_preview(photo, (1200, 630))
    assert cut.size == (1200, 630)
    top = round((800 - 630) * 0.4)  # 68: two fifths of the spare height above, three below
    assert cut.getpixel((600, 0)) == (0, top % 256, top // 256)
    assert cut.getpixel((600, 629)) == (0, (top + 629) % 256, (top + 629) // 256)
    # Wider than the box's shape: the sides go, the middle stays, resampled to the box.
    wide = Image.new("RGB", (3000, 1000), (255, 0, 0))
    wide.paste((0, 0, 255), (1000, 0, 2000, 1000))
    preview = link_preview(wide, (1200, 630))
    assert preview.size == (1200, 630)
    assert preview.getpixel((600, 315)) == (0, 0, 255) and preview.getpixel((5, 315))[0] > 200


def test_digest_changes_with_the_photo(tmp_path):
    config = settings_for(tmp_path)
    path = write_photo(tmp_path / "content/images/a.jpg")
    first = check_source(config.content_path, "images/a.jpg", config.max_bytes).digest
    write_photo(path, colour=(10, 200, 10))
    assert check_source(config.content_path, "images/a.jpg", config.max_bytes).digest != first


# A camera original too: decoded by libjpeg at half scale, still upright and whole.
@pytest.mark.parametrize("taken", [(1600, 1000), (4000, 2500)])
def test_exif_orientation_applied_gps_and_camera_dropped_icc_kept(tmp_path, taken):
    config = settings_for(tmp_path)
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the camera turned: show rotated 90° clockwise
    exif[0x010F] = "Máy ảnh X"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 51.0, 0.0), 3: "E", 4: (106.0, 41.0, 0.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    write_photo(tmp_path / "content/images/xoay.jpg", size=taken, exif=exif, icc=icc)
    with Image.open(tmp_path / "content/images/xoay.jpg") as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    source = check_source(config.content_path, "images/xoay.jpg", config.max_bytes)
    assert (source.width, source.height) == (taken[1], taken[0])
    p = plan(source, config.widths, config.save_as, config.url, config.cache_path)
    derive_all(config.content_path, [p])
    for _, cached in p.files:
        with Image.open(cached) as made:
            assert not made.getexif(), cached  # no GPS, no camera, no orientation left
            assert "xmp" not in made.info
            assert made.info.get("icc_profile") == icc
    with Image.open(dict(p.files)[p.jpeg[0].url]) as small:
        assert small.size == (400, 640)
        # The blue corner was top-left; turned clockwise, it is top-right.
        assert small.getpixel((390, 10))[2] > 200 and small.getpixel((10, 10))[2] < 100
    with Image.open(dict(p.files)[p.jpeg[-1].url]) as widest, Image.open(p.files[-1][1]) as preview:
        assert widest.size == ((1000, 1600) if taken[1] == 1000 else (1200, 1920))
        assert preview.size == og_size(source.width, source.height)


@pytest.mark.parametrize(
    ("name", "write", "says"),
    [
        ("thieu.jpg", None, "không tìm thấy tệp content/images/thieu.jpg"),
        ("hong.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg"), "không đọc được"),
        ("anh.jpg", lambda p: write_photo(p, size=(50, 50), fmt="BMP"), "ảnh dạng BMP không dùng được"),
        ("anh.png", lambda p: write_photo(p, size=(50, 50), fmt="TIFF"), "ảnh dạng TIFF không dùng được"),
        ("nang.jpg", lambda p: p.write_bytes(b"\0" * 200_000), "ảnh nặng 0.2 MB, quá giới hạn 0.1 MB"),
    ],
)
def test_bad_sources_are_named(tmp_path, name, write, says):
    config = settings_for(tmp_path, PHOTO_MAX_BYTES=100_000)
    target = tmp_path / "content/images" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if write:
        write(target)
    article = FakeContent("articles/bai.md", image=f"images/{name}", image_alt="Mô tả")
    problems, files = prepare([article], config)
    assert [(p.source, p.field, p.value, p.is_warning) for p in problems] == [
        ("articles/bai.md", "Image", f"images/{name}", False)
    ]
    assert says in problems[0].message
    assert files == {} and article.lead_photo is None


def test_truncated_photo_fails_when_derived(tmp_path):
    config = settings_for(tmp_path)
    whole = io.BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(whole, "JPEG")
    path = tmp_path / "content/images/cut.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])  # header fine, pixels cut
    problems, _ = prepare([FakeContent("articles/bai.md", image="images/cut.jpg", image_alt="x")], config)
    assert [p.message for p in problems] == [
        "tệp ảnh bị hỏng (đọc không hết dữ liệu ảnh); xuất lại ảnh dạng JPEG"
    ]


def test_small_photo_and_missing_alt(tmp_path):
    config = settings_for(tmp_path)
    write_photo(tmp_path / "content/images/nho.jpg", size=(640, 400))
    article = FakeContent("articles/bai.md", image="images/nho.jpg")
    problems, files = prepare([article], config)
    found = {(p.field, p.is_warning): p.message for p in problems}
    assert "ảnh chỉ rộng 640 điểm ảnh" in found[("Image", True)]
    assert "thêm dòng “Image_alt: …”" in found[("Image_alt", False)]
    lenient = settings_for(tmp_path, PHOTO_REQUIRE_ALT=False)
    assert all(p.is_warning for p in prepare([article], lenient)[0])
    assert article.lead_photo.width == 640 and len(files) == 5  # 400 and 640 wide (WebP, JPEG), og


def test_prepare_attaches_lead_photo_and_fills_body_figures(tmp_path):
    config = settings_for(tmp_path)
    write_photo(tmp_path / "content/images/2021/le.jpg")
    write_photo(tmp_path / "content/images/2021/than-bai.png", size=(900, 600), fmt="PNG")
    body = body_html('Mở đầu.\n\n![Người dân xếp hàng](images/2021/than-bai.png "Tại phường | Thu Hà")')
    article = FakeContent(
        "articles/2021/bai.md", body, image="images/2021/le.jpg", image_alt="Lễ phát động",
        image_caption="Quang cảnh", image_credit="Ảnh: Thu Hà",
    )  # fmt: skip
    article.get_content.cache[(article, "")] = "stale"
    problems, files = prepare([article], config)
    assert problems == []
    lead = article.lead_photo
    assert (lead.width, lead.height, lead.alt, lead.credit) == (1200, 750, "Lễ phát động", "Ảnh: Thu Hà")
    assert lead.og_url == f"https://congtintuc.example.vn/{lead.og.url}"
    assert lead.srcset("webp", "..").startswith(f"../{lead.webp[0].url} 400w, ")
    assert [p.source for p in article.photos] == ["images/2021/le.jpg", "images/2021/than-bai.png"]
    assert article.get_content.cache == {}  # rendered before the photos: forgotten
    html = article._content
    assert "data-photo" not in html
    assert '<figure class="photo"><picture><source type="image/webp" srcset="../../anh/2021/than-bai-' in html
    assert 'width="900" height="600" alt="Người dân xếp hàng" loading="lazy" decoding="async">' in html
    assert '<span class="credit">Ảnh: Thu Hà</span>' in html
    assert sorted(files) == sorted({r.url for p in article.photos for r in [*p.webp, *p.jpeg, p.og]})
    assert all(Path(f).is_file() for f in files.values())


def test_base_for_pages():
    assert base_for("2021/09/bai.html") == "../.."
    assert base_for("gioi-thieu/index.html") == ".."
    assert base_for("index.html") == ""


def test_a_draft_that_is_not_written_publishes_no_photo(tmp_path):
    config = settings_for(tmp_path)
    write_photo(tmp_path / "content/images/nhap.jpg")
    draft = FakeContent("articles/nhap.md", save_as="", image="images/nhap.jpg", image_alt="Mô tả")
    problems, files = prepare([draft], config)
    assert problems == [] and files == {}
    assert draft.lead_photo is not None  # checked and made, for the preview


def test_a_photo_reached_through_a_symlink_out_of_content_is_refused(tmp_path):
    config = settings_for(tmp_path)
    outside = tmp_path / "ngoai" / "bi-mat.jpg"
    outside.parent.mkdir()
    write_photo(outside)
    link = tmp_path / "content/images/2021/anh.jpg"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    article = FakeContent("articles/bai.md", image="images/2021/anh.jpg", image_alt="Mô tả")
    problems, files = prepare([article], config)
    assert [(p.source, p.field, p.is_warning) for p in problems] == [("articles/bai.md", "Image", False)]
    assert "phải nằm trong thư mục content/" in problems[0].message
    assert files == {} and article.lead_photo is None


def test_a_known_source_is_not_read_again_and_a_rewritten_one_is(tmp_path, monkeypatch):
    """KnownSources: an unchanged file's check reads nothing; a file rewritten with the same
    size and its old mtime put back (as `cp -p` does) is read again (its ctime moved)."""
    from newsroom.photos import derive

    config = settings_for(tmp_path)
    photo = write_photo(tmp_path / "content/images/anh.jpg", colour=(200, 30, 40))
    first = check_source(
        config.content_path, "images/anh.jpg", config.max_bytes, derive.KnownSources(tmp_path)
    )
    known = derive.KnownSources(tmp_path)
    check_source(config.content_path, "images/anh.jpg", config.max_bytes, known)
    known.save()

    def no_reading(file):
        raise AssertionError(f"{file} read again")

    with monkeypatch.context() as patched:
        patched.setattr(derive, "_read_source", no_reading)
        again = check_source(
            config.content_path, "images/anh.jpg", config.max_bytes, derive.KnownSources(tmp_path)
        )
    assert again == first
    before = photo.stat()
    other = tmp_path / "other.jpg"
    write_photo(other, colour=(30, 200, 40))
    data = other.read_bytes()
    time.sleep(0.05)  # file times come from a coarse clock: the rewrite a tick later
    photo.write_bytes(data[: before.st_size].ljust(before.st_size, b"\0"))
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert photo.stat().st_size == before.st_size and photo.stat().st_mtime_ns == before.st_mtime_ns
    rewritten = check_source(
        config.content_path, "images/anh.jpg", config.max_bytes, derive.KnownSources(tmp_path)
    )
    assert rewritten.digest != first.digest
