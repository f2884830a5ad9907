"""Cross-article work: check every content file, then give articles what
their pages show (attachments, document reference, campaign, QR code,
related news). Pure of Pelican's signals; called from the generator."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pelican.utils import slugify

from . import attachments as attachment_files
from .documents import DocumentNumber, document_reference
from .problems import ContentProblem, PortalError
from .qr import QrCache, QrCode
from .reader import PROBLEMS, TERMS, field_label
from .settings import NewsroomSettings

logger = logging.getLogger(__name__)


@dataclass
class Campaign:
    """A campaign (phong trào) and its articles, oldest first."""

    name: str
    slug: str
    url: str
    save_as: str
    articles: list = field(default_factory=list)


@dataclass
class Document:
    """An official document and the articles about it, oldest first."""

    number: DocumentNumber
    issued: date | None
    issuer: str
    slug: str
    url: str
    save_as: str
    articles: list = field(default_factory=list)

    @property
    def reference(self) -> str:
        return document_reference(self.number, self.issued, self.issuer)

    @property
    def type_name(self) -> str:
        return self.number.type_name

    @property
    def title(self) -> str:
        """What the document is about: the title of the first article announcing it."""
        return self.articles[0].title

    @property
    def attachments(self) -> list:
        """Every file attached to its articles, once each."""
        seen: dict[str, object] = {}
        for article in self.articles:
            for attachment in getattr(article, "attachment_list", []):
                seen.setdefault(attachment.path, attachment)
        return list(seen.values())


def source_of(content) -> str:
    return Path(content.relative_source_path).as_posix()


def check_content(articles: list, other_content: list, config: NewsroomSettings) -> list[ContentProblem]:
    """Every problem of every file: those found while reading, plus the
    checks that need the whole site (sections, pinned slugs, documents).
    Attachments are checked by `attach_files`."""
    problems: list[ContentProblem] = []
    for content in [*articles, *other_content]:
        problems.extend(getattr(content, PROBLEMS, None) or [])
    already = {(p.source, p.field) for p in problems}
    published = {article.slug for article in articles if article.status == "published"}
    unpublished = {article.slug for article in articles} - published
    for article in articles:
        source = source_of(article)
        category = article.category.name
        if category not in config.sections and (source, "Category") not in already:
            problems.append(ContentProblem(
                source, "Category", category,
                "không có chuyên mục này; dùng đúng một trong: " + ", ".join(config.sections),
            ))  # fmt: skip
        if article.status != "published":
            continue  # a draft's pins are checked when it is published
        for slug in getattr(article, "related", None) or []:
            if slug in unpublished:
                # Withdrawn or not yet due: left out of "Tin khác", not a reason to stop.
                logger.warning(
                    "%s: trường Related = “%s”: bài này chưa đăng (nháp hoặc hẹn giờ), "
                    "tạm bỏ khỏi “Tin khác”",
                    source, slug,
                )  # fmt: skip
            elif slug not in published or slug == article.slug:
                problems.append(ContentProblem(
                    source, "Related", slug,
                    "không có bài nào mang slug này (hoặc là chính bài này); "
                    "ghi slug của bài khác, cách nhau bằng dấu phẩy",
                ))  # fmt: skip
    return problems + check_documents(articles)


def document_key(article) -> str:
    """Which document an article is about: its number and year of issue.

    Numbering restarts every year (Nghị định 30/2020/NĐ-CP), so 220/KH-UBND
    of 2021 and 220/KH-UBND of 2022 are two documents. "" when there is none.
    """
    number = getattr(article, "document", None)
    if not number:
        return ""
    issued = getattr(article, "document_date", None)
    return f"{number.text} ({issued.year})" if issued else number.text


def check_documents(articles: list) -> list[ContentProblem]:
    """One document, one description: its date and issuer must agree across articles."""
    first_seen: dict[str, object] = {}
    problems = []
    for article in sorted(articles, key=lambda a: (a.date, a.slug)):
        document = getattr(article, "document", None)
        own_problems = getattr(article, PROBLEMS, None) or []
        if not document or any(p.field in ("Document_date", "Issuer") for p in own_problems):
            continue
        earlier = first_seen.setdefault(document_key(article), article)
        for name in ("document_date", "issuer"):
            mine, theirs = getattr(article, name, None), getattr(earlier, name, None)
            if mine != theirs:
                shown = theirs.strftime("%Y-%m-%d") if isinstance(theirs, date) else theirs
                problems.append(
                    ContentProblem(
                        source_of(article),
                        field_label(name),
                        str(mine if not isinstance(mine, date) else mine.strftime("%Y-%m-%d")),
                        f"văn bản {document_key(article)} đã được ghi là “{shown}” trong "
                        f"{source_of(earlier)}; sửa cho khớp (văn bản khác năm thì ghi đúng năm ban hành)",
                    )
                )
    return problems


@dataclass
class DocumentShelf:
    """Documents of one type or one year, for a filtered "Văn bản" listing."""

    name: str  # "Kế hoạch", "2021"
    slug: str
    url: str
    save_as: str
    documents: list = field(default_factory=list)


def shelve_documents(documents: list[Document], config: NewsroomSettings, settings: dict):
    """(by type, by year): shelves in name order / newest year first, documents newest first."""

    def shelve(name_of, url: str, save_as: str) -> dict[str, DocumentShelf]:
        shelves: dict[str, DocumentShelf] = {}
        for document in documents:
            name = name_of(document)
            if name not in shelves:
                slug = slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
                shelves[name] = DocumentShelf(name, slug, url.format(slug=slug), save_as.format(slug=slug))
            shelves[name].documents.append(document)
        return shelves

    by_type = shelve(lambda d: d.type_name, config.document_type_url, config.document_type_save_as)
    by_year = shelve(lambda d: str(d.issued.year), config.document_year_url, config.document_year_save_as)
    return (
        sorted(by_type.values(), key=lambda s: s.name),
        sorted(by_year.values(), key=lambda s: s.name, reverse=True),
    )


def group_documents(articles: list, config: NewsroomSettings, settings: dict) -> list[Document]:
    """Documents newest first; sets `article.document_page`."""
    documents: dict[str, Document] = {}
    for article in sorted(articles, key=lambda a: (a.date, a.slug)):
        number = getattr(article, "document", None)
        if not number:
            article.document_page = None
            continue
        key = document_key(article)
        if key not in documents:
            issued = getattr(article, "document_date", None)
            name = f"{number.text}-{issued.year}" if issued else number.text
            slug = slugify(name.replace("/", "-"), regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
            documents[key] = Document(
                number=number,
                issued=issued,
                issuer=getattr(article, "issuer", "") or "",
                slug=slug,
                url=config.document_url.format(slug=slug),
                save_as=config.document_save_as.format(slug=slug),
            )
        documents[key].articles.append(article)
        article.document_page = documents[key]
    return sorted(
        documents.values(),
        key=lambda d: (-(d.issued or date.min).toordinal(), -d.number.number, d.slug),
    )


def attach_files(contents: list, config: NewsroomSettings) -> list[ContentProblem]:
    """`attachment_list`: the attachments (URLs come later); returns the problems.

    Checked on every build (not only when a file is read): an attachment may
    disappear while the article's cached reading stays the same.
    """
    problems = []
    for content in contents:
        entries = getattr(content, "attachments", None) or []
        resolved, trouble = attachment_files.resolve(
            entries, config.content_path, config.attachment_extensions
        )
        content.attachment_list = resolved
        problems.extend(
            ContentProblem(source_of(content), field_label("attachments"), p.value, str(p)) for p in trouble
        )
    return problems


def link_attachments(contents: list, static_content: dict) -> list[ContentProblem]:
    """Give each attachment the URL Pelican publishes its file at; returns the problems.

    Taken from Pelican's own static files (known only once every generator has
    read its files), so `{attach}` links, EXTRA_PATH_METADATA and STATIC_PATHS
    are all respected and a page never links a file that is not published.
    """
    problems = []
    for content in contents:
        linked = []
        for attachment in getattr(content, "attachment_list", []):
            published = static_content.get(attachment.path)
            if published is None:
                problems.append(ContentProblem(
                    source_of(content), field_label("attachments"), attachment.path,
                    "tệp có trong content/ nhưng không được xuất bản (nằm ngoài STATIC_PATHS hoặc "
                    "thuộc STATIC_EXCLUDES); đặt tệp vào content/files/",
                ))  # fmt: skip
                continue
            linked.append(replace(attachment, url=published.url))
        content.attachment_list = linked
    return problems


def describe_documents(articles: list) -> None:
    """`document_reference`: "Kế hoạch số 220/KH-UBND ngày 28/9/2021 của UBND thành phố"."""
    for article in articles:
        document = getattr(article, "document", None)
        article.document_reference = (
            document_reference(
                document, getattr(article, "document_date", None), getattr(article, "issuer", "") or ""
            )
            if document
            else ""
        )


def group_campaigns(articles: list, config: NewsroomSettings, settings: dict) -> list[Campaign]:
    """Campaigns by slug ("Mục tiêu kép" and "mục tiêu kép" are one), each with its
    articles oldest first, named as first written; sets `article.campaign_page`."""
    campaigns: dict[str, Campaign] = {}
    for article in sorted(articles, key=lambda a: (a.date, a.slug)):
        name = getattr(article, "campaign", None)
        if not name:
            article.campaign_page = None
            continue
        slug = slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
        if slug not in campaigns:
            campaigns[slug] = Campaign(
                name=name,
                slug=slug,
                url=config.campaign_url.format(slug=slug),
                save_as=config.campaign_save_as.format(slug=slug),
            )
        campaigns[slug].articles.append(article)
        article.campaign_page = campaigns[slug]
    return sorted(campaigns.values(), key=lambda c: (-c.articles[-1].date.timestamp(), c.slug))


def make_qr_codes(articles: list, config: NewsroomSettings, cache: QrCache) -> dict[str, Path]:
    """`article.qr` for each article; returns {save_as: cached SVG file} to publish."""
    base = config.public_siteurl
    files: dict[str, Path] = {}
    for article in articles:
        target = f"{base}/{article.url}"
        alt = f"Mã QR dẫn tới địa chỉ bài viết: {target}"
        fields = article.url_format
        save_as = config.qr_save_as.format(**fields)
        files[save_as] = cache.file(target, alt)
        article.qr = QrCode(
            target=target, url=config.qr_url.format(**fields), caption=f"QR CODE: {article.title}", alt=alt
        )
    return files


def fanpage_qr(config: NewsroomSettings, sitename: str, cache: QrCache) -> tuple[QrCode | None, Path | None]:
    if not config.fanpage_url:
        return None, None
    alt = f"Mã QR dẫn tới Fanpage {sitename}: {config.fanpage_url}"
    return QrCode(
        target=config.fanpage_url,
        url="qr/fanpage.svg",
        caption=f"Mã QR Code truy cập vào Fanpage {sitename}",
        alt=alt,
    ), cache.file(config.fanpage_url, alt)


def sections_in_order(categories: list, config: NewsroomSettings) -> list:
    """Pelican's (category, articles) pairs in NEWS_SECTIONS order, empty ones left out."""
    order = {name: i for i, name in enumerate(config.sections)}
    return sorted(categories, key=lambda pair: order.get(pair[0].name, len(order)))
