"""Peak memory of a build that renders in two processes at once.

`navigator build` renders the PDF in its own process while a forked child renders the other formats
(`navigator.jobs`), so neither process's own peak is the build's footprint: both peaks can occur
together. `TreeSampler` reads the resident set of this process and of its multiprocessing children
from /proc every 20 ms, in a thread, and keeps the largest sum seen. Pages the child shares with its
parent after the fork are counted in both, so the sum overstates the true footprint a little; a
short spike between two samples could be missed, which is why `peak_bound_mib` (the sum of both
processes' own peaks, which may not coincide) is reported beside it as an upper bound.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading

PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _rss_mib(pid: int | str) -> float:
    """Resident set of one process in MiB (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_MIB
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeSampler:
    """Largest combined RSS of this process and its multiprocessing children while running."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak_mib = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        # active_children() reaps finished children as a side effect, which the build's own join tolerates
        total = _rss_mib("self") + sum(_rss_mib(p.pid) for p in multiprocessing.active_children() if p.pid)
        self.peak_mib = max(self.peak_mib, total)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def peak_bound_mib() -> float:
    """Own peak of this process plus the largest peak of a waited-for child: an upper bound."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + child) / 1024
