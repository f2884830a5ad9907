"""Pelican's log, one line per message when it goes to a file or a pipe.

Pelican logs through rich, which lays each message out in a table as wide
as the console: 80 columns when the output is not a terminal (CI logs,
`| grep`, editors' build panes), so a long file path is cut in the middle
and can be neither copied nor matched. There, messages are written plainly,
level then message, on one line each; a terminal keeps rich's layout.
"""

from __future__ import annotations

import logging
import sys

from pelican.log import console
from rich.logging import RichHandler

PLAIN_FORMAT = "%(levelname)-8s %(message)s"


def keep_lines_whole() -> None:
    """Swap Pelican's rich log handler for a plain one when not writing to a terminal.

    Call once logging is set up (from the plugin's `register()`). Also stops
    rich wrapping Pelican's own `console.print` lines (the closing "Done: ...").
    """
    if console.is_terminal:
        return
    console.soft_wrap = True
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RichHandler) and handler.console is console:
            plain = logging.StreamHandler(sys.stdout)  # where rich wrote: the order of lines is kept
            plain.setLevel(handler.level)
            plain.setFormatter(logging.Formatter(PLAIN_FORMAT))
            for kept in handler.filters:
                plain.addFilter(kept)
            root.removeHandler(handler)
            root.addHandler(plain)
