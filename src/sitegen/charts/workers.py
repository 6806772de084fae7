"""vl-convert conversions in worker processes, to render many charts on several CPUs.

vl-convert runs one conversion at a time per process, whatever the number of Python threads,
so more CPUs need more processes. They are plain `python -c` subprocesses that import only
vl-convert: multiprocessing would re-import the caller's main script in each worker (a script
without a `__main__` guard would run twice) and forking would copy vl-convert's threads.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any

# Reads (function name, input, options) requests and answers (ok, output or exception), both
# pickled, until its input closes. Answers go to a copy of stdout, and stdout itself to stderr,
# so nothing else printed can get into them. Ctrl-C is the parent's to handle: the worker
# stops when its input closes.
_WORKER = """
import os, pickle, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
answers = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
import vl_convert
requests = sys.stdin.buffer
while True:
    try:
        name, value, options = pickle.load(requests)
    except EOFError:
        break
    try:
        answer = pickle.dumps((True, getattr(vl_convert, name)(value, **options)))
    except Exception as exc:
        try:
            answer = pickle.dumps((False, exc))
        except Exception:
            answer = pickle.dumps((False, RuntimeError(repr(exc))))
    answers.write(answer)
    answers.flush()
"""

# Each process pays ~0.5 s to start its JavaScript runtime, so a few at most.
MAX_WORKERS = 4


def worker_count() -> int:
    """How many processes to render with: one per CPU this process may use, a few at most."""
    if not sys.executable:  # embedded Python: no interpreter to start workers with
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cpus))


class WorkerError(RuntimeError):
    """A worker process stopped without answering."""


class Workers:
    """A few vl-convert processes; each thread of a thread pool drives one of them, so
    conversions are taken in the order they are submitted, by whichever process is free."""

    def __init__(self, count: int) -> None:
        self._threads = ThreadPoolExecutor(count, thread_name_prefix="vl-convert")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._processes: list[subprocess.Popen[bytes]] = []

    def submit(self, name: str, value: Any, options: dict[str, Any]) -> Future[Any]:
        """Run vl_convert.<name>(value, **options) in the next free worker."""
        return self._threads.submit(self._run, name, value, options)

    def close(self) -> None:
        """Drop conversions not started, wait for the others, and stop the processes."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        for process in self._processes:
            self._pipes(process)[0].close()
            process.wait()

    def _run(self, name: str, value: Any, options: dict[str, Any]) -> Any:
        process: subprocess.Popen[bytes] | None = getattr(self._local, "process", None)
        if process is None:
            process = subprocess.Popen([sys.executable, "-c", _WORKER],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            with self._lock:
                self._processes.append(process)
            self._local.process = process
        requests, answers = self._pipes(process)
        try:
            pickle.dump((name, value, options), requests)
            requests.flush()
            ok, answer = pickle.load(answers)
        except (EOFError, OSError) as exc:
            raise WorkerError(f"a vl-convert worker stopped (exit code {process.poll()})") \
                from exc
        if not ok:
            raise answer
        return answer

    @staticmethod
    def _pipes(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
        assert process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout
