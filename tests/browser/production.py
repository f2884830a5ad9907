"""The sample portal as production serves it: `publishconf.py` build, the .gz
copies `invoke publish` adds, and Debian's nginx with deploy/nginx/ (its
headers, CSP and gzip_static), on a free port of 127.0.0.1.

For the tests that weigh what a reader's browser gets (test_budgets.py,
test_lighthouse.py): the Python server of conftest.py sends no compression and
no headers, so it would measure a different site.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT, run_pelican
from nginx_helpers import free_port, nginx_conf
from publishing.precompress import precompress

from .pages import Site, unavailable

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def served_by_nginx(folder: Path) -> Iterator[Site]:
    """Build the sample site into `folder`/www/current and serve it with nginx until the block ends."""
    if not Path(NGINX).exists():
        unavailable(f"{NGINX} is not installed (apt-get install nginx)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = folder / "www" / "current"  # nginx_conf serves ROOT/current, as a release target does
    build = run_pelican(ROOT / "content", output, "publishconf.py", "-e", f"SITEURL={json.dumps(base)}")
    assert build.returncode == 0, build.log
    precompress(output)
    prefix = folder / "nginx"
    prefix.mkdir()
    (prefix / "nginx.conf").write_text(nginx_conf(prefix, folder / "www", port))
    command = [
        NGINX,
        "-p",
        str(prefix),
        "-c",
        str(prefix / "nginx.conf"),
        "-g",
        f"daemon off; pid {prefix}/nginx.pid;",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            if _answers(port):
                break
            if server.poll() is not None:
                raise AssertionError("nginx did not start: " + server.stderr.read().decode())
            time.sleep(0.05)
        else:
            raise AssertionError(f"nginx did not answer on {base} within 5 s")
        yield Site(base, output)
    finally:
        server.terminate()
        server.wait(timeout=10)
