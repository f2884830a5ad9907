"""Build into a sibling folder and swap it in only when the build succeeded.

Pelican empties the output folder before it reads any content, so a mistake
found later would leave readers an empty site. Here the site is written to
`.<output>.dang-dung-*` next to the output folder and swapped into place at
the end (swap.py); a failed or killed build leaves the last good site exactly
as it was, and two builds into one folder take turns (`.<output>.lock`).
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import tempfile
import threading
from pathlib import Path

from pelican import Pelican

from . import body_edits, cache_repair, incremental, listings, search_index, spare
from .parallel_writing import ParallelWriter
from .problems import PortalError, PortalFault
from .swap import build_lock, fault_point, recover, remove, staging_prefix, swap_in

logger = logging.getLogger(__name__)

FULL = {errno.ENOSPC, errno.EDQUOT}
DENIED = {errno.EACCES, errno.EPERM}
READ_ONLY = {errno.EROFS}
LOW_SPACE = 64 * 1024  # bytes; less than this left after a failure means the disk filled up


def is_ancestor(path: Path, of: Path) -> bool:
    return of.resolve().is_relative_to(path.resolve())


def os_error_in(error: BaseException) -> OSError | None:
    """The disk error behind `error` (itself, or what it was raised from), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, PortalError):  # already told in words
            return None
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in FULL | DENIED | READ_ONLY:
            return current
        current = current.__cause__ or current.__context__
    return None


def disk_is_full(folder: Path) -> bool:
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < LOW_SPACE


def check_room(staging: Path) -> None:
    """Some writers do not report a full disk (Pagefind writes empty files and
    exits 0): a build that leaves no room is not trusted."""
    if disk_is_full(staging):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def disk_error(error: OSError, output: Path) -> PortalError:
    """The Vietnamese message for a disk error; the last good site is always kept."""
    where = f" {error.filename}" if error.filename else f" bản dựng mới cạnh {output}"
    kept = f"Trang đã dựng trước đó ở {output} được giữ nguyên."
    if error.errno in FULL:
        return PortalError(
            f"Ổ đĩa đã đầy: không ghi được{where}. {kept} "
            f"Giải phóng chỗ trống trên ổ chứa {output.parent} rồi dựng lại."
        )
    if error.errno in READ_ONLY:
        return PortalError(f"Ổ đĩa chỉ cho đọc: không ghi được{where}. {kept}")
    return PortalError(
        f"Không có quyền đọc hoặc ghi{where} ({error.strerror}). {kept} "
        "Cấp quyền cho người chạy lệnh dựng rồi dựng lại."
    )


def private_mode() -> int:
    """The folder mode the user's umask asks for (0755 under the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _remove_all(paths: list[Path]) -> None:
    for path in paths:
        remove(path)


class StagedPelican(Pelican):
    """Pelican that publishes a build only when all of it succeeded.

    Enable with `PELICAN_CLASS = StagedPelican` in the settings.
    """

    def run(self) -> None:
        # What the last build in this process left (a preview builds again and again) goes
        # back to the cycle collector; what this one leaves is frozen out of its sight at
        # the end: at exit, Python's last collection would free it object by object (about
        # 1 s after a build of edited bodies at 5,000 articles).
        gc.unfreeze()
        try:
            self._run()
        finally:
            gc.freeze()

    def _run(self) -> None:
        output = Path(os.path.realpath(self.output_path))  # a symlinked output: swap its target
        self.incremental: incremental.IncrementalBuild | None = None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            with build_lock(output), cache_repair.content_cache_lock(self.settings):
                reading = incremental.reading_fingerprint(self.settings)
                cache_repair.check_content_cache(self.settings, reading)
                try:
                    # Never swap a folder that holds the content (e.g. `-o .`): build in place.
                    if is_ancestor(output, Path(self.path)):
                        logger.warning(
                            "Thư mục đầu ra %s chứa nội dung; dựng tại chỗ, không qua thư mục tạm", output
                        )
                        super().run()
                    else:
                        self._staged_run(output)
                finally:
                    search_index.abandon()  # a failed build's Pagefind goes no further
                cache_repair.trust_content_cache(self.settings, reading)
        except OSError as error:
            if os_error_in(error):
                raise disk_error(error, output) from None
            raise
        except PortalError:
            raise
        except Exception as error:
            found = os_error_in(error)
            if found:
                raise disk_error(found, output) from None
            raise PortalFault(error) from error

    def _staged_run(self, output: Path) -> None:
        recover(output, list(self.output_retention))  # before anything else
        self._start_incremental(output)
        if self.incremental and self.incremental.nothing_changed():
            return
        quick = body_edits.plan(self, self.incremental) if self.incremental else None
        try:
            staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
        except OSError as error:
            if os_error_in(error):
                raise
            raise PortalError(
                f"Không tạo được thư mục dựng tạm cạnh {output} ({error.strerror}); "
                f"thư mục {output.parent} phải ghi được."
            ) from None
        os.chmod(staging, private_mode())  # mkdtemp makes it 0700; a published site is not private
        given, self.output_path = self.output_path, str(staging)
        try:
            if quick and not self._write_edited_bodies(quick, staging, output):
                quick = None  # the live site moved: the keyed build, into the emptied staging folder
            if quick is None and self.incremental:
                self.incremental.staging = staging
                with self.incremental.messages.listening():
                    super().run()
                self.incremental.adopt_unchanged()
                body_edits.save(self.incremental, body_edits.held_state())
            elif quick is None:
                super().run()
            check_room(staging)
            fault_point("before-swap")
        except BaseException as error:
            search_index.abandon()  # a Pagefind still running would write into what is removed
            full = not os_error_in(error) and disk_is_full(staging)
            remove(staging)
            if full:  # e.g. Pagefind, which reports in its own words
                raise disk_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), output) from None
            raise
        finally:
            self.output_path = given
        self._publish(staging, output, quick)

    def _write_edited_bodies(self, quick: body_edits.BodyEdits, staging: Path, output: Path) -> bool:
        """The build of edited bodies into `staging` (its state saved too); False, with
        `staging` empty again, when it found the live site changed since the last build."""
        try:
            quick.write(staging)
        except body_edits.LiveSiteMoved as reason:
            search_index.abandon()
            logger.info("Dựng theo khóa: %s", reason)
        else:
            return True
        gc.unfreeze()  # the state it loaded goes back to the collector
        remove(staging)
        staging.mkdir(mode=private_mode())
        self._start_incremental(output)  # a keyed build's own record, nothing of the other's
        return False

    def _publish(self, staging: Path, output: Path, quick: body_edits.BodyEdits | None) -> None:
        """The staged site swapped in, its manifest written while the old one is removed."""
        retiring: list[threading.Thread] = []

        def retire(old: Path) -> None:  # a leftover if the build is killed: recover removes it
            removed = spare.kept(output)  # a spare is only ever used by the build after
            if quick and self.incremental:  # only a build of edited bodies keeps the old site
                try:
                    self.incremental.spare = spare.keep(old, output, quick.differs)
                except OSError:
                    removed.append(old)
            else:
                removed.append(old)
            retiring.append(threading.Thread(target=_remove_all, args=(removed,), name="retire"))
            retiring[-1].start()

        try:
            swap_in(staging, output, list(self.output_retention), retire)
        except OSError as error:
            remove(staging)
            if os_error_in(error):
                raise
            raise PortalError(
                f"Đã dựng xong nhưng không thay được thư mục {output} ({error.strerror}). "
                f"Thư mục chứa nó ({output.parent}) phải ghi được và {output.name} không được là "
                "điểm gắn ổ đĩa; hoặc chọn thư mục đầu ra khác với -o."
            ) from None
        try:
            if self.incremental:
                self.incremental.commit()
        finally:
            for thread in retiring:
                thread.join()
        if quick:
            quick.report()

    def _start_incremental(self, output: Path) -> None:
        """Only the pages a change needs (incremental.py), unless INCREMENTAL_BUILD = False."""
        if self.settings.get("INCREMENTAL_BUILD", True):
            self.incremental = incremental.IncrementalBuild(self.settings, output)
        else:
            incremental.forget(Path(self.settings.get("CACHE_PATH") or "cache"), output)

    def _get_generator_classes(self):
        return listings.generator_classes(super()._get_generator_classes())

    def _get_writer(self):
        fault_point("writing")  # test hook: pages are about to be written
        if getattr(self, "incremental", None):
            self.writer = incremental.IncrementalWriter(
                self.output_path, settings=self.settings, build=self.incremental
            )
        else:
            self.writer = ParallelWriter(self.output_path, settings=self.settings)
        return self.writer
