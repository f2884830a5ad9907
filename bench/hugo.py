"""The same archive built by Hugo, for `invoke bench` when `hugo` is installed.

The articles' Pelican fields become Hugo front matter (JSON: no quoting to get
wrong), and a minimal theme renders what the portal's pages need most: each
article with the 5 related pages Hugo's `.Related` picks (by tags, section and
date), paginated listings of the home page, sections and tags, and Hugo's own
RSS feeds. Plain HTML: this measures the generator, not a design.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import datetime
from pathlib import Path

CONFIG = """baseURL = "https://bench.example/"
languageCode = "vi"
title = "Bench"
paginate = 20
[permalinks]
  posts = "/:year/:month/:slug/"
[taxonomies]
  tag = "tags"
  category = "categories"
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "categories"
    weight = 50
  [[related.indices]]
    name = "date"
    weight = 10
"""
HEAD = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
LAYOUTS = {
    "_default/single.html": HEAD
    + '<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006 15:04" }}</time>'
    + '<p>{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">'
    + "{{ . }}</a> {{ end }}</p>"
    + "{{ .Content }}</article><h2>Tin khác</h2><ul>"
    + "{{ range first 5 (.Site.RegularPages.Related .) }}"
    + '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
    + "{{ end }}</ul></body></html>\n",
    "_default/list.html": HEAD
    + "<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}"
    + '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>'
    + '{{ template "_internal/pagination.html" . }}</body></html>\n',
}
LAYOUTS["index.html"] = LAYOUTS["_default/list.html"]
FIELD = re.compile(r"^(\w+):\s*(.*)$")
# The date forms the archive's editors write (bench/archive.py), as Pelican reads them.
DATE_FORMS = ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y")
WITH_PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("PEAK_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
sys.exit(code)
"""


def pelican_fields(text: str) -> tuple[dict[str, str], str]:
    """A Pelican Markdown file's fields (continuation lines joined) and its body."""
    header, _, body = text.partition("\n\n")
    fields: dict[str, str] = {}
    last = None
    for line in header.splitlines():
        found = FIELD.match(line)
        if found and not line.startswith((" ", "\t")):
            last = found.group(1).lower()
            fields[last] = found.group(2).strip()
        elif last:
            fields[last] += "\n" + line.strip()
    return fields, body


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_date(text: str) -> datetime:
    """`2015-07-01 08:00`, `1/7/2015 08:00` or either without the time."""
    for form in DATE_FORMS:
        try:
            return datetime.strptime(text.strip(), form)
        except ValueError:
            continue
    raise ValueError(f"date {text!r} in none of the forms {DATE_FORMS}")


def convert(content: Path, site: Path) -> int:
    """Write a Hugo site for `content`'s articles into `site`; how many articles."""
    shutil.rmtree(site, ignore_errors=True)
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, "utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, "utf-8")
    count = 0
    for source in sorted((content / "articles").rglob("*.md")):
        fields, body = pelican_fields(source.read_text("utf-8"))
        date = parse_date(fields["date"])
        front = {
            "title": fields.get("title", source.stem),
            "date": date.strftime("%Y-%m-%dT%H:%M:%S+07:00"),
            "slug": fields.get("slug", source.stem),
            "summary": fields.get("summary", ""),
            # NFC as Pelican's slugify does: Hugo would give an NFD "Giáo dục" a folder of its own.
            "categories": [nfc(fields["category"])] if fields.get("category") else [],
            "tags": [nfc(t.strip()) for t in fields.get("tags", "").split(",") if t.strip()],
            "draft": fields.get("status", "").strip().lower() == "draft",  # Hugo leaves drafts out
        }
        text = json.dumps(front, ensure_ascii=False) + "\n\n" + body
        # Named by the source file: a slug from a 300-character title is too long a file name.
        (posts / f"{source.stem}.md").write_text(text, "utf-8")
        count += 1
    return count


def build(site: Path, output: Path) -> dict:
    """One full Hugo build (a clean output folder): wall time and peak memory (MB)."""
    shutil.rmtree(output, ignore_errors=True)
    hugo = ["hugo", "--quiet", "--source", str(site), "--destination", str(output)]
    hugo += ["--cacheDir", str(site / ".cache")]
    started = time.perf_counter()
    # A wrapper whose only child is Hugo: its children's peak is Hugo's alone.
    command = [sys.executable, "-c", WITH_PEAK, *hugo]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"hugo failed:\n{(done.stdout + done.stderr)[-3000:]}")
    peak = re.search(r"PEAK_KB (\d+)", done.stdout)
    return {"wall": wall, "peak_mb": int(peak.group(1)) / 1024 if peak else 0.0}
