"""The search page: Pagefind in the browser, words typed with or without diacritics."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .pages import ARTICLE_LINK, RESULT_LINKS, SEARCH, SEARCH_TIMEOUT_MS, Site

pytestmark = pytest.mark.browser


def search_box(page: Page):
    """The search page's own field: the contract is a form role="search" with an
    input name="q" on the search page (the header holds another one)."""
    return page.locator("main").get_by_role("search").locator('input[name="q"]')


def result_link(page: Page, path: str):
    return page.locator(f'{RESULT_LINKS}[href$="/{path}"]')


def shown_results(page: Page) -> list[str]:
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def assert_is_a_full_result(page: Page, path: str) -> None:
    """The result for `path` shows its title as a link, a date and an excerpt
    with the matched words marked."""
    link = result_link(page, path).first
    try:
        expect(link).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    except AssertionError:
        status = " / ".join(page.locator("main").get_by_role("status").all_inner_texts())
        pytest.fail(
            f"/{path} is not among the results shown for {search_box(page).input_value()!r} "
            f"(status: {status!r}); shown: {shown_results(page)}",
            pytrace=False,
        )
    assert link.inner_text().strip(), f"the result for {path} has an empty title link"
    # The result: the nearest ancestor of the title link that holds a <mark>.
    item = link.locator("xpath=ancestor::*[.//mark][1]")
    expect(item).to_have_count(1)
    titles = item.locator(ARTICLE_LINK).evaluate_all("links => [...new Set(links.map(a => a.href))]")
    assert len(titles) == 1, (
        f"the result for {path} shows no excerpt with <mark> of its own (the nearest <mark> is in a "
        f"block holding {len(titles)} results)"
    )
    expect(item.locator("mark").first).to_be_visible()
    expect(item).to_contain_text(re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)"))


def search(page: Page, site: Site, words: str) -> None:
    page.goto(site.url(SEARCH))
    box = search_box(page)
    expect(box).to_have_count(1)
    expect(box).to_be_visible()
    box.fill(words)
    box.press("Enter")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Words typed without diacritics find the Vietnamese text.
        ("phong chong dich", ["2021/02/tang-cuong-phong-chong-covid-19-tet-tan-suu.html"]),
        # "d" finds "đ", as every Vietnamese reader types it on a plain keyboard.
        (
            "duong",
            [
                "2021/03/day-nhanh-giai-phong-mat-bang-duong-ho-sen-cau-rao-2.html",
                "2024/10/day-nhanh-tien-do-du-an-duong-bo-ven-bien.html",
            ],
        ),
        ("Hai Phong", ["2023/02/thanh-nien-hai-phong-len-duong-nhap-ngu-2023.html"]),
        ("dien tu", ["2024/06/dang-uy-khoi-trien-khai-nghi-quyet-chuyen-doi-so.html"]),
        ("Dang uy", ["2024/06/dang-uy-khoi-trien-khai-nghi-quyet-chuyen-doi-so.html"]),
    ],
)
def test_search_finds_articles_from_words_typed_without_diacritics(page: Page, site: Site, words, expected):
    search(page, site, words)
    for path in expected:
        assert_is_a_full_result(page, path)


def test_with_diacritics_the_exact_word_ranks_first(page: Page, site: Site):
    search(page, site, "đường")
    expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    marked = page.locator("main mark").all_inner_texts()[:8]
    assert marked, "results show the matched words"
    assert {word.casefold() for word in marked} == {"đường"}, marked


def test_search_page_opened_with_a_query_shows_results(page: Page, site: Site):
    page.goto(site.url(SEARCH) + "?q=Hai+Phong")
    expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    expect(search_box(page)).to_have_value("Hai Phong")
    for href in shown_results(page):
        assert_is_a_full_result(page, href.split(site.base + "/", 1)[-1].lstrip("/"))


def test_results_show_the_articles_photo_from_this_site(page: Page, site: Site):
    page.goto(site.url(SEARCH) + "?q=phat+dong+thi+dua")
    expect(page.locator(RESULT_LINKS).first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    thumbs = page.locator(".search-result > img.search-thumb")
    expect(thumbs.first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    source = thumbs.first.get_attribute("src")
    assert source.startswith(site.base + "/anh/") and source.endswith(".jpg"), source
    loaded = thumbs.first.evaluate("image => image.complete && image.naturalWidth")
    assert loaded, "the thumbnail loads from the site itself"
    assert thumbs.first.get_attribute("alt") == ""  # the title's link names the article


# -- The index in shards -------------------------------------------------------------


def all_results(page: Page, site: Site, address: str) -> list[tuple[str, str]]:
    """(link, date) of every result of the search page at `address`, "Xem thêm" clicked
    until none is left."""
    page.goto(site.url(SEARCH) + address)
    items = page.locator("main li.search-result")
    expect(items.first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    more = page.locator("[data-search-more]")
    while more.is_visible():
        shown = items.count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('main li.search-result').length > n",
            arg=shown,
            timeout=SEARCH_TIMEOUT_MS,
        )
    return [
        tuple(row)
        for row in items.evaluate_all(
            "items => items.map(i => [new URL(i.querySelector('h2 a').href).pathname,"
            " (i.querySelector('time') || {}).dateTime || ''])"
        )
    ]


@pytest.fixture
def whole_page(browser) -> Page:
    """A page on the build whose search index is one shard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


# Words typed with their marks: Pagefind 1.5 folds marks only within the index chunks a
# query loads, so "duong" finds "dưỡng" in a small shard (one chunk) and may not in one
# big index (the word in another chunk); a query with its marks is not folded.
NEWEST = ["?q=thanh+pho&sap_xep=moi-nhat", "?nam=2024", "?q=đường&sap_xep=moi-nhat"]


@pytest.mark.parametrize("address", NEWEST)
def test_newest_first_the_shards_give_what_one_index_gives_in_date_order(
    page: Page, site: Site, whole_page: Page, one_shard_site: Site, address
):
    shards = json.loads((site.output / "pagefind/shards.json").read_text("utf-8"))["shards"]
    assert len(shards) > 3, shards  # several shards merged: the case under test
    found = all_results(page, site, address)
    dates = [date for _, date in found]
    dated = [date for date in dates if date]  # the portal's own pages have none: last
    assert len(dated) > 1 and dates == sorted(dated, reverse=True) + [""] * (len(dates) - len(dated)), found
    assert found == all_results(whole_page, one_shard_site, address)


@pytest.mark.parametrize("words", ["thành phố", "phòng chống dịch", "đường", "Hải Phòng", "kinh tế xã hội"])
def test_by_relevance_the_shards_find_the_pages_one_index_finds(
    page: Page, site: Site, whole_page: Page, one_shard_site: Site, words
):
    """Each shard scores its pages by its own word counts, so the order may differ a
    little from one index's; the pages found are the same."""
    address = "?q=" + words.replace(" ", "+")
    found = all_results(page, site, address)
    assert found and sorted(found) == sorted(all_results(whole_page, one_shard_site, address))
