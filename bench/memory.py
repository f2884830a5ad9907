"""Peak memory of a whole build: every process of its tree at once.

A build's own rusage cannot say this: RUSAGE_CHILDREN gives the largest single
child, while the portal runs two Pagefind shards (or two photo workers) at once
beside Pelican. So the tree is sampled instead: each process's proportional set
size (PSS: a page shared by a parent and its forked worker counted once in
all), summed over the build's process and its descendants, every 50 ms. A peak
shorter than that can be missed; the same sampler runs for each side compared.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

INTERVAL = 0.05  # seconds between samples
PROC = Path("/proc")


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc/<pid>/stat (its parent is the 4th field)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # The command name (2nd field) is in parentheses and may hold spaces.
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


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
    children = _children()
    total, waiting = 0, [root]
    while waiting:
        pid = waiting.pop()
        total += _pss_kb(pid)
        waiting.extend(children.get(pid, ()))
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
            self.peak_kb = max(self.peak_kb, tree_kb(self.pid))
            self._done.wait(INTERVAL)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024
