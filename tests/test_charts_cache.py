"""The chart renders and the Vega bundle are cached on disk, keyed by their inputs: an unchanged
chart costs nothing on the next build, and a changed one is rendered afresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import vl_convert

from sitegen.charts import markup, outputs, render, specs
from sitegen.charts.render import Renderer
from sitegen.workers import Workers

if TYPE_CHECKING:
    from pathlib import Path

    from sitegen.dataset import Dataset

CONVERSIONS = ("vegalite_to_vega", "vegalite_to_svg", "vega_to_svg", "svg_to_png",
               "javascript_bundle")
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


def test_svgs_drawn_straight_from_vega_lite_equal_the_two_step_renders(
        data: Dataset, tmp_path: Path) -> None:
    # The build draws the static and download views in one call ("vl-to-svg"); compiling to
    # Vega first and drawing that gives readers the same bytes, for every chart.
    built = outputs.render_all(data, cache_dir=tmp_path / "built")
    assert len(built.charts) > 5
    renderer = Renderer(tmp_path / "two-steps")
    site = specs.default_site(data)
    for rendered in built.charts:
        labels = markup.source_labels(data, rendered.chart)
        download = specs.vega_lite(rendered.chart, "download", site, labels)
        static = specs.vega_lite(rendered.chart, "static")
        assert rendered.svg_download == renderer.svg(renderer.vega(download))
        assert rendered.svg_static == renderer.svg(renderer.vega(static))


def tiny(i: int) -> dict[str, Any]:
    return {**TINY, "data": {"values": [{"a": i}, {"a": i + 1}]}}


def test_worker_processes_give_what_this_process_gives(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    specs = [tiny(i) for i in range(render.POOL_AFTER)]
    here = Renderer(tmp_path / "here")
    expected = [here.png(here.svg(here.vega(spec))) for spec in specs]
    renderer = Renderer(tmp_path / "workers")
    forbid_conversions(monkeypatch)  # in this process: only the workers can answer
    with renderer.parallel(2):
        compiled = [renderer.submit("vl-to-vega", spec) for spec in specs]
        svgs = [renderer.submit("vega-to-svg", vega.result()) for vega in compiled]
        pngs = [renderer.submit("svg-to-png", svg.result(), scale=2) for svg in svgs]
        assert [png.result() for png in pngs] == expected
    assert renderer.misses == 3 * len(specs)
    assert sorted(p.name for p in (tmp_path / "workers").iterdir()) == sorted(
        p.name for p in (tmp_path / "here").iterdir())


def test_a_few_misses_are_made_here_without_starting_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(count: int, module: str) -> Workers:
        raise AssertionError("worker processes started for a few conversions")

    monkeypatch.setattr(render, "Workers", refuse)
    renderer = Renderer(tmp_path)
    with renderer.parallel(2):
        pending = [renderer.submit("vl-to-vega", tiny(i)) for i in range(render.POOL_AFTER - 1)]
        assert all(p.result()["$schema"].startswith("https://vega") for p in pending)


def test_a_conversion_asked_twice_is_made_once(tmp_path: Path) -> None:
    renderer = Renderer(tmp_path)
    first, second = renderer.submit("vl-to-vega", TINY), renderer.submit("vl-to-vega", TINY)
    assert second is first and (renderer.misses, renderer.hits) == (1, 1)
    assert first.result() == second.result() and len(list(tmp_path.iterdir())) == 1


def test_a_workers_error_is_raised_here() -> None:
    workers = Workers(1, "vl_convert")
    try:
        with pytest.raises(ValueError, match="Vega to SVG conversion failed"):
            workers.submit("vega_to_svg", {"marks": "not marks"}, {}).result()
        # and the worker goes on with the next conversion
        assert workers.submit("vega_to_svg", vl_convert.vegalite_to_vega(TINY), {}).result(
            ).startswith("<svg")
    finally:
        workers.close()
