"""A cold build's citations formatted ahead, on every CPU, so the pages find them in the memo.

The CSL processor takes 1.5-2 ms per entry, and a build asks for one per style of every page,
event, number and source: 685 entries for the real site, some 52,000 at 100x the data. The memo
(sitegen.memo) keeps them between builds, but a cold build formatted every one of them in the
main process. Here the build hands over what it will ask (cite_csl.Request, as the code that
asks for them makes them), as soon as it knows, and goes on: the entries the memo lacks are
formatted in worker processes (sitegen.workers) while the build renders charts and pages, and
by this process too when it has to wait for them. The answers go into the memo, where the
code that asks for them finds them, exactly as if it had formatted them itself.

No process starts for fewer than MIN_FOR_WORKERS entries (a warm build has none at all): one
takes about 0.1 s to start, import citeproc-py and format its first entry, the time this
process takes for some 50 entries.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitegen import cite_csl, memo, workers
from sitegen.cite_csl import MEMO

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future
    from types import TracebackType

    from sitegen.cite_csl import Request

log = logging.getLogger("mkdocs.plugins.sitegen")

# Misses waiting before worker processes start.
MIN_FOR_WORKERS = 100
# Entries sent in one message: enough to make a round trip cheap; few enough that a worker and
# this process, which take them from either end, finish at nearly the same time.
MIN_CHUNK, MAX_CHUNK = 25, 400
MAX_WORKERS = 16


@dataclass(eq=False)
class _Chunk:
    """Requests formatted together, here or in a worker; their memo keys beside them."""

    requests: list[Request]
    keys: list[str]
    future: Future[list[str]] | None = None
    done: bool = False


@dataclass(eq=False)
class Pending:
    """Requests handed over together; `wait` until their entries are in the memo."""

    prefetch: Prefetch
    chunks: list[_Chunk] = field(default_factory=list)

    def wait(self) -> None:
        """Return once every entry is in the memo, helping with those no worker has taken;
        a worker's error is raised here."""
        self.prefetch.finish(self.chunks)


class Prefetch:
    """Formats the memo's misses among what a build will ask, in worker processes (one per CPU
    but this process's) and here; use it as a context manager, which stops the workers."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = (min(MAX_WORKERS, max(0, workers.cpus() - 1))
                          if processes is None else processes)
        self._pool: workers.Workers | None = None
        self._queued: dict[str, _Chunk] = {}  # memo key -> the chunk formatting it
        self._waiting: list[_Chunk] = []  # chunks for a pool that has not started
        self.hits = self.made_here = self.made_elsewhere = 0

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def add(self, requests: Iterable[Request]) -> Pending:
        """Start formatting whatever of these requests the memo lacks; returns at once."""
        keyed = {request.key: request for request in requests}
        missing = memo.missing(MEMO, keyed)
        self.hits += len(keyed) - len(missing)
        # Asked already by an earlier add: waited for with that add's chunk.
        pending = Pending(self, list({id(c): c for k in missing
                                      if (c := self._queued.get(k)) is not None}.values()))
        new = [key for key in missing if key not in self._queued]
        size = min(MAX_CHUNK, max(MIN_CHUNK, math.ceil(len(new) / (4 * (self.processes + 1)))))
        for start in range(0, len(new), size):
            keys = new[start:start + size]
            chunk = _Chunk([keyed[key] for key in keys], keys)
            self._queued.update(dict.fromkeys(keys, chunk))
            pending.chunks.append(chunk)
            self._waiting.append(chunk)
        if self._pool is None and self.processes and (
                sum(len(c.keys) for c in self._waiting) >= MIN_FOR_WORKERS):
            self._pool = workers.Workers(self.processes, cite_csl.__name__)
        if self._pool is not None:
            for chunk in self._waiting:
                chunk.future = self._pool.submit("format_batch", chunk.requests,
                                                 {"version": cite_csl.code_version()})
            self._waiting.clear()
        return pending

    def finish(self, chunks: list[_Chunk]) -> None:
        """Have these chunks formatted and their entries put in the memo (see Pending.wait)."""
        # Workers take chunks from the front; this process takes them from the back.
        for chunk in reversed(chunks):
            if not chunk.done and (chunk.future is None or chunk.future.cancel()):
                if chunk in self._waiting:
                    self._waiting.remove(chunk)
                self._store(chunk, cite_csl.format_batch(chunk.requests,
                                                         version=cite_csl.code_version()))
                self.made_here += len(chunk.keys)
        for chunk in chunks:
            if not chunk.done:
                assert chunk.future is not None
                self._store(chunk, chunk.future.result())
                self.made_elsewhere += len(chunk.keys)

    def _store(self, chunk: _Chunk, answers: list[str]) -> None:
        for key, answer in zip(chunk.keys, answers, strict=True):
            memo.put(MEMO, key, answer)
            del self._queued[key]
        chunk.done = True

    def close(self) -> None:
        """Stop the worker processes (dropping what they have not started)."""
        pool, self._pool = self._pool, None
        started = pool.started if pool is not None else 0
        if pool is not None:
            pool.close()
        if self.made_here or self.made_elsewhere:
            log.info("citations: %d formatted (%d in %d worker processes), %d found in the memo",
                     self.made_here + self.made_elsewhere, self.made_elsewhere, started,
                     self.hits)
