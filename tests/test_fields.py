"""The field table drives the reader, the checks, `invoke new` and the editor's guide:
a new field is one table entry plus the template line that shows it."""

from __future__ import annotations

import shutil
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_test_site
from newsroom import fields

sys.path.insert(0, str(ROOT))
import pelicanconf


def test_the_guide_lists_every_field_as_the_table_says():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert fields.guide_table(pelicanconf.NEWS_SECTIONS) in readme, (
        "README's field table is out of date: paste fields.guide_table(NEWS_SECTIONS)"
    )


def test_the_scaffold_has_a_line_for_every_scaffolded_field_in_table_order():
    head = fields.scaffold({"title": "Bài mới", "category": "Y tế"})
    names = [line.split(":", 1)[0] for line in head.splitlines()]
    assert names == [field.name for field in fields.FIELDS if field.scaffold]
    assert "Title: Bài mới\n" in head
    assert "Category: Y tế\n" in head
    assert "Modified" not in names  # only when given


LOCATION = fields.Field(
    "Location", "nơi diễn ra sự kiện", "Nhà hát thành phố", noun="địa điểm",
    parse=lambda value, _zone: " ".join(fields.text_of(value).split()) or _refuse(),
    needed_for_articles=True,
)  # fmt: skip


def _refuse():
    raise ValueError("cần tên địa điểm")


@pytest.fixture
def with_location(monkeypatch):
    """The table with one hypothetical field more, as a maintainer would add it."""
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, LOCATION))
    monkeypatch.setattr(fields, "BY_KEY", {**fields.BY_KEY, LOCATION.key: LOCATION})


def build_in_process(content, tmp_path):
    """Pelican in this process, so the patched table is the one the reader uses."""
    from newsroom.staging import StagedPelican
    from pelican.settings import read_settings

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "article.html"
    # The one template line the new field needs.
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            '  <footer class="article-footer">\n',
            '  <footer class="article-footer">\n'
            '    {% if article.location %}<p class="location">'
            "Địa điểm: {{ article.location }}</p>{% endif %}\n",
        ),
        encoding="utf-8",
    )
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "THEME": str(theme),
                  "CACHE_PATH": str(tmp_path / ".cache"), "SEARCH_INDEX": False},
    )  # fmt: skip
    StagedPelican(settings).run()
    return tmp_path / "output"


def test_a_field_added_to_the_table_is_read_shown_and_checked(with_location, tmp_path):
    content = copy_test_site(tmp_path)
    seed = content / "articles" / "2021" / "phat-dong.md"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Title:", "Location:  Nhà hát   thành phố\nTitle:", 1),
        encoding="utf-8",
    )
    others = [p for p in (content / "articles").rglob("*.md") if p != seed]
    for other in others:  # the new field is required: give it everywhere else too
        other.write_text("Location: Quận Lê Chân\n" + other.read_text(encoding="utf-8"), encoding="utf-8")

    output = build_in_process(content, tmp_path)
    page = BeautifulSoup(
        (output / "2021" / "09" / "phat-dong.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("p.location").get_text() == "Địa điểm: Nhà hát thành phố"
    assert "Location: \n" not in fields.scaffold({})  # scaffolded like every field
    assert "Location:\n" in fields.scaffold({})
    assert "| `Location` | không | nơi diễn ra sự kiện | `Nhà hát thành phố` |" in fields.guide_table(
        ["Y tế"]
    )


def test_a_required_field_added_to_the_table_is_checked(with_location, tmp_path, caplog):
    from newsroom.problems import ContentError

    content = copy_test_site(tmp_path)
    with pytest.raises(ContentError) as failed:
        build_in_process(content, tmp_path)
    named = {(p.source, p.field) for p in failed.value.problems}
    assert ("articles/2021/phat-dong.md", "Location") in named
    assert any("thiếu địa điểm; thêm ví dụ “Location: Nhà hát thành phố”" in p.expected
               for p in failed.value.problems)  # fmt: skip
