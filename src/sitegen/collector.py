"""Python's cyclic garbage collector, run less often while a build runs.

A build makes millions of container objects (records, Markdown element trees, Jinja contexts,
Vega-Lite dicts) and drops almost all of them by reference counting; few form cycles. With
CPython's default thresholds the collector still walks the youngest objects every 700 new
containers and the whole heap now and then, which grows with the data: a tenth of a
one-record rebuild, and more at 100 times the data (benchmarks/RESULTS.md, fix 32). mypy
raises the youngest threshold the same way, to the same value, for the same reason.

`collect_less` and `collect_as_before` bracket one build (hooks/collector.py, `python -m
sitegen generate`); worker processes follow the process that starts them (sitegen.workers).
Between the builds of `make serve` the defaults apply again, so the garbage a rebuild leaves
is collected while the server waits.
"""

from __future__ import annotations

import gc
import platform
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

# mypy's: a collection of the youngest generation every 200,000 new containers, the older
# generations' counts as CPython's defaults scale them.
THRESHOLDS = (200_000, 30, 30)

_before: list[tuple[int, int, int]] = []  # the thresholds collect_less replaced, if it has


def collect_less() -> None:
    """Raise the collector's thresholds for a build (again and again, the first call counts)."""
    if platform.python_implementation() != "CPython":  # other collectors differ
        return
    if not _before:
        _before.append(gc.get_threshold())
    gc.set_threshold(*THRESHOLDS)


def collect_as_before() -> None:
    """Put back the thresholds that were in force before collect_less, if it changed them."""
    if _before:
        gc.set_threshold(*_before.pop())


@contextmanager
def less_often() -> Iterator[None]:
    """Collect less often within the block (and as often as before after it, unless an outer
    collect_less is still in force)."""
    outermost = not _before
    collect_less()
    try:
        yield
    finally:
        if outermost:
            collect_as_before()
