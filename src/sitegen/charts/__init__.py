"""Charts people can read, download, embed and cite: one Altair definition per chart, rendered
at build time with vl-convert (static SVG and PNG, cached), and a live Vega view on the page.

Works without MkDocs: `build(data)` renders every chart, `build_assets` gives the files to
serve and `generate_pages` the Markdown pages; the MkDocs hook only hands them over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.charts import pages
from sitegen.charts.outputs import CACHE, ChartBuild, Rendered, files, render_all
from sitegen.charts.specs import Site, default_site, site_from_config

if TYPE_CHECKING:
    from pathlib import Path

    from sitegen.dataset import Dataset

__all__ = [
    "CACHE", "ChartBuild", "Rendered", "Site", "build", "build_assets", "current",
    "generate_pages", "insert", "site_from_config", "with_loader",
]

# One build is kept: the hook renders the charts once, and the inserts in every page reuse it.
# The dataset itself is kept (not its id), so a new dataset can never be mistaken for it.
_last: dict[str, tuple[Dataset, Path | None, Site | None, ChartBuild]] = {}


def build(data: Dataset, site: Site | None = None, cache_dir: Path | None = None) -> ChartBuild:
    """Every chart rendered (through the cache), for this dataset; made once per dataset."""
    kept = _last.get("build")
    if kept and kept[0] is data and kept[1] == cache_dir and kept[2] == site:
        return kept[3]
    built = render_all(data, site or default_site(data), cache_dir)
    _last["build"] = (data, cache_dir, site, built)
    return built


def current(data: Dataset) -> ChartBuild:
    """The charts of the build in progress for this dataset, or a build with the defaults."""
    kept = _last.get("build")
    if kept and kept[0] is data:
        return kept[3]
    return build(data)


def build_assets(data: Dataset, cache_dir: Path | None = None,
                 site: Site | None = None) -> dict[str, str | bytes]:
    """Every file the charts add to the site (downloads, embeds, scripts), by path."""
    return files(data, build(data, site, cache_dir))


def generate_pages(data: Dataset, cache_dir: Path | None = None,
                   site: Site | None = None) -> dict[str, str]:
    """The chart pages and the charts index, as Markdown keyed by page file."""
    return pages.generate(data, build(data, site, cache_dir))


def insert(data: Dataset, page: str, chart_id: str) -> str | None:
    """The Markdown of a chart inserted into a page, or None if there is no such chart."""
    built = current(data)
    if not built.has(chart_id):
        return None
    return pages.figure(data, built, page, chart_id)


def with_loader(markdown: str, page: str, data: Dataset) -> str:
    """A page's Markdown with the chart script added if it shows a chart."""
    if pages.LOADER_MARK not in markdown:
        return markdown
    return pages.with_loader(markdown, page, current(data))


def frame(data: Dataset, page: str, chart_id: str) -> str:
    """Just a chart (static SVG and live slot), for a figure with its own caption and table."""
    return str(pages.frame_only(current(data), page, chart_id))
