"""The portal's generator: runs after Pelican has read articles and pages,
stops the build on content problems, and writes campaign pages and QR codes."""

from __future__ import annotations

import logging
import os
from functools import partial

from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import portal
from .problems import ContentError, report
from .qr import QrCache
from .settings import read_settings

logger = logging.getLogger(__name__)


class NewsroomGenerator(Generator):
    def generate_context(self) -> None:
        config = read_settings(self.settings)
        context = self.context
        articles = context["articles"]
        every_article = [*articles, *context.get("drafts", []), *context.get("hidden_articles", [])]
        pages = [*context.get("pages", []), *context.get("hidden_pages", []), *context.get("draft_pages", [])]

        problems = portal.check_content(every_article, pages, config)
        if problems:
            report(problems, logger)
            raise ContentError(problems)

        portal.attach_files([*every_article, *pages], config, self.settings)
        portal.describe_documents(every_article)
        campaigns = portal.group_campaigns(articles, config, self.settings)
        portal.link_related(articles, config)
        for unlisted in every_article[len(articles) :]:  # drafts and hidden articles
            unlisted.related_entries, unlisted.related_news = [], []

        cache = QrCache(config.cache_path / "qr")
        self.qr_files = portal.make_qr_codes(every_article, config, self.settings, cache)
        fanpage, fanpage_svg = portal.fanpage_qr(config, self.settings["SITENAME"], cache)
        if fanpage:
            self.qr_files[fanpage.url] = fanpage_svg
        logger.debug("QR codes made this build: %d", cache.made)

        self.campaigns = campaigns
        context["campaigns"] = campaigns
        context["FANPAGE_QR"] = fanpage
        context["sections"] = portal.sections_in_order(context["categories"], config)
        context["CAMPAIGNS_URL"] = config.campaigns_url
        self.config = config

    def generate_output(self, writer) -> None:
        for save_as, svg in sorted(self.qr_files.items()):
            path = sanitised_join(self.output_path, save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(svg)

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
