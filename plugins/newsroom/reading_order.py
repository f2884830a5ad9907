"""Files read in name order, whatever the process's hash seed.

Pelican's `Generator.get_files` returns a set, so articles are read (and every
list built from them: translations, campaigns, documents, Pelican's "other
images have empty alt" warnings) in an order that changes with PYTHONHASHSEED,
that is with every build. Ties then fall differently from one build to the
next, and incremental page keys that hash those lists change though nothing
did. A set that iterates in sorted order keeps Pelican's own code and types.
"""

from __future__ import annotations

from pelican.generators import Generator


class SortedFiles(set):
    """A set of paths that iterates in sorted order (still a set: `|` and `in` work)."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


def read_in_name_order() -> None:
    """Make `Generator.get_files` return a `SortedFiles` (once per process)."""
    original = Generator.get_files
    if getattr(original, "sorted_files", False):
        return

    def get_files(self, *args, **kwargs):
        return SortedFiles(original(self, *args, **kwargs))

    get_files.sorted_files = True
    Generator.get_files = get_files
