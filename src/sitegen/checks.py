"""Cross-reference checks: every id a record names must exist, and every source be used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sitegen.errors import Problem
from sitegen.model import REPORT_ID, Cite, Report
from sitegen.parse import Loc, field_name, line_of

if TYPE_CHECKING:
    from collections.abc import Iterator

Records = dict[str, list[tuple[Any, Any]]]
Index = dict[str, dict[str, Any]]
# kind -> ids of its records that failed validation, or None when its file could not be read.
Broken = dict[str, "set[str] | None"]
PLACE_KINDS = ("countries", "partners", "places")

# For each kind of record: field -> the index its ids must be found in.
REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "places": {"part_of": ("all_places",)},
    "organisations": {"home": ("all_places",)},
    "projects": {"country": ("all_places",), "organisations.id": ("organisations",),
                 "involved_countries.country": ("all_places",)},
    "events": {"actors": ("organisations",), "countries": ("all_places",),
               "projects": ("projects",)},
    "facts": {"subjects": ("organisations", "all_places", "projects")},
    "footnotes": {"section": ("sections",), "cites.source": ("sources",)},
}
HINTS = {
    "all_places": "use an id from countries.yaml, partners.yaml or places.yaml",
    "organisations": "use an id from organisations.yaml, or add the organisation there",
    "projects": "use an id from projects.yaml, or add the project there",
    "sources": "use an id from sources.json, or add the source there",
    "sections": "use a section id from report.yaml",
    "events": "use an id from events.yaml",
    "datasets": "use the id of a data set that has a CSV file in data/",
}
NOUNS = {"all_places": "country or place", "organisations": "organisation",
         "projects": "project", "sources": "source", "sections": "section"}


class _Lenient(dict[str, Any]):
    """An index that also 'contains' the ids of records already reported as invalid (or every
    id, when its file could not be read): a reference to them is not a second mistake."""

    def __init__(self, items: dict[str, Any], excused: set[str] | None) -> None:
        super().__init__(items)
        self.excused = excused

    def __contains__(self, key: object) -> bool:
        return self.excused is None or key in self.excused or super().__contains__(key)


def _lenient(index: Index, broken: Broken) -> Index:
    broken = dict(broken)
    if any(k in broken for k in PLACE_KINDS):
        parts = [broken.get(k, set()) for k in PLACE_KINDS]
        broken["all_places"] = None if None in parts else set().union(*parts)  # type: ignore[arg-type]
    return {k: _Lenient(v, broken[k]) if k in broken else v for k, v in index.items()}


def _values(node: Any, path: list[str], loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Yield (location, value) for a dotted path through records and tuples."""
    if isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _values(item, path, (*loc, i))
        return
    if not path:
        if node is not None:
            yield loc, node
        return
    yield from _values(getattr(node, path[0]), path[1:], (*loc, path[0]))


def _cites(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Cite]]:
    """Every Cite anywhere inside a record, with its location."""
    if isinstance(node, Cite):
        yield loc, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _cites(getattr(node, name), (*loc, name))
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _cites(item, (*loc, i))


def _check_cite(cite: Cite, index: Index, report: Report) -> list[tuple[str, str, str]]:
    """Problems with one citation, as (subfield, problem, hint)."""
    out = []
    if cite.source not in index["sources"]:
        out.append(("source", f"{cite.source!r} is not a known source", HINTS["sources"]))
    if cite.section and cite.section not in index["sections"]:
        out.append(("section", f"{cite.section!r} is not a section of the report",
                    HINTS["sections"]))
    for number in cite.footnote:
        if str(number) not in index["footnotes"]:
            out.append(("footnote", f"the report has no footnote {number}",
                        f"use 1 to {len(index['footnotes'])}"))
    if cite.table and cite.table not in {t.number for t in report.tables}:
        out.append(("table", f"the report has no table {cite.table}", "see report.yaml"))
    if cite.figure and cite.figure not in {f.number for f in report.figures}:
        out.append(("figure", f"the report has no figure {cite.figure}", "see report.yaml"))
    if (cite.section or cite.footnote or cite.table or cite.figure) and cite.source != REPORT_ID:
        out.append(("source", "section, footnote, table and figure locate places in the report",
                    f"use source: {REPORT_ID}, or pages: for other sources"))
    return out


def _check_record(record: Any, raw: Any, file: str, label: str, kind: str, index: Index,
                  report: Report) -> list[Problem]:
    problems = []
    for dotted, targets in REFERENCES.get(kind, {}).items():
        for loc, value in _values(record, dotted.split(".")):
            if not any(str(value) in index[t] for t in targets):
                noun = " or ".join(NOUNS[t] for t in targets)
                hint = HINTS[targets[0]] if len(targets) == 1 else \
                    "use an id from organisations.yaml, a country file or projects.yaml"
                problems.append(Problem(file, line_of(raw, loc, 1), label, field_name(loc),
                                        f"{value!r} is not a known {noun} id", hint))
    for loc, cite in _cites(record):
        for sub, problem, hint in _check_cite(cite, index, report):
            full = (*loc, sub)
            problems.append(Problem(file, line_of(raw, full, 1), label, field_name(full),
                                    problem, hint))
    return problems


def check_references(report: Report, report_raw: Any, records: Records, index: Index,
                     broken: Broken | None = None, folder: str = "data") -> list[Problem]:
    """Check every cross-reference in the data; return the problems found.

    `broken` names the records (or files) already reported as invalid, so that references to
    them do not repeat one mistake as many; `folder` is how messages name the data folder.
    """
    broken = broken or {}
    index = _lenient({**index, "sections": {s.id: s for s in report.sections}}, broken)
    problems: list[Problem] = []
    for kind, items in records.items():
        for record, where in items:
            problems += _check_record(record, where.raw, where.file, where.record, kind, index,
                                      report)
    report_file = f"{folder}/report.yaml"
    problems += _check_record(report, report_raw, report_file, "report", "report", index, report)
    problems += _check_report(report, report_raw, report_file, index)
    if "footnotes" not in broken:  # a footnote that failed to load is not a gap, nor unused
        problems += _check_footnote_numbers(records["footnotes"], f"{folder}/footnotes.yaml")
        problems += _check_sources_used(records, index)
    if "datasets" not in broken:
        problems += _check_required(index, folder)
    return problems


# Records the pages and charts are built from: without them a valid-looking dataset would
# fail later, in rendering, with a traceback instead of a message.
REQUIRED_TABLES = {
    "urban-population-wdi-2023": "Figure 1, the profiles' urban shares and the urbanisation charts",
    "urban-population-wdi-2026": "the profiles' and charts' later edition of the urban series",
    "ascn-pilot-cities-list": "the profiles' pilot cities and the ASCN map",
    "econ-sea-gmv": "the internet-economy chart",
}


def _check_required(index: Index, folder: str) -> list[Problem]:
    out = []
    for table_id, used_for in REQUIRED_TABLES.items():
        if table_id not in index["datasets"]:
            out.append(Problem(f"{folder}/sources.json", 1, table_id, "(data set)",
                               f"the site needs this data set for {used_for}",
                               "add its CSV file and .meta.yaml to the data folder"))
    return out


def _check_report(report: Report, raw: Any, file: str, index: Index) -> list[Problem]:
    out = []

    def bad(loc: Loc, problem: str, hint: str) -> None:
        out.append(Problem(file, line_of(raw, loc, 1), "report", field_name(loc), problem, hint))

    if report.source not in index["sources"]:
        bad(("source",), f"{report.source!r} is not a known source", HINTS["sources"])
    for kind in ("tables", "figures"):
        for i, item in enumerate(getattr(report, kind)):
            if item.section not in index["sections"]:
                bad((kind, i, "section"), f"{item.section!r} is not a section", HINTS["sections"])
    for t, table in enumerate(report.tables):
        for r, row in enumerate(table.rows):
            if row.event and row.event not in index["events"]:
                bad(("tables", t, "rows", r, "event"), f"{row.event!r} is not a known event id",
                    HINTS["events"])
            if row.organisation and row.organisation not in index["organisations"]:
                bad(("tables", t, "rows", r, "organisation"),
                    f"{row.organisation!r} is not a known organisation id",
                    HINTS["organisations"])
    for f, figure in enumerate(report.figures):
        if figure.dataset not in index["datasets"]:
            bad(("figures", f, "dataset"), f"{figure.dataset!r} has no CSV data",
                HINTS["datasets"])
        if figure.footnote and str(figure.footnote) not in index["footnotes"]:
            bad(("figures", f, "footnote"), f"the report has no footnote {figure.footnote}",
                "see footnotes.yaml")
    return out


def _check_footnote_numbers(footnotes: list[tuple[Any, Any]], file: str) -> list[Problem]:
    numbers = sorted(f.number for f, _ in footnotes)
    missing = sorted(set(range(1, (numbers[-1] if numbers else 0) + 1)) - set(numbers))
    if not missing:
        return []
    return [Problem(file, 1, "(file)", "number",
                    f"footnotes {missing} are missing", "the report numbers them without gaps")]


def _check_sources_used(records: Records, index: Index) -> list[Problem]:
    cited = {c.source for f, _ in records["footnotes"] for c in f.cites}
    out = []
    for source, where in records["sources"]:
        line = getattr(where.raw, "line", 1)
        if source.type == "dataset" and source.id not in cited:
            for name in ("licence", "origin"):
                if not getattr(source, name):
                    out.append(Problem(where.file, line, source.id, name,
                                       "a data set needs its licence and origin",
                                       f"add {name}: as the data's README gives it"))
        elif source.id != REPORT_ID and source.id not in cited:
            out.append(Problem(where.file, line, source.id, "id",
                               "no footnote cites this source",
                               "cite it from footnotes.yaml, or remove it"))
    for table_id, table in index["datasets"].items():
        source = index["sources"].get(table_id)
        if source is None and table_id in index["sources"]:
            continue  # its record in sources.json is already reported as invalid
        if source is None or source.type != "dataset":
            out.append(Problem(table.file.replace(".csv", ".meta.yaml"), 1, table_id, "id",
                               f"{table_id!r} is not a data set in sources.json",
                               "add a source with type: dataset and this id"))
    return out
