"""Worker processes that run one module's functions, to use several CPUs.

The charts render in vl-convert processes (one conversion at a time per process, whatever the
number of Python threads), and a cold build's citations are formatted in processes that import
sitegen.cite_csl. They are plain `python -c` subprocesses that import only that module:
multiprocessing would re-import the caller's main script in each worker (a script without a
`__main__` guard would run twice, and MkDocs' entry script is one) and forking would copy the
caller's threads (vl-convert's, a thread pool's) in whatever state they are in.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any

# Collects garbage as often as the process that started it (its thresholds, the arguments after
# the module's name: see sitegen.collector), imports the module named by its first argument, then
# reads (function name, input, options) requests and answers (ok, output or exception), both
# pickled, until its input closes. Answers go to a copy of stdout, and stdout itself to stderr,
# so nothing else printed can get into them. Ctrl-C is the parent's to handle: the worker stops
# when its input closes, and leaves its objects to the operating system instead of collecting
# them, since the build waits for it to end (sitegen.collector.exit_without_collecting).
_WORKER = """
import gc, importlib, os, pickle, signal, sys
gc.set_threshold(*map(int, sys.argv[2:]))
signal.signal(signal.SIGINT, signal.SIG_IGN)
answers = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
module = importlib.import_module(sys.argv[1])
requests = sys.stdin.buffer
while True:
    try:
        name, value, options = pickle.load(requests)
    except EOFError:
        break
    try:
        answer = pickle.dumps((True, getattr(module, name)(value, **options)))
    except Exception as exc:
        try:
            answer = pickle.dumps((False, exc))
        except Exception:
            answer = pickle.dumps((False, RuntimeError(repr(exc))))
    answers.write(answer)
    answers.flush()
gc.freeze()
"""


def cpus() -> int:
    """How many CPUs this process may use (0 without an interpreter to start workers with)."""
    if not sys.executable:  # embedded Python: no interpreter to start workers with
        return 0
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _environment() -> dict[str, str]:
    # The worker finds its module (sitegen from a checkout, say) where this process did: this
    # process's sys.path, in its order, whatever set it (PYTHONPATH, a test runner, MkDocs).
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


class WorkerError(RuntimeError):
    """A worker process stopped without answering."""


class Workers:
    """A few processes that import `module`; each thread of a thread pool drives one of them,
    so requests are taken in the order they are submitted, by whichever process is free."""

    def __init__(self, count: int, module: str) -> None:
        self.module = module
        self._threads = ThreadPoolExecutor(count, thread_name_prefix=f"workers-{module}")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._processes: list[subprocess.Popen[bytes]] = []

    def submit(self, name: str, value: Any, options: dict[str, Any]) -> Future[Any]:
        """Run module.<name>(value, **options) in the next free worker."""
        return self._threads.submit(self._run, name, value, options)

    @property
    def started(self) -> int:
        """How many processes have been started so far."""
        return len(self._processes)

    def close(self) -> None:
        """Drop requests not started, wait for the others, and stop the processes."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        for process in self._processes:
            with contextlib.suppress(OSError):  # a worker that died leaves a broken pipe
                self._pipes(process)[0].close()
            process.wait()

    def _run(self, name: str, value: Any, options: dict[str, Any]) -> Any:
        process: subprocess.Popen[bytes] | None = getattr(self._local, "process", None)
        if process is None:
            thresholds = [str(n) for n in gc.get_threshold()]
            process = subprocess.Popen([sys.executable, "-c", _WORKER, self.module, *thresholds],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       env=_environment())
            with self._lock:
                self._processes.append(process)
            self._local.process = process
        requests, answers = self._pipes(process)
        try:
            pickle.dump((name, value, options), requests)
            requests.flush()
            ok, answer = pickle.load(answers)
        except (EOFError, OSError) as exc:
            raise WorkerError(f"a {self.module} worker stopped (exit code {process.poll()})") \
                from exc
        if not ok:
            raise answer
        return answer

    @staticmethod
    def _pipes(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
        assert process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout
