"""Settings are checked once, with an error naming the setting and what it needs."""

import pytest
from newsroom.settings import SettingsError, load_settings

BASE = {
    "PATH": "content",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "NEWS_SECTIONS": ["Kinh tế"],
    "RELATIVE_URLS": True,
    "JINJA_ENVIRONMENT": {"autoescape": True},
}


@pytest.mark.parametrize(
    ("override", "named", "needs"),
    [
        ({"TIMEZONE": "Hanoi"}, "TIMEZONE", "múi giờ IANA"),
        ({"NEWS_SECTIONS": []}, "NEWS_SECTIONS", "ít nhất một"),
        ({"NEWS_SECTIONS": ["Y tế", "Y tế"]}, "NEWS_SECTIONS", "không trùng"),
        ({"RELATED_NEWS_MAX_COUNT": -1}, "RELATED_NEWS_MAX_COUNT", "từ 0 đến 50"),
        ({"RELATED_NEWS_THRESHOLD": 120}, "RELATED_NEWS_THRESHOLD", "từ 0 đến 100"),
        ({"RELATED_NEWS_WEIGHTS": [1, 2]}, "RELATED_NEWS_WEIGHTS", "cần từ điển"),
        ({"RELATED_NEWS_WEIGHTS": {"tags": 3}}, "RELATED_NEWS_WEIGHTS", "các khóa"),
        ({"RELATED_NEWS_ALLOW_NEWER": "yes"}, "RELATED_NEWS_ALLOW_NEWER", "True hoặc False"),
        ({"SEARCH_INDEX": "false"}, "SEARCH_INDEX", "True hoặc False"),
        ({"CAMPAIGN_URL": "phong-trao/"}, "CAMPAIGN_URL", "{slug}"),
        ({"JINJA_ENVIRONMENT": {"trim_blocks": True}}, "JINJA_ENVIRONMENT", "autoescape"),
        ({"ATTACHMENT_EXTENSIONS": ["exe"]}, "ATTACHMENT_EXTENSIONS", "không biết loại tệp"),
        ({"QR_CODE_SAVE_AS": "qr/ma.svg"}, "QR_CODE_SAVE_AS", "{slug}"),
        ({"TAG_FEED_ATOM": "feeds/the.xml", "SITEURL": "https://a.vn"}, "TAG_FEED_ATOM", "{slug}"),
        ({"FEED_MAX_ITEMS": 0}, "FEED_MAX_ITEMS", "số nguyên dương"),
        ({"RELATIVE_URLS": False, "SITEURL": ""}, "SITEURL", "địa chỉ tuyệt đối"),
        ({"CMS_PUBLISH_MODE": "review"}, "CMS_PUBLISH_MODE", "editorial_workflow"),
        ({"CMS_BACKEND": "gitea"}, "CMS_BACKEND", "khóa name"),
        ({"CMS_ADMIN": "yes"}, "CMS_ADMIN", "True hoặc False"),
        ({"RENDER_WORKERS": 0}, "RENDER_WORKERS", "số tiến trình dựng trang"),
        ({"READ_WORKERS": "2"}, "READ_WORKERS", "số tiến trình đọc bài"),
    ],
)
def test_a_bad_setting_names_itself_and_what_it_needs(override, named, needs):
    with pytest.raises(SettingsError) as raised:
        load_settings({**BASE, **override})
    assert f"Thiết lập {named} = " in str(raised.value)
    assert needs in str(raised.value)


def test_good_settings_are_frozen_with_defaults():
    config = load_settings({**BASE, "RELATED_NEWS_WEIGHTS": {"tag": 5}})
    assert config.related_weights["tag"] == 5
    assert config.related_weights["document"] == 50
    assert config["RELATED_NEWS_MAX_COUNT"] == 6
    assert config["QR_CODE_SAVE_AS"] == "qr/{date:%Y}/{date:%m}/{slug}.svg"
    with pytest.raises(AttributeError):
        config.sections = ()


def test_every_setting_of_the_table_has_a_valid_default():
    """Defaults live in one place; each must pass its own check (NEWS_SECTIONS has none)."""
    from newsroom.settings import SETTINGS

    for row in SETTINGS:
        if row.name != "NEWS_SECTIONS":
            assert row.valid(row.default), row.name
