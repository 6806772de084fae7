"""The charts' Markdown: a page per chart, the charts index, and the figures the narrative
inserts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen import paths
from sitegen.charts import markup
from sitegen.citations import source_link
from sitegen.render import md_escape, render, render_html

if TYPE_CHECKING:
    from sitegen.charts.model import Chart
    from sitegen.charts.outputs import ChartBuild, Rendered
    from sitegen.dataset import Dataset

LOADER_MARK = 'class="chart-live"'


def _sources(data: Dataset, page: str, chart: Chart) -> Markup:
    return Markup("; ".join(str(source_link(data, page, s)) for s in chart.sources))


def _where(data: Dataset, page: str, chart: Chart) -> Markup:
    """A link to where the site's retelling shows the chart (the report's point)."""
    if chart.section:
        section = next(s for s in data.report.sections if s.id == chart.section)
        target = f"{section.page}.md"
        label = f"section {section.number}, {section.label}"
        if chart.report_ref:
            label += f" ({chart.report_ref})"
        anchor = chart.anchor or f"chart-{chart.id}"
        return Markup(f"[{md_escape(label)}]({paths.rel(page, target, anchor)})")
    if chart.page:
        anchor = chart.anchor or f"chart-{chart.id}"
        target = paths.rel(page, chart.page, anchor)
        return Markup(f"[{md_escape('the country profile')}]({target})")
    return Markup("")


def credit(data: Dataset, built: ChartBuild, chart: Chart) -> str:
    """A one-line credit for a caption."""
    return (f"Chart: {built.site.name} (CC BY 4.0), "
            f"{built.site.absolute(f'charts/{chart.id}/')}; data: "
            f"{'; '.join(markup.source_labels(data, chart))}")


def figure(data: Dataset, built: ChartBuild, page: str, chart_id: str, *,
           caption: bool = True, table: bool = True) -> str:
    """A chart as it sits in running text: title, chart, sources and links, data table."""
    rendered = built.get(chart_id)
    chart = rendered.chart
    frame = markup.frame(rendered, page, prefix=f"chart-{chart.id}")
    block = render_html("charts/figure.html.j2", chart=chart, frame=frame, caption=caption,
                        compact=chart.group == "profile")
    return render("charts/insert.md.j2", chart=chart, figure=block,
                  sources=_sources(data, page, chart),
                  page_link=paths.rel(page, markup.PAGE.format(id=chart.id)),
                  csv_link=paths.rel(page, markup.DOWNLOAD.format(id=chart.id, ext="csv")),
                  table=markup.data_table(chart) if table else Markup(""))


def frame_only(built: ChartBuild, page: str, chart_id: str) -> Markup:
    """Just the chart (static and live), for a figure that has its own caption and table."""
    rendered = built.get(chart_id)
    return markup.frame(rendered, page, prefix=f"chart-{chart_id}")


def with_loader(markdown: str, page: str, built: ChartBuild) -> str:
    """Add the chart script to a page that shows a chart (once); other pages load no chart code."""
    script = markup.html_rel(page, markup.ASSETS + built.loader_name)
    if LOADER_MARK not in markdown or script in markdown:
        return markdown
    return markdown.rstrip("\n") + f'\n\n<script src="{script}" defer></script>\n'


def chart_page(data: Dataset, built: ChartBuild, rendered: Rendered) -> str:
    """The page of one chart: the chart, what it shows, sources, downloads, embed, citation."""
    chart = rendered.chart
    page = markup.PAGE.format(id=chart.id)
    frame = markup.frame(rendered, page, prefix=f"chart-{chart.id}")
    record = markup.OEMBED.format(id=chart.id)
    body = render(
        "charts/page.md.j2", chart=chart, site=built.site,
        figure=render_html("charts/figure.html.j2", chart=chart, frame=frame, caption=False,
                           compact=False),
        sources=_sources(data, page, chart), where=_where(data, page, chart),
        png_size=rendered.png_size, n_rows=len(chart.rows),
        snippet=Markup(markup.snippet(rendered, built.site)),
        oembed=paths.rel(page, record),
        oembed_url=built.site.absolute(record),
        embed_page=paths.rel(page, markup.EMBED.format(id=chart.id)),
        credit=credit(data, built, chart),
        table=markup.data_table(chart))
    return with_loader(body, page, built)


def index_page(data: Dataset, built: ChartBuild) -> str:
    """The charts index: the main charts with a thumbnail each, then the country profiles."""
    main = [r for r in built.charts if r.chart.group == "main"]
    profiles = [r for r in built.charts if r.chart.group == "profile"]
    return render("charts/index.md.j2", main=main, profiles=profiles,
                  where=lambda chart: _where(data, markup.INDEX, chart),
                  countries={f"urbanisation-{c.id}": c.name for c in data.countries})


def generate(data: Dataset, built: ChartBuild) -> dict[str, str]:
    """Every chart page and the index, as Markdown keyed by page file."""
    out = {markup.INDEX: index_page(data, built)}
    for rendered in built.charts:
        out[markup.PAGE.format(id=rendered.chart.id)] = chart_page(data, built, rendered)
    return out
