"""benchmarks.cold_work: a cold assembly's CPU time split by the kind of work, every
conversion and citation entry counted once."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from test_cli import fixture_project

from benchmarks import cold_work
from benchmarks.cputime import Clock
from sitegen import dataset
from sitegen.charts.specs import definitions

if TYPE_CHECKING:
    from pathlib import Path


def test_each_kind_of_work_is_counted_as_the_build_does_it(tmp_path: Path,
                                                          fresh_memo: None) -> None:
    project = fixture_project(tmp_path)
    affinity = os.sched_getaffinity(0)
    result = cold_work.measure(project / "data", project / "mkdocs.yml")
    assert os.sched_getaffinity(0) == affinity  # pinned to one CPU only while it measured
    assert not (project / ".cache").exists()  # the chart cache was a temporary, empty one
    charts = len(definitions(dataset.load(project / "data")))
    calls = {name: part["calls"] for name, part in result["parts"].items()}
    assert charts > 5
    # Each chart: three specs; two drawn as SVGs straight from Vega-Lite, the live one
    # compiled to Vega; a PNG of the download SVG. The first conversion of all is counted as
    # the runtime's start.
    assert calls[cold_work.SPECS] == 3 * charts
    assert calls[cold_work.RUNTIME] == 1
    assert (calls[cold_work.KINDS["vegalite_to_svg"]]
            + calls[cold_work.KINDS["vegalite_to_vega"]]) == 3 * charts - 1
    assert calls[cold_work.KINDS["vegalite_to_vega"]] in (charts - 1, charts)
    assert cold_work.KINDS["vega_to_svg"] not in calls  # never Vega compiled, then drawn
    assert calls[cold_work.KINDS["svg_to_png"]] == charts
    assert calls[cold_work.KINDS["javascript_bundle"]] == 1
    assert calls[cold_work.CITATIONS] > 3 * 10  # every page in three styles, and more
    # Every kind took time; the imports may not have, in a test process that made them before.
    assert all(part["cpu_s"] > 0 for name, part in result["parts"].items()
               if name != cold_work.IMPORTS)
    assert result["parts"][cold_work.IMPORTS]["cpu_s"] >= 0
    # Nothing counted twice: the parts and the rest add up to the whole.
    parts = sum(part["cpu_s"] for part in result["parts"].values())
    assert result["rest_cpu_s"] >= 0
    assert abs(parts + result["rest_cpu_s"] - result["assembly_cpu_s"]) < 0.01
    table = cold_work.table(result)
    assert "SVG renders" in table and "imports and assembly in all" in table


def test_each_garbage_collection_is_counted_apart_from_the_work_it_interrupts() -> None:
    clock = Clock()
    clock.enter("work")
    with cold_work._collections_timed(clock):
        gc.collect()
        gc.collect(0)
    gc.collect()  # after the block: not counted
    clock.leave()
    assert clock.calls[cold_work.COLLECTIONS] == 2
    assert clock.cpu[cold_work.COLLECTIONS] > 0
    assert not any(getattr(callback, "__qualname__", "").startswith("_collections_timed")
                   for callback in gc.callbacks)
