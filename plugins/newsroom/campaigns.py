"""Campaigns (phong trào): a page per campaign listing its articles, and the campaigns page."""

from __future__ import annotations

from dataclasses import dataclass, field

from .grouping import group, oldest_first, slug_of


@dataclass
class Campaign:
    """A campaign and its articles, oldest first."""

    name: str
    slug: str
    url: str
    save_as: str
    articles: list = field(default_factory=list)


def group_campaigns(articles: list, config) -> list[Campaign]:
    """Campaigns by slug ("Mục tiêu kép" and "mục tiêu kép" are one), each named as first
    written, newest campaign first; sets `article.campaign_page`."""
    substitutions = config.slug_substitutions

    def slug(article) -> str:
        name = getattr(article, "campaign", None)
        return slug_of(name, substitutions) if name else ""

    def new_campaign(article, key: str) -> Campaign:
        return Campaign(
            article.campaign,
            key,
            config["CAMPAIGN_URL"].format(slug=key),
            config["CAMPAIGN_SAVE_AS"].format(slug=key),
        )

    campaigns = group(oldest_first(articles), slug, new_campaign)
    for article in articles:
        article.campaign_page = campaigns.get(slug(article))
    return sorted(campaigns.values(), key=lambda c: (-c.articles[-1].date.timestamp(), c.slug))
