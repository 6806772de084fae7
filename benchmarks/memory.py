"""Peak memory of a build: the proportional set size (PSS) of a process and its descendants.

A build forks copies of itself and starts worker processes, so no single process's peak says
what the machine needs. PSS splits each page shared between processes (a fork's copy-on-write
memory) among them, so the sum over the tree counts every page once. Linux only (/proc); sampled
in a thread, so a peak shorter than the interval can be missed.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import TracebackType

PSS = re.compile(r"^Pss:\s+(\d+) kB", re.MULTILINE)
PROC = Path("/proc")


def tree_pss_kb(root: int) -> int:
    """PSS in kB of a process and all its descendants now (0 if it is gone)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            found = PSS.search((PROC / str(pid) / "smaps_rollup").read_text())
            total += int(found[1]) if found else 0
            for task in (PROC / str(pid) / "task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:  # it ended while we looked
            continue
    return total


def available() -> bool:
    """Whether this system lets us measure (Linux's /proc with smaps_rollup)."""
    return (PROC / "self" / "smaps_rollup").is_file()


class Peak:
    """Samples a process tree's PSS until the block ends; `mb` is the highest sample."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def mb(self) -> float:
        """The peak in MB (10^6 bytes); 0 where memory cannot be measured."""
        return self.kb * 1024 / 1e6

    def __enter__(self) -> Peak:
        if available():
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        while True:
            self.kb = max(self.kb, tree_pss_kb(self.pid))
            if self._stop.wait(self.interval):
                return
