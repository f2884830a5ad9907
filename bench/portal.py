"""`invoke bench`: the realistic archive of bench/archive.py (long titles, shared
documents, attachments, photos, 8 sections, zipf tags, campaigns; dates in both
forms, drafts) at N articles, built with the plugin and with plain Pelican (same
content, same theme), cold and warm, and with Hugo when it is installed.

Not a test: these machines are shared and noisy, so it reports medians of
several runs and ratios, and asserts nothing.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pelicanconf  # noqa: E402
from bench import hugo, livereload, memory  # noqa: E402
from bench.archive import make_archive  # noqa: E402

SECTIONS = pelicanconf.NEWS_SECTIONS
WORDS = """
phòng chống dịch bệnh kinh tế xã hội phát triển thành phố quận huyện phường xã nhân dân
người dân doanh nghiệp đầu tư hạ tầng giao thông tuyến đường cầu cảng biển khu công nghiệp
giáo dục học sinh sinh viên trường học giáo viên y tế bệnh viện bác sĩ tiêm chủng vắc xin
văn hóa lễ hội du lịch di tích thể thao an ninh trật tự quốc phòng tuyển quân dân quân
thi đua khen thưởng tập thể cá nhân điển hình tiên tiến chuyển đổi số dịch vụ công trực tuyến
môi trường cây xanh nước sạch nông thôn mới nông nghiệp thủy sản xuất khẩu thu ngân sách
kế hoạch quyết định thông báo hướng dẫn báo cáo chỉ thị hội nghị sơ kết tổng kết triển khai
nhiệm vụ giải pháp mục tiêu chỉ tiêu tăng trưởng việc làm lao động an sinh chính sách
""".split()
TAG_NAMES = [f"{a} {b}" for a, b in zip(WORDS[::2], WORDS[1::2], strict=False)]
TYPES = ["KH", "QĐ", "TB", "CT", "HD", "BC"]
ISSUERS = ["UBND thành phố", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Ban Thi đua - Khen thưởng"]


_CUMULATIVE: dict[tuple[int, int, float], list[float]] = {}


def zipf_choice(rng: random.Random, population: list, exponent: float = 1.1):
    """Pick with probability proportional to 1 / rank ** exponent."""
    key = (id(population), len(population), exponent)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(population))))
    return rng.choices(population, cum_weights=_CUMULATIVE[key])[0]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(zipf_choice(rng, WORDS, 0.8) for _ in range(words))
    return text[0].upper() + text[1:] + "."


SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
CACHE_PATH = {cache!r}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
INCREMENTAL_BUILD = {incremental!r}
"""
PLAIN = """
from pelican import Pelican
from newsroom import vi_format
from functools import partial
from zoneinfo import ZoneInfo
from pelican.settings import DEFAULT_CONFIG
PELICAN_CLASS = Pelican
PLUGINS = []
# A 300-character title's slug is too long a file name for Linux (errno 36): plain
# Pelican fails on the archive without a cut (the portal cuts at 100 and numbers repeats).
SLUG_REGEX_SUBSTITUTIONS = [*DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], (r"\\A(.{200}).+\\Z", r"\\1")]
READERS = {"rst": None}
DELETE_OUTPUT_DIRECTORY = True
_zone = ZoneInfo(TIMEZONE)  # noqa: F405
JINJA_FILTERS = {"vi_datetime": partial(vi_format.format_datetime, zone=_zone),
                 "vi_date": partial(vi_format.format_date, zone=_zone),
                 "file_size": vi_format.format_file_size}
# Plain Pelican renders the same theme: it needs the theme's asset_url too.
from newsroom.assets import asset_url
JINJA_GLOBALS = {"asset_url": asset_url}
"""


# Runs Pelican; its peak memory is sampled from outside (bench/memory.py): the whole
# process tree, Pagefind's shards and the photo workers included.
PELICAN = """
import sys
from pelican import main
main(sys.argv[1:])
"""


def build(settings: Path, output: Path, search: bool = False) -> dict:
    """One build in its own process: wall time, peak memory, plugin stage times. Without
    `search`, the search index is left out (full_builds times it on its own)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PELICAN,
            "-s",
            str(settings),
            "-o",
            str(output),
            "--log-handler",
            "plain",
            "-e",
            "NEWSROOM_REPORT_TIMINGS=true",
            *([] if search else ["SEARCH_INDEX=false"]),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = memory.TreePeak(process.pid)
    log = process.stdout.read()
    peak_mb = peak.stop()  # before the wait: an ended process has no memory to read
    process.wait()
    if process.returncode:
        raise SystemExit(f"build failed:\n{log[-3000:]}")
    timings = next(
        (
            json.loads(line.split("NEWSROOM_TIMINGS ", 1)[1])
            for line in log.splitlines()
            if "NEWSROOM_TIMINGS " in line
        ),
        {"stages": {}, "qr_made": None},
    )
    incremental = re.search(r"NEWSROOM_INCREMENTAL (\d+) (\d+)", log)
    if incremental:
        timings["rendered"], timings["kept"] = int(incremental.group(1)), int(incremental.group(2))
    return {"wall": time.perf_counter() - started, "peak_mb": peak_mb, **timings}


def index_search(output: Path) -> tuple[float, float]:
    """Pagefind over a built site: (seconds, index size in MB)."""
    from newsroom.search_index import build_index

    started = time.perf_counter()
    build_index(str(output))
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (output / "pagefind").rglob("*") if p.is_file())
    return seconds, size / 1024 / 1024


def describe(content: Path) -> str:
    """What the archive holds that costs the portal work: photos, QR codes, drafts."""
    texts = [p.read_text("utf-8") for p in sorted((content / "articles").rglob("*.md"))]
    drafts = sum(1 for text in texts if "\nStatus: draft" in text)
    leads = sum(1 for text in texts if "\nImage: " in text)
    in_body = sum(len(re.findall(r"^!\[[^]]*\]\((?:\{static\}/)?images/", t, re.M)) for t in texts)
    photos = (
        [p for p in (content / "images").rglob("*") if p.is_file()] if (content / "images").exists() else []
    )
    megabytes = sum(p.stat().st_size for p in photos) / 1024 / 1024
    return (
        f"{len(texts)} articles ({drafts} drafts), {len(photos)} photo files ({megabytes:.0f} MB; "
        f"{leads} articles with a lead photo, {in_body} body photos), "
        f"{len(texts) - drafts} QR codes (one per published article, plus the fan page's)"
    )


def shares(report: dict) -> str:
    """Each plugin stage's share of a build's wall time, the rest (Pelican's own) last."""
    wall, stages = report["wall"], report["stages"]
    parts = [f"{name} {seconds:.2f} s ({seconds / wall:.0%})" for name, seconds in sorted(stages.items())]
    rest = wall - sum(stages.values())
    return ", ".join([*parts, f"rest (Pelican, start-up) {rest:.2f} s ({rest / wall:.0%})"])


def run(sizes: list[int], repeats: int, workdir: Path, incremental_only: bool = False, seed: int = 1) -> None:
    for count in sizes:
        root = workdir / f"n{count}"
        started = time.perf_counter()
        content = make_archive(root, count, seed=seed, photos=True)
        print(f"\n== {count} articles (archive written in {time.perf_counter() - started:.1f} s) ==")
        print(f"  {describe(content)}")
        if not incremental_only:
            full_builds(root, content, repeats)
        plain = incremental_ratios(root, content, repeats)
        livereload_ratio(root, content, repeats, plain)


def full_builds(root: Path, content: Path, repeats: int) -> None:
    """Every page rendered: the plugin and plain Pelican, cold then warm."""
    settings, outputs = {}, {}
    for variant in ("plugin", "plain"):
        cache = root / f"cache-{variant}"
        shutil.rmtree(cache, ignore_errors=True)
        settings[variant] = root / f"{variant}conf.py"
        # Full builds, warm: the incremental ones are measured by `incremental_ratios`.
        text = SETTINGS.format(root=str(ROOT), content=str(content), cache=str(cache), incremental=False)
        settings[variant].write_text(text + (PLAIN if variant == "plain" else ""), "utf-8")
        outputs[variant] = root / f"output-{variant}"
    # Alternate the two so a change in the machine's load hits both alike.
    cold = {variant: build(settings[variant], outputs[variant]) for variant in settings}
    warm: dict[str, list[dict]] = {variant: [] for variant in settings}
    for _ in range(repeats):
        for variant, variant_settings in settings.items():
            warm[variant].append(build(variant_settings, outputs[variant]))
    for variant in settings:
        runs = warm[variant]
        print(
            f"{variant:>6}: cold {cold[variant]['wall']:.1f} s, {cold[variant]['peak_mb']:.0f} MB peak; "
            f"warm median {statistics.median(w['wall'] for w in runs):.1f} s "
            f"(runs: {', '.join(format(w['wall'], '.1f') for w in runs)}), "
            f"{max(w['peak_mb'] for w in runs):.0f} MB peak"
        )
    for name in sorted(cold["plugin"]["stages"]):
        warm_stage = statistics.median(w["stages"][name] for w in warm["plugin"])
        cold_stage = cold["plugin"]["stages"][name]
        print(f"        plugin stage {name:<12} cold {cold_stage:.2f} s, warm median {warm_stage:.2f} s")
    print(f"        plugin, cold, stage shares: {shares(cold['plugin'])}")
    made_warm = [w["qr_made"] for w in warm["plugin"]]
    print(f"        QR codes made: cold {cold['plugin']['qr_made']}, warm {made_warm}")
    medians = {variant: statistics.median(w["wall"] for w in warm[variant]) for variant in warm}
    paired = statistics.median(
        p["wall"] / q["wall"] for p, q in zip(warm["plugin"], warm["plain"], strict=True)
    )
    print(
        f"  plugin/plain, warm: ratio of medians {medians['plugin'] / medians['plain']:.2f}, "
        f"median of paired ratios {paired:.2f}"
    )
    seconds, megabytes = index_search(outputs["plugin"])
    print(f"  search index (Pagefind): {seconds:.1f} s, {megabytes:.1f} MB")


def edit_body(content: Path, number: int) -> None:
    """An editor's typical edit: one sentence added to the body of one published article
    (the `number`-th; an edited draft would change no page)."""
    paths = sorted((content / "articles").rglob("*.md"))
    path = next(p for p in paths[number:] + paths if "\nStatus: draft" not in p.read_text("utf-8"))
    path.write_text(path.read_text("utf-8") + f"\nĐính chính lần {number}.\n", "utf-8")


def incremental_ratios(root: Path, content: Path, repeats: int) -> float:
    """Production builds (publishconf.py: feeds, sitemap and the search index included)
    after one edited article and after no change, incremental, against plain Pelican's
    full build of the same content, side by side. Returns plain Pelican's median."""
    settings, outputs = {}, {}
    for variant in ("incremental", "plain"):
        cache = root / f"cache-production-{variant}"
        shutil.rmtree(cache, ignore_errors=True)
        settings[variant] = root / f"production-{variant}conf.py"
        text = SETTINGS.format(root=str(ROOT), content=str(content), cache=str(cache), incremental=True)
        text = text.replace("from pelicanconf import *", "from publishconf import *")
        settings[variant].write_text(text + (PLAIN if variant == "plain" else ""), "utf-8")
        outputs[variant] = root / f"output-production-{variant}"
    first = {variant: build(settings[variant], outputs[variant], search=True) for variant in settings}
    runs: dict[str, list[dict]] = {"one edit": [], "no change": [], "plain": [], "hugo": []}
    with_hugo = shutil.which("hugo") is not None
    articles = len(list((content / "articles").rglob("*.md")))
    for repeat in range(repeats):
        edit_body(content, (repeat + 1) * articles // (repeats + 1))
        runs["one edit"].append(build(settings["incremental"], outputs["incremental"], search=True))
        runs["plain"].append(build(settings["plain"], outputs["plain"]))
        if with_hugo:  # the same articles, the edit included (converting is not timed)
            hugo.convert(content, root / "hugo-site")
            runs["hugo"].append(hugo.build(root / "hugo-site", root / "output-hugo"))
        runs["no change"].append(build(settings["incremental"], outputs["incremental"], search=True))
        runs["plain"].append(build(settings["plain"], outputs["plain"]))
    plain = statistics.median(r["wall"] for r in runs["plain"])
    plain_runs = ", ".join(format(r["wall"], ".1f") for r in runs["plain"])
    print(
        f"  production, full: plugin {first['incremental']['wall']:.1f} s (first build), "
        f"plain Pelican median {plain:.1f} s (runs: {plain_runs})"
    )
    peaks = {name: max(r["peak_mb"] for r in found) for name, found in runs.items()}
    print(
        f"  peak memory (search included): first build {first['incremental']['peak_mb']:.0f} MB, "
        f"one edit {peaks['one edit']:.0f} MB, plain Pelican {peaks['plain']:.0f} MB; "
        f"ratio first/plain {first['incremental']['peak_mb'] / peaks['plain']:.2f}"
    )
    cold_ratio = first["incremental"]["wall"] / plain
    print(f"  production, first build: ratio to plain Pelican's full build {cold_ratio:.2f}")
    if with_hugo:
        hugo_wall = statistics.median(r["wall"] for r in runs["hugo"])
        one_edit = statistics.median(r["wall"] for r in runs["one edit"])
        print(
            f"  Hugo full build (5 related pages each): median {hugo_wall:.1f} s "
            f"(runs: {', '.join(format(r['wall'], '.1f') for r in runs['hugo'])}), peak "
            f"{max(r['peak_mb'] for r in runs['hugo']):.0f} MB; "
            f"ratio to plain Pelican {hugo_wall / plain:.2f}; "
            f"portal first build / Hugo {first['incremental']['wall'] / hugo_wall:.2f}, "
            f"portal one edit / Hugo full {one_edit / hugo_wall:.2f}"
        )
    else:
        print("  Hugo: not installed (apt-get install hugo), not compared")
    print(f"        first build, stage shares: {shares(first['incremental'])}")
    edits = runs["one edit"]
    for stage in sorted({stage for r in edits for stage in r["stages"]}):
        median = statistics.median(r["stages"].get(stage, 0.0) for r in edits)
        print(f"        one edit, plugin stage {stage:<12} median {median:.2f} s")
    for number, edit in enumerate(edits, 1):
        print(f"        one edit #{number}, stage shares: {shares(edit)}")
    for name in ("one edit", "no change"):
        median = statistics.median(r["wall"] for r in runs[name])
        pages = ", ".join(
            f"{r.get('rendered')}/{r.get('rendered', 0) + r.get('kept', 0)}" for r in runs[name]
        )
        print(
            f"  production, incremental, {name}: median {median:.1f} s "
            f"(runs: {', '.join(format(r['wall'], '.1f') for r in runs[name])}; pages rendered: {pages}); "
            f"ratio to plain Pelican's full build {median / plain:.2f}"
        )
    return plain


def livereload_ratio(root: Path, content: Path, repeats: int, plain: float) -> None:
    """`invoke livereload`: from an edit's save to the browser's reload showing it,
    against plain Pelican's full build (the median `incremental_ratios` just measured)."""
    if not Path(livereload.CHROMIUM).exists():
        print(f"  livereload: {livereload.CHROMIUM} missing (apt-get install chromium), not measured")
        return
    articles = len(list((content / "articles").rglob("*.md")))
    edits = [(repeat + 1) * articles // (repeats + 2) for repeat in range(repeats)]
    seconds = livereload.measure(content, root, edits)
    median = statistics.median(seconds)
    print(
        f"  invoke livereload, edit saved to page reloaded: median {median:.1f} s "
        f"(runs: {', '.join(format(s, '.1f') for s in seconds)}); "
        f"ratio to plain Pelican's full build {median / plain:.2f}"
    )


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def related_scaling(sizes: list[int], seed: int = 7) -> None:
    """The related-news ranking alone on synthetic articles: does it grow linearly?"""
    import os
    from zoneinfo import ZoneInfo

    from newsroom.related.ranking import DEFAULT_WEIGHTS, NewsItem, rank_related
    from newsroom.related.terms import article_terms

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    print("\n== related news ranking alone ==")
    for count in sizes:
        rng = random.Random(seed)
        made = time.perf_counter()
        tags = [f"{name} {i}" if i else name for i in range(1 + count // 400) for name in TAG_NAMES]
        campaigns = [f"Phong trào {i}" for i in range(max(5, count // 200))]
        start = datetime(2006, 1, 1, 7, 0, tzinfo=zone)
        items = [
            NewsItem(
                slug=f"bai-viet-{index:06d}",
                date=start + timedelta(minutes=index * (20 * 365 * 24 * 60 // count)),
                section=zipf_choice(rng, SECTIONS, 0.5),
                tags=tuple(sorted({zipf_choice(rng, tags) for _ in range(rng.randint(2, 5))})),
                campaign=zipf_choice(rng, campaigns) if rng.random() < 0.3 else "",
                document=f"{rng.randrange(max(1, count // 3))}/KH-UBND" if rng.random() < 0.4 else "",
                issuer=rng.choice(ISSUERS),
                terms=article_terms(
                    sentence(rng, 10),
                    sentence(rng, 25),
                    "".join(
                        f"<p>{sentence(rng, 20)} Kế hoạch số {rng.randrange(count)}/KH-UBND.</p>"
                        for _ in range(6)
                    ),
                ),
            )
            for index in range(count)
        ]
        print(f"{count:>7} articles: terms read in {time.perf_counter() - made:.1f} s (corpus included)")
        # As the build ranks (the second half on the other core from 8,000 articles on), and on
        # one core alone, interleaved so both see the same load (the machine is shared).
        figures: dict[str, tuple[list[float], list[float]]] = {"two cores": ([], []), "one core": ([], [])}
        load = os.getloadavg()[0]
        for _ in range(3):
            for name, parallel_from in (("two cores", 8000), ("one core", 10**9)):
                runs, cpu = figures[name]
                # CPU of this process and of the child that ranks the second half on the other core.
                started, started_cpu = time.perf_counter(), time.process_time() + _children_cpu()
                rank_related(items, DEFAULT_WEIGHTS, parallel_from=parallel_from)
                runs.append(time.perf_counter() - started)
                cpu.append(time.process_time() + _children_cpu() - started_cpu)
        for name, (runs, cpu) in figures.items():
            median = statistics.median(runs)
            print(
                f"{count:>7} articles, {name:<9}: median {median:.2f} s ({median / count * 1e6:.0f} µs per "
                f"article; runs {', '.join(format(r, '.2f') for r in runs)}; "
                f"CPU {', '.join(format(c, '.2f') for c in cpu)} s)"
            )
        print(
            f"{count:>7} articles: load average {load:.2f} before, {os.getloadavg()[0]:.2f} after (2 cores)"
        )
