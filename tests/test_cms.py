"""The web editor's side of the build: its configuration comes from the field table and
the settings, /admin/ exists only where a setting asks for it, and the file names it
writes in `Related` are read as the articles they name. (In the browser: tests/browser.)"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, copy_test_site, replace_line, run_pelican
from newsroom.fields import FIELDS


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("cms-preview")
    content = copy_test_site(root)
    replace_line(content / "articles/2021/so-ket.md", "Related: phat-dong", "Related: 2021/phat-dong")
    build = run_pelican(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def _config(build) -> dict:
    return json.loads((build.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_the_form_has_every_field_of_the_table_with_vietnamese_labels_and_hints(preview):
    fields = {row["name"]: row for row in _config(preview)["collections"][0]["fields"]}
    assert set(fields) == {field.name for field in FIELDS} | {"_portal_raw", "_portal_year", "body"}
    for field in FIELDS:
        row = fields[field.name]
        assert row["label"] and row["hint"], field.name
        assert row["required"] == (field.required == "có"), field.name
    assert fields["Date"]["widget"] == fields["Document_date"]["widget"] == "portal-date"
    assert fields["Document"]["widget"] == "portal-document"
    assert fields["Related"]["widget"] == "relation" and fields["Related"]["search_fields"] == ["Title"]
    assert fields["Status"]["default"] == "draft"
    assert fields["Image"]["media_folder"] == "/content/images/{{_portal_year}}"
    assert fields["Attachments"]["fields"][0]["media_folder"] == "/content/files/{{_portal_year}}"


def test_sections_campaigns_and_issuers_come_from_the_settings_and_the_articles(preview):
    import pelicanconf

    fields = {row["name"]: row for row in _config(preview)["collections"][0]["fields"]}
    assert fields["Category"]["options"] == pelicanconf.NEWS_SECTIONS
    assert fields["Campaign"]["suggestions"] == ["Mục tiêu kép"]
    assert "UBND thành phố" in fields["Issuer"]["suggestions"]
    script = json.loads((preview.output / "admin" / "portal-cms.json").read_text(encoding="utf-8"))
    assert script["article_paths"]["so-ket"] == "2021/so-ket"
    assert script["field_order"] == [field.name for field in FIELDS]
    assert script["dates"]["iso"].startswith("(?<y>")  # Python's groups in JavaScript's spelling


def test_the_editor_is_served_from_the_portal_with_decaps_own_files(preview):
    page = (preview.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Soạn tin · Cổng tin tức" in page
    assert page.index("portal-cms.js") < page.index("decap/decap-cms.js")  # ours first: manual start
    bundle = (preview.output / "admin" / "decap" / "decap-cms.js").read_bytes()
    assert bundle == (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").read_bytes()
    assert not list((preview.output / "admin" / "decap").glob("*.map"))


def test_a_pin_written_as_a_file_name_is_the_article_it_names(preview):
    related = preview.html("2021/12/so-ket.html").select(".related li a")
    assert related and related[0]["href"].endswith("2021/09/phat-dong.html")


def test_production_publishes_no_editor(tmp_path):
    content = copy_test_site(tmp_path)
    build = run_pelican(content, tmp_path / "output", "publishconf.py", "-e", "SEARCH_INDEX=false")
    assert build.returncode == 0, build.log
    assert not (build.output / "admin").exists()
    assert not (build.output / "_preview").exists()
    assert "preview-status" not in (build.output / "index.html").read_text(encoding="utf-8")


def test_without_decaps_files_the_editor_page_says_how_to_install_them(tmp_path):
    content = copy_test_site(tmp_path)
    empty = tmp_path / "no-decap"
    empty.mkdir()
    build = run_pelican(
        content, tmp_path / "output", "pelicanconf.py", "-e", f"CMS_DECAP_PATH={json.dumps(str(empty))}"
    )
    assert build.returncode == 0, build.log
    assert "Chưa cài trình soạn tin" in build.text("admin/index.html")
    assert "npm ci" in build.text("admin/index.html")
    assert not (build.output / "admin" / "decap").exists()
