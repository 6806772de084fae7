"""Render every chart once per build: specs, static SVG and PNG, CSV, and the JS files."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import logging
import struct
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.charts import markup
from sitegen.charts.render import Renderer, vega_version, worker_count
from sitegen.charts.specs import Site, default_site, definitions, spec_texts

if TYPE_CHECKING:
    from sitegen.charts.model import Chart
    from sitegen.dataset import Dataset

log = logging.getLogger("mkdocs.plugins.sitegen")
CACHE = Path(".cache") / "charts"


@dataclass(frozen=True)
class Rendered:
    """A chart with everything made from it."""

    chart: Chart
    vega_lite: str                # the download spec (.vl.json), self-contained, as JSON text
    vega_live: dict[str, Any]     # the live view's spec (.vg.json): site theme, fits its box
    svg_static: str               # the site-theme render that sits in pages
    svg_download: str             # .svg
    png: bytes                    # .png
    csv: str                      # .csv: exactly the rows plotted

    @property
    def static_size(self) -> tuple[int, int]:
        """Width and height of the inline render."""
        return markup.svg_size(self.svg_static)

    @property
    def png_size(self) -> tuple[int, int]:
        """Width and height of the PNG, read from its header."""
        width, height = struct.unpack(">II", self.png[16:24])
        return width, height


@dataclass(frozen=True)
class ChartBuild:
    """All charts of one build and the site's chart scripts."""

    site: Site
    charts: tuple[Rendered, ...]
    bundle_name: str
    bundle: str
    loader_name: str
    loader: str
    renderer: Renderer

    def get(self, chart_id: str) -> Rendered:
        """A chart by id; KeyError naming the known ids if there is none."""
        for rendered in self.charts:
            if rendered.chart.id == chart_id:
                return rendered
        known = ", ".join(r.chart.id for r in self.charts)
        raise KeyError(f"no chart {chart_id!r} (known: {known})")

    def has(self, chart_id: str) -> bool:
        """Whether a chart with that id exists."""
        return any(r.chart.id == chart_id for r in self.charts)


def to_csv(chart: Chart) -> str:
    """The rows a chart plots as CSV, in its column order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(chart.header)
    for row in chart.rows:
        writer.writerow(["" if row[c] is None else row[c] for c in chart.header])
    return out.getvalue()


def _render(charts: tuple[Chart, ...], data: Dataset, site: Site,
            renderer: Renderer) -> tuple[Rendered, ...]:
    # Each step is asked for every chart before the next step waits for its input, so worker
    # processes (Renderer.parallel) always have conversions queued; the specs of the next
    # charts are built while the first ones compile.
    specs = []
    for chart in charts:
        # As JSON text: vl-convert reads it as it reads a dict, and the cache key hashes the
        # text instead of encoding the dict again (a sixth of the cost).
        download, static, live = spec_texts(chart, site, markup.source_labels(data, chart))
        specs.append((download, [renderer.submit("vl-to-svg", download),
                                 renderer.submit("vl-to-svg", static),
                                 renderer.submit("vl-to-vega", live)]))
    pngs = [renderer.submit("svg-to-png", drawn[0].result(), scale=2) for _, drawn in specs]
    return tuple(
        Rendered(
            chart=chart,
            vega_lite=download,
            vega_live=live.result(),
            svg_static=static_svg.result(),
            svg_download=download_svg.result(),
            png=png.result(),
            csv=to_csv(chart),
        )
        for chart, (download, (download_svg, static_svg, live)), png
        in zip(charts, specs, pngs, strict=True)
    )


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def render_all(data: Dataset, site: Site | None = None,
               cache_dir: Path | None = None) -> ChartBuild:
    """Render every chart (through the cache) and make the site's chart scripts."""
    site = site or default_site(data)
    renderer = Renderer(cache_dir or Path(data.root).parent / CACHE)
    with renderer.parallel(worker_count()):
        # The Vega bundle is the longest single conversion: asked first, one worker makes it
        # while the others take the charts.
        pending_bundle = renderer.vega_bundle()
        charts = _render(definitions(data), data, site, renderer)
        bundle = str(pending_bundle.result())
    bundle_name = f"vega-{vega_version()}.{_short_hash(bundle)}.js"
    source = (resources.files("sitegen.charts") / "static" / "charts.js").read_text("utf-8")
    loader = source.replace("__VEGA_BUNDLE__", bundle_name)
    renderer.report()
    return ChartBuild(site, charts, bundle_name, bundle, f"charts.{_short_hash(loader)}.js",
                      loader, renderer)


@functools.lru_cache(maxsize=256)
def _indented(compact: str) -> str:
    # The download's spec is indented for readers, which only json's pure-Python encoder
    # does: a tenth of a second for the site's specs, in every `make serve` rebuild too. Keyed
    # by the compact text (the C encoder's, fast), so an unchanged spec is indented once per
    # process. Same bytes as json.dumps(spec, indent=1): key order and floats survive a round
    # trip.
    return json.dumps(json.loads(compact), indent=1, ensure_ascii=False)


def files(data: Dataset, built: ChartBuild) -> dict[str, str | bytes]:
    """Every file the charts add to the site, keyed by path under the site root."""
    out: dict[str, str | bytes] = {
        markup.ASSETS + built.bundle_name: built.bundle,
        markup.ASSETS + built.loader_name: built.loader,
    }
    for rendered in built.charts:
        chart_id = rendered.chart.id

        def name(ext: str, chart_id: str = chart_id) -> str:
            return markup.DOWNLOAD.format(id=chart_id, ext=ext)

        out[name("png")] = rendered.png
        out[name("svg")] = rendered.svg_download
        out[name("csv")] = rendered.csv
        out[name("vl.json")] = _indented(rendered.vega_lite)
        out[name("vg.json")] = json.dumps(rendered.vega_live, separators=(",", ":"))
        out[markup.EMBED.format(id=chart_id)] = markup.embed_page(
            data, rendered, built.site, built.loader_name)
        out[markup.OEMBED.format(id=chart_id)] = json.dumps(
            markup.oembed(rendered, built.site), indent=1, ensure_ascii=False)
    return out
