"""Pelican's log to a file or pipe: one line per message, whatever its length."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

LONG_PATH = "articles/" + "thu-muc-rat-dai-cua-ban-bien-tap/" * 5 + "bai-viet.md"

SCRIPT = f"""
import logging, sys
sys.path.insert(0, "plugins")
from pelican.log import DEFAULT_LOG_HANDLER, console, init
init(level=logging.INFO, handler=DEFAULT_LOG_HANDLER)
if sys.argv[1] == "fixed":
    from newsroom.console import keep_lines_whole
    keep_lines_whole()
logging.getLogger("pelican").error("Lỗi nội dung: %s: trường Category", "{LONG_PATH}")
console.print("Done: " + "x" * 120)
"""


def log_of(mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.splitlines()


def test_rich_alone_cuts_a_long_path_when_not_in_a_terminal():
    assert not any(LONG_PATH in line for line in log_of("pelican"))


def test_each_message_is_one_whole_line():
    lines = log_of("fixed")
    assert lines == [f"ERROR    Lỗi nội dung: {LONG_PATH}: trường Category", "Done: " + "x" * 120]
