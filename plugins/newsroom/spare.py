"""The site as it was before the last build of edited bodies, kept to stage the next one.

A build of edited bodies (body_edits.py) writes a handful of files, but the site it
swaps in is whole: every other file hard-linked from the live site (about 40,000 at
5,000 articles, 1-2 s of a virtual machine's disk), and the old site removed after
the swap (as many unlinks). Yet the old site differs from the new one only in the
files that build wrote. So the build keeps it beside the output
(`.<output>.ban-truoc-<token>`, never published) and its manifest names it with
those files (`record`). The next build of edited bodies (`adopt`) puts the live
files in their place and builds on it; while Pagefind works it checks that the site
it staged holds, apart from the files it wrote, exactly what the live one holds (a
listing of both: path, size, mtime, inode; the search index and what others write
aside left out), else throws it away for the keyed build. A record it cannot trust,
and the site is linked whole as before. Every other build removes what was kept
(`kept`, from StagedPelican's swap).

The kept files are hard links to the live ones: a staged file is replaced, never
written through (body_edits.py and search_index.py unlink before they write).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .incremental import link
from .swap import remove

MARK = ".ban-truoc-"  # "the site before": a spare, not a leftover recover() puts back
SEARCH = "pagefind"  # the index's own folder: search_index.py checks its shards itself


def prefix(output: Path) -> str:
    return f".{output.name}{MARK}"


def keep(old: Path, output: Path, written: list[str]) -> dict:
    """Keep the old site `old` (just swapped out) for the next build of edited bodies; the
    record its manifest gets: its name and the files in which it differs from the live site."""
    name = f"{prefix(output)}{secrets.token_hex(8)}"
    os.rename(old, output.parent / name)
    return {"name": name, "differs": sorted(written)}


def kept(output: Path) -> list[Path]:
    """Every spare of `output` beside it."""
    try:
        return [p for p in output.parent.iterdir() if p.name.startswith(prefix(output))]
    except OSError:
        return []


def adopt(record: object, live: Path, staging: Path, skipped: set[str]) -> bool:
    """Make the empty folder `staging` the spare `record` names, with the live site's files
    in place of those it differs in and without `skipped` (written aside by others, or
    kept by OUTPUT_RETENTION); True when done, False (nothing done) when its record cannot
    be trusted. What it holds is checked after, against the live site, while Pagefind works
    (body_edits.BodyEdits.check_live): a kept site changed by hand fails the check."""
    if not (isinstance(record, dict) and isinstance(record.get("name"), str)):
        return False
    name, differs = record["name"], record.get("differs")
    if not (name.startswith(prefix(live)) and "/" not in name and isinstance(differs, list)):
        return False
    if not all(isinstance(path, str) and _relative(path) for path in differs):
        return False
    spare = live.parent / name
    if not spare.is_dir() or spare.is_symlink():
        return False
    os.rmdir(staging)
    os.rename(spare, staging)
    for path in [*differs, *skipped]:
        remove(staging / path)
        if path in differs and (live / path).is_file():
            link(live / path, staging / path)
    search = staging / SEARCH
    if search.is_dir():  # what the live index no longer holds (its shards are checked as reused)
        held = set(os.listdir(live / SEARCH)) if (live / SEARCH).is_dir() else set()
        for entry in os.listdir(search):
            if entry not in held:
                remove(search / entry)
    return True


def _relative(path: str) -> bool:
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts
