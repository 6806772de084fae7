"""Load every data file, validate it, and hold the result as one immutable Dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sitegen import dates
from sitegen.errors import DataError, Problem
from sitegen.loading import LineList, read_csv, read_yaml
from sitegen.model import (
    Event,
    Fact,
    Footnote,
    Organisation,
    Place,
    Project,
    Report,
    Source,
    TableMeta,
)
from sitegen.parse import parse_record, record_label

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from pydantic import BaseModel

    from sitegen.relations import Relations

# file name -> (model, what the file holds); the order is the order of loading.
COLLECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "sources.json": (Source, "sources"),
    "footnotes.yaml": (Footnote, "footnotes"),
    "countries.yaml": (Place, "countries"),
    "partners.yaml": (Place, "partners"),
    "places.yaml": (Place, "places"),
    "organisations.yaml": (Organisation, "organisations"),
    "projects.yaml": (Project, "projects"),
    "events.yaml": (Event, "events"),
    "facts.yaml": (Fact, "facts"),
}
Value = str | int | float


@dataclass(frozen=True)
class DataTable:
    """A validated CSV data set: its metadata and its typed rows."""

    meta: TableMeta
    file: str
    header: tuple[str, ...]
    rows: tuple[Mapping[str, Value], ...]


@dataclass(frozen=True)
class Located:
    """Where a raw record was read from, so later checks can name its file and lines."""

    file: str
    record: str
    raw: Any


@dataclass(frozen=True)
class Dataset:
    """Every validated record, in one place, with look-ups by id."""

    root: Path
    report: Report
    sources: tuple[Source, ...]
    footnotes: tuple[Footnote, ...]
    countries: tuple[Place, ...]
    partners: tuple[Place, ...]
    places: tuple[Place, ...]
    organisations: tuple[Organisation, ...]
    projects: tuple[Project, ...]
    events: tuple[Event, ...]
    facts: tuple[Fact, ...]
    tables: Mapping[str, DataTable]
    by_id: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def get(self, kind: str, record_id: str) -> Any:
        """The record of that kind with that id; KeyError if there is none."""
        return self.by_id[kind][record_id]

    def footnote(self, number: int) -> Footnote:
        """The report footnote with that number."""
        return self.by_id["footnotes"][str(number)]  # type: ignore[no-any-return]

    def place(self, place_id: str) -> Place:
        """A member, partner or other place by id."""
        return self.by_id["all_places"][place_id]  # type: ignore[no-any-return]

    @property
    def vendors(self) -> tuple[Organisation, ...]:
        """Organisations that sell or build smart-city technology."""
        return tuple(o for o in self.organisations if o.vendor)

    @property
    def record_count(self) -> int:
        """How many records the dataset holds, CSV rows included."""
        yaml_records = sum(len(getattr(self, name)) for _, name in COLLECTIONS.values())
        return yaml_records + sum(len(t.rows) for t in self.tables.values())

    @cached_property
    def relations(self) -> Relations:
        """Indexes of who is linked to whom, built on first use (see sitegen.relations)."""
        from sitegen.relations import Relations

        return Relations.of(self)


def _read_collection(root: Path, name: str, model: type[BaseModel],
                     problems: list[Problem]) -> list[tuple[Any, Located]]:
    path, shown = root / name, f"{root.name}/{name}"
    if not path.exists():
        problems.append(Problem(shown, 1, "(file)", "(file)", "the file is missing",
                                "create it; data/README.md describes its records"))
        return []
    raw, found = read_yaml(path, shown)
    problems.extend(found)
    if found:
        return []
    if raw is None:
        problems.append(Problem(shown, 1, "(file)", "(file)", "the file is empty",
                                "add records, each starting with '- id: ...'"))
        return []
    if not isinstance(raw, LineList):
        problems.append(Problem(shown, getattr(raw, "line", 1), "(file)", "(file)",
                                "should be a list of records", "start each record with '- '"))
        return []
    out = []
    for index, item in enumerate(raw):
        label = record_label(item, index)
        record, errors = parse_record(model, item, shown, label, raw.item_lines[index])
        problems.extend(errors)
        if record is not None:
            out.append((record, Located(shown, label, item)))
    return out


def _coerce(value: str, kind: str) -> Value:
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return value


def _read_table(csv_path: Path, root: Path, problems: list[Problem]) -> DataTable | None:
    shown = f"{root.name}/{csv_path.name}"
    meta_path = csv_path.with_suffix(".meta.yaml")
    meta_shown = f"{root.name}/{meta_path.name}"
    if not meta_path.exists():
        problems.append(Problem(shown, 1, "(file)", "(metadata)", f"has no {meta_path.name}",
                                "add it beside the CSV: its source id, title and columns"))
        return None
    raw, found = read_yaml(meta_path, meta_shown)
    if raw is None and not found:
        found = [Problem(meta_shown, 1, "(file)", "(file)", "the file is empty",
                         "give the data set's id, title and columns")]
    problems.extend(found)
    meta, errors = (None, []) if found else parse_record(TableMeta, raw, meta_shown,
                                                         record_label(raw, 0), 1)
    problems.extend(errors)
    header, rows, found = read_csv(csv_path, shown)
    problems.extend(found)
    if meta is None or not header:
        return None
    names = [c.name for c in meta.columns]
    if header != names:
        problems.append(Problem(shown, 1, "(file)", "(header)",
                                f"columns {header} differ from the metadata's {names}",
                                f"make the header and {meta_path.name} agree"))
        return None
    typed: list[Mapping[str, Value]] = []
    for line, row in rows:
        out: dict[str, Value] = {}
        for column in meta.columns:
            cell = row[column.name]
            try:
                out[column.name] = _coerce(cell, column.type)
            except ValueError:
                what = "a whole number" if column.type == "integer" else "a number"
                problems.append(Problem(shown, line, f"row {line}", column.name,
                                        f"{cell!r} is not {what}",
                                        "use digits and a decimal point, no units or commas"))
        typed.append(MappingProxyType(out))
    return DataTable(meta, shown, tuple(header), tuple(typed))


def _index(records: list[tuple[Any, Located]], key: str, problems: list[Problem],
           seen: dict[str, Located] | None = None) -> dict[str, Any]:
    seen = {} if seen is None else seen
    out: dict[str, Any] = {}
    for record, where in records:
        value = str(getattr(record, key))
        if value in seen:
            first = seen[value]
            problems.append(Problem(where.file, getattr(where.raw, "line", 1), where.record, key,
                                    f"{value!r} is used twice (also {first.file}:"
                                    f"{getattr(first.raw, 'line', 1)})",
                                    "ids must be unique; pick another"))
            continue
        seen[value] = where
        out[value] = record
    return out


def _broken(root: Path, problems: list[Problem]) -> dict[str, set[str] | None]:
    """Per kind, the records already reported as invalid (None: the whole file)."""
    out: dict[str, set[str] | None] = {}
    for name, (_, what) in COLLECTIONS.items():
        here = [p for p in problems if p.file == f"{root.name}/{name}"]
        if here:
            out[what] = None if any(p.record == "(file)" for p in here) else \
                {p.record for p in here}
    if any(p.file.endswith((".csv", ".meta.yaml")) for p in problems):
        out["datasets"] = None
    return out


def load(root: Path) -> Dataset:
    """Read and validate everything under `root`; raise DataError listing every problem."""
    from sitegen.checks import check_references  # here to keep the import graph acyclic

    if not root.is_dir():
        raise DataError([Problem(str(root), 1, "(folder)", "(folder)", "is not a folder",
                                 "give the data folder, e.g. --data data")])
    problems: list[Problem] = []
    read = {what: _read_collection(root, name, model, problems)
            for name, (model, what) in COLLECTIONS.items()}
    report_raw, found = read_yaml(root / "report.yaml", f"{root.name}/report.yaml")
    if not (root / "report.yaml").exists():
        found = [Problem(f"{root.name}/report.yaml", 1, "(file)", "(file)", "the file is missing",
                         "create it; data/README.md describes it")]
    elif report_raw is None and not found:
        found = [Problem(f"{root.name}/report.yaml", 1, "(file)", "(file)", "the file is empty",
                         "give the report's source, sections, tables and figures")]
    problems.extend(found)
    report = None
    if not found:
        report, errors = parse_record(Report, report_raw, f"{root.name}/report.yaml", "report", 1)
        problems.extend(errors)
    tables = {}
    for csv_path in sorted(root.glob("*.csv")):
        table = _read_table(csv_path, root, problems)
        if table is not None:
            tables[table.meta.id] = table
    broken = _broken(root, problems)
    by_id: dict[str, dict[str, Any]] = {}
    place_seen: dict[str, Located] = {}
    for what, records in read.items():
        key = "number" if what == "footnotes" else "id"
        shared = place_seen if what in {"countries", "partners", "places"} else None
        by_id[what] = _index(records, key, problems, shared)
    by_id["all_places"] = {**by_id["countries"], **by_id["partners"], **by_id["places"]}
    by_id["datasets"] = dict(tables)
    if report is not None:
        problems.extend(check_references(report, report_raw, read, by_id, broken, root.name))
    if problems:
        raise DataError(problems)
    assert report is not None
    events = sorted((r for r, _ in read["events"]), key=lambda e: dates.sort_key(e.date, e.approx))
    return Dataset(
        root=root, report=report,
        sources=tuple(r for r, _ in read["sources"]),
        footnotes=tuple(sorted((r for r, _ in read["footnotes"]), key=lambda f: f.number)),
        countries=tuple(r for r, _ in read["countries"]),
        partners=tuple(r for r, _ in read["partners"]),
        places=tuple(r for r, _ in read["places"]),
        organisations=tuple(r for r, _ in read["organisations"]),
        projects=tuple(r for r, _ in read["projects"]),
        events=tuple(events), facts=tuple(r for r, _ in read["facts"]),
        tables=MappingProxyType(tables),
        by_id=MappingProxyType({k: MappingProxyType(v) for k, v in by_id.items()}),
    )
