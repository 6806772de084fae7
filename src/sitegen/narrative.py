"""Fill the hand-written chapters: data inserts and footnotes that cite the report."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen import charts, paths
from sitegen.citations import cites_markdown
from sitegen.model import REPORT_ID, Cite
from sitegen.names import site_names
from sitegen.render import render

if TYPE_CHECKING:
    from collections.abc import Callable

    from sitegen.dataset import Dataset

log = logging.getLogger("mkdocs.plugins.sitegen")

INSERT = re.compile(r"^<!-- insert ([a-z0-9-]+) -->[ \t]*$", re.MULTILINE)
FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([A-Za-z0-9_-]+)\]:", re.MULTILINE)


def _table(number: int) -> Callable[[Dataset, str], str]:
    def insert(data: Dataset, page: str) -> str:
        table = next((t for t in data.report.tables if t.number == number), None)
        if table is None:
            log.warning("%s: insert table-%d: data/report.yaml describes no table %d "
                        "(add it there, or remove the insert)", page, number, number)
            return ""
        table_cite = Cite(source=REPORT_ID, section=table.section, table=table.number)
        return render(f"inserts/table-{number}.md.j2", data=data, table=table, page=page,
                      paths=paths, cites=cites_markdown, table_cite=table_cite)
    return insert


FIGURE_1_CHART = "urban-population"


def _figure_1(data: Dataset, page: str) -> str:
    figure = next((f for f in data.report.figures if f.number == 1), None)
    if figure is None:
        log.warning("%s: insert figure-1: data/report.yaml describes no figure 1 "
                    "(add it there, or remove the insert)", page)
        return ""
    table = data.tables[figure.dataset]  # checks.py makes sure a figure's data set exists
    years = (1960, 1980, 2000, 2020)
    series: dict[str, dict[int, float]] = {}
    # The site's names ("Vietnam" where the World Bank writes "Viet Nam"), in the chart's order:
    # by name, the world last.
    members = site_names(data)
    names = dict(members)
    for row in table.rows:
        if row["year"] in years:
            series.setdefault(str(row["iso3"]), {})[int(row["year"])] = float(row["urban_pct"])
            names.setdefault(str(row["iso3"]), str(row["country"]))
    rows = sorted(series.items(), key=lambda item: (item[0] not in members, names[item[0]]))
    figure_cite = Cite(source=REPORT_ID, section=figure.section, figure=figure.number,
                       footnote=(figure.footnote,) if figure.footnote else ())
    return render("inserts/figure-1.md.j2", data=data, figure=figure, rows=rows, names=names,
                  years=years, page=page, paths=paths, cites=cites_markdown,
                  figure_cite=figure_cite, source=data.get("sources", figure.dataset),
                  chart=Markup(charts.frame(data, page, FIGURE_1_CHART)),
                  chart_page=paths.rel(page, f"charts/{FIGURE_1_CHART}.md"))


INSERTS: dict[str, Callable[[Dataset, str], str]] = {
    "table-1": _table(1),
    "table-2": _table(2),
    "figure-1": _figure_1,
}


def _footnote_cites(data: Dataset, label: str) -> tuple[Cite, ...] | None:
    """The citations a conventional footnote label stands for, or None if it is not one."""
    if m := re.fullmatch(r"fn(\d+)", label):
        number = int(m[1])
        if str(number) not in data.by_id["footnotes"]:
            return None
        return (Cite(source=REPORT_ID, section=data.footnote(number).section,
                     footnote=(number,)),)
    if m := re.fullmatch(r"sec-([a-z0-9-]+)", label):
        if m[1] not in {s.id for s in data.report.sections}:
            return None
        return (Cite(source=REPORT_ID, section=m[1]),)
    if m := re.fullmatch(r"(table|fig)(\d+)", label):
        items = data.report.tables if m[1] == "table" else data.report.figures
        found = next((t for t in items if t.number == int(m[2])), None)
        if found is None:
            return None
        key = "table" if m[1] == "table" else "figure"
        return (Cite.model_validate({"source": REPORT_ID, "section": found.section,
                                     key: found.number}),)
    if m := re.fullmatch(r"src-([a-z0-9-]+)", label):
        return (Cite(source=m[1]),) if m[1] in data.by_id["sources"] else None
    if m := re.fullmatch(r"ev-([a-z0-9-]+)", label):
        event = data.by_id["events"].get(m[1])
        return event.cite if event else None
    return None


def expand(markdown: str, page: str, data: Dataset) -> str:
    """Replace insert markers with rendered data and define every citation footnote used."""

    def insert(match: re.Match[str]) -> str:
        name = match[1]
        if name.startswith("chart-") and name not in INSERTS:
            chart = charts.insert(data, page, name[len("chart-"):])
            if chart is not None:
                return chart
        if name not in INSERTS:
            log.warning("%s: unknown insert %r (known: %s)", page, name, ", ".join(INSERTS))
            return match[0]
        return INSERTS[name](data, page)

    body = charts.with_loader(INSERT.sub(insert, markdown), page, data)
    defined = set(FOOTNOTE_DEF.findall(body))
    definitions = []
    for label in dict.fromkeys(FOOTNOTE_REF.findall(body)):
        if label in defined:
            continue
        cites = _footnote_cites(data, label)
        if cites is None:
            log.warning("%s: footnote [^%s] has no definition and is not a citation label "
                        "(use fn<N>, sec-<id>, table<N>, fig<N>, src-<id> or ev-<id>)",
                        page, label)
            continue
        definitions.append(f"[^{label}]: {cites_markdown(data, page, cites)}")
    if definitions:
        body = body.rstrip("\n") + "\n\n" + "\n".join(definitions) + "\n"
    return body
