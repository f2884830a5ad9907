"""The HTML allow-list: what runs is dropped, what articles need is kept as written."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import markdown
import pytest
from conftest import ROOT
from newsroom.sanitize import clean_html, clean_summary, clean_text, url_allowed

import pelicanconf

SAMPLES = sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "tests" / "site" / "content").rglob("*.md")])


def render(body: str) -> str:
    """Markdown as Pelican renders it with the portal's MARKDOWN settings."""
    config = pelicanconf.MARKDOWN
    converter = markdown.Markdown(
        extensions=list(config["extension_configs"]),
        extension_configs=config["extension_configs"],
        output_format=config["output_format"],
    )
    return converter.convert(body)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_sample_articles_come_back_byte_identical(path: Path):
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    html = render(body)
    assert clean_html(html) == html


def test_footnotes_keep_their_markup_but_character_references_become_characters():
    # The one normalisation seen: html5ever writes &#160; as &nbsp; and &#8617; as ↩ (same DOM).
    html = render("Xem[^1].\n\n[^1]: Ghi chú")
    cleaned = clean_html(html)
    assert cleaned == html.replace("&#160;", "&nbsp;").replace("&#8617;", "↩")
    assert 'class="footnote-backref" href="#fnref:1"' in cleaned


@pytest.mark.parametrize(
    "url",
    [
        "{static}/files/2021/ke-hoach-220-kh-ubnd.pdf",
        "{attach}/files/2021/danh sách.xlsx",
        "{filename}../2021/phat-dong.md#muc-2",
        "{tag}kinh-te",
        "{category}y-te",
        "{index}",
        "../../files/2021/so-do.png",
        "https://haiphong.gov.vn/?a=1&amp;b=2",
        "mailto:congtintuc@haiphong.gov.vn",
        "tel:02253842556",
    ],
)
def test_placeholders_relative_and_allowed_links_are_kept_byte_for_byte(url):
    html = f'<p><a href="{url}">tải</a> <img src="{url}" alt="ảnh"></p>'
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,AAAA" alt="a">', '<img alt="a">'),
        ('<img srcset="a.jpg 1x, data:image/png;base64,AA 2x" alt="a">', '<img alt="a">'),
        ('<video poster="javascript:alert(1)" controls></video>', '<video controls=""></video>'),
        ('<blockquote cite="javascript:alert(1)">q</blockquote>', "<blockquote>q</blockquote>"),
        ('<iframe src="javascript:alert(1)"></iframe>', "<iframe></iframe>"),
        ('<iframe src="https://evil.example/embed/x"></iframe>', "<iframe></iframe>"),
        ('<object data="x.swf"><embed src="x.swf"></object>', ""),
        ('<svg onload="alert(1)"><circle r="1"></circle></svg>', ""),
        ('<form action="https://x"><input name="p"></form>', ""),
        ('<p style="position:fixed" onclick="x()">a</p>', "<p>a</p>"),
        ('<a href="https://x" target="_blank" rel="opener">x</a>', '<a href="https://x">x</a>'),
        ("<p>a<!-- ghi chú nội bộ -->b</p>", "<p>ab</p>"),
        ('<meta http-equiv="refresh" content="0;url=https://x">', ""),
        ('<base href="https://evil.example/">', ""),
    ],
)
def test_what_runs_or_leaks_is_dropped(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    "html",
    # Boolean attributes come back as `controls=""` (html5ever); Markdown writes none.
    [
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" allowfullscreen=""></iframe>',
        (
            '<table><caption>Kết quả</caption><colgroup><col span="2"></colgroup><thead><tr>'
            '<th scope="col" colspan="2">A</th></tr></thead>'
            '<tbody><tr><td rowspan="2">1</td></tr></tbody></table>'
        ),
        (
            '<figure><picture><source srcset="a.webp 1x, a2.webp 2x" type="image/webp">'
            '<img src="a.jpg" alt="Ảnh" loading="lazy" width="640" height="480"></picture>'
            "<figcaption>Chú thích</figcaption></figure>"
        ),
        (
            '<video controls="" poster="p.jpg"><source src="v.mp4" type="video/mp4">'
            '<track src="v.vtt" kind="captions" srclang="vi" label="Tiếng Việt"></video>'
        ),
        (
            '<p><abbr title="Ủy ban nhân dân">UBND</abbr> <time datetime="2021-09-28">28/9</time> '
            "<mark>x</mark> <del>a</del><ins>b</ins> <q>c</q> <kbd>Ctrl</kbd></p>"
        ),
        "<details><summary>Chi tiết</summary><dl><dt>A</dt><dd>B</dd></dl></details>",
        '<div class="bang"><span class="ghi-chu">x</span></div>',
    ],
)
def test_what_articles_need_is_kept(html):
    assert clean_html(html) == html


def test_summary_keeps_inline_markup_only():
    assert clean_summary("<p>Kế hoạch <strong>220</strong></p>") == "<p>Kế hoạch <strong>220</strong></p>"
    assert clean_summary('<p><a href="x">y</a><img src="z"></p><h2>t</h2>') == "<p>y</p>t"
    assert clean_summary("<script>alert(1)</script>Tóm tắt") == "Tóm tắt"


def test_url_allowed_accepts_relative_and_known_schemes_only():
    assert url_allowed("{static}/files/a.pdf")
    assert url_allowed("#muc-1")
    assert not url_allowed("data:text/html,x")
    assert not url_allowed("file:///etc/passwd")
    assert not url_allowed("http://[::1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Sở\tY tế\n thành phố ", "Sở Y tế thành phố"),
        ("Tiêu\x00 đề\x1b[31m\x7f", "Tiêu đề[31m"),
        ("Bài\u202eviết\u200b", "Bàiviết"),
        ("\ufeffMục tiêu kép", "Mục tiêu kép"),
        ("", ""),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_clean_text_composes_decomposed_vietnamese():
    assert clean_text(unicodedata.normalize("NFD", "Y tế")) == "Y tế"
