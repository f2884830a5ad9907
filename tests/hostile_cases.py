"""The table of hostile and careless content that test_hostile.py builds, one case a build.

A case that today's code does not handle carries `xfail`, the reason; remove it
when the case is handled (the marks are strict: a case that passes fails the run).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PREVIEW, PRODUCTION = "pelicanconf.py", "publishconf.py"
NEW = "articles/2022/bai-thu.md"  # where a case's article goes, unless it says otherwise
NEW_URL = "2022/05/bai-thu.html"
PASSWD = "root:x:0:0"
OUTSIDE_MARK = "BI-MAT-NGOAI"  # in the file a symlinked folder brings in from outside content/
LEFTOVER_MARK = "NOI-DUNG-KHONG-DUOC-DANG"


def article(extra: str = "", body: str = "Nội dung bài thử.", **fields: str) -> str:
    """A valid article; `fields` override Title, Date, Category, Slug ("" leaves one out)."""
    values = {"Title": "Bài thử", "Date": "2022-05-10 09:00", "Category": "Kinh tế", "Slug": "bai-thu"}
    values.update(fields)
    head = "".join(f"{name}: {value}\n" for name, value in values.items() if value)
    return f"{head}{extra}\n{body}\n"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes] = field(default_factory=dict)  # content-relative path -> text
    edits: tuple[tuple[str, str, str], ...] = ()  # (path, old, new) in the test site's files
    outcome: str = "ok"  # ok | warning | error | any (built, or a clean error)
    source: str = NEW  # the file the message must name
    field: str | None = None  # as the editor writes it; None for problems in the body
    value: str | None = None
    also: tuple[str, ...] = ()  # more the message must say (a second file, a suggestion)
    settings: str = PREVIEW
    forbidden_paths: tuple[str, ...] = ()
    forbidden_strings: tuple[str, ...] = ()
    must_exist: tuple[str, ...] = ()
    must_contain: tuple[tuple[str, str], ...] = ()  # (output path or folder, visible text)
    symlinks: tuple[tuple[str, str], ...] = ()  # (content-relative link, target; "@tmp/x" = outside)
    cpu_seconds: float = 60  # the build's own CPU time, so a busy machine does not fail it
    xfail: str | None = None

    def param(self):
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, id=self.name, marks=marks)


LONG_TITLE = (
    "Thông báo kết luận của Chủ tịch UBND thành phố tại cuộc họp nghe báo cáo tình hình triển khai dự án "
    "đầu tư xây dựng tuyến đường ven biển đoạn qua huyện Tiên Lãng, huyện Vĩnh Bảo và công tác giải phóng "
    "mặt bằng, tái định cư cho các hộ dân bị ảnh hưởng, đồng thời chỉ đạo các sở, ngành liên quan khẩn "
    "trương hoàn thiện hồ sơ để khởi công trong quý IV"
)
_PARAGRAPH = "Thành phố tiếp tục đẩy mạnh cải cách hành chính, phục vụ người dân và doanh nghiệp. " * 10
BIG_BODY = "\n\n".join([_PARAGRAPH] * (20 * 1024 * 1024 // len(_PARAGRAPH.encode())))  # 20 MB
MANY_TAGS = "Tags: " + ", ".join(f"thẻ số {i}" for i in range(10000)) + "\n"
STATUS_VALUES = ("draft", "published", "hidden")
NO_SLUG = {"Slug": ""}

NOT_PUBLISHED = "every file under content/ is published, linked or not (STATIC_PATHS = [''])"
NO_CANONICAL = "sections are compared as written: no NFC, tone placement or case folding"
NO_SLUG_CHECK = "Slug is not checked against [a-z0-9-]: the build succeeds"
UNSANITISED = "body HTML is published as written"
UNSTATUS = "Pelican's English “Unknown status … skipping it” (absolute path); the build succeeds"
UNLINKED = "Pelican's English warning (no source file named) and the build succeeds"
EMPTY_SLUG = "Pelican's English “Unable to generate valid slug for Tag”; the build succeeds"
OVERWRITE = "FileOverwriteFailedError with a traceback"


def leftover(path: str) -> Case:
    return Case(
        f"leftover-{Path(path).name}",
        files={path: f"Title: Bản cũ\n\n{LEFTOVER_MARK}\n"},
        forbidden_paths=(path,),
        forbidden_strings=(LEFTOVER_MARK,),
    )


# fmt: off
CASES = [
    Case("issuer-without-document", files={NEW: article("Issuer: Sở Y tế\n")}, outcome="warning",
         field="Issuer", value="Sở Y tế", must_exist=(NEW_URL,)),
    Case("document-without-date", files={NEW: article("Document: 12/KH-UBND\nIssuer: UBND thành phố\n")},
         outcome="warning", field="Document_date", must_exist=(NEW_URL,)),
    Case("unknown-document-type",
         files={NEW: article("Document: 220/XX-UBND\nDocument_date: 2022-05-09\nIssuer: UBND thành phố\n")},
         outcome="warning", field="Document", value="220/XX-UBND", must_exist=(NEW_URL,)),
    Case("image-without-alt", files={NEW: article(body="![](../../files/2021/so-do.png)")},
         outcome="warning", also=("so-do.png",), must_exist=(NEW_URL,)),
    Case("title-300-characters", files={NEW: article(Title=LONG_TITLE, **NO_SLUG)},
         must_contain=(("2022/05/", "Thông báo kết luận của Chủ tịch UBND"),)),
    Case("same-slug-same-month",
         files={"articles/2021/trung.md": article(Date="2021-09-15 08:00", Slug="phat-dong")},
         outcome="error", source="articles/2021/trung.md", field="Slug", value="phat-dong",
         also=("articles/2021/phat-dong.md",)),
    Case("same-slug-other-month", files={NEW: article(Slug="phat-dong")}, outcome="error", field="Slug",
         value="phat-dong", also=("articles/2021/phat-dong.md",)),
    Case("page-slug-is-search-page",
         files={"pages/tim-kiem.md": "Title: Tìm kiếm\nSlug: tim-kiem\n\nTrang.\n"}, outcome="error",
         source="pages/tim-kiem.md", field="Slug", value="tim-kiem"),
    Case("page-slug-is-sections-page",
         files={"pages/chuyen-muc.md": "Title: Chuyên mục\nSlug: chuyen-muc\n\nTrang.\n"}, outcome="error",
         source="pages/chuyen-muc.md", field="Slug", value="chuyen-muc"),
    Case("document-qd-and-qd-without-mark-disagree",
         files={NEW: article("Document: 05/QD-UBND\nDocument_date: 2021-11-02\nIssuer: Sở Nội vụ\n",
                             Date="2021-11-05 09:00")},
         outcome="error", field="Document_date", value="2021-11-02", also=("articles/2021/so-ket.md",)),
    Case("campaign-only-symbols", files={NEW: article("Campaign: ###\n")}, outcome="error",
         field="Campaign", value="###"),
    Case("article-20-mb", files={NEW: article(body=BIG_BODY)}, outcome="any"),
    Case("ten-thousand-tags", files={NEW: article(MANY_TAGS)}, outcome="any"),
    Case("status-nhap", files={NEW: article("Status: nháp\n")}, outcome="error", field="Status",
         value="nháp", also=STATUS_VALUES),
    Case("status-xuatban", files={NEW: article("Status: xuatban\n")}, outcome="error", field="Status",
         value="xuatban", also=STATUS_VALUES),
    Case("not-utf-8", files={NEW: article(Title="Thông báo").encode().replace("ô".encode(), b"\xf4")},
         outcome="error", also=("UTF-8",)),
    Case("markdown-outside-articles-and-pages", files={"tin-tuc/bai.md": article()}, outcome="error",
         source="tin-tuc/bai.md", forbidden_paths=("tin-tuc/bai.md",)),
    Case("category-decomposed",
         files={NEW: article(Category=unicodedata.normalize("NFD", "Văn hóa - Xã hội"))},
         must_contain=((NEW_URL, "Văn hóa - Xã hội"),)),
    Case("category-old-tone-placement", files={NEW: article(Category="Văn hoá - Xã hội")},
         must_contain=((NEW_URL, "Văn hóa - Xã hội"),), must_exist=("chuyen-muc/van-hoa-xa-hoi/index.html",)),
    Case("category-other-case", files={NEW: article(Category="Y Tế")}, must_contain=((NEW_URL, "Y tế"),)),
    Case("missing-static-link", files={NEW: article(body="[Tải]({static}/files/2026/khong-co.pdf)")},
         outcome="error", also=("files/2026/khong-co.pdf",)),
    Case("missing-filename-link", files={NEW: article(body="[Bài]({filename}/articles/2021/khong-co.md)")},
         outcome="error", also=("articles/2021/khong-co.md",)),
    Case("duplicate-feed-id",
         files={NEW: article("Feed_id: tin-1\n"), "articles/2022/bai-hai.md": article("Feed_id: tin-1\n",
                                                                                       Slug="bai-hai")},
         outcome="error", source="articles/2022/bai-hai.md", field="Feed_id", value="tin-1", also=(NEW,)),
    *(leftover(path) for path in (
        "articles/2021/ghi-chu-bien-tap.txt", "articles/2021/bai.md~", "articles/2021/bai-cu.md.bak",
        "articles/2021/#bai.md#", "articles/2021/nhap.rst", ".git/config", "files/2021/.DS_Store",
        "files/2021/Thumbs.db", "files/2021/~$bao-cao.docx", "articles/2021/.bai.md.swp",
    )),
    Case("attachment-only-in-a-draft", settings=PRODUCTION, forbidden_paths=("files/2022/nhap.pdf",),
         files={"files/2022/nhap.pdf": "%PDF nháp", "articles/2022/ban-nhap.md": article(
             "Status: draft\nAttachments: files/2022/nhap.pdf | Dự thảo\n", Slug="ban-nhap",
             Date="2022-04-01 09:00")}),
    Case("unreferenced-file", files={"files/2021/khong-ai-dung.pdf": "%PDF"},
         forbidden_paths=("files/2021/khong-ai-dung.pdf",)),
    Case("symlink-to-passwd", symlinks=(("files/2021/passwd.pdf", "/etc/passwd"),), outcome="any",
         forbidden_paths=("files/2021/passwd.pdf",), forbidden_strings=(PASSWD,)),
    Case("symlinked-folder-outside", symlinks=(("files/ngoai", "@tmp/ngoai"),), outcome="any",
         forbidden_paths=("files/ngoai/bi-mat.pdf",), forbidden_strings=(OUTSIDE_MARK,)),
    Case("summary-script", files={NEW: article("Summary: <script>alert(1)</script> Tóm tắt\n")}),
    Case("javascript-link", files={NEW: article(body="[Xem](javascript:alert(1))")}),
    Case("img-onerror", files={NEW: article(body="<img src=x onerror=alert(1)>")}),
    Case("iframe-javascript", files={NEW: article(body='<iframe src="javascript:alert(1)"></iframe>')}),
    Case("style-in-body", files={NEW: article(body="<style>body{display:none}</style>\n\nChữ.")},
         forbidden_strings=("display:none",)),
    Case("object-and-embed", files={NEW: article(body='<object data="x.swf"></object><embed src="y.swf">')},
         forbidden_strings=("x.swf", "y.swf")),
    Case("data-url-image", files={NEW: article(body="![Ảnh](data:image/png;base64,iVBORw0KGgo=)")},
         forbidden_strings=("data:image",)),
    Case("slug-with-quotes", files={NEW: article(Slug='x"onmouseover="alert(1)')}, outcome="error",
         field="Slug", value='x"onmouseover="alert(1)'),
    Case("slug-climbs-to-home", files={NEW: article(Slug="../../index")}, outcome="error", field="Slug",
         value="../../index"),
    Case("slug-climbs-to-search", files={NEW: article(Slug="../../tim-kiem/index")}, outcome="error",
         field="Slug", value="../../tim-kiem/index"),
    Case("slug-vietnamese", files={NEW: article(Slug="bài viết mới")}, outcome="error", field="Slug",
         value="bài viết mới", also=("bai-viet-moi",)),
    Case("slug-very-long", files={NEW: article(Slug="-".join(["thong-bao"] * 40))}, outcome="error",
         field="Slug"),
    Case("tags-only-symbols", files={NEW: article("Tags: ###\n")}, outcome="error", field="Tags",
         value="###"),
    Case("tag-only-html", files={NEW: article("Tags: <b></b>, kinh tế\n")}, outcome="error", field="Tags"),
    Case("control-characters-in-title", files={NEW: article(Title="Bài\x07 thử\x1b[31m \x00mới\x7f")},
         must_contain=((NEW_URL, "Bài thử"),)),
    Case("date-1890", files={NEW: article(Date="1890-01-01")}, outcome="error", field="Date",
         value="1890-01-01", also=("1945",)),
    Case("date-2150", files={NEW: article(Date="2150-01-01")}, outcome="error", field="Date",
         value="2150-01-01", also=("2100",)),
    Case("date-31-february", files={NEW: article(Date="31/02/2021")}, outcome="error", field="Date",
         value="31/02/2021"),
    Case("related-to-itself", edits=(("articles/2021/so-ket.md", "Related: phat-dong", "Related: so-ket"),),
         outcome="error", source="articles/2021/so-ket.md", field="Related", value="so-ket"),
    Case("related-to-missing-slug",
         edits=(("articles/2021/so-ket.md", "Related: phat-dong", "Related: khong-co-bai-nay"),),
         outcome="error", source="articles/2021/so-ket.md", field="Related", value="khong-co-bai-nay"),
    Case("attachment-climbs-to-passwd", files={NEW: article("Attachments: ../../etc/passwd | Mật khẩu\n")},
         outcome="error", field="Attachments", value="../../etc/passwd", forbidden_strings=(PASSWD,)),
]
# fmt: on
