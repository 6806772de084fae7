"""The chart renders and the Vega bundle are cached on disk, keyed by their inputs: an unchanged
chart costs nothing on the next build, and a changed one is rendered afresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import vl_convert

from sitegen.charts import outputs, render
from sitegen.charts.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

    from sitegen.dataset import Dataset

CONVERSIONS = ("vegalite_to_vega", "vega_to_svg", "svg_to_png", "javascript_bundle")
TINY = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"a": 1}, {"a": 2}]}, "mark": "point",
        "encoding": {"x": {"field": "a", "type": "quantitative"}}}


def forbid_conversions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every vl-convert conversion fail, so only the cache can answer."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("vl-convert was called although the cache holds the answer")

    for name in CONVERSIONS:
        monkeypatch.setattr(vl_convert, name, refuse)


def snapshot(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_second_build_reuses_every_render(data: Dataset, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "charts"
    first = outputs.render_all(data, cache_dir=cache)
    assert first.renderer.misses > 0
    files = snapshot(cache)
    # Every conversion of the build left one file, and nothing half-written stayed behind.
    assert set(files) == {p.name for p in first.renderer.used}
    assert not [name for name in files if name.startswith(".tmp-")]

    forbid_conversions(monkeypatch)
    second = outputs.render_all(data, cache_dir=cache)
    assert second.renderer.misses == 0
    assert second.renderer.hits == first.renderer.hits + first.renderer.misses
    assert snapshot(cache) == files, "the cache was rewritten"
    assert outputs.files(data, second) == outputs.files(data, first)


def test_the_key_covers_the_input_the_options_and_the_converter(tmp_path: Path) -> None:
    renderer = Renderer(tmp_path)
    vega = renderer.vega(TINY)
    svg = renderer.svg(vega)
    assert svg.startswith("<svg") and renderer.misses == 2
    assert renderer.svg(vega) == svg and renderer.hits == 1
    changed = {**TINY, "mark": "tick"}
    assert renderer.key("vl-to-vega", changed, {}) != renderer.key("vl-to-vega", TINY, {})
    assert renderer.key("svg-to-png", svg, {"scale": 2}) != renderer.key(
        "svg-to-png", svg, {"scale": 1})
    renderer.vega(changed)
    assert renderer.misses == 3, "a changed spec is rendered afresh"
    assert len(list(tmp_path.iterdir())) == 3


def test_the_key_changes_with_the_vl_convert_version(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = Renderer(tmp_path)
    before = renderer.key("vl-to-vega", TINY, {})
    monkeypatch.setattr(render, "VL_CONVERT", "0.0.0-test")
    assert renderer.key("vl-to-vega", TINY, {}) != before


def test_cached_answers_equal_fresh_ones(tmp_path: Path) -> None:
    fresh = Renderer(tmp_path)
    png = fresh.png(fresh.svg(fresh.vega(TINY)))
    cached = Renderer(tmp_path)
    assert cached.png(cached.svg(cached.vega(TINY))) == png
    assert cached.misses == 0 and png.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_png_is_the_download_svg_drawn_as_vega_would_draw_it(tmp_path: Path) -> None:
    # The PNG is rasterised from the SVG already rendered, instead of running Vega again:
    # vega_to_png draws that same SVG, so readers get the same bytes.
    renderer = Renderer(tmp_path)
    vega = renderer.vega(TINY)
    assert renderer.png(renderer.svg(vega)) == vl_convert.vega_to_png(vega, scale=2)
