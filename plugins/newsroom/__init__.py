"""newsroom: what a city news portal needs on top of Pelican.

`register()` connects one short handler per build phase; each feature lives in
its own module (see ARCHITECTURE.md): fields and reader, settings, sections,
documents, campaigns, attachments, qr, related, feeds, sitemap, search_index,
staging.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import StaticGenerator

from . import feeds, photos
from .assets import asset_url, content_security_policy
from .console import keep_lines_whole
from .generator import NewsroomGenerator
from .parallel_reading import read_ahead
from .problems import HidePortalErrorTraceback
from .reader import NewsMarkdownReader
from .reading_order import read_in_name_order
from .search_index import finish_index, start_index
from .settings import PHOTO_SETTINGS_KEY, SETTINGS_KEY, load_settings
from .staging import StagedPelican
from .template_cache import use_template_cache
from .urls import hide_shared_slug_warnings
from .vi_format import format_date, format_datetime, format_file_size

__all__ = ["StagedPelican", "register"]


def check_settings(pelican) -> None:
    """Validate settings once, take over the feeds, give templates the Vietnamese filters."""
    config = pelican.settings[SETTINGS_KEY] = load_settings(pelican.settings)
    pelican.settings[PHOTO_SETTINGS_KEY] = photos.read_settings(pelican.settings, config.public_siteurl)
    feeds.take_over(pelican.settings)
    use_template_cache(pelican.settings)
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.setdefault("vi_datetime", partial(format_datetime, zone=config.timezone))
    filters.setdefault("vi_date", partial(format_date, zone=config.timezone))
    filters.setdefault("file_size", format_file_size)
    # Theme files by content-hashed address, so a web server may cache them for ever.
    pelican.settings.setdefault("JINJA_GLOBALS", {}).setdefault("asset_url", asset_url)
    if not pelican.settings.get("RELATIVE_URLS"):
        # Production: the theme's own scripts only (the preview's livereload injects one more).
        policy = content_security_policy(Path(pelican.settings["THEME"]))
        pelican.settings["JINJA_GLOBALS"].setdefault("CONTENT_SECURITY_POLICY", policy)
    # Campaign pages are paginated like category pages, document listings by 50
    # (a 20-year archive holds thousands), unless the settings say otherwise.
    paginated = pelican.settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("campaign", None)
    paginated.setdefault("documents", 50)


def use_news_reader(readers) -> None:
    for extension in NewsMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsMarkdownReader


def add_generator(pelican):
    return NewsroomGenerator


def publish_static_files(generators) -> None:
    static = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    for generator in generators:
        if isinstance(generator, NewsroomGenerator):
            generator.publish_static_files(static)


def start_search_index(generator, writer) -> None:
    """Once the articles' and pages' generators have asked for their pages, those are
    rendered on every core (parallel_writing.py). Then Pagefind starts on the pages a
    template marks for search, on the other core, while the listings, feeds and files are
    made; the shards the last good build indexed from the same pages are taken from the
    live site."""
    render_held = getattr(writer, "render_held", None)
    if render_held is not None:
        render_held()
    config = generator.settings[SETTINGS_KEY]
    if config["SEARCH_INDEX"]:
        build = getattr(writer, "build", None)
        live = build.output if build is not None and build.previous else None
        start_index(
            generator.output_path,
            generator.settings.get("DEFAULT_LANG") or "vi",
            live=live,
            previous=build.stored.get("search") if live else None,
            smallest=config["SEARCH_SHARD_PAGES"],
        )


def index_for_search(pelican) -> None:
    """After the last page is written (into the staging folder): the search index, ready;
    what it was made of, for the next build."""
    writer = getattr(pelican, "writer", None)
    if writer is not None:  # page_writer_finalized never came: nothing left held
        writer.render_held()
    config = pelican.settings[SETTINGS_KEY]
    if config["SEARCH_INDEX"]:
        record = finish_index(
            pelican.output_path, pelican.settings.get("DEFAULT_LANG") or "vi", config["SEARCH_SHARD_PAGES"]
        )
        if getattr(pelican, "incremental", None) is not None:
            pelican.incremental.search = record


def register() -> None:
    keep_lines_whole()  # one line per message, whatever the terminal: paths stay whole
    read_in_name_order()  # the same lists, keys and warnings whatever the hash seed
    hide_shared_slug_warnings()  # Pelican's, in English, of what urls.py settles or reports
    # First, so that even a settings error reaches the editor without a traceback.
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, HidePortalErrorTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(HidePortalErrorTraceback())
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(use_news_reader)
    signals.article_generator_preread.connect(read_ahead)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(publish_static_files)
    signals.page_writer_finalized.connect(start_search_index)
    signals.finalized.connect(index_for_search)
