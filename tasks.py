"""Editor and developer tasks: `invoke --list` shows them all.

Task names follow pelican-quickstart (clean, build, rebuild, regenerate,
serve, reserve, preview, livereload, publish) plus new, check, related,
bench, test and lint. PORTAL_PORT and PORTAL_OUTPUT change the preview
port (8000) and the output folder (output/).
Settings are read only inside the tasks that need them, so `invoke --list`
works even while pelicanconf.py has a mistake.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
CONTENT = "content"
OUTPUT = os.environ.get("PORTAL_OUTPUT", "output")
HOST = "127.0.0.1"
PORT = int(os.environ.get("PORTAL_PORT", "8000"))
DEPLOY_ENV = "PORTAL_DEPLOY_TARGET"
WATCHED = ("content", "theme", "plugins", SETTINGS, PUBLISH_SETTINGS)


def pelican(c, settings: str, output: str = OUTPUT, *extra: str) -> None:
    """Run Pelican in its own process; stop with its exit code on failure.

    A fresh process per build means a rebuild never inherits state from the
    last one, and a content error ends that build only (not `livereload`).
    """
    result = c.run(
        shlex.join(_pelican_command(settings, output, *extra)), warn=True, pty=False, env=_BUILD_ENV
    )
    if result.exited:
        raise BuildFailed(result.exited, result.stderr or result.stdout)


def _pelican_command(settings: str, output: str, *extra: str, module: str = "pelican") -> list[str]:
    return [
        sys.executable,
        "-m",
        module,
        CONTENT,
        "-s",
        settings,
        "-o",
        output,
        "--log-handler",
        "plain",
        *extra,
    ]


_BUILD_ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}


class BuildFailed(Exit):
    """A build that stopped; `log` is what Pelican printed (for the preview's status)."""

    def __init__(self, code: int, log: str):
        super().__init__(f"Dựng trang thất bại (mã {code}); xem các lỗi ở trên.", code)
        self.log = log


@task
def clean(c):
    """Remove the built site (output/), the site kept beside it, and Pelican's caches."""
    output = ROOT / OUTPUT
    kept = output.parent.glob(f".{output.name}.ban-truoc-*")  # plugins/newsroom/spare.py
    for path in (output, ROOT / ".cache", *kept):
        shutil.rmtree(path, ignore_errors=True)


@task
def build(c):
    """Build the local preview site into output/."""
    pelican(c, SETTINGS)


@task
def rebuild(c):
    """Remove output/ and caches, then build."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild output/ whenever content/, theme/, plugins/ or the settings change.

    Each rebuild runs in a fresh process, like `livereload`: Pelican's own
    --autoreload would retry a build with a content error without end.
    """
    from watchfiles import watch

    build_or_report = _tolerant_build(c)
    build_or_report()
    print("Đang theo dõi thay đổi (Ctrl+C để dừng)")
    for _ in watch(*(str(ROOT / path) for path in WATCHED)):
        build_or_report()


@task
def serve(c):
    """Serve output/ on http://127.0.0.1:8000/ (stop with Ctrl+C)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class Handler(ComplexHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    server = RootedHTTPServer(str(ROOT / OUTPUT), (HOST, PORT), Handler)
    print(f"Đang phục vụ trang tại http://{HOST}:{PORT}/ (Ctrl+C để dừng)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def reserve(c):
    """Build, then serve."""
    build(c)
    serve(c)


@task
def preview(c):
    """Build the production site (publishconf.py) into output-production/ and check it.

    No preview task (build, livereload, regenerate) touches that folder, and a
    lock keeps two production builds (or a build and an upload) apart."""
    with _publishing() as operator, _production_lock(operator):
        folder, _ = _production_build(c, operator)
    print(f"Bản xuất bản đã dựng và kiểm tra xong tại {folder.relative_to(ROOT)}/")


@task
def livereload(c):
    """Build, serve on http://127.0.0.1:8000/ and reload on every change.

    Watches content/, theme/, plugins/ and the settings; a build with a
    content error is reported and the last good site stays served. An edit
    to an article's body shows in a moment (the last build, holding its pages,
    draws that page again); the build that follows reloads the page again."""
    sys.path[:0] = [str(ROOT / "plugins")]
    from preview.server import LivePreview

    live = LivePreview(ROOT / CONTENT, [ROOT / path for path in WATCHED])

    def held_build(settings: str, output: str, *extra: str) -> None:
        command = _pelican_command(settings, output, *extra, module="preview.worker")
        code, log = live.build(command, {**os.environ, **_BUILD_ENV})
        if code:
            raise BuildFailed(code, log)

    rebuild_quietly = _tolerant_build(c, held_build)
    rebuild_quietly()
    print(f"Xem trang tại http://{HOST}:{PORT}/ (tự tải lại khi sửa nội dung)")
    live.serve(rebuild_quietly, HOST, PORT, ROOT / OUTPUT)


CMS_HELP = {"mode": "fs: lưu thẳng vào thư mục này (mặc định); git: mỗi lần lưu là một commit"}


@task(help=CMS_HELP)
def cms(c, mode="fs"):
    """Write in the browser: Decap CMS at http://127.0.0.1:8000/admin/ with the preview.

    Starts decap-server (npm, pinned) on 127.0.0.1 as the editor's backend, writing
    into this working copy, then `livereload`; installs the npm packages first if
    they are missing. Ctrl+C stops both."""
    import subprocess
    from urllib.parse import urlsplit

    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise Exit("Trình soạn tin cần Node.js: cài bằng `sudo apt-get install nodejs npm` rồi chạy lại.", 2)
    server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if not (server.exists() and (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").exists()):
        print("Đang cài Decap CMS (npm ci)…")
        c.run("npm ci --omit=dev --no-audit --no-fund", pty=False)
    backend = _settings(SETTINGS).get("CMS_BACKEND") or {}
    address = urlsplit(backend.get("proxy_url", "http://127.0.0.1:8081/api/v1"))
    environment = {
        **os.environ,
        "PORT": str(address.port or 8081),
        "BIND_HOST": address.hostname or HOST,
        "GIT_REPO_DIRECTORY": str(ROOT),
        "MODE": mode,
        "LOG_LEVEL": "warn",
    }
    decap = subprocess.Popen([node, str(server)], env=environment)
    print(f"Soạn tin tại http://{HOST}:{PORT}/admin/ (bài lưu vào content/articles/)")
    try:
        livereload(c)
    finally:
        decap.terminate()
        decap.wait(timeout=10)


PUBLISH_HELP = {
    "target": "Nơi xuất bản: user@host:/duong/dan, /duong/dan hoặc rclone:kho:duong/dan",
    "dry_run": "Chỉ in ra những gì sẽ thay đổi, không tải lên, không chuyển bản",
}


@task(help=PUBLISH_HELP)
def publish(c, target="", dry_run=False):
    """Build, check and upload a new release, then switch the live site to it in one step.

    Target: --target, else $PORTAL_DEPLOY_TARGET, else DEPLOY_TARGET in
    publishconf.py. On a server or folder each publish is a new folder
    releases/<time>-<commit>/ (unchanged files hard-linked) and `current` is
    switched last; an interrupted publish leaves the live site as it was.
    `rclone:` targets get the files pages refer to first, the pages last.
    """
    with _publishing() as operator:
        destination = _target(operator, target)
        with _production_lock(operator):
            folder, settings = _production_build(c, operator)
            keep = int(settings.get("PUBLISH_KEEP_RELEASES", 5))
            print("\n".join(operator.publish(folder, destination, operator.git_commit(ROOT), keep, dry_run)))


@task(
    help={"target": PUBLISH_HELP["target"], "to": "Tên bản phát hành muốn chuyển tới (mặc định: bản trước)"}
)
def rollback(c, target="", to=""):
    """Switch the live site back to the previous release (or --to NAME), in one step."""
    with _publishing() as operator:
        print(operator.rollback(_target(operator, target), to))


@task(help={"title": "Tiêu đề bài viết (có dấu)", "section": "Chuyên mục (mặc định: mục đầu tiên)"})
def new(c, title, section=""):
    """Create a new article from a title: slug, date and every field ready to fill."""
    from pelican.utils import slugify

    settings = _settings(SETTINGS)  # also puts plugins/ on the path
    from newsroom import fields

    sections = settings["NEWS_SECTIONS"]
    section = section or sections[0]
    if section not in sections:
        raise Exit(f"Không có chuyên mục “{section}”. Chọn một trong: {', '.join(sections)}", 2)
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])[:80].strip("-")
    path = ROOT / CONTENT / "articles" / f"{now:%Y}" / f"{slug}.md"
    if path.exists():
        raise Exit(f"Đã có tệp {path.relative_to(ROOT)}; đổi tiêu đề hoặc sửa tệp đó.", 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A draft: a half-written article never goes live by accident.
    head = fields.scaffold(
        {
            "title": title,
            "date": f"{now:%Y-%m-%d %H:%M}",
            "category": section,
            "slug": slug,
            "status": "draft",
        }
    )
    path.write_text(head + "\nViết nội dung bài ở đây.\n", encoding="utf-8")
    print(
        f"Đã tạo {path.relative_to(ROOT)} (bản nháp: đổi “Status: draft” thành “Status: published” để đăng)"
    )
    print("Các chuyên mục: " + ", ".join(sections))


@task(
    help={
        "strict": "Coi cảnh báo là lỗi (như CONTENT_CHECKS_STRICT = True)",
        "json": "In danh sách lỗi và cảnh báo dạng JSON (cho CI và công cụ khác)",
    }
)
def check(c, strict=False, json=False):
    """Check all content and list every problem at once (nothing is published).

    Errors fail the check; warnings (incomplete but harmless content) are listed
    and fail it only with --strict. --json prints the list as JSON on stdout.
    """
    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        report = Path(scratch) / "bao-cao.json"
        extra = ["-e", "SEARCH_INDEX=false", f"CONTENT_REPORT={_json_value(str(report))}"]
        if strict:
            extra.append("CONTENT_CHECKS_STRICT=true")
        try:
            pelican(c, SETTINGS, str(Path(scratch) / "site"), *extra)
        finally:
            if json:
                print(report.read_text(encoding="utf-8") if report.exists() else
                      '{"errors": 0, "warnings": 0, "problems": []}')  # fmt: skip
    if not json:
        print("Nội dung hợp lệ: không có lỗi.")


@task(help={"slug": "Slug của bài viết"})
def related(c, slug):
    """Show an article's "Tin khác" with each entry's score and what it shares."""
    with tempfile.TemporaryDirectory(prefix="portal-related-") as scratch:
        pelican(
            c,
            SETTINGS,
            str(Path(scratch) / "site"),
            "-e",
            f"RELATED_NEWS_EXPLAIN={json.dumps(slug)}",
            "SEARCH_INDEX=false",
        )


@task(
    help={
        "sizes": "Số bài, cách nhau bằng dấu phẩy (mặc định 5000,20000)",
        "repeats": "Số lần dựng ấm",
        "related": "Chỉ đo phần xếp hạng Tin khác, với các cỡ này (ví dụ 5000,20000,50000)",
        "related_quality": "Đo độ đúng của Tin khác (P@3, R@5) trên kho bài có sẵn đáp án",
        "incremental": "Chỉ đo dựng tăng dần (sửa một bài, không đổi gì) so với Pelican thuần dựng toàn bộ",
    }
)
def bench(c, sizes="5000,20000", repeats=3, related="", related_quality=False, incremental=False):
    """Benchmark: the realistic archive (bench/archive.py, photos included), plugin vs plain Pelican."""
    sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
    from bench import portal as benchmark

    if related_quality:
        from bench import related_quality

        related_quality.run()
        return
    if related:
        benchmark.related_scaling([int(n) for n in related.split(",")])
        return
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as scratch:
        benchmark.run([int(n) for n in sizes.split(",")], int(repeats), Path(scratch), incremental)


@task
def test(c):
    """Run the whole test suite."""
    c.run(shlex.join([sys.executable, "-m", "pytest"]), pty=False)


@task
def lint(c):
    """Check code style with ruff."""
    c.run(shlex.join([sys.executable, "-m", "ruff", "check", "."]), pty=False)
    c.run(shlex.join([sys.executable, "-m", "ruff", "format", "--check", "."]), pty=False)


def _json_value(text: str) -> str:
    """A value as Pelican's `-e NAME=VALUE` reads it (JSON)."""
    return json.dumps(text)


def _tolerant_build(c, build=None):
    """A cached preview build that reports a failure and keeps the last good site.

    Each build's outcome goes to PREVIEW_STATUS_URL in the output, where the preview
    pages and the web editor show it: a failed build is never a silently stale page.
    `build(settings, output, *extra)` runs it (default: `pelican`)."""
    status_file = _preview_status_file()
    build = build or (lambda *arguments: pelican(c, *arguments))

    def build_or_report():
        _write_status(status_file, "building")
        with tempfile.TemporaryDirectory(prefix="portal-preview-") as scratch:
            report = Path(scratch) / "bao-cao.json"
            extra = ["-e", f"CONTENT_REPORT={_json_value(str(report))}"]
            try:
                build(SETTINGS, OUTPUT, *extra)
            except BuildFailed as failure:
                # The editor fixes the file and saves again.
                print(failure.message, file=sys.stderr)
                _write_status(status_file, "failed", _build_problems(report, failure.log))
            else:
                _write_status(status_file, "ok", _build_problems(report, ""))

    return build_or_report


def _preview_status_file() -> Path | None:
    try:
        url = _setting(SETTINGS, "PREVIEW_STATUS_URL")
    except Exit:
        return None  # the build itself will name the mistake in the settings
    return ROOT / OUTPUT / url if url else None


def _build_problems(report: Path, log: str) -> list[str]:
    """The build's messages for an editor: the content report's, else Pelican's last lines."""
    if report.exists():
        rows = json.loads(report.read_text(encoding="utf-8"))["problems"]
        found = [
            f"{'Cảnh báo: ' if row['level'] == 'warning' else ''}{row['source']}: trường {row['field']}"
            + (f" = “{row['value']}”" if row["value"] else "")
            + f": {row['expected']}"
            for row in rows
        ]
        if found or not log:
            return found
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return lines[-8:] or ["Dựng trang thất bại; xem cửa sổ lệnh để biết lỗi."]


def _write_status(path: Path | None, state: str, problems: list[str] = ()) -> None:
    if path is None:
        return
    finished = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M:%S %d/%m/%Y")
    status = {"state": state, "finished": finished, "problems": list(problems)}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def _settings(path: str) -> dict:
    from pelican.settings import read_settings

    try:
        return read_settings(str(ROOT / path))
    except Exception as error:  # noqa: BLE001 - any mistake in a settings file ends here
        raise Exit(f"Không đọc được {path}: {error}", 2) from None


def _setting(path: str, name: str) -> str:
    return _settings(path).get(name) or ""


def _production_build(c, operator) -> tuple[Path, dict]:
    """Build into the production folder; precompress; refuse anything but a complete production build."""
    settings = _settings(PUBLISH_SETTINGS)
    folder = ROOT / settings.get("PUBLISH_OUTPUT", "output-production")
    pelican(c, PUBLISH_SETTINGS, str(folder))
    operator.finish_build(folder, settings.get("SITEURL", ""), ROOT / ".cache" / "precompress")
    return folder, settings


@contextmanager
def _publishing():
    """The publishing package (plugins/publishing), its errors turned into a message and exit code."""
    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))
    from publishing import PublishError, operator

    try:
        yield operator
    except PublishError as error:
        raise Exit(str(error), error.code) from None


def _production_lock(operator):
    return operator.production_lock(ROOT / ".production.lock")


def _target(operator, given: str):
    """The checked target from --target, the environment or publishconf.py."""
    setting = _setting(PUBLISH_SETTINGS, "DEPLOY_TARGET") if not (given or os.environ.get(DEPLOY_ENV)) else ""
    return operator.choose_target(given, os.environ.get(DEPLOY_ENV, ""), setting, variable=DEPLOY_ENV)
