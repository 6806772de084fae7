"""What the work a cold build adds to MkDocs costs in CPU, each kind measured apart.

The cold-build targets are judged against these figures (benchmarks/RESULTS.md, "What is still
missed"). One `sitegen` assembly of every generated file, exactly as a cold build makes it
(`sitegen.site.assemble`, as `python -m sitegen generate` runs it), in this process, pinned to
one CPU so that no worker process takes any of the work, with empty caches. Its CPU time is
split by wrapping, not reimplementing, the calls that do the work:

- each vl-convert conversion the charts make, by kind (the first call, which starts vl-convert's
  JavaScript runtime, apart);
- each Vega-Lite spec built with Altair (`sitegen.charts.specs._spec_text`, which
  `spec_texts` calls for each chart's three);
- each bibliography citeproc-py formats (`sitegen.cite_csl`), with the number of entries;
- the assembly's garbage collections (`gc.callbacks`), with Python's default thresholds, as
  a cold build runs them;
- the rest: the pages, the citation files and blocks, the data package.

Loading the data, and importing what the assembly imports, are timed before it. CPU seconds
(time.process_time, every thread of this process) vary less than wall time on a busy machine.

Usage: python -m benchmarks.cold_work [--data DIR] [--config MKDOCS_YML] [--json OUT]
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import command
from benchmarks.cputime import Clock

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# vl-convert's functions, as sitegen.charts.render names its operations.
KINDS = {"vegalite_to_vega": "Vega-Lite compiles", "vega_to_svg": "SVG renders",
         "vegalite_to_svg": "SVG renders (compiled from Vega-Lite in the same call)",
         "svg_to_png": "PNGs (from the SVG)", "javascript_bundle": "the Vega bundle"}
RUNTIME = "vl-convert's first call (its JavaScript runtime starting)"
CITATIONS = "citation entries (citeproc-py)"
SPECS = "Vega-Lite specs built with Altair"
IMPORTS = "importing Altair, vl-convert, citeproc-py and the rest"
COLLECTIONS = "garbage collections"


@contextmanager
def _patched(target: Any, name: str, replacement: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, replacement)
    try:
        yield
    finally:
        setattr(target, name, original)


@contextmanager
def _collections_timed(clock: Clock) -> Iterator[None]:
    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            clock.enter(COLLECTIONS)
        else:
            clock.leave()

    gc.callbacks.append(timed)
    try:
        yield
    finally:
        gc.callbacks.remove(timed)


def measure(data_dir: Path, config: Path) -> dict[str, Any]:
    """CPU seconds (and calls) of each kind of work in one cold assembly of the site. Meant
    for a fresh process: one that has already imported the modules counts no time for that,
    and one that has formatted citations finds them in the memo it keeps in memory."""
    before = time.process_time()
    # What a cold build imports before it makes anything (sitegen.site imports these late).
    from sitegen import cite_csl, dataset, memo, site, vlconvert
    from sitegen.charts import outputs, render, specs  # noqa: F401  (its import is counted)
    from sitegen.charts.specs import site_from_config
    from sitegen.cite_config import read_mkdocs_yaml
    importing = time.process_time() - before

    clock = Clock()

    def vl_kind(name: str) -> Callable[..., str]:
        def kind(*args: Any) -> str:  # the first conversion of all starts the runtime
            return KINDS[name] if RUNTIME in clock.calls else RUNTIME
        return kind

    class TimedVlConvert:
        """vl-convert (as the build sets it up) with its conversion functions timed."""

        def __getattr__(self, attribute: str) -> Any:
            function = getattr(vlconvert, attribute)
            return clock.timed(vl_kind(attribute), function) if attribute in KINDS else function

    with tempfile.TemporaryDirectory(prefix="cold-work-") as temp:
        data_copy = Path(temp) / "data"  # the chart cache sits beside the data: empty here
        shutil.copytree(data_dir, data_copy)
        before = time.process_time()
        data = dataset.load(data_copy)
        loading = time.process_time() - before
        info = read_mkdocs_yaml(config)
        written = site.read_written(config.parent / info.docs_dir)
        memo.configure(None)
        formatting = clock.timed(CITATIONS, cite_csl._as_memo,
                                 lambda request: len(request.records))
        affinity = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(affinity)})  # one CPU: no worker processes
        try:
            with _patched(render, "vlc", TimedVlConvert()), \
                    _patched(cite_csl, "_as_memo", formatting), \
                    _patched(specs, "_spec_text", clock.timed(SPECS, specs._spec_text)), \
                    _collections_timed(clock):
                before = time.process_time()
                assembled = site.assemble(data, info, site_from_config(config), written)
                total = time.process_time() - before
        finally:
            os.sched_setaffinity(0, affinity)
    parts = {name: {"cpu_s": round(seconds, 3), "calls": clock.calls[name]}
             for name, seconds in clock.cpu.items()}
    rest = total - sum(clock.cpu.values())
    parts[IMPORTS] = {"cpu_s": round(importing, 3), "calls": 1}
    return {"loading_cpu_s": round(loading, 3), "assembly_cpu_s": round(total + importing, 3),
            "parts": parts, "rest_cpu_s": round(rest, 3), "files": len(assembled.files)}


def table(result: dict[str, Any]) -> str:
    """The figures as text, largest part first."""
    lines = [f"{'work (one process, one CPU, no caches)':<62}{'CPU s':>8}{'calls':>8}",
             f"{'loading and validating the data':<62}{result['loading_cpu_s']:>8.2f}"]
    for name, part in sorted(result["parts"].items(), key=lambda item: -item[1]["cpu_s"]):
        lines.append(f"{name:<62}{part['cpu_s']:>8.2f}{part['calls']:>8}")
    lines.append(f"{'the rest (pages, citation files and blocks, data package)':<62}"
                 f"{result['rest_cpu_s']:>8.2f}")
    lines.append(f"{'imports and assembly in all':<62}{result['assembly_cpu_s']:>8.2f}")
    return "\n".join(lines)


def main() -> int:
    """Measure, print the table, write the JSON."""
    return command.main("cold_work", __doc__, lambda args: measure(args.data, args.config),
                        table, config=True)


if __name__ == "__main__":
    raise SystemExit(main())
