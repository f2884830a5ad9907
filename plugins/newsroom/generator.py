"""The portal's generator: the build phases after Pelican has read every file.

generate_context: check the content (stop on any problem), then give articles
    what their pages show: attachments, documents, campaigns, "Tin khác", QR codes,
    and plan the feeds.
publish_static_files: once Pelican knows its static files, only those written content
    references are kept, body links checked, attachments given their URLs.
generate_output: write the pages of `pages_to_write()` (one table, one loop) and the
    files of `files_to_write()` (QR codes, feeds, sitemap, robots.txt).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import attachments, body_edits, cms, featured, feeds, parallel_reading, photos, sitemap, video
from .campaigns import group_campaigns
from .documents import check_documents, describe_documents, document_key, group_documents, shelve_documents
from .problems import ContentError, ContentProblem, report, write_report
from .qr import QrCache, fanpage_qr, make_qr_codes, publish
from .reader import PROBLEMS, SLUG_FROM_TITLE, TERMS
from .related import check_pins, explain_related, link_related
from .sections import check_sections, sections_in_order
from .settings import ENGLISH_SETTINGS, PHOTO_SETTINGS_KEY, SETTINGS_KEY
from .slugs import name_slug
from .sources import failed_sources, misplaced_sources
from .static_files import broken_links, images_without_alt, parse_bodies, publish_only_referenced
from .urls import address_collisions, empty_slugs, make_title_slugs_unique, portal_pages, slug_collisions

logger = logging.getLogger(__name__)


KeptByKey = Callable[..., bool]  # (paths, inputs, copy=False), as IncrementalWriter.kept_by_key


def cached_file_stamp(path: Path) -> tuple:
    """A cached file as a build input: its name and stat (any rewrite moves its mtime or inode)."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass(frozen=True)
class PageToWrite:
    """A page the plugin writes with a theme template."""

    template: str
    save_as: str
    url: str
    values: dict = field(default_factory=dict)  # what the template gets besides the context
    paginated: dict | None = None


def problems_of(content) -> list:
    """The problems the reader found in a content file's own fields."""
    return getattr(content, PROBLEMS, None) or []


class NewsroomGenerator(Generator):
    @contextmanager
    def _stage(self, name: str):
        """Time a stage; `invoke bench` reads the totals (NEWSROOM_REPORT_TIMINGS)."""
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def generate_context(self) -> None:
        self.timings: dict[str, float] = {}
        self.config = config = self.settings[SETTINGS_KEY]
        context = self.context
        articles = context["articles"]
        unlisted = [*context.get("drafts", []), *context.get("hidden_articles", [])]
        every_article = [*articles, *unlisted]
        pages = [*context.get("pages", []), *context.get("hidden_pages", []), *context.get("draft_pages", [])]
        self.contents = [*every_article, *pages]

        self._settle_names(every_article)
        with self._stage("check"):
            problems = [p for content in self.contents for p in problems_of(content)]
            already = {(p.source, p.field) for p in problems}
            problems += failed_sources(context.get("generated_content", {}))
            problems += misplaced_sources(config.content_path, self.settings)
            problems += check_sections(every_article, config.sections, already)
            problems += check_pins(every_article)
            problems += check_documents(every_article, problems_of)
            problems += slug_collisions(every_article)
            problems += empty_slugs(every_article, lambda name: name_slug(name, config.slug_substitutions))
            problems += feeds.duplicate_feed_ids(articles, config.public_siteurl)
        with self._stage("attachments"):
            problems += attachments.attach_files(
                self.contents, config.content_path, tuple(config["ATTACHMENT_EXTENSIONS"])
            )
        with self._stage("photos"):
            # Only the photos of what this build writes: a draft's are made in the preview.
            photo_problems, self.photo_files = photos.prepare(
                self.written_contents(), self.settings[PHOTO_SETTINGS_KEY]
            )
            problems += [ContentProblem(*p[:4], warning=p.is_warning) for p in photo_problems]
        self.problems = problems
        self._stop_on(problems)

        with self._stage("documents"):
            describe_documents(every_article)
            self.documents = group_documents(articles, config)
            documents_by_type, documents_by_year = shelve_documents(self.documents, config)
            self.shelves = [*documents_by_type, *documents_by_year]
            self.campaigns = group_campaigns(articles, config)
        with self._stage("related"):
            link_related(articles, config, document_key, TERMS)
            for article in unlisted:
                article.related_entries, article.related_news = [], []
        with self._stage("qr"):
            cache = QrCache(config.cache_path / "qr")
            # Drafts get a code only where they are written (the local preview).
            written = every_article if self.settings.get("DRAFT_SAVE_AS") else articles
            self.qr_files = make_qr_codes(written, config, cache)
            fanpage, fanpage_file = fanpage_qr(config["FANPAGE_URL"], self.settings["SITENAME"], cache)
            if fanpage:
                self.qr_files[fanpage.url] = fanpage_file
        self.qr_made = cache.made
        with self._stage("feeds"):
            all_feeds, self.feeds = feeds.plan_feeds(
                articles,
                context["categories"],
                context["tags"],
                self.campaigns,
                config.feeds,
                self.settings,
                config.public_siteurl,
            )

        self._stop_on(self.problems + address_collisions(self.contents, self.portal_pages()))

        if config["RELATED_NEWS_EXPLAIN"]:
            logger.warning("%s", explain_related(config["RELATED_NEWS_EXPLAIN"], every_article))
        context.update(
            ALL_FEEDS=all_feeds,
            FEEDS_URL=config["FEEDS_URL"] if self.feeds else None,
            PUBLIC_SITEURL=config.public_siteurl,
            campaigns=self.campaigns,
            documents=self.documents,
            documents_by_type=documents_by_type,
            documents_by_year=documents_by_year,
            DOCUMENTS_URL=config["DOCUMENTS_URL"],
            FANPAGE_QR=fanpage,
            FEATURED_ARTICLES=self.featured(articles, unlisted, pages),
            sections=sections_in_order(context["categories"], config.sections),
            CAMPAIGNS_URL=config["CAMPAIGNS_URL"],
            **{name: config[name] for name in ENGLISH_SETTINGS},
        )

    def _settle_names(self, every_article: list) -> None:
        """Slugs unique before anything links by them; pins the web editor wrote as files, as slugs."""
        make_title_slugs_unique(every_article, SLUG_FROM_TITLE)
        cms.resolve_pinned_paths(every_article, self.config.content_path)

    def featured(self, articles: list, unlisted: list, pages: list) -> list:
        """The articles pinned to the top of the home page on this build's day (featured.py)."""
        with self._stage("featured"):
            today = featured.build_day(self.config.timezone, self.config["FEATURED_TODAY"])
            limit = self.config["FEATURED_MAX"]
            shown, left_out = featured.featured_articles(articles, today, limit)
            self.problems += featured.check_featured(left_out, limit, unlisted, pages)
        return shown

    def _stop_on(self, problems: list) -> None:
        """Stop the build on any error (or warning, when checks are strict): every problem
        listed, and written to CONTENT_REPORT when set."""
        if self.config["CONTENT_CHECKS_STRICT"]:
            problems = [replace(p, warning=False) for p in problems]
        if any(not p.warning for p in problems):
            report(problems, logger)
            write_report(self.config["CONTENT_REPORT"], problems)
            raise ContentError(problems)

    def report_warnings(self) -> None:
        """At the end of a build that went through: the warnings, then the counts."""
        report(self.problems, logger)
        write_report(self.config["CONTENT_REPORT"], self.problems)

    def publish_static_files(self, static_generator) -> None:
        """Once Pelican knows its static files: only those written content references are
        published, body links checked, attachments given their URLs; stop on any problem."""
        written = self.written_contents()
        with self._stage("attachments"):
            bodies = parse_bodies(written, self.config.cache_path / "bodies")
            problems = broken_links(
                written, bodies, self.config.content_path, self.context["generated_content"]
            )
            problems += images_without_alt(written, bodies)
            if static_generator is not None:
                problems += publish_only_referenced(
                    static_generator, written, bodies, self.config.content_path
                )
            problems += attachments.link_attachments(written, self.context["static_content"])
        with self._stage("video"):
            problems += self.prepare_videos(written)
        self.problems += problems
        self._stop_on(self.problems)

    def prepare_videos(self, written: list) -> list:
        """Videos (video.py): files checked, posters derived (published with the photos),
        what each written page shows and the frames its policy allows."""
        config = self.config
        excluded = tuple(self.settings.get("STATIC_EXCLUDES") or ())
        pages = [p for key in ("pages", "hidden_pages", "draft_pages") for p in self.context.get(key, [])]
        problems = video.check_videos(self.contents, pages, config.content_path, excluded)
        poster_problems, poster_files, plans = video.prepare_posters(
            written, self.settings[PHOTO_SETTINGS_KEY]
        )
        self.photo_files.update(poster_files)
        if any(not p.warning for p in problems + poster_problems):
            return problems + poster_problems  # the build stops: nothing to link
        return (
            problems
            + poster_problems
            + video.link_videos(written, self.context["static_content"], plans, config.public_siteurl)
        )

    def written_contents(self) -> list:
        """The articles and pages this build writes (drafts only where they are written)."""
        context, settings = self.context, self.settings
        written = [
            *context["articles"],
            *context.get("hidden_articles", []),
            *context.get("pages", []),
            *context.get("hidden_pages", []),
        ]
        if settings.get("DRAFT_SAVE_AS"):
            written += context.get("drafts", [])
        if settings.get("DRAFT_PAGE_SAVE_AS"):
            written += context.get("draft_pages", [])
        return written

    def portal_pages(self) -> dict[str, str]:
        """save_as -> name of every page the portal itself writes, that no content may take."""
        plugin_pages = {page.save_as: page.template for page in self.pages_to_write()}
        files = [self.config["SITEMAP_SAVE_AS"], self.config["ROBOTS_SAVE_AS"]]
        return portal_pages(self.settings, self.context, plugin_pages, files)

    def pages_to_write(self) -> Iterator[PageToWrite]:
        """Every page the plugin writes with a template, in writing order."""
        config = self.config
        for campaign in self.campaigns:
            newest_first = sorted(campaign.articles, key=lambda a: (a.date, a.slug), reverse=True)
            yield PageToWrite(
                "campaign",
                campaign.save_as,
                campaign.url,
                {"campaign": campaign, "articles": newest_first, "dates": campaign.articles},
                {"articles": newest_first, "dates": campaign.articles},
            )
        yield PageToWrite("campaigns", config["CAMPAIGNS_SAVE_AS"], config["CAMPAIGNS_URL"])
        for document in self.documents:
            yield PageToWrite("document", document.save_as, document.url, {"document": document})
        listings = [(None, self.documents, config["DOCUMENTS_SAVE_AS"], config["DOCUMENTS_URL"])]
        listings += [(shelf, shelf.documents, shelf.save_as, shelf.url) for shelf in self.shelves]
        for shelf, documents, save_as, url in listings:
            yield PageToWrite(
                "documents",
                save_as,
                url,
                {"shelf": shelf, "shelf_documents": documents},
                {"shelf_documents": documents},
            )
        if self.feeds:
            yield PageToWrite("feeds", config["FEEDS_SAVE_AS"], config["FEEDS_URL"])
        if self.settings.get("DRAFT_SAVE_AS"):  # the preview only: production publishes no draft
            drafts = sorted(self.context.get("drafts", []), key=lambda a: (a.date, a.slug), reverse=True)
            yield PageToWrite("drafts", "drafts/index.html", "drafts/", {"drafts": drafts})

    def files_to_write(self, kept: KeptByKey | None = None) -> Iterator[tuple[str, bytes | Path]]:
        """Every other file the plugin writes: (save_as, bytes, or a cached file to copy).
        `kept(paths, inputs)` (incremental.py) is True when the last build wrote `paths` from
        the same inputs and they are linked in: those are neither made nor yielded."""
        kept = kept or (lambda paths, inputs, copy=False: False)
        cached_files = [*self.qr_files.items(), *self.photo_files.items()]
        for save_as, cached in sorted((save_as, Path(cached)) for save_as, cached in cached_files):
            if not kept([save_as], ("copy", *cached_file_stamp(cached)), copy=True):
                yield save_as, cached
        siteurl, sitename = self.config.public_siteurl, self.settings["SITENAME"]
        made: dict = {}
        for feed in self.feeds:
            paths = [path for path in (feed.links.atom, feed.links.rss) if path]
            if kept(paths, ("feed", siteurl, sitename, feed.info, feed.links, feed.articles)):
                continue
            with self._stage("feeds"):
                written = feeds.render(feed, siteurl, sitename, made)
            yield from written.items()
        listings = [(campaign.url, campaign.articles) for campaign in self.campaigns]
        listings += [(document.url, document.articles) for document in self.documents]
        listings += [(shelf.url, [a for d in shelf.documents for a in d.articles]) for shelf in self.shelves]
        fixed = [
            self.settings.get("ARCHIVES_URL"),
            self.config["CAMPAIGNS_URL"],
            self.config["DOCUMENTS_URL"],
            self.settings.get("CATEGORIES_URL"),
            self.settings.get("TAGS_URL"),
            self.config["FEEDS_URL"] if self.feeds else None,
        ]
        pages = sitemap.public_pages(self.context, listings, fixed)
        yield from sitemap.sitemap_files(pages, siteurl, self.config["SITEMAP_SAVE_AS"]).items()
        if self.config["CMS_ADMIN"]:
            theme, static_dir = self.settings["THEME"], self.settings["THEME_STATIC_DIR"]
            yield from cms.admin_files(self.contents, self.settings, self.config, theme, static_dir)
        robots = f"User-agent: *\nAllow: /\nSitemap: {siteurl}/{self.config['SITEMAP_SAVE_AS']}\n"
        yield self.config["ROBOTS_SAVE_AS"], robots.encode("utf-8")

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for page in self.pages_to_write():
            with self._stage(page.template):
                write(
                    page.save_as,
                    self.get_template(page.template),
                    self.context,
                    paginated=page.paginated,
                    template_name=page.template,
                    url=page.url,
                    **page.values,
                )
        keep = getattr(writer, "keep_unchanged", None)  # incremental.py: identical files kept
        for save_as, data in self.files_to_write(getattr(writer, "kept_by_key", None)):
            if keep is None or not keep(save_as, data):
                self._write_file(save_as, data)
        self.report_warnings()
        body_edits.hold(self)  # what this build made, saved for the next one's edited bodies
        if self.config["NEWSROOM_REPORT_TIMINGS"]:
            # One machine-readable line for `invoke bench`.
            # Reading ahead happens before this generator's stages: its time is one of them.
            timings = {**self.timings, "read ahead": parallel_reading.last["seconds"]}
            timings["pages (both cores)"] = getattr(writer, "render_seconds", 0.0)
            read, apart = parallel_reading.last["files"], getattr(writer, "rendered_apart", 0)
            logger.warning("NEWSROOM_TIMINGS %s", timings_json(timings, self.qr_made, read, apart))

    def _write_file(self, save_as: str, data: bytes | Path) -> None:
        """A file of the plugin's own, kept inside the output folder."""
        path = Path(sanitised_join(self.output_path, save_as))
        if isinstance(data, Path):
            publish(data, path)  # a copy: damage to the cache never reaches the site
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def timings_json(timings: dict, qr_made: int, read_ahead: int, rendered_apart: int = 0) -> str:
    counts = {"qr_made": qr_made, "read_ahead": read_ahead, "rendered_apart": rendered_apart}
    return json.dumps({"stages": timings, **counts}, sort_keys=True)
