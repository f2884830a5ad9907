"""`invoke bench --related-quality`: how right is "Tin khác" on archives with known stories?

Each archive from `bench/stories.py` is written as Markdown files and read by
the portal's own reader (`NewsMarkdownReader`, so `article_terms` sees the
HTML that Markdown makes), then ranked by `link_related`, the function the
build calls, with the site's settings. For every story article:

- P@3: of the first three entries, the share from the same story, out of
  min(3, other articles of the story) (a three-article story has only two);
- R@5: the share of the story's other articles found in the first five;
- empty: the share of blocks with no entry at all; "filler only" counts
  blocks where nothing scored and only the section's latest stand in.

Figures are macro averages: per story first, then over stories, overall and
by rows (articles with Campaign / with Document / without Document / with
neither field). Roundups count as wrong wherever they appear.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

ARCHIVES = [(20211, 0), (8675309, 1)]  # (seed, phrasing variant): the second is held out
ROWS = ("overall", "with Campaign", "with Document", "without Document", "with neither field")


def read_archive(folder: Path, files: dict[str, str]) -> tuple[list, object]:
    """Write the files, read each with the portal's reader: article-like objects and the settings."""
    from newsroom.reader import TERMS, NewsMarkdownReader
    from newsroom.settings import SETTINGS_KEY
    from newsroom.settings import load_settings as read_newsroom
    from pelican.settings import read_settings

    content = folder / "content"
    for path, text in files.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, "utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    config = dataclasses.replace(read_newsroom(settings), cache_path=folder / "cache")
    settings[SETTINGS_KEY] = config
    reader = NewsMarkdownReader(settings)
    articles = []
    for path in sorted(files):
        _, metadata = reader.read(str(content / path))
        errors = [p for p in metadata["newsroom_problems"] if not p.warning]
        if errors:
            raise SystemExit(f"{path}: {errors}")
        articles.append(SimpleNamespace(url=metadata["slug"] + ".html", **metadata))
    assert all(hasattr(a, TERMS) for a in articles)
    return articles, config


def evaluate(seed: int, variant: int, weights: dict | None = None) -> dict[str, dict[str, float]]:
    from newsroom.documents import document_key
    from newsroom.reader import TERMS
    from newsroom.related import link_related

    from bench.stories import make_archive

    archive = make_archive(seed, variant)
    with tempfile.TemporaryDirectory(prefix="related-quality-") as scratch:
        started = time.perf_counter()
        articles, config = read_archive(Path(scratch), archive.files)
        if weights is not None:
            config = dataclasses.replace(config, related_weights=weights)
        read = time.perf_counter() - started
        started = time.perf_counter()
        link_related(articles, config, document_key, TERMS)
        ranked = time.perf_counter() - started
    members: dict[int, set[str]] = {}
    for slug, story in archive.story_of.items():
        members.setdefault(story, set()).add(slug)
    # row -> story -> per-article (P@3, R@5, empty, filler only)
    per_story: dict[str, dict[int, list[tuple[float, float, float, float]]]] = {row: {} for row in ROWS}
    for article in articles:
        story = archive.story_of.get(article.slug)
        if story is None:
            continue
        relevant = members[story] - {article.slug}
        entries = article.related_entries
        got = [e.slug for e in entries]
        precision = len(set(got[:3]) & relevant) / min(3, len(relevant))
        recall = len(set(got[:5]) & relevant) / len(relevant)
        empty = float(not entries)
        filler_only = float(bool(entries) and all(e.why == "section" for e in entries))
        has_campaign, has_document = (
            bool(getattr(article, "campaign", "")),
            bool(getattr(article, "document", None)),
        )
        rows = [
            "overall",
            "with Campaign" if has_campaign else "",
            "with Document" if has_document else "",
            "" if has_document else "without Document",
            "" if has_campaign or has_document else "with neither field",
        ]
        for row in filter(None, rows):
            per_story[row].setdefault(story, []).append((precision, recall, empty, filler_only))
    figures = {}
    for row, stories in per_story.items():
        means = [
            [statistics.fmean(values) for values in zip(*scores, strict=True)] for scores in stories.values()
        ]
        columns = list(zip(*means, strict=True)) if means else [[], [], [], []]
        count = sum(len(scores) for scores in stories.values())
        figures[row] = {
            "articles": count,
            **{
                name: statistics.fmean(column) if column else float("nan")
                for name, column in zip(("P@3", "R@5", "empty", "filler"), columns, strict=True)
            },
        }
    where = "the site's settings" if weights is None else "ranking.DEFAULT_WEIGHTS"
    print(
        f"\n== archive seed {seed}, phrasing variant {variant}: {len(articles)} articles, "
        f"{len(members)} stories; read {read:.1f} s, ranked {ranked:.2f} s =="
    )
    print(f"weights ({where}): {config.related_weights}, threshold {config['RELATED_NEWS_THRESHOLD']}")
    print(f"{'':<20} {'articles':>8} {'P@3':>6} {'R@5':>6} {'empty':>6} {'filler only':>11}")
    for row, values in figures.items():
        print(
            f"{row:<20} {values['articles']:>8} {values['P@3']:>6.2f} {values['R@5']:>6.2f} "
            f"{values['empty']:>6.2f} {values['filler']:>11.2f}"
        )
    return figures


def run(archives: list[tuple[int, int]] = ARCHIVES) -> None:
    """Each archive ranked as the build ranks it (the site's settings)."""
    for seed, variant in archives:
        evaluate(seed, variant)


if __name__ == "__main__":
    run()
