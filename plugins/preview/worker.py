"""`python -m preview.worker <pelican's arguments>`: a preview build that stays.

Builds like `pelican` (a failed build exits with Pelican's code). After a build
that succeeded it says so on the socket whose descriptor is in $PORTAL_QUICK_RENDER_FD,
one JSON line `{"holds": …}` (false when the build stopped early, nothing having
changed), then answers each request line `{"sources": [paths]}` with
`{"pages": {save_as: html}, "refused": {path: reason}}` until the socket closes.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

FD_VARIABLE = "PORTAL_QUICK_RENDER_FD"
# Set for a build that must hold its generators even when nothing changed (the
# first build of a session found the site up to date): it checks every page instead.
REBUILD_VARIABLE = "PORTAL_QUICK_RENDER_REBUILD"


def main(argv: list[str]) -> None:
    import pelican
    from newsroom import incremental
    from newsroom.quick_render import HeldBuild, NotQuick

    channel = socket.socket(fileno=int(os.environ.pop(FD_VARIABLE)))
    held = HeldBuild()
    if os.environ.pop(REBUILD_VARIABLE, ""):
        incremental.IncrementalBuild.nothing_changed = lambda build: False
    pelican.main(argv)  # a failed build ends the process here, with its exit code
    sys.stdout.flush()
    with channel, channel.makefile("rw", encoding="utf-8", newline="\n") as stream:
        _send(stream, {"holds": held.articles is not None})
        for line in stream:
            pages, refused = {}, {}
            for source in json.loads(line)["sources"]:
                try:
                    save_as, page = held.render(Path(source))
                except NotQuick as reason:
                    refused[source] = str(reason)
                except Exception as error:  # noqa: BLE001 - the build that follows shows the page
                    refused[source] = f"lỗi khi dựng nhanh ({type(error).__name__}: {error})"
                else:
                    pages[save_as] = page.decode("utf-8")
            _send(stream, {"pages": pages, "refused": refused})


def _send(stream, message: dict) -> None:
    stream.write(json.dumps(message, ensure_ascii=False) + "\n")
    stream.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
