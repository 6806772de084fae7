"""The HTML around a chart: the inline SVG, the live view's slot, the data table, the embed
snippet and page, and the oEmbed record."""

from __future__ import annotations

import functools
import json
import math
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from sitegen.citations import short_label
from sitegen.render import render_html

if TYPE_CHECKING:
    from sitegen.charts.model import Cell, Chart
    from sitegen.charts.outputs import Rendered
    from sitegen.charts.specs import Site
    from sitegen.dataset import Dataset

# Where a chart's files live, relative to docs_dir (and so to the site root).
PAGE = "charts/{id}.md"
INDEX = "charts/index.md"
DOWNLOAD = "charts/{id}.{ext}"
EMBED = "embed/{id}/index.html"
OEMBED = "embed/{id}/oembed.json"
ASSETS = "assets/charts/"
HEIGHT_MESSAGE = "sitegen-chart-height"
EMBED_WIDTH = 800
# Room for the embed page's title and credit line above and below the chart, at full width;
# each note adds its lines (12 px text, about 17.4 px a line, some 110 characters to a line
# at 800 px) and its margin.
EMBED_CHROME = 128
NOTE_LINE, NOTE_CHARACTERS, NOTE_MARGIN = 17.4, 110, 6

_NUMBER = re.compile(r"-?\d+\.\d+")


def page_folder(src: str) -> str:
    """The folder of a page's address with directory URLs: 'a/b.md' and 'a/b/index.html' are
    served at 'a/b/', 'index.md' at the root."""
    if src.endswith(".md"):
        stem = src[: -len(".md")]
        if stem == "index":
            return ""
        return stem[: -len("/index")] if stem.endswith("/index") else stem
    return posixpath.dirname(src)


def html_rel(page: str, target: str) -> str:
    """An address for raw HTML (which MkDocs does not rewrite), relative to the page's URL."""
    return posixpath.relpath(target, page_folder(page) or ".")


def _round_path(match: re.Match[str]) -> str:
    return _NUMBER.sub(lambda m: f"{float(m[0]):.1f}".rstrip("0").rstrip("."), match[0])


@functools.lru_cache(maxsize=256)
def _prefixed(svg: str, prefix: str) -> str:
    # Kept per process: every `make serve` rebuild asks again for each unchanged chart, and
    # rounding the paths' numbers is most of a chart page's own work.
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m[1]})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m[1]}"', svg)
    svg = re.sub(r'\bd="[^"]*"', _round_path, svg)
    return svg.replace("\n", " ")


def inline_svg(svg: str, chart: Chart, prefix: str) -> Markup:
    """A static render ready to sit in a page: ids made unique on the page, path numbers to a
    tenth of a pixel, and labelled as one image whose text alternative is the chart's."""
    svg = _prefixed(svg, prefix)
    title_id = f"{prefix}-title"
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError(f"chart {chart.id}: the render is not an SVG document")
    head = opening[0][:-1].replace(' class="marks"', ' class="marks chart-svg"')
    return Markup(f'{head} role="img" aria-labelledby="{title_id}" focusable="false">'
                  f'<title id="{title_id}">{escape(chart.alt)}</title>'
                  f"{svg[opening.end():]}")


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height an SVG render declares."""
    width = re.search(r'<svg\b[^>]*\bwidth="(\d+(?:\.\d+)?)"', svg)
    height = re.search(r'<svg\b[^>]*\bheight="(\d+(?:\.\d+)?)"', svg)
    if not width or not height:
        raise ValueError("the render declares no size")
    return round(float(width[1])), round(float(height[1]))


def frame(rendered: Rendered, page: str, *, prefix: str) -> Markup:
    """The static SVG and, beside it, the slot the live view replaces it with."""
    chart = rendered.chart
    return render_html(
        "charts/frame.html.j2", chart=chart, height=rendered.static_size[1],
        svg=inline_svg(rendered.svg_static, chart, prefix),
        spec=html_rel(page, DOWNLOAD.format(id=chart.id, ext="vg.json")))


def _cell(value: Cell, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == "number" and isinstance(value, int | float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def table_view(chart: Chart) -> dict[str, Any]:
    """The chart's data laid out for reading: plain rows, or pivoted when the chart says so
    (year by country reads better than 671 rows)."""
    pivot = chart.extra.get("pivot")
    if not pivot:
        return {"head": [c.title for c in chart.columns],
                "rows": [[_cell(r[c.name], c.kind) for c in chart.columns]
                         for r in chart.rows]}
    row_key, col_key, value_key = pivot
    kinds = {c.name: c.kind for c in chart.columns}
    titles = {c.name: c.title for c in chart.columns}
    cols = list(dict.fromkeys(str(r[col_key]) for r in chart.rows))
    grid: dict[str, dict[str, str]] = {}
    for r in chart.rows:
        grid.setdefault(str(r[row_key]), {})[str(r[col_key])] = _cell(r[value_key],
                                                                         kinds[value_key])
    return {"head": [titles[row_key], *cols],
            "rows": [[key, *(values.get(c, "–") for c in cols)]
                     for key, values in grid.items()],
            "caption_extra": f"Values: {titles[value_key]}."}


def data_table(chart: Chart, *, open_: bool = False) -> Markup:
    """The chart's data as an accessible table, folded in a <details> element."""
    return render_html("charts/table.html.j2", chart=chart, view=table_view(chart),
                       open_=open_)


def origin(url: str) -> str:
    """The scheme and host of an address, as a postMessage origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def embed_height(rendered: Rendered) -> int:
    """The iframe height a snippet starts with, before the embed page reports its own."""
    notes = sum(NOTE_MARGIN + NOTE_LINE * math.ceil(len(note) / NOTE_CHARACTERS)
                for note in rendered.chart.notes)
    return rendered.static_size[1] + EMBED_CHROME + math.ceil(notes)


def snippet(rendered: Rendered, site: Site) -> str:
    """The HTML a reader pastes to embed the chart: the iframe, and a tiny script that sets
    its height from the embed page's message."""
    chart = rendered.chart
    src = site.absolute(EMBED.format(id=chart.id).removesuffix("index.html"))
    script = (
        '<script>addEventListener("message",function(e){var d=e.data;'
        f'if(e.origin!=={json.dumps(origin(site.url))}||!d||d.type!=="{HEIGHT_MESSAGE}")'
        'return;document.querySelectorAll("iframe").forEach(function(f){'
        'if(f.contentWindow===e.source)f.style.height=d.height+"px"})})</script>')
    return (f'<iframe src="{escape(src)}" title="{escape(chart.title)}" width="100%" '
            f'height="{embed_height(rendered)}" loading="lazy" '
            f'style="border:0;width:100%;max-width:{EMBED_WIDTH}px"></iframe>\n{script}')


def source_labels(data: Dataset, chart: Chart) -> list[str]:
    """Short labels of the chart's sources: 'World Bank 2023', 'Okamoto 2022'."""
    return [short_label(data.get("sources", s)) for s in chart.sources]


def oembed(rendered: Rendered, site: Site) -> dict[str, Any]:
    """The oEmbed (1.0, type rich) record of a chart."""
    chart = rendered.chart
    width, height = rendered.png_size
    return {
        "version": "1.0", "type": "rich",
        "title": chart.title,
        "provider_name": site.name, "provider_url": site.url,
        "author_name": site.author, "author_url": site.url,
        "html": snippet(rendered, site),
        "width": EMBED_WIDTH, "height": embed_height(rendered),
        "thumbnail_url": site.absolute(DOWNLOAD.format(id=chart.id, ext="png")),
        "thumbnail_width": width, "thumbnail_height": height,
        "cache_age": 86400,
    }


def embed_page(data: Dataset, rendered: Rendered, site: Site, loader: str) -> str:
    """The minimal page an iframe shows: the chart, its title, source, licence, a link back."""
    chart = rendered.chart
    page = EMBED.format(id=chart.id)
    return str(render_html(
        "charts/embed.html.j2", chart=chart, site=site,
        frame=frame(rendered, page, prefix=f"embed-{chart.id}"),
        sources="; ".join(source_labels(data, chart)),
        page_url=site.absolute(f"charts/{chart.id}/"),
        oembed_url=site.absolute(OEMBED.format(id=chart.id)),
        loader=html_rel(page, ASSETS + loader), message=HEIGHT_MESSAGE))
