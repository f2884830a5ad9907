"""The live preview's process: watch, show a quick render, build, reload.

An edit saved to an article's Markdown file is shown first as the held build's
quick render of its page (served from memory, output/ untouched), then the
build runs and every open page reloads once it is done. Only a build changes
output/; a quick render is dropped once a build that started after it ends.
Edits to the theme, plugins or settings skip the quick render: only a build can
show them.

The watching is ours (watchfiles), not python-livereload's: its watcher drops a
change saved within 3 s of the last reload (and it reloads once at start), so an
editor's quick second save would never reach the page.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .worker import FD_VARIABLE, REBUILD_VARIABLE

QUICK_TIMEOUT = 30  # seconds for a held build to answer: past it, it is given up


class Worker:
    """One preview build in a process of its own, which stays once it has succeeded."""

    def __init__(self, command: list[str], env: dict[str, str], rebuild: bool = False) -> None:
        ours, theirs = socket.socketpair()
        env = {**env, FD_VARIABLE: str(theirs.fileno())}
        if rebuild:
            env[REBUILD_VARIABLE] = "1"
        self.process = subprocess.Popen(
            command,
            env=env,
            pass_fds=[theirs.fileno()],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        theirs.close()
        self._socket = ours
        self._stream = ours.makefile("rw", encoding="utf-8", newline="\n")
        self._log: list[str] = []
        self._printer = threading.Thread(target=self._print, daemon=True)
        self._printer.start()

    def _print(self) -> None:
        for line in self.process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            self._log.append(line)

    def built(self) -> tuple[int, str, bool]:
        """Wait for the build: (exit code, what it printed, whether it holds its pages)."""
        line = self._stream.readline()
        if line:
            return 0, "", json.loads(line)["holds"]
        code = self.process.wait()
        self._printer.join()
        self.close()
        return code or 1, "".join(self._log), False

    def render(self, sources: list[Path]) -> tuple[dict[str, str], dict[str, str]]:
        """({save_as: html} of the pages it could draw, {source: why not} of the others)."""
        self._socket.settimeout(QUICK_TIMEOUT)
        self._stream.write(json.dumps({"sources": [str(s) for s in sources]}) + "\n")
        self._stream.flush()
        line = self._stream.readline()
        if not line:
            raise OSError("the held build has ended")
        answer = json.loads(line)
        return answer["pages"], answer["refused"]

    def close(self) -> None:
        for closing in (self._stream.close, self._socket.close):
            with contextlib.suppress(OSError):
                closing()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class QuickPages:
    """Quick renders by save_as, each with the time it was made; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[float, bytes]] = {}

    def put(self, pages: dict[str, str], made: float) -> None:
        with self._lock:
            self._pages.update({name: (made, html.encode("utf-8")) for name, html in pages.items()})

    def get(self, save_as: str) -> bytes | None:
        with self._lock:
            found = self._pages.get(save_as)
        return found[1] if found else None

    def drop_made_before(self, moment: float) -> None:
        with self._lock:
            self._pages = {name: page for name, page in self._pages.items() if page[0] >= moment}


class LivePreview:
    def __init__(self, content: Path, watched: list[Path]) -> None:
        self.content = content
        self.watched = watched
        self.pages = QuickPages()
        self._held: Worker | None = None
        self._lock = threading.Lock()  # around the held worker: rendering, replacing
        self._wanted = threading.Event()  # a build is due
        self._rebuild_unchanged = False

    def build(self, command: list[str], env: dict[str, str]) -> tuple[int, str]:
        """One preview build in a worker, held when it succeeded with its pages:
        (exit code, what it printed when it failed)."""
        worker = Worker(command, env, rebuild=self._rebuild_unchanged)
        code, log, holds = worker.built()
        if code:
            return code, log
        if holds:
            self._rebuild_unchanged = False
            with self._lock:
                replaced, self._held = self._held, worker
            if replaced is not None:
                replaced.close()
        else:
            worker.close()  # nothing changed: the held build still shows the site
            if self._held is None:
                # The site was already up to date; build again, every page checked, to hold one.
                self._rebuild_unchanged = True
                self._wanted.set()
        return 0, ""

    def serve(self, rebuild: Callable[[], None], host: str, port: int, root: Path) -> None:
        """Serve `root` until interrupted, `rebuild` (one build, reported) after changes."""
        from livereload import Server
        from livereload.handlers import LiveReloadHandler
        from tornado.ioloop import IOLoop

        loop = IOLoop.current()  # the loop server.serve() runs, on this thread

        def reload() -> None:
            loop.add_callback(LiveReloadHandler.reload_waiters, "*")

        threading.Thread(target=self._watch, args=(reload,), name="watch", daemon=True).start()
        threading.Thread(target=self._build, args=(rebuild, reload), name="build", daemon=True).start()
        server = Server(watcher=_watcher())
        server.SFH = _handler(self.pages)
        try:
            server.serve(host=host, port=port, root=str(root), open_url_delay=None)
        finally:
            with self._lock:
                if self._held is not None:
                    self._held.close()

    def _watch(self, reload: Callable[[], None]) -> None:
        from watchfiles import watch

        for changes in watch(*(str(path) for path in self.watched)):
            paths = {Path(path) for _, path in changes}
            if all(_is_within(path, self.content) for path in paths):
                edited = sorted(path for path in paths if path.suffix == ".md" and path.is_file())
                if edited and self._quick(edited):
                    reload()
            self._wanted.set()

    def _quick(self, sources: list[Path]) -> bool:
        started = time.monotonic()
        with self._lock:
            if self._held is None:
                return False
            try:
                pages, refused = self._held.render(sources)
            except (OSError, ValueError) as error:
                print(f"Không dựng nhanh được ({error}); đợi dựng lại cả trang.", flush=True)
                self._held.close()
                self._held = None
                return False
        self.pages.put(pages, started)
        seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")
        for save_as in pages:
            print(f"Xem nhanh: {save_as} ({seconds} giây); đang dựng lại cả trang…", flush=True)
        for source, reason in refused.items():
            shown = os.path.relpath(source, self.content.parent)
            print(f"{shown}: chưa xem nhanh được ({reason}); trang tự tải lại khi dựng xong.", flush=True)
        return bool(pages)

    def _build(self, rebuild: Callable[[], None], reload: Callable[[], None]) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            started = time.monotonic()
            try:
                rebuild()
            except Exception as error:  # noqa: BLE001 - the preview keeps serving the last good site
                print(f"Dựng lại không chạy được ({type(error).__name__}: {error}).", flush=True)
            self.pages.drop_made_before(started)
            reload()


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _watcher():
    """A python-livereload watcher that sees nothing: the watching is ours. (With no
    task of its own it would watch the working directory, staging folders included.)"""
    from livereload.watcher import Watcher

    class Blind(Watcher):
        def examine(self):
            return None, None

    return Blind()


def _handler(pages: QuickPages):
    """python-livereload's file handler, serving quick renders over the files they replace."""
    from livereload.handlers import StaticFileHandler

    class QuickPageHandler(StaticFileHandler):
        quick = False

        async def get(self, path: str, include_body: bool = True) -> None:
            page = pages.get(_save_as(path))
            if page is None:
                return await super().get(path, include_body)
            self.quick = True
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page if include_body else b"")
            return None

        def compute_etag(self) -> str | None:
            return None if self.quick else super().compute_etag()

    return QuickPageHandler


def _save_as(path: str) -> str:
    """The output file a request path names (a folder's index.html)."""
    path = path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path
