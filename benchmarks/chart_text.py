"""What text costs in the charts' static renders: each SVG and PNG a build makes, timed as it
is and again with its text taken out.

The cold build's SVG renders and PNGs (`benchmarks.cold_work`) are its largest parts. This
splits them: every chart's two Vega specs (the download's and the page's), compiled from the
specs a build draws (a build compiles and draws in one call, to the same bytes), are rendered
to SVG by vl-convert, and the download SVG drawn to PNG at twice
its size, each timed in CPU seconds; then again from the same spec with its text removed
(axis labels and titles off; legends, chart titles and text marks out). What is left is the
marks, the axes' lines and ticks: the difference is what laying out and drawing the text costs.
One process, pinned to one CPU; vl-convert's runtime is started before the timing.

Usage: python -m benchmarks.chart_text [--data DIR] [--json OUT]
"""

from __future__ import annotations

import copy
import os
import time
from typing import TYPE_CHECKING, Any

from benchmarks import command

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def without_text(spec: Any) -> Any:
    """A copy of a Vega spec that draws no text: axes keep their lines and ticks only."""
    spec = copy.deepcopy(spec)

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("title", None)
            node.pop("legends", None)
            for axis in node.get("axes", []):
                axis["labels"] = False
                axis.pop("title", None)
            if isinstance(node.get("marks"), list):
                node["marks"] = [mark for mark in node["marks"] if mark.get("type") != "text"]
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(spec)
    return spec


def _cpu(function: Callable[..., Any], *args: Any, **options: Any) -> tuple[float, Any]:
    before = time.process_time()
    result = function(*args, **options)
    return time.process_time() - before, result


def measure(data_dir: Path) -> dict[str, Any]:
    """CPU seconds of every SVG render and PNG, with and without text, and the texts drawn."""
    from sitegen import dataset
    from sitegen import vlconvert as vlc
    from sitegen.charts import markup, specs
    from sitegen.charts.render import VL_VERSION

    data = dataset.load(data_dir)
    site = specs.default_site(data)
    vega = []
    for chart in specs.definitions(data):
        download = specs.vega_lite(chart, "download", site, markup.source_labels(data, chart))
        for variant in (download, specs.vega_lite(chart, "static")):
            vega.append((chart.id, variant is download,
                         vlc.vegalite_to_vega(variant, vl_version=VL_VERSION)))
    vlc.vega_to_svg(vega[0][2])  # start the JavaScript runtime outside the timing
    totals = {"svg_cpu_s": 0.0, "svg_no_text_cpu_s": 0.0, "png_cpu_s": 0.0,
              "png_no_text_cpu_s": 0.0, "texts": 0, "texts_left": 0}
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:
        for _, is_download, spec in vega:
            seconds, svg = _cpu(vlc.vega_to_svg, spec)
            bare_seconds, bare = _cpu(vlc.vega_to_svg, without_text(spec))
            totals["svg_cpu_s"] += seconds
            totals["svg_no_text_cpu_s"] += bare_seconds
            totals["texts"] += svg.count("<text")
            totals["texts_left"] += bare.count("<text")
            if is_download:  # the PNG is drawn from the download's SVG, as the build does
                totals["png_cpu_s"] += _cpu(vlc.svg_to_png, svg, scale=2)[0]
                totals["png_no_text_cpu_s"] += _cpu(vlc.svg_to_png, bare, scale=2)[0]
    finally:
        os.sched_setaffinity(0, affinity)
    result: dict[str, Any] = {key: round(value, 3) if isinstance(value, float) else value
                              for key, value in totals.items()}
    result["svgs"] = len(vega)
    result["pngs"] = sum(1 for _, is_download, _ in vega if is_download)
    return result


def _share(whole: float, without: float) -> str:
    return f"{(whole - without) / whole:.0%}" if whole > 0 else "-"


def table(result: dict[str, Any]) -> str:
    """The figures as text: each kind with and without text, and text's share."""
    lines = [f"{'render (one CPU)':<22}{'calls':>6}{'CPU s':>8}{'no text':>9}{'text':>7}"]
    for kind, calls in (("svg", result["svgs"]), ("png", result["pngs"])):
        whole, without = result[f"{kind}_cpu_s"], result[f"{kind}_no_text_cpu_s"]
        lines.append(f"{kind.upper() + ' renders':<22}{calls:>6}{whole:>8.2f}{without:>9.2f}"
                     f"{_share(whole, without):>7}")
    lines.append(f"text elements drawn: {result['texts']} "
                 f"(left without text: {result['texts_left']})")
    return "\n".join(lines)


def main() -> int:
    """Measure, print the table, write the JSON."""
    return command.main("chart_text", __doc__, lambda args: measure(args.data), table)


if __name__ == "__main__":
    raise SystemExit(main())
