"""`invoke related SLUG` on the sample portal: each scored entry says what it shares.

The build does not work the reasons out for every article (pages show titles
only); the explained article's list gets them afterwards, and must stay the
list its page shows."""

import json
import re

from conftest import ROOT, run_pelican

SLUG = "so-ket-6-thang-phong-trao-thi-dua-muc-tieu-kep"


def test_the_explained_article_shows_each_entry_with_what_it_shares(tmp_path):
    build = run_pelican(
        ROOT / "content",
        tmp_path / "output",
        "pelicanconf.py",
        "-e",
        f"RELATED_NEWS_EXPLAIN={json.dumps(SLUG)}",
    )
    assert build.returncode == 0, build.log
    lines = build.log[build.log.index("Tin khác của") :].splitlines()
    entries = [
        (n, m) for n, line in enumerate(lines) if (m := re.match(r"\s*\d+\. \[([^]]+)\] (\S+) — ", line))
    ]
    scored = [n for n, m in entries if m[1].endswith("/100")]
    assert len(scored) >= 2, build.log
    for number in scored:  # the line under each scored entry: the fields and terms it shares
        assert re.match(r"\s+(cùng |thẻ |từ )", lines[number + 1]), lines[number : number + 2]
    assert "cùng phong trào “Mục tiêu kép”" in lines[scored[0] + 1]
    # The explained entries are the ones the article's page lists, in that order.
    page = build.html(f"2022/04/{SLUG}.html")
    links = [a["href"] for a in page.find(id="tin-khac").find_parent("section").find_all("a", href=True)]
    assert [re.sub(r".*/|\.html$", "", link) for link in links] == [m[2] for _, m in entries]
