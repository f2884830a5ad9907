"""Official documents: a page per document (number and year of issue) with the articles
about it, the "Văn bản" listing with its views by type and by year, and the checks
that one document is described alike everywhere. The number grammar is `numbers`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..grouping import group, oldest_first, slug_of
from ..names import name_key
from ..problems import ContentProblem, source_of
from .numbers import DocumentNumber, document_reference

__all__ = [
    "Document",
    "DocumentShelf",
    "check_documents",
    "describe_documents",
    "document_key",
    "group_documents",
    "shelve_documents",
]


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
    def year(self) -> int:
        """The year of issue, or the first article's when the date of issue is not known."""
        return self.issued.year if self.issued else self.articles[0].date.year

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


@dataclass
class DocumentShelf:
    """Documents of one type or one year, for a filtered "Văn bản" listing."""

    name: str  # "Kế hoạch", "2021"
    slug: str
    url: str
    save_as: str
    documents: list = field(default_factory=list)


def document_key(article) -> str:
    """Which document an article is about: its number and year of issue.

    Numbering restarts every year (Nghị định 30/2020/NĐ-CP), so 220/KH-UBND
    of 2021 and 220/KH-UBND of 2022 are two documents; without its date of issue,
    a document is taken to be of the year the article was published. "" when
    there is none.
    """
    number = getattr(article, "document", None)
    if not number:
        return ""
    issued = getattr(article, "document_date", None)
    return f"{number.text} ({issued.year if issued else article.date.year})"


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


def _compared(value):
    return name_key(value) if isinstance(value, str) else value


def _shown(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, date) else str(value)


def check_documents(articles: list, problems_of) -> list[ContentProblem]:
    """One document, one description: its date and issuer must agree across articles.

    `problems_of(article)` gives the problems already found in an article's own
    fields; an article whose document fields could not be read is not compared.
    """
    first_seen: dict[str, object] = {}
    problems = []
    for article in oldest_first(articles):
        if not getattr(article, "document", None):
            continue
        if any(p.field in ("Document_date", "Issuer") for p in problems_of(article)):
            continue
        for name, label in (("document_date", "Document_date"), ("issuer", "Issuer")):
            mine = getattr(article, name, None)
            if not mine:
                continue  # not given here: the document's is taken from another article
            earlier = first_seen.setdefault((document_key(article), name), article)
            theirs = getattr(earlier, name)
            if _compared(mine) != _compared(theirs):
                # Named in both files: either may be the one to correct.
                for one, other, value in ((article, earlier, mine), (earlier, article, theirs)):
                    problems.append(
                        ContentProblem(
                            source_of(one),
                            label,
                            _shown(value),
                            f"văn bản {document_key(article)} được ghi là "
                            f"“{_shown(theirs if one is article else mine)}” trong {source_of(other)}; "
                            "sửa cho khớp (văn bản khác năm thì ghi đúng năm ban hành)",
                        )
                    )
    return problems


def group_documents(articles: list, config) -> list[Document]:
    """Documents newest first; sets `article.document_page`."""

    def new_document(article, key: str) -> Document:
        number, issued = article.document, getattr(article, "document_date", None)
        name = f"{number.text}-{issued.year if issued else article.date.year}"
        slug = slug_of(name.replace("/", "-"), config.slug_substitutions)
        return Document(
            number,
            issued,
            getattr(article, "issuer", "") or "",
            slug,
            config["DOCUMENT_URL"].format(slug=slug),
            config["DOCUMENT_SAVE_AS"].format(slug=slug),
        )

    documents = group(oldest_first(articles), document_key, new_document)
    for document in documents.values():  # described by the first article that gives each part
        document.issued = document.issued or next(
            (a.document_date for a in document.articles if getattr(a, "document_date", None)), None
        )
        document.issuer = document.issuer or next(
            (a.issuer for a in document.articles if getattr(a, "issuer", "")), ""
        )
    for article in articles:
        article.document_page = documents.get(document_key(article))
        if article.document_page:  # one description everywhere, with what other articles knew
            article.document_reference = article.document_page.reference
    return sorted(
        documents.values(),
        key=lambda d: (-(d.issued or date.min).toordinal(), -d.number.number, d.slug),
    )


def shelve_documents(documents: list[Document], config) -> tuple[list[DocumentShelf], list[DocumentShelf]]:
    """(by type, by year): shelves in name order / newest year first, documents newest first."""

    def shelve(name_of, url: str, save_as: str) -> list[DocumentShelf]:
        def new_shelf(document, name: str) -> DocumentShelf:
            slug = slug_of(name, config.slug_substitutions)
            return DocumentShelf(name, slug, url.format(slug=slug), save_as.format(slug=slug))

        return list(group(documents, name_of, new_shelf, members="documents").values())

    by_type = shelve(lambda d: d.type_name, config["DOCUMENT_TYPE_URL"], config["DOCUMENT_TYPE_SAVE_AS"])
    by_year = shelve(lambda d: str(d.year), config["DOCUMENT_YEAR_URL"], config["DOCUMENT_YEAR_SAVE_AS"])
    return sorted(by_type, key=lambda s: s.name), sorted(by_year, key=lambda s: s.name, reverse=True)
