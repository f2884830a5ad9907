"""Build into a sibling folder and swap it in only when the build succeeded.

Pelican empties the output folder before it reads any content, so a mistake
found later would leave readers an empty site. Here the site is written to
`.<output>.dang-dung-*` next to the output folder and renamed into place at
the end; a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from pelican import Pelican

from .problems import PortalError

logger = logging.getLogger(__name__)

STAGING_MARK = ".dang-dung-"  # "being built"


def staging_prefix(output: Path) -> str:
    return f".{output.name}{STAGING_MARK}"


def remove_stale_staging(output: Path) -> None:
    """Remove folders left by builds that crashed before they could clean up."""
    for leftover in output.parent.glob(staging_prefix(output) + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def swap_in(staging: Path, output: Path, retention: list[str]) -> None:
    """Replace `output` with `staging`, keeping the `retention` entries of the old one."""
    if output.exists():
        for name in retention:
            kept = output / name
            if kept.exists() and not (staging / name).exists():
                os.replace(kept, staging / name)
        retired = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
        os.replace(output, retired / output.name)
        os.replace(staging, output)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, output)


def is_ancestor(path: Path, of: Path) -> bool:
    return of.resolve().is_relative_to(path.resolve())


class StagedPelican(Pelican):
    """Pelican that publishes a build only when all of it succeeded.

    Enable with `PELICAN_CLASS = StagedPelican` in the settings.
    """

    def run(self) -> None:
        output = Path(self.output_path)
        # Never swap a folder that holds the content (e.g. `-o .`): build in place.
        if is_ancestor(output, Path(self.path)):
            logger.warning("Thư mục đầu ra %s chứa nội dung; dựng tại chỗ, không qua thư mục tạm", output)
            super().run()
            return
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(output)
            staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
        except OSError as error:
            raise PortalError(
                f"Không tạo được thư mục dựng tạm cạnh {output} ({error.strerror}); "
                f"thư mục {output.parent} phải ghi được."
            ) from None
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is not
        self.output_path = str(staging)
        try:
            super().run()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            self.output_path = str(output)
        try:
            swap_in(staging, output, list(self.output_retention))
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PortalError(
                f"Đã dựng xong nhưng không thay được thư mục {output} ({error.strerror}). "
                f"Thư mục chứa nó ({output.parent}) phải ghi được và {output.name} không được là "
                "điểm gắn ổ đĩa; hoặc chọn thư mục đầu ra khác với -o."
            ) from None
