"""The pages a build renders, rendered on every core when there are many.

Pelican renders and writes its pages one after another, on one core: a first build,
or any build after a change every page sees (a template, a setting, the plugin's
code), renders some 8,000 pages at 5,000 articles while the other core waits. So the
writer holds each page it is asked to render in a queue until the articles' and
pages' generators are done (`page_writer_finalized`, when Pagefind starts on what
they wrote); then a forked process renders a share of the queue while this one
renders the rest, each in the order asked. Both hold the same context (a fork copies
it), so a page's bytes do not depend on who renders it. The pages written later
(the plugin's listings, feeds and files) are rendered at once, as Pelican would:
Pagefind has the other core by then.

A worker prints nothing (the console's refresh thread runs in the parent only); what
it logs is handed back and told here after this process's share, and so are the
files it wrote (Pelican's check against writing one file twice). A worker that
fails fails the build with its error; one whose parent dies is killed with it.
Pelican's `content_written` signal is sent in the process that wrote the page.
Left on one core: fewer pages than pay for the fork, two calls that write one path
(Pelican's override rules depend on their order), a platform without fork.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pickle
import signal
import time
import traceback
from dataclasses import dataclass, field

from pelican.paginator import Paginator
from pelican.writers import Writer

from .problems import PortalError, PortalFault
from .settings import SETTINGS_KEY
from .swap import fault_point

logger = logging.getLogger(__name__)

# Below this many pages the fork and the hand-back cost more than the second core saves
# (an article page takes about 2 ms to render and write).
PARALLEL_FROM = 200
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class _Render:
    """One `write_file` call held back: Pelican's arguments, and the pages it writes."""

    targets: list[str]
    args: tuple
    kwargs: dict


@dataclass
class _Share:
    renders: list[_Render] = field(default_factory=list)
    pages: int = 0


class _Kept(logging.Handler):
    """A worker's log records, kept to be told by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        kept = {
            "name": record.name,
            "levelno": record.levelno,
            "levelname": record.levelname,
            "pathname": record.pathname,
            "lineno": record.lineno,
            "funcName": record.funcName,
            "msg": record.getMessage(),
            "args": None,
        }
        if record.exc_info:
            kept["exc_text"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.records.append(kept)


def pages_of(settings: dict, name, url, paginated, template_name, kwargs) -> list[tuple[str, dict]]:
    """(save_as, paginator values) of each page one `write_file` call writes, as Pelican's
    `Writer.write_file` pages it."""
    if paginated is None:
        paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
    templates = settings["PAGINATED_TEMPLATES"]
    if not (paginated and template_name in templates):
        return [(name, {})]
    per_page = templates[template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {key: Paginator(name, url, val, settings, per_page) for key, val in paginated.items()}
    pages = []
    for number in range(next(iter(paginators.values())).num_pages):
        values: dict = {}
        for key, paginator in paginators.items():
            page = paginator.page(number + 1)
            values[f"{key}_paginator"] = paginator
            values[f"{key}_page"] = page
            values[f"{key}_previous_page"] = paginator.page(number) if number > 0 else None
            last = number + 1 == paginator.num_pages
            values[f"{key}_next_page"] = None if last else paginator.page(number + 2)
        pages.append((page.save_as, values))
    return pages


class ParallelWriter(Writer):
    """Pelican's writer; its renders held until `render_held`, then shared with forked
    workers (RENDER_WORKERS processes in all, at most one per core)."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        config = (settings or {}).get(SETTINGS_KEY)
        self.workers = min(config["RENDER_WORKERS"] if config else 1, len(os.sched_getaffinity(0)))
        self._held: list[_Render] | None = [] if self.workers > 1 and hasattr(os, "fork") else None
        self.rendered_apart = 0  # pages another process rendered (NEWSROOM_REPORT_TIMINGS)
        self.render_seconds = 0.0

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        args = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        if self._held is None or not name:
            return Writer.write_file(self, *args, **kwargs)
        pages = pages_of(self.settings, name, url, paginated, template_name, kwargs)
        self.render(args, kwargs, [save_as for save_as, _ in pages])
        return None

    def render(self, args: tuple, kwargs: dict, targets: list[str]) -> None:
        """Pelican's `write_file(*args, **kwargs)`, which writes `targets`: held while renders
        are held (subclasses that page the call themselves come in here), else at once."""
        if self._held is None:
            Writer.write_file(self, *args, **kwargs)
        else:
            self._held.append(_Render(targets, args, kwargs))

    def render_held(self) -> None:
        """Every render held so far, on every core; from now on each one at once."""
        held, self._held = self._held, None
        if not held:
            return
        started = time.perf_counter()
        shares = self._shares(held)
        workers = [_Worker.start(self, share) for share in shares[1:]]
        try:
            fault_point("rendering")  # test hook: the build killed while its workers render
            self._render(shares[0].renders)
            for worker in workers:
                written, overridden, records, error = worker.result()
                self._written_files |= written
                self._overridden_files |= overridden
                self.rendered_apart += worker.pages
                for record in records:
                    made = logging.makeLogRecord(record)
                    logging.getLogger(made.name).handle(made)
                if isinstance(error, OSError):
                    raise error
                if error is not None:  # its traceback was the worker's: only its words come back
                    logger.debug("tiến trình dựng trang phụ:\n%s", error[1])
                    raise PortalError(error[0])
        finally:
            for worker in workers:
                worker.stop()
            self.render_seconds += time.perf_counter() - started

    def _shares(self, held: list[_Render]) -> list[_Share]:
        """Each render to the share with the fewest pages so far, in the order asked; one
        share when the pages are few or a path is written twice."""
        targets = [target for render in held for target in render.targets]
        if len(targets) < PARALLEL_FROM or len(set(targets)) < len(targets):
            return [_Share(held, len(targets))]
        shares = [_Share() for _ in range(self.workers)]
        for render in held:
            share = min(shares, key=lambda s: s.pages)
            share.renders.append(render)
            share.pages += len(render.targets)
        return [share for share in shares if share.renders]

    def _render(self, renders: list[_Render]) -> None:
        for render in renders:
            Writer.write_file(self, *render.args, **render.kwargs)


class _Worker:
    """A forked process rendering one share; its result read from a pipe."""

    def __init__(self, pid: int, pipe: int, pages: int) -> None:
        self.pid, self.pipe, self.pages = pid, pipe, pages

    @classmethod
    def start(cls, writer: ParallelWriter, share: _Share) -> _Worker:
        read, write = os.pipe()
        gc.freeze()  # the collector in the worker leaves the parent's objects (and pages) alone
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                os.close(read)
                _die_with(parent)
                fault_point("rendering-apart")  # test hook: a worker dies
                outcome = _render_here(writer, share.renders)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(write)
        return cls(pid, read, share.pages)

    def result(self) -> tuple[set, set, list[dict], OSError | tuple[str, str] | None]:
        with os.fdopen(self.pipe, "rb") as pipe:
            self.pipe = -1
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        code = os.waitstatus_to_exitcode(status)
        if not data or code != 0:
            raise RuntimeError(f"tiến trình dựng trang phụ dừng giữa chừng (mã {code})")
        return pickle.loads(data)

    def stop(self) -> None:
        """After a failure here: the worker killed, its pipe closed."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1


def _die_with(parent: int) -> None:
    """A build killed while its worker renders takes the worker with it (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _render_here(writer: ParallelWriter, renders: list[_Render]) -> tuple:
    """In a worker: its share rendered; (files written, files overridden, log records,
    the error that stopped it) for the parent."""
    kept = _Kept()
    root = logging.getLogger()
    root.handlers = [kept]  # nothing printed from here
    for name in list(logging.Logger.manager.loggerDict):
        named = logging.getLogger(name)
        if isinstance(named, logging.Logger):
            named.handlers, named.propagate = [], True
    written, overridden = set(writer._written_files), set(writer._overridden_files)
    error: OSError | tuple[str, str] | None = None
    try:
        writer._render(renders)
    except OSError as failure:  # a full disk, a denied folder: the parent tells it as ever
        error = failure
    except Exception as failure:  # noqa: BLE001 - the parent raises it, in the same words
        told = failure if isinstance(failure, PortalError) else PortalFault(failure)
        error = (str(told), "".join(traceback.format_exception(failure)))
    return writer._written_files - written, writer._overridden_files - overridden, kept.records, error
