"""The search page: Pagefind in the browser, words typed with or without diacritics."""

from __future__ import annotations

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
