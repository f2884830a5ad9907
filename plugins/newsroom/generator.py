"""The portal's generator: runs after Pelican has read articles and pages,
stops the build on content problems, and writes campaign pages and QR codes."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from functools import partial

from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import portal, sitemap, syndication
from .reader import TERMS
from .related import explain_related, link_related
from .problems import ContentError, report
from .qr import QrCache
from .settings import SETTINGS_KEY, read_settings

logger = logging.getLogger(__name__)


class NewsroomGenerator(Generator):
    @contextmanager
    def _stage(self, name: str):
        """Time a stage; `invoke bench` reads the totals (NEWSROOM_REPORT_TIMINGS)."""
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def generate_context(self) -> None:
        self.timings: dict[str, float] = {}
        config = self.settings.get(SETTINGS_KEY) or read_settings(self.settings)
        context = self.context
        articles = context["articles"]
        every_article = [*articles, *context.get("drafts", []), *context.get("hidden_articles", [])]
        pages = [*context.get("pages", []), *context.get("hidden_pages", []), *context.get("draft_pages", [])]

        with self._stage("check"):
            problems = portal.check_content(every_article, pages, config)
        with self._stage("attachments"):
            problems += portal.attach_files([*every_article, *pages], config)
        if problems:
            report(problems, logger)
            raise ContentError(problems)

        with self._stage("documents"):
            portal.describe_documents(every_article)
            documents = portal.group_documents(articles, config, self.settings)
            documents_by_type, documents_by_year = portal.shelve_documents(documents, config, self.settings)
            campaigns = portal.group_campaigns(articles, config, self.settings)
        with self._stage("related"):
            link_related(articles, config, portal.document_key, TERMS)
            for unlisted in every_article[len(articles) :]:  # drafts and hidden articles
                unlisted.related_entries, unlisted.related_news = [], []
        with self._stage("qr"):
            cache = QrCache(config.cache_path / "qr")
            # Drafts get a code only where they are written (the local preview).
            written = every_article if self.settings.get("DRAFT_SAVE_AS") else articles
            self.qr_files = portal.make_qr_codes(written, config, cache)
            fanpage, fanpage_file = portal.fanpage_qr(config, self.settings["SITENAME"], cache)
            if fanpage:
                self.qr_files[fanpage.url] = fanpage_file
        self.qr_made = cache.made
        self.contents = [*every_article, *pages]
        with self._stage("feeds"):
            siteurl = config.public_siteurl
            all_feeds, self.feeds = syndication.plan_feeds(
                articles,
                context["categories"],
                context["tags"],
                campaigns,
                config.feeds,
                self.settings,
                siteurl,
            )
        context["ALL_FEEDS"] = all_feeds
        context["FEEDS_URL"] = config.feeds_url if self.feeds else None
        context["PUBLIC_SITEURL"] = siteurl

        explain = self.settings.get("RELATED_NEWS_EXPLAIN")
        if explain:
            print(explain_related(explain, every_article))

        self.campaigns = campaigns
        self.documents = documents
        context["campaigns"] = campaigns
        context["documents"] = documents
        context["documents_by_type"] = documents_by_type
        context["documents_by_year"] = documents_by_year
        context["DOCUMENTS_URL"] = config.documents_url
        context["FANPAGE_QR"] = fanpage
        context["sections"] = portal.sections_in_order(context["categories"], config)
        context["CAMPAIGNS_URL"] = config.campaigns_url
        self.config = config

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        """A file of the plugin's own (feed, sitemap, robots.txt), kept inside the output folder."""
        path = sanitised_join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)

    def link_attachments(self) -> None:
        """Once Pelican knows its static files: attachment URLs, or stop on unpublished files."""
        with self._stage("attachments"):
            problems = portal.link_attachments(self.contents, self.context["static_content"])
        if problems:
            report(problems, logger)
            raise ContentError(problems)

    def generate_output(self, writer) -> None:
        with self._stage("qr"):
            for save_as, cached in sorted(self.qr_files.items()):
                path = sanitised_join(self.output_path, save_as)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                try:
                    os.link(cached, path)  # the cache and the site share the file's bytes
                except OSError:
                    shutil.copyfile(cached, path)

        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        campaign_template = self.get_template("campaign")
        for campaign in self.campaigns:
            newest_first = sorted(campaign.articles, key=lambda a: (a.date, a.slug), reverse=True)
            write(
                campaign.save_as,
                campaign_template,
                self.context,
                campaign=campaign,
                articles=newest_first,
                dates=campaign.articles,
                paginated={"articles": newest_first, "dates": campaign.articles},
                template_name="campaign",
                url=campaign.url,
            )
        write(
            self.config.campaigns_save_as,
            self.get_template("campaigns"),
            self.context,
            url=self.config.campaigns_url,
            template_name="campaigns",
        )
        with self._stage("documents"):
            document_template = self.get_template("document")
            for document in self.documents:
                write(
                    document.save_as,
                    document_template,
                    self.context,
                    document=document,
                    url=document.url,
                    template_name="document",
                )
            documents_template = self.get_template("documents")
            shelves = [(None, self.documents, self.config.documents_save_as, self.config.documents_url)]
            shelves += [
                (shelf, shelf.documents, shelf.save_as, shelf.url)
                for shelf in [*self.context["documents_by_type"], *self.context["documents_by_year"]]
            ]
            for shelf, documents, save_as, url in shelves:
                write(
                    save_as,
                    documents_template,
                    self.context,
                    shelf=shelf,
                    shelf_documents=documents,
                    paginated={"shelf_documents": documents},
                    url=url,
                    template_name="documents",
                )

        with self._stage("feeds"):
            siteurl, sitename = self.context["PUBLIC_SITEURL"], self.settings["SITENAME"]
            made: dict = {}
            for feed in self.feeds:
                written = syndication.render(feed, siteurl, sitename, self.config.feeds.max_items, made)
                for save_as, xml in written.items():
                    self._write_bytes(save_as, xml)
            if self.feeds:
                write(
                    self.config.feeds_save_as,
                    self.get_template("feeds"),
                    self.context,
                    url=self.config.feeds_url,
                    template_name="feeds",
                )

        base = self.context["PUBLIC_SITEURL"]
        for save_as, data in sitemap.sitemap_files(
            self._public_pages(), base, self.config.sitemap_save_as
        ).items():
            self._write_bytes(save_as, data)
        robots = f"User-agent: *\nAllow: /\nSitemap: {base}/{self.config.sitemap_save_as}\n"
        self._write_bytes(self.config.robots_save_as, robots.encode("utf-8"))

        if self.settings.get("NEWSROOM_REPORT_TIMINGS"):
            # One machine-readable line for `invoke bench`.
            report_line = {"stages": self.timings, "qr_made": self.qr_made}
            print("NEWSROOM_TIMINGS " + json.dumps(report_line, sort_keys=True))

    def _public_pages(self):
        """(absolute URL, last modified) of every public page but the paginated ones."""
        base = self.context["PUBLIC_SITEURL"]
        context = self.context
        articles = context["articles"]
        yield f"{base}/", sitemap.newest(articles)
        for article in articles:
            yield f"{base}/{article.url}", getattr(article, "modified", None) or article.date
        for page in context.get("pages", []):
            yield f"{base}/{page.url}", getattr(page, "modified", None) or getattr(page, "date", None)
        for wrapper, members in [*context["categories"], *context["tags"]]:
            yield f"{base}/{wrapper.url}", sitemap.newest(members)
        for campaign in self.campaigns:
            yield f"{base}/{campaign.url}", sitemap.newest(campaign.articles)
        for document in self.documents:
            yield f"{base}/{document.url}", sitemap.newest(document.articles)
        for shelf in [*context["documents_by_type"], *context["documents_by_year"]]:
            yield f"{base}/{shelf.url}", sitemap.newest(a for d in shelf.documents for a in d.articles)
        for url in (
            self.settings.get("ARCHIVES_URL"),
            self.config.campaigns_url,
            self.config.documents_url,
            self.settings.get("CATEGORIES_URL"),
            self.settings.get("TAGS_URL"),
        ):
            if url:
                yield f"{base}/{url}", sitemap.newest(articles)
        if self.feeds:
            yield f"{base}/{self.config.feeds_url}", sitemap.newest(articles)
