"""How long `mkdocs serve` takes to show a one-record change: edit, rebuild, page updated.

`mkdocs serve` (as `make serve` runs it: --dirty --no-strict, watching data/) is started on a
free port of 127.0.0.1 in a copy of the project. One event's summary in data/events.yaml is
changed; the clock runs from the write until the timeline page the server sends holds the new
text. The
server's log says when the rebuild started and ended, which separates MkDocs' file watching
from the build itself. The file is restored after each round.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchmarks.project import env

if TYPE_CHECKING:
    from pathlib import Path

MARKER = "Benchmark edit {n}"
TIMEOUT = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerLog:
    """The server's log lines, each with the time it arrived."""

    lines: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def follow(self, stream: object) -> None:
        """Read lines until the stream closes (run in a thread)."""
        for line in stream:  # type: ignore[attr-defined]
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip()))

    def wait_for(self, text: str, after: float, timeout: float = TIMEOUT) -> float:
        """The time of the first line holding `text` that arrived after `after`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                for at, line in self.lines:
                    if at >= after and text in line:
                        return at
            time.sleep(0.01)
        tail = "\n".join(line for _, line in self.lines[-30:])
        raise TimeoutError(f"the server never logged {text!r}:\n{tail}")


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _wait_page(url: str, text: str, timeout: float = TIMEOUT) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if text in _fetch(url):
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r}")


@dataclass
class Rebuild:
    """One round: seconds until the page changed, and the rebuild as the server logged it."""

    seen: float
    build: float


def _edit(events: Path, original: str, n: int) -> None:
    # The first event's summary gets a marker: a valid change to one record.
    head, sep, rest = original.partition("  summary: ")
    if not sep:
        raise ValueError(f"{events} has no summary to change")
    quote = rest[0] if rest[0] in "\"'" else ""
    events.write_text(f"{head}{sep}{quote}{MARKER.format(n=n)}. {rest[len(quote):]}",
                      encoding="utf-8")


def measure(project: Path, rounds: int = 3) -> list[Rebuild]:
    """Start the server in the project, change one record `rounds` times, time each."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
               "-a", f"127.0.0.1:{port}", "-w", "data", "-f", str(project / "mkdocs.yml")]
    server = subprocess.Popen(command, cwd=project, env=env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    log = ServerLog()
    threading.Thread(target=log.follow, args=(server.stderr,), daemon=True).start()
    events = project / "data" / "events.yaml"
    original = events.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/timeline/"
    out = []
    try:
        log.wait_for("Serving on", 0.0, timeout=600)
        _wait_page(url, "</html>")
        for n in range(1, rounds + 1):
            time.sleep(1.0)  # let the watcher settle after the last round
            start = time.perf_counter()
            _edit(events, original, n)
            seen = _wait_page(url, MARKER.format(n=n))
            began = log.wait_for("Building documentation", start)
            ended = log.wait_for("Reloading browsers", began)
            out.append(Rebuild(seen - start, ended - began))
    finally:
        events.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return out


def summary(rounds: list[Rebuild]) -> dict[str, float]:
    """Median seconds: until the page changed, and of the rebuild alone."""
    return {"seen_s": statistics.median(r.seen for r in rounds),
            "rebuild_s": statistics.median(r.build for r in rounds)}
