"""The whole dataset as a Frictionless Data Package: /data/datapackage.json and its files."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from sitegen.model import REPORT_ID, Cite, Note, Source
from sitegen.render import render

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sitegen.cite_config import SiteInfo
    from sitegen.dataset import Dataset

FOLDER = "data"
GEOJSON = ("asean_countries_50m.geojson", "natural-earth-50m")
_LICENCES = {
    "CC BY 4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "Public domain": {"name": "other-pd", "title": "Public domain",
                      "path": "https://www.naturalearthdata.com/about/terms-of-use/"},
    "ISC": {"name": "ISC", "title": "ISC License", "path": "https://opensource.org/license/isc"},
}
_DAY = r"^(\d{3}0s|\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2})$"
Field = dict[str, Any]


def licence(text: str | None, source_url: str | None = None) -> dict[str, str]:
    """A source's licence as a Data Package licence object."""
    if text in _LICENCES:
        return dict(_LICENCES[str(text)])
    # Not an open licence we can name (e.g. facts from press coverage): say what is known.
    out = {"name": "notspecified", "title": text or "Licence not stated"}
    if source_url:
        out["path"] = source_url
    return out


def _f(name: str, kind: str, description: str, **extra: Any) -> Field:
    return {"name": name, "type": kind, "description": description, **extra}


def _date(name: str, description: str) -> Field:
    return _f(name, "string", description + " (a decade '1960s', a year, 'YYYY-MM' or a day)",
              constraints={"pattern": _DAY})


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _names(source: Source) -> str:
    return "; ".join(a.display for a in source.author)


Table = tuple[str, str, list[Field], list[list[Any]], dict[str, Any]]


def _tables(data: Dataset) -> list[Table]:
    """(name, description, fields, rows, extra descriptor) of every table made from records."""
    places = [(p, "member") for p in data.countries] + [(p, "partner") for p in data.partners] \
        + [(p, "other") for p in data.places]
    ref = {"places": {"fields": "id", "reference": {"resource": "places", "fields": "id"}}}
    out: list[Table] = [
        ("places", "The ten ASEAN members, the six major partners and other places the report "
         "names", [_f("id", "string", "Stable id (also the page address)"),
                   _f("name", "string", "Name"),
                   _f("group", "string", "member, partner or other",
                      constraints={"enum": ["member", "partner", "other"]}),
                   _f("iso3", "string", "ISO 3166-1 alpha-3 code"),
                   _f("part_of", "string", "Id of the place it belongs to"),
                   _f("summary", "string", "What the report says of it, in our words")],
         [[p.id, p.name, g, p.iso3, p.part_of, p.summary] for p, g in places],
         {"foreignKeys": [{"fields": "part_of", "reference": ref["places"]["reference"]}]}),
        ("organisations", "Companies, agencies and bodies the report names",
         [_f("id", "string", "Stable id"), _f("name", "string", "Full name"),
          _f("short_name", "string", "Name as the site mentions it"),
          _f("kind", "string", "company, government-agency, ..."),
          _f("home", "string", "Id of its home place (empty for international bodies)"),
          _f("vendor", "boolean", "Sells or builds smart-city technology or cities"),
          _f("programmes", "array", "Brands and programmes: [{name, date}]"),
          _f("status", "string", "What became of its smart-city business (active, withdrew)"),
          _date("status_date", "When its status changed"),
          _f("summary", "string", "What the report says of it, in our words")],
         [[o.id, o.name, o.short_name, o.kind, o.home, o.vendor,
           [{"name": p.name, "date": p.date} for p in o.programmes],
           o.status.value if o.status else "active", o.status.date if o.status else None,
           o.summary] for o in data.organisations],
         {"foreignKeys": [{"fields": "home", "reference": ref["places"]["reference"]}]}),
        ("projects", "Smart-city projects and sites",
         [_f("id", "string", "Stable id"), _f("name", "string", "Name"),
          _f("country", "string", "Id of the place it is in"),
          _f("location", "string", "Where, more precisely"),
          _f("kind", "string", "new-city, district, ..."), _date("date", "When it started"),
          _f("approx", "string", "early, mid, late or circa"),
          _f("summary", "string", "What the report says of it, in our words")],
         [[p.id, p.name, p.country, p.location, p.kind, p.date, p.approx, p.summary]
          for p in data.projects],
         {"foreignKeys": [{"fields": "country", "reference": ref["places"]["reference"]}]}),
        ("project_participants",
         "Which organisations the report places in which project, and whether it says they "
         "take part",
         [_f("project", "string", "Project id"), _f("organisation", "string", "Organisation id"),
          _f("role", "string", "Its role, where the report says"),
          _f("stated", "boolean", "False where the report mentions the organisation beside the "
             "project without saying it takes part")],
         [[p.id, o.id, o.role, o.stated] for p in data.projects for o in p.organisations],
         {"foreignKeys": [
             {"fields": "project", "reference": {"resource": "projects", "fields": "id"}},
             {"fields": "organisation",
              "reference": {"resource": "organisations", "fields": "id"}}]}),
        ("events", "Every dated happening the report mentions",
         [_f("id", "string", "Stable id (anchor on /timeline/)"), _date("date", "When"),
          _f("approx", "string", "early, mid, late or circa"),
          _f("title", "string", "Short headline, in our words"),
          _f("summary", "string", "What happened, in our words"),
          _f("category", "string", "concept, corporate, national-policy, ..."),
          _f("actors", "array", "Organisation ids"), _f("countries", "array", "Place ids"),
          _f("projects", "array", "Project ids")],
         [[e.id, e.date, e.approx, e.title, e.summary, e.category, list(e.actors),
           list(e.countries), list(e.projects)] for e in data.events], {}),
        ("facts", "Numbers and targets the report gives",
         [_f("id", "string", "Stable id (anchor on /numbers/)"),
          _f("label", "string", "What the number counts"), _f("value", "number", "The value"),
          _f("unit", "string", "Unit"), _f("qualifier", "string", "exact, about, at-least, ..."),
          _f("kind", "string", "count, target, money, share or estimate"),
          _date("date", "When it held or was stated"),
          _f("approx", "string", "early, mid, late or circa"),
          _date("target_date", "For targets"),
          _f("subjects", "array", "Ids of what it is about")],
         [[f.id, f.label, f.value, f.unit, f.qualifier, f.kind, f.date, f.approx,
           f.target_date, list(f.subjects)] for f in data.facts], {}),
        ("footnotes",
         f"The report's {len(data.footnotes)} footnotes: where they sit and what they cite",
         [_f("number", "integer", "Footnote number"), _f("section", "string", "Report section"),
          _f("cites", "array", "Works it cites: [{source, pages}]"),
          _f("gloss", "string", "What an explanatory footnote says, in our words")],
         [[f.number, f.section, [{"source": c.source, "pages": c.pages} for c in f.cites],
           f.gloss] for f in data.footnotes], {}),
        ("sources", "The bibliography: the report, the works it cites and the data sets "
         "(in full, as CSL-JSON, in sources.json)",
         [_f("id", "string", "Stable id (anchor on /sources/)"),
          _f("type", "string", "CSL item type"), _f("title", "string", "Title as published"),
          _f("authors", "string", "Authors, 'Family, Given' or a body, separated by '; '"),
          _date("issued", "Publication date"), _f("url", "string", "Address", format="uri"),
          _f("licence", "string", "Licence, for data sets")],
         [[s.id, s.type, s.title, _names(s), s.issued, s.url, s.licence] for s in data.sources],
         {}),
        ("citations", "Which source, and where in the report, supports each record",
         [_f("record_type", "string", "places, organisations, projects, events or facts"),
          _f("record_id", "string", "The record's id"),
          _f("source", "string", "Source id"), _f("section", "string", "Report section id"),
          _f("footnotes", "array", "Report footnote numbers"),
          _f("table", "integer", "Report table number"),
          _f("figure", "integer", "Report figure number"),
          _f("pages", "string", "Pages of a source other than the report")],
         list(_citation_rows(data)),
         {"foreignKeys": [{"fields": "source",
                           "reference": {"resource": "sources", "fields": "id"}}]}),
        ("editorial_notes", "Where the report contradicts itself or a checkable fact: our notes",
         [_f("record_type", "string", "Kind of record (report-tables: a table or one of its "
             "rows, as table:row)"),
          _f("record_id", "string", "Its id"),
          _f("text", "string", "The note"), _f("sources", "array", "Source ids it relies on"),
          _f("basis", "string", "general-knowledge where the note rests on no cited source")],
         list(_note_rows(data)), {}),
    ]
    return out


def _record_sets(data: Dataset) -> list[tuple[str, Sequence[Any]]]:
    return [("places", (*data.countries, *data.partners, *data.places)),
            ("organisations", data.organisations), ("projects", data.projects),
            ("events", data.events), ("facts", data.facts)]


def _citation_rows(data: Dataset) -> Iterable[list[Any]]:
    for kind, records in _record_sets(data):
        for record in records:
            cites: tuple[Cite, ...] = record.cite
            for c in cites:
                yield [kind, record.id, c.source, c.section, list(c.footnote), c.table,
                       c.figure, c.pages]


def _note_rows(data: Dataset) -> Iterable[list[Any]]:
    noted: list[tuple[str, str, tuple[Note, ...]]] = [
        (kind, r.id, r.notes) for kind, records in [*_record_sets(data), ("sources", data.sources)]
        for r in records]
    noted += [("footnotes", str(f.number), f.notes) for f in data.footnotes]
    noted += [("report-tables", f"{t.number}:{row.event or row.organisation}", row.notes)
              for t in data.report.tables for row in t.rows]
    noted += [("report-tables", str(t.number), t.notes) for t in data.report.tables]
    for kind, record_id, notes in noted:
        for note in notes:
            yield [kind, record_id, note.text, sorted({c.source for c in note.cite}),
                   note.basis or ""]


def _entry(site: SiteInfo, source: Source) -> str:
    # A source without an address of its own (a list the report prints, a figure from a
    # presentation) is described in the site's bibliography: a reuser can follow that.
    return f"{site.url}sources/#{source.id}"


def package(data: Dataset, site: SiteInfo) -> tuple[dict[str, Any], dict[str, str]]:
    """The datapackage.json descriptor and the files it names (relative to /data/)."""
    report = data.get("sources", REPORT_ID)
    ours = licence(site.settings.licence)
    report_source = {"title": f"Okamoto (2022), {report.title}",
                     "path": report.url or _entry(site, report)}
    files: dict[str, str] = {}
    resources: list[dict[str, Any]] = []
    for name, description, fields, rows, extra in _tables(data):
        path = f"{name}.csv"
        files[path] = _csv([f["name"] for f in fields], rows)
        schema: dict[str, Any] = {"fields": fields}
        if name not in ("project_participants", "citations", "editorial_notes"):
            schema["primaryKey"] = "number" if name == "footnotes" else "id"
        schema.update(extra)
        resources.append({
            "name": name.replace("_", "-"), "path": path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": description, "schema": schema,
            "licenses": [ours], "sources": [report_source]})
    for table in data.tables.values():
        source = data.get("sources", table.meta.id)
        path = table.file.rsplit("/", 1)[-1]
        files[path] = (data.root / path).read_bytes().decode("utf-8")  # byte for byte
        resources.append({
            "name": table.meta.id, "path": path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "title": table.meta.title, "description": " ".join((table.meta.description or
                                                                 "").split()),
            "schema": {"fields": [
                _f(c.name, c.type, (c.description or c.name)
                   + (f" (unit: {c.unit})" if c.unit else "")) for c in table.meta.columns]},
            "licenses": [licence(source.licence, source.url)],
            "sources": [{"title": source.title, "path": source.url or _entry(site, source)}]})
    files["sources.json"] = json.dumps(_csl_bibliography(data), ensure_ascii=False, indent=1)
    resources.append({
        "name": "bibliography-csl", "path": "sources.json", "format": "json",
        "mediatype": "application/vnd.citationstyles.csl+json",
        "description": "The whole bibliography as CSL-JSON, for reference managers",
        "licenses": [ours]})
    geo_file, geo_source = GEOJSON
    if (data.root / geo_file).is_file():
        source = data.get("sources", geo_source)
        files[geo_file] = (data.root / geo_file).read_bytes().decode("utf-8")
        resources.append({
            "name": "asean-countries-50m", "path": geo_file, "format": "geojson",
            "mediatype": "application/geo+json", "title": source.title,
            "description": "Boundaries of the ten ASEAN member states, for maps",
            "licenses": [licence(source.licence, source.url)],
            "sources": [{"title": source.title, "path": source.url or _entry(site, source)}]})
    descriptor = {
        "profile": "data-package",
        "name": f"{site.settings.key}-dataset", "id": site.url + f"{FOLDER}/datapackage.json",
        "title": f"{site.name}: the dataset",
        "description": f"Every record behind {site.name}: what Okamoto's ROLES Report No. 20 "
                       "(2022) says, as records with their sources, and the public data sets "
                       "it relies on.",
        "version": site.settings.version, "homepage": site.url + f"{FOLDER}/",
        "created": f"{site.settings.release_date}T00:00:00Z",
        "contributors": [{"title": a.display, "role": "author"} for a in site.settings.authors],
        "licenses": [ours], "sources": [report_source], "resources": resources,
    }
    return descriptor, files


def _csl_bibliography(data: Dataset) -> list[dict[str, Any]]:
    from sitegen.cite_csl import source_record

    return [source_record(s) for s in data.sources]


def files(data: Dataset, site: SiteInfo) -> dict[str, str]:
    """The /data/ page and every file of the package, keyed by path under the site."""
    descriptor, payload = package(data, site)
    out = {f"{FOLDER}/{path}": text for path, text in payload.items()}
    out[f"{FOLDER}/datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2)
    sizes = {path: len(text.encode("utf-8")) for path, text in out.items()}
    out[f"{FOLDER}/index.md"] = render(
        "pages/data.md.j2", descriptor=descriptor, sizes=sizes, folder=FOLDER,
        rows={r["path"]: sum(1 for _ in csv.reader(io.StringIO(payload[r["path"]]))) - 1
              for r in descriptor["resources"] if r["path"].endswith(".csv")})
    return out
