"""An edited article's page again in a fraction of a second, from the build that made
the live preview (`invoke livereload`): the quick render an editor sees first, before
the incremental build that follows it.

A process that built the site keeps its generators (`HeldBuild`, connected before
the build). For an article whose body alone changed, the file is read again with
the build's own readers and the page drawn with its own template and context, the
article's other values (section, "Tin khác", QR code, documents, campaign, lead
photo) taken from the build: the page the full build writes, but for what the
edited words change elsewhere (the "Tin khác" ranking, the search index), which the
build that follows brings. Anything else (a changed field, a new photo in the body,
a problem in the file, a file the build did not read) is refused with the reason:
only a build can show it.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from . import photos
from .reader import PROBLEMS, TERMS
from .video import BODY_FRAME

# Values the reader derives from the body; any other difference is a changed field.
BODY_DERIVED = frozenset({PROBLEMS, TERMS})


class NotQuick(Exception):
    """Why this edit needs a build (for the log; the build follows anyway)."""


class HeldBuild:
    """The generators of the build run in this process, once it has made them."""

    def __init__(self) -> None:
        self.articles: ArticlesGenerator | None = None
        signals.all_generators_finalized.connect(self._hold, weak=False)

    def _hold(self, generators) -> None:
        self.articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)

    def render(self, source: Path) -> tuple[str, bytes]:
        """(save_as, bytes) of the page of the article read from `source` as it is now.

        Raises NotQuick when only a build can show the edit."""
        generator = self.articles
        if generator is None:
            raise NotQuick("chưa có lần dựng nào để dựa vào")
        path = os.path.relpath(os.path.realpath(source), os.path.realpath(generator.path))
        held, is_draft = self._held(generator, path)
        try:
            fresh = generator.readers.read_file(
                base_path=generator.path,
                path=path,
                content_class=Article,
                context=generator.context,
            )
        except Exception as error:  # noqa: BLE001 - the build reports it in the editor's words
            raise NotQuick(f"đọc tệp lỗi ({error})") from None
        if any(not problem.warning for problem in fresh.metadata.get(PROBLEMS, [])):
            raise NotQuick("tệp có lỗi")
        changed = changed_fields(held, fresh)
        if changed:
            raise NotQuick(f"đổi trường {', '.join(changed)}")
        page = edited(held, fresh)
        return page.save_as, draw(generator, page, is_draft)

    @staticmethod
    def _held(generator: ArticlesGenerator, path: str) -> tuple[Article, bool]:
        kinds = [
            (generator.articles, False),
            (generator.translations, False),
            (generator.hidden_articles, False),
            (generator.hidden_translations, False),
            (generator.drafts, True),
            (generator.drafts_translations, True),
        ]
        for contents, is_draft in kinds:
            for content in contents:
                if content.relative_source_path == path:
                    return content, is_draft
        raise NotQuick("bài mới hoặc không được dựng")


def changed_fields(held: Article, fresh: Article) -> list[str]:
    """The fields (metadata) that differ between two readings of a file, but for what the
    reader derives from the body."""
    return sorted(
        name
        for name in set(fresh.metadata) | set(held.metadata)
        if name not in BODY_DERIVED and fresh.metadata.get(name) != held.metadata.get(name)
    )


def edited(held: Article, fresh: Article) -> Article:
    """`held` (with what the build gave it) with the body of `fresh`."""
    if set(BODY_FRAME.findall(fresh._content or "")) != set(BODY_FRAME.findall(held._content or "")):
        raise NotQuick("đổi video nhúng trong bài")  # the page's frame-src would change
    page = copy.copy(held)  # a new object: Pelican's memoised content is per object
    page._content = fresh._content
    page.metadata = {**held.metadata, TERMS: fresh.metadata.get(TERMS)}
    if not photos.reattach_body(page, held.photos if hasattr(held, "photos") else []):
        raise NotQuick("thêm ảnh mới vào bài")
    return page


def draw(generator: ArticlesGenerator, page: Article, is_draft: bool) -> bytes:
    """The page as ArticlesGenerator writes it (generate_articles, generate_drafts), through
    Pelican's own writer into a scratch folder."""
    extra = {"all_articles": generator.articles} if is_draft else {}
    with tempfile.TemporaryDirectory(prefix="portal-quick-") as scratch:
        Writer(scratch, settings=generator.settings).write_file(
            page.save_as,
            generator.get_template(page.template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            article=page,
            category=getattr(page, "category", None),
            override_output=hasattr(page, "override_save_as"),
            blog=True,
            url=page.url,
            **extra,
        )
        return (Path(scratch) / page.save_as).read_bytes()
