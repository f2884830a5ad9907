"""Peak memory of a whole build: every process of its tree at once.

A build's own rusage cannot say this: RUSAGE_CHILDREN gives the largest single
child, while the portal runs two Pagefind shards (or two photo workers) at once
beside Pelican. So the tree is sampled instead: each process's proportional set
size (PSS: a page shared by a parent and its forked worker counted once in
all), summed over the build's process and its descendants, every 50 ms. A peak
shorter than that can be missed; the same sampler runs for each side compared.

Reading a PSS makes the kernel walk the process's page tables: 16 ms for a
500 MB build, at 20 samples a second a third of a core taken from the build it
measures (on two cores, from the portal's second one more than from plain
Pelican, which has none). So the sampler waits nine times as long as its last
sample took: it never takes more than a tenth of a core.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

INTERVAL = 0.05  # seconds between samples, at least
LOAD = 0.1  # the share of one core the sampler may take
PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    """The processes `pid`'s threads started (each thread's own list: Pagefind is started
    from a thread); none once it has ended."""
    found: list[int] = []
    try:
        threads = os.listdir(PROC / str(pid) / "task")
    except OSError:
        return found  # ended meanwhile
    for thread in threads:
        try:
            found += (int(n) for n in (PROC / str(pid) / "task" / thread / "children").read_text().split())
        except OSError:
            continue  # the thread ended meanwhile
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(PROC / str(pid) / "smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # ended meanwhile, or a kernel without smaps_rollup (then nothing is counted)
    return 0


def tree_kb(root: int) -> int:
    """The PSS of `root` and every descendant, now, in kB."""
    total, waiting = 0, [root]
    while waiting:
        pid = waiting.pop()
        total += _pss_kb(pid)
        waiting.extend(_children(pid))
    return total


class TreePeak:
    """Samples the tree under `pid` on a thread until `stop()`; `.mb` is the peak seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            started = time.perf_counter()
            self.peak_kb = max(self.peak_kb, tree_kb(self.pid))
            took = time.perf_counter() - started
            self._done.wait(max(INTERVAL, took * (1 - LOAD) / LOAD))

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024
