"""benchmarks.chart_text: every static render timed with its text and without it."""

from __future__ import annotations

import os

import vl_convert as vlc
from test_cli import FIXTURE

from benchmarks import chart_text
from sitegen import dataset
from sitegen.charts.specs import definitions

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": "Two bars",
    "data": {"values": [{"k": "a", "v": 1}, {"k": "b", "v": 2}]},
    "layer": [{"mark": "bar"},
              {"mark": {"type": "text", "dy": -5}, "encoding": {"text": {"field": "v"}}}],
    "encoding": {"x": {"field": "k", "type": "nominal"},
                 "y": {"field": "v", "type": "quantitative"},
                 "color": {"field": "k", "type": "nominal"}},
}


def test_taking_the_text_out_leaves_the_marks_and_no_text() -> None:
    vega = vlc.vegalite_to_vega(SPEC)
    svg = vlc.vega_to_svg(vega)
    bare = vlc.vega_to_svg(chart_text.without_text(vega))
    assert svg.count("<text") > 6  # title, axis titles and labels, legend, the bar labels
    assert bare.count("<text") == 0
    # The bars and both axes (lines and ticks) are still drawn; the legend and title are not.
    for kept in ('aria-roledescription="bar"', 'aria-roledescription="axis"'):
        assert bare.count(kept) == svg.count(kept) == 2
    assert 'aria-roledescription="legend"' in svg and "legend" not in bare
    assert vega == vlc.vegalite_to_vega(SPEC)  # the spec given is left as it was


def test_every_render_a_build_makes_is_timed_both_ways() -> None:
    affinity = os.sched_getaffinity(0)
    result = chart_text.measure(FIXTURE / "data")
    assert os.sched_getaffinity(0) == affinity
    charts = len(definitions(dataset.load(FIXTURE / "data")))
    assert charts > 5
    assert (result["svgs"], result["pngs"]) == (2 * charts, charts)
    assert result["texts"] > 10 * charts and result["texts_left"] == 0
    assert all(result[key] > 0 for key in ("svg_cpu_s", "svg_no_text_cpu_s", "png_cpu_s",
                                           "png_no_text_cpu_s"))
    table = chart_text.table(result)
    assert table.splitlines()[1].startswith("SVG renders") and f"{result['texts']}" in table
