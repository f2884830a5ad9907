"""A first build parses its articles on two cores (parallel_reading.py) and gives the
very site, messages and content report a one-core build gives."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

from conftest import ROOT, Build, run_pelican, site_files

SECTIONS = ["Thời sự - Chính trị", "Kinh tế", "Văn hoá - Xã hội", "Y Tế", "Giáo dục"]  # two spelt loosely


def write_articles(content: Path, count: int) -> None:
    """Articles nobody tuned for this: NFD titles, missing summaries, a date written
    the Vietnamese way, a field that warns, tags shared and not."""
    for number in range(count):
        title = f"Hội nghị triển khai nhiệm vụ năm {2000 + number % 20} lần thứ {number}"
        if number % 3 == 0:
            title = unicodedata.normalize("NFD", title)
        lines = [
            f"Title: {title}",
            f"Date: {1 + number % 28}/{1 + number % 12}/{2003 + number % 20} 08:{number % 60:02d}",
            f"Category: {SECTIONS[number % len(SECTIONS)]}",
            f"Tags: hội nghị, năm {2000 + number % 20}, chủ đề {number % 7}",
            f"Source: Sở Nội vụ {number % 5}",
        ]
        if number % 4:
            lines.append(f"Summary: Tóm tắt bài {number}, nhiệm vụ trọng tâm.")
        if number % 9 == 0:
            lines.append("Document: 12/KH-UBND")
            lines.append("Issuer: UBND thành phố")
            lines.append("Document_date: 2020-02-30")  # no such day: an error the editor is told
        body = "\n\n".join(f"Đoạn {p} của bài {number}: các đơn vị *triển khai* nhiệm vụ." for p in range(4))
        folder = content / "articles" / "sinh-ra" / str(2003 + number % 20)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bai-{number:03d}.md").write_text("\n".join(lines) + "\n\n" + body + "\n", "utf-8")


def build(content: Path, output: Path, workers: int) -> Build:
    return run_pelican(
        content,
        output,
        "pelicanconf.py",
        "-e",
        f"READ_WORKERS={workers}",
        "NEWSROOM_REPORT_TIMINGS=true",
        "SEARCH_INDEX=false",
    )


def read_ahead(done: Build) -> int:
    return json.loads(re.search(r"NEWSROOM_TIMINGS (\{.*\})", done.log).group(1))["read_ahead"]


def messages(done: Build) -> list[str]:
    """What the editor is told, without the lines that vary (times, counts of the run)."""
    varying = ("Done:", "NEWSROOM_TIMINGS", "NEWSROOM_INCREMENTAL")
    return [line for line in done.log.splitlines() if line.strip() and not any(v in line for v in varying)]


def test_articles_read_on_two_cores_give_the_site_of_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_articles(content, 60)
    for article in content.rglob("sinh-ra/*/bai-*.md"):  # no error: the build must go through
        text = article.read_text("utf-8").replace("Document_date: 2020-02-30", "Document_date: 2020-02-28")
        article.write_text(text, "utf-8")
    one, two = build(content, tmp_path / "one/output", 1), build(content, tmp_path / "two/output", 2)
    assert one.returncode == two.returncode == 0, two.log
    assert read_ahead(one) == 0
    assert read_ahead(two) >= 100  # the sample's articles and the 60 written here
    assert site_files(two.output) == site_files(one.output)
    assert messages(two) == messages(one)


def test_problems_read_on_two_cores_are_told_as_on_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_articles(content, 50)  # every ninth with an impossible document date
    (content / "articles/sinh-ra/2003/hong.md").write_bytes(b"Title: B\xe0i h\xf4ng\n\nN\xf4i dung\n")
    one, two = build(content, tmp_path / "one/output", 1), build(content, tmp_path / "two/output", 2)
    assert one.returncode == two.returncode == 1
    assert "articles/sinh-ra/2003/hong.md" in two.log and "UTF-8" in two.log
    assert "Document_date" in two.log
    assert messages(two) == messages(one)
    assert not (tmp_path / "two/output").exists()
