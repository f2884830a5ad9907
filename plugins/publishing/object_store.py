"""The same build to an object store or CDN origin (S3, R2, MinIO...) with rclone.

An object store has no symlink to switch, so the order does the work: first
every file that pages refer to (CSS, JS, images, attachments, QR codes,
Pagefind's hashed index files), then the files that refer to them (pages,
feeds, the sitemap, Pagefind's entry file). A reader who gets a new page finds
its files already there. `--checksum` sends only files whose content changed;
nothing is deleted (an old cached page may still ask for an old file).
"""

from __future__ import annotations

# Uploaded last: what readers, feed readers and search open first.
REFERRING = ("*.html", "*.xml", "*.txt", "/pagefind/shards.json", "/pagefind/*/pagefind-entry.json")
# nginx negotiates the .gz copies; an object store would serve them as files.
NEVER = ("*.gz",)
OPTIONS = ("--checksum", "--stats-one-line", "--stats=0", "-v")


def rclone_commands(source: str, remote: str, dry_run: bool = False) -> list[list[str]]:
    """Two `rclone copy` runs: the referenced files, then the referring ones."""
    base = ["rclone", "copy", *OPTIONS, *(["--dry-run"] if dry_run else [])]
    # --filter rules apply in order, first match wins (mixing --include and --exclude does not).
    never = [f"--filter=- {pattern}" for pattern in NEVER]
    referenced = [*base, *never, *(f"--filter=- {p}" for p in REFERRING), "--", source, remote]
    referring = [*base, *never, *(f"--filter=+ {p}" for p in REFERRING), "--filter=- *", "--", source, remote]
    return [referenced, referring]
