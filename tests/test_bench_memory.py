"""The benchmark's peak memory counts a build's whole process tree at once: two
children running side by side (as Pagefind's shards do) add up, which the
largest child's rusage alone would not show."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench import memory

# Touches `mb` MB (one byte per page, so the pages are really there), then waits.
HOLD = "import sys, time; b = bytearray({mb} << 20); b[::4096] = b'x' * len(b[::4096]); time.sleep({hold})"
CHILD = HOLD.format(mb=150, hold=1.5)
PARENT = (
    "import subprocess, sys\n"
    f"children = [subprocess.Popen([sys.executable, '-c', {CHILD!r}]) for _ in range(2)]\n"
    "[child.wait() for child in children]\n"
)
# The same two children, each started from its own thread (as Pagefind's shards are).
FROM_THREADS = (
    "import subprocess, sys, threading\n"
    f"run = lambda: subprocess.run([sys.executable, '-c', {CHILD!r}])\n"
    "threads = [threading.Thread(target=run) for _ in range(2)]\n"
    "[thread.start() for thread in threads]\n"
    "[thread.join() for thread in threads]\n"
)


@pytest.mark.parametrize("parent", [PARENT, FROM_THREADS], ids=["main thread", "threads"])
def test_two_children_at_once_count_twice(parent):
    process = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE)
    peak = memory.TreePeak(process.pid)
    process.stdout.read()
    seen = peak.stop()
    assert process.wait() == 0
    # Two 150 MB children at once, plus three interpreters; one child alone is under 200.
    assert 300 < seen < 500, seen


def test_a_process_alone_is_its_own_memory():
    process = subprocess.Popen([sys.executable, "-c", HOLD.format(mb=80, hold=1)], stdout=subprocess.PIPE)
    peak = memory.TreePeak(process.pid)
    process.stdout.read()
    seen = peak.stop()
    process.wait()
    assert 80 < seen < 130, seen
