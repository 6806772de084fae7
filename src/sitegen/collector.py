"""Python's cyclic garbage collector, run less often while `make serve` rebuilds the site.

A rebuild makes a few hundred thousand container objects (records, Markdown element trees,
Jinja contexts, Vega-Lite dicts) and frees almost all of them by reference counting; few form
cycles. With CPython's default thresholds the collector still walks the youngest objects every
700 new containers, and now and then the whole heap, which holds the last build's pages: a
tenth of a one-record rebuild (benchmarks/RESULTS.md, fix 32). With mypy's thresholds a rebuild
seldom collects at all, and between rebuilds, where the defaults apply again, the server's own
file polling sets off the collections that free what the last build left.

Only `mkdocs serve` collects less. A cold build allocates millions of objects and, measured
side by side, ran no faster with these thresholds (the garbage is only collected later, in
more memory), so `mkdocs build` keeps Python's defaults.

At exit, every command leaves what the process still holds to the operating system: the
interpreter's last collection would walk and free the whole site, page by page, only for the
process to end (about 0.4 s of a cold build's exit at real size: benchmarks/RESULTS.md, fix 37).
"""

from __future__ import annotations

import atexit
import gc
import platform

# mypy's: a collection of the youngest generation every 200,000 new containers, the older
# generations' counts scaled as CPython's defaults scale them.
THRESHOLDS = (200_000, 30, 30)

_before: list[tuple[int, int, int]] = []  # the thresholds collect_less replaced, if it has
_serving: list[bool] = []  # not empty once this process runs `mkdocs serve`


def serving(command: str) -> None:
    """Note which MkDocs command this process runs (its on_startup event)."""
    _serving[:] = [True] if command == "serve" else []


def collect_less() -> None:
    """Raise the collector's thresholds for a build of `mkdocs serve` (for another command,
    or a collector other than CPython's, nothing changes)."""
    if not _serving or platform.python_implementation() != "CPython":
        return
    if not _before:
        _before.append(gc.get_threshold())
    gc.set_threshold(*THRESHOLDS)


def collect_as_before() -> None:
    """Put back the thresholds that were in force before collect_less, if it changed them."""
    if _before:
        gc.set_threshold(*_before.pop())


def exit_without_collecting() -> None:
    """At this process's exit, freeze every object so that the interpreter's last collection
    skips them (once per process, however often asked).

    Exit handlers still run, and standard output and files closed or held outside a cycle are
    flushed. What is reachable only from a cycle is not freed: its `__del__` and weakref
    callbacks do not run (Python does not promise they will at exit) and an unclosed file's
    buffer is lost, so sitegen closes what it writes. Registered as an exit handler, not done
    at once: a process that goes on (a test runner, a server between builds) keeps collecting
    as before. (sitegen.workers' processes freeze as they end, since the build waits for them.)
    """
    atexit.unregister(gc.freeze)  # atexit keeps one entry per call: asked again, one is kept
    atexit.register(gc.freeze)
