"""Templates compiled once, not on every build: Jinja's bytecode cache in CACHE_PATH.

Each of Pelican's generators builds its own Jinja environment, and each compiles
every template it renders again: about 0.6 s of every build (Jinja's lexer,
parser and code generator, then Python's `compile`). The cache keys a
template's code by its name and the checksum of its source, and Jinja checks its
own and Python's version on loading; so an edited template, another Jinja or
another Python compiles again, and a damaged file only costs the compiling.
Jinja's key leaves out the options the code was compiled with (JINJA_ENVIRONMENT:
trim_blocks, autoescape, extensions...): each set of them has its own folder.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from .cache_repair import ensure_directory

logger = logging.getLogger(__name__)

FOLDER = "jinja"  # in CACHE_PATH
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class TemplateCache(FileSystemBytecodeCache):
    """A bytecode cache that never stops a build: a file it cannot write is compiled
    again next time."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            logger.debug("mẫu đã dịch không lưu được vào %s: %s", self.directory, error)


def options_digest(environment: dict) -> str:
    """What Jinja compiled with, besides the template: its version and the options."""
    options = sorted((name, ADDRESS.sub("", repr(value))) for name, value in environment.items())
    return hashlib.sha256(repr((jinja2.__version__, options)).encode()).hexdigest()[:16]


def use_template_cache(settings: dict) -> None:
    """Give Pelican's Jinja environments the cache, in CACHE_PATH/jinja/<options>/ (made here)."""
    environment = settings.get("JINJA_ENVIRONMENT") or {}
    if "bytecode_cache" in environment:
        return
    root = Path(settings.get("CACHE_PATH") or "cache")
    folder = root / FOLDER / options_digest(environment)
    try:
        ensure_directory(folder, root)
    except OSError:
        return  # an unwritable cache: templates are compiled as before
    settings["JINJA_ENVIRONMENT"] = {**environment, "bytecode_cache": TemplateCache(str(folder))}
