"""The English page lives in an English shell: header, navigation, footer and
labels from the _EN settings, a language switch both ways, hreflang pairs."""

from __future__ import annotations

import re

import pytest
from conftest import Build, copy_test_site, run_pelican
from newsroom.settings import SETTINGS, SettingsError, load_settings

SITE = "https://congtintuc.haiphong.gov.vn"
ARTICLE = "2021/09/phat-dong-thi-dua-muc-tieu-kep.html"
# Vietnamese words (with their tone marks) that must not show on the English page.
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def shell_text(soup) -> str:
    parts = [
        soup.find(class_="skip-link"),
        soup.find("header", class_="site-header"),
        soup.find("footer", class_="site-footer"),
    ]
    for part in parts:
        for element in part.find_all(lang="vi"):
            element.decompose()  # the switch back is Vietnamese, and says so
    # The licence's number is spelled as issued.
    return " ".join(part.get_text(" ", strip=True) for part in parts).replace("45/GP-TTĐT", "45/GP")


def test_the_english_page_has_an_english_header_footer_and_labels(production_site: Build):
    soup = production_site.html("english/index.html")
    assert soup.find("html")["lang"] == "en"
    assert not soup.find("header", class_="site-header").get("lang") and not soup.find(
        "footer", class_="site-footer"
    ).get("lang")
    text = shell_text(soup)
    assert not VIETNAMESE.search(text), text
    assert "Skip to main content" in text
    assert "Hai Phong City News Portal" in soup.find(class_="site-name").get_text()
    assert soup.find("nav")["aria-label"] == "Main menu"
    assert "Menu" in soup.find(class_="site-menu-button").get_text()
    assert "Managing body: Hai Phong City People's Committee" in text
    assert "18 Hoang Dieu Street" in text
    assert soup.find("title").get_text() == "Hai Phong City News Portal"
    assert soup.find("meta", property="og:locale")["content"] == "en_US"
    assert soup.find("meta", property="og:site_name")["content"] == "Hai Phong City News Portal"
    assert not soup.find("form", role="search")  # the search index is Vietnamese
    assert soup.select_one('a[href="#noi-dung"]') and soup.find(id="noi-dung")
    assert soup.find(id="contact"), "the nav's Contact link needs its target"


def test_the_language_switch_goes_both_ways(production_site: Build):
    english = production_site.html("english/index.html").find(class_="lang-switch")
    assert (english["href"], english["lang"], english["hreflang"]) == (f"{SITE}/", "vi", "vi")
    assert english.get_text(strip=True) == "Tiếng Việt"
    for page in ("index.html", ARTICLE, "chuyen-muc/y-te/index.html", "gioi-thieu/index.html"):
        switch = production_site.html(page).find("header", class_="site-header").find(class_="lang-switch")
        assert switch is not None, page
        assert (switch["href"], switch["lang"], switch["hreflang"]) == (f"{SITE}/english/", "en", "en"), page
        assert switch.get_text(strip=True) == "English"


def test_home_and_english_page_name_each_other_in_hreflang(production_site: Build):
    expected = {"vi": f"{SITE}/", "en": f"{SITE}/english/", "x-default": f"{SITE}/"}
    for page in ("index.html", "english/index.html"):
        links = production_site.html(page).find_all("link", rel="alternate", hreflang=True)
        assert {link["hreflang"]: link["href"] for link in links} == expected, page
    assert not production_site.html(ARTICLE).find_all("link", hreflang=True)


def test_vietnamese_pages_keep_the_vietnamese_shell(production_site: Build):
    soup = production_site.html(ARTICLE)
    assert soup.find("html")["lang"] == "vi"
    assert soup.find(class_="skip-link").get_text() == "Bỏ qua, đến nội dung chính"
    assert soup.find("nav")["aria-label"] == "Chuyên mục chính"
    assert "Cơ quan chủ quản" in soup.find("footer", class_="site-footer").get_text()
    assert soup.find("meta", property="og:locale")["content"] == "vi_VN"


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Build:
    """A page in a third language, and English settings the editor changed."""
    root = tmp_path_factory.mktemp("french")
    content = copy_test_site(root)
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages" / "francais.md").write_text(
        "Title: Portail d'information\nSlug: francais\nLanguage: fr\n\nLe portail officiel.\n",
        encoding="utf-8",
    )
    settings = ('SITENAME_EN="Haiphong Portal"', 'PORTAL_ADDRESS_EN="1 Test Street"')
    build = run_pelican(content, root / "output", "pelicanconf.py", "-e", *settings)
    assert build.returncode == 0, build.log[-3000:]
    return build


def test_a_page_in_a_third_language_gets_the_english_shell_marked_english(french_site: Build):
    soup = french_site.html("francais/index.html")
    assert soup.find("html")["lang"] == "fr"
    assert (
        soup.find("header", class_="site-header")["lang"]
        == soup.find("footer", class_="site-footer")["lang"]
        == "en"
    )
    assert soup.find(class_="site-name").get_text(strip=True) == "Haiphong Portal"
    assert "1 Test Street" in soup.find("footer", class_="site-footer").get_text()
    assert not VIETNAMESE.search(shell_text(soup))


def test_english_settings_are_rows_of_the_one_table_and_checked():
    names = {row.name for row in SETTINGS}
    assert {"SITENAME_EN", "SITE_DESCRIPTION_EN", "PORTAL_OWNER_EN", "PORTAL_ADDRESS_EN"} <= names
    base = {"PATH": "content", "NEWS_SECTIONS": ["Tin tức"], "RELATIVE_URLS": True}
    base["JINJA_ENVIRONMENT"] = {"autoescape": True}
    with pytest.raises(SettingsError, match="SITENAME_EN"):
        load_settings({**base, "SITENAME_EN": "  "})
    assert load_settings(base)["PORTAL_OWNER_EN"] == "Hai Phong City People's Committee"
