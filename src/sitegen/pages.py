"""Every generated reference page, as Markdown keyed by its path under docs_dir."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen import cite_sources, dates, paths
from sitegen.citations import cites_markdown, page_locator, sentence_end, short_label
from sitegen.model import REPORT_ID, Cite, Event, Organisation, Place, Programme, Project
from sitegen.narrative import expand
from sitegen.render import md_escape, render

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sitegen.dataset import Dataset

# The timeline's periods: (first year, last year, heading).
PERIODS = (
    (0, 1999, "Roots: from data-driven planning to a buzzword (1960s–1990s)"),
    (2000, 2009, "Companies and governments take up the idea (2000s)"),
    (2010, 2017, "The idea spreads, and reaches ASEAN (2010–2017)"),
    (2018, 9999, "The ASEAN Smart Cities Network and the partners (2018–2020)"),
)
CATEGORY_LABELS = {
    "concept": "Idea", "corporate": "Corporate", "national-policy": "Government policy",
    "local-policy": "City policy", "regional": "Regional / ASEAN",
    "international-cooperation": "International cooperation", "project": "Project",
}


@dataclass
class Footnotes:
    """Collects the citation footnotes of one page, numbered once per distinct source set."""

    data: Dataset
    page: str
    labels: dict[str, str] = field(default_factory=dict)

    def ref(self, cites: Iterable[Cite]) -> Markup:
        """A footnote reference whose definition lists these citations."""
        cites = tuple(cites)
        if not cites:
            return Markup("")
        text = str(cites_markdown(self.data, self.page, cites))
        label = self.labels.setdefault(text, f"c{len(self.labels) + 1}")
        return Markup(f"[^{label}]")

    def definitions(self) -> Markup:
        """The footnote definitions, to go at the end of the page."""
        return Markup("\n".join(f"[^{label}]: {text}" for text, label in self.labels.items()))


class Context:
    """What every page template gets: the data, link helpers and the page's footnotes."""

    def __init__(self, data: Dataset, page: str) -> None:
        self.data, self.page, self.notes = data, page, Footnotes(data, page)

    def link(self, kind: str, record_id: str, text: str | None = None) -> Markup:
        """A link to a record from this page, labelled with its name unless told."""
        if text is None:
            record = self.data.get(kind, record_id)
            text = getattr(record, "short_name", None) or getattr(record, "name", None) or \
                getattr(record, "title", record_id)
        return paths.link(self.data, self.page, kind, record_id, str(text))

    def place(self, place_id: str) -> Markup:
        """A link to a member, partner or other place."""
        return self.link("all_places", place_id, self.data.place(place_id).name)

    def kind_of(self, record_id: str) -> str:
        """Which kind of record an id names: an organisation, a place or a project."""
        for kind in ("organisations", "all_places", "projects"):
            if record_id in self.data.by_id[kind]:
                return kind
        raise KeyError(record_id)

    def to(self, target: str, anchor: str = "") -> Markup:
        """A relative address of another page file (made of ids, so safe as it is)."""
        return Markup(paths.rel(self.page, target, anchor))

    def cite(self, cites: Iterable[Cite]) -> Markup:
        """A footnote reference for these citations."""
        return self.notes.ref(cites)

    def date(self, value: str | None, approx: str | None = None) -> str:
        """A partial date in words."""
        return dates.display(value, approx) if value else "date not given"

    def date_in_sentence(self, value: str, approx: str | None = None) -> str:
        """A partial date inside a sentence: a decade takes its article ('the 2000s')."""
        return dates.in_sentence(value, approx)

    def year(self, value: str | None, approx: str | None = None) -> str:
        """The year or decade of a partial date, for a sortable year column ("" if none)."""
        return dates.year_label(value, approx) if value else ""

    def render(self, template: str, **extra: Any) -> str:
        """Render a page template and append its footnotes."""
        body = render(template, c=self, data=self.data, md=md_escape, label=short_label,
                      categories=CATEGORY_LABELS, kind_of=self.kind_of, **extra)
        notes = str(self.notes.definitions())
        return body.rstrip("\n") + ("\n\n" + notes + "\n" if notes else "\n")


def events_for(data: Dataset, *, place: str | None = None, actor: str | None = None,
               project: str | None = None) -> list[Event]:
    """The events that involve a place, an organisation or a project, in date order."""
    rel = data.relations  # indexed: scanning every event for every page is quadratic
    found: set[int] = set()
    for index, key in ((rel.events_by_place, place), (rel.events_by_actor, actor),
                       (rel.events_by_project, project)):
        if key:
            found.update(index.get(key, ()))
    return [data.events[i] for i in sorted(found)]


def projects_for(data: Dataset, place: str) -> list[Project]:
    """Projects in a country, or that the country is involved in."""
    return [data.projects[i] for i in data.relations.projects_by_place.get(place, ())]


def home_countries(data: Dataset, project: Project) -> list[str]:
    """Distinct home countries of the organisations and countries the report says take part
    in a project (not those it only mentions beside it or says are invited)."""
    homes = [data.get("organisations", o.id).home for o in project.organisations if o.stated]
    homes += [i.country for i in project.involved_countries if i.stated]
    return list(dict.fromkeys(h for h in homes if h))


def org_projects(data: Dataset, org_id: str) -> list[Project]:
    """Projects an organisation takes part in."""
    return [data.projects[i] for i in data.relations.projects_by_org.get(org_id, ())]


@dataclass(frozen=True)
class FirstDate:
    """The earliest date the report gives an organisation, and the event or programme
    that gives it. The date keeps its own precision: the report's "late 1960s" stays a
    decade and is never shown as 1960."""

    date: str
    approx: str | None = None
    event: Event | None = None
    programme: Programme | None = None


def first_date(data: Dataset, org: Organisation) -> FirstDate | None:
    """The earliest date the report places the organisation at: its events and programmes.

    Dates compare chronologically (dates.sort_key); on a tie an event wins over a programme.
    """
    found = [FirstDate(e.date, e.approx, event=e) for e in events_for(data, actor=org.id)]
    found += [FirstDate(p.date, programme=p) for p in org.programmes if p.date]
    return min(found, key=lambda f: dates.sort_key(f.date, f.approx), default=None)


ENGAGEMENT_CATEGORIES = ("international-cooperation", "regional")


def asean_engagements(data: Dataset, events: Iterable[Event]) -> list[Event]:
    """The events that engage ASEAN or its smart-city network, in the order given.

    An event qualifies if it is a row of the report's Table 1 (the major powers' approaches
    to the ASCN), or if it is a cooperation or regional event whose actors include ASEAN or
    the ASCN, or whose countries include an ASEAN member state. A cooperation event between
    other parties (the Clinton Global Initiative's launch, say) does not.
    """
    table_1 = {r.event for t in data.report.tables if t.number == 1 for r in t.rows}
    members = {p.id for p in data.countries}
    bodies = {o.id for o in data.organisations if o.kind == "regional-organisation"}
    return [e for e in events if e.id in table_1 or (
        e.category in ENGAGEMENT_CATEGORIES
        and (members.intersection(e.countries) or bodies.intersection(e.actors)))]


def region_wide(data: Dataset, event: Event) -> bool:
    """Whether an event names every ASEAN member: it concerns the region, not one country."""
    return {p.id for p in data.countries} <= set(event.countries)


def orgs_for_place(data: Dataset, place: str) -> list[Organisation]:
    """Organisations from a place, or active in it through its events and projects."""
    active = {a for e in events_for(data, place=place) for a in e.actors}
    active |= {o.id for i in data.relations.project_places.get(place, ())
               for o in data.projects[i].organisations}
    return [o for o in data.organisations if o.home == place or o.id in active]


def facts_for(data: Dataset, subject: str) -> list[Any]:
    """Facts about a subject."""
    return [data.facts[i] for i in data.relations.facts_by_subject.get(subject, ())]


def sources_cited(data: Dataset, cites: Iterable[Cite]) -> list[str]:
    """Every source id behind these citations, footnotes followed, report first."""
    out: dict[str, None] = {}
    for cite in cites:
        out[cite.source] = None
        for number in cite.footnote:
            out.update((c.source, None) for c in data.footnote(number).cites)
    return sorted(out, key=lambda s: (s != REPORT_ID, s))


def _record_cites(*records: Any) -> list[Cite]:
    out: list[Cite] = []
    for record in records:
        out += list(getattr(record, "cite", ()))
    return out


def _place_page(data: Dataset, kind: str, place: Place) -> str:
    page = f"{kind}/{place.id}.md"
    c = Context(data, page)
    events = events_for(data, place=place.id)
    projects = projects_for(data, place.id)
    orgs = orgs_for_place(data, place.id)
    urban = _urban(data, place.iso3) if kind == "countries" else None
    pilots = [r for r in data.tables["ascn-pilot-cities-list"].rows
              if r["country_iso3"] == place.iso3] if kind == "countries" else []
    cites = _record_cites(place, *events, *projects, *facts_for(data, place.id))
    template = "country" if kind == "countries" else "partner"
    engagements = asean_engagements(data, events)
    engaged = {e.id for e in engagements}
    return c.render(f"pages/{template}.md.j2", place=place, events=events, projects=projects,
                    orgs=orgs, urban=urban, pilots=pilots, facts=facts_for(data, place.id),
                    sources=sources_cited(data, cites), homes=lambda p: home_countries(data, p),
                    engagements=engagements,
                    history=[e for e in events if e.id not in engaged],
                    regional=[e for e in events if region_wide(data, e)])


def _urban(data: Dataset, iso3: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("urban-population-wdi-2023", "urban-population-wdi-2026"):
        table = data.tables.get(key)
        if table is None:
            continue
        rows = {int(r["year"]): float(r["urban_pct"]) for r in table.rows if r["iso3"] == iso3}
        out[key] = {"source": data.get("sources", key), "rows": rows}
    return out


def generate_pages(data: Dataset) -> dict[str, str]:
    """Every generated page: path under docs_dir -> Markdown."""
    out: dict[str, str] = {}
    out[paths.TIMELINE] = Context(data, paths.TIMELINE).render(
        "pages/timeline.md.j2", periods=_periods(data.events))
    for kind in ("countries", "partners"):
        records = getattr(data, kind)
        index = paths.SECTION_INDEX[kind]
        out[index] = Context(data, index).render(
            f"pages/{kind}-index.md.j2", records=records, places=data.places,
            events_for=lambda p: events_for(data, place=p),
            projects_for=lambda p: projects_for(data, p))
        for place in records:
            out[f"{kind}/{place.id}.md"] = _place_page(data, kind, place)
    for org in data.organisations:
        page, _ = paths.record_page(data, "organisations", org.id)
        c = Context(data, page)
        events = events_for(data, actor=org.id)
        out[page] = c.render("pages/organisation.md.j2", org=org, events=events,
                             projects=org_projects(data, org.id),
                             first=first_date(data, org), facts=facts_for(data, org.id))
    for kind in ("vendors", "organisations"):
        index = paths.SECTION_INDEX[kind]
        orgs = [o for o in data.organisations if o.vendor == (kind == "vendors")]
        out[index] = Context(data, index).render(
            f"pages/{kind}-index.md.j2", orgs=orgs,
            org_projects=lambda o: org_projects(data, o),
            first_date=lambda o: first_date(data, o))
    table2 = _table2_project(data)  # once: it looks at every project
    for project in data.projects:
        page = f"projects/{project.id}.md"
        out[page] = Context(data, page).render(
            "pages/project.md.j2", project=project, events=events_for(data, project=project.id),
            homes=home_countries(data, project), facts=facts_for(data, project.id),
            table2=project.id == table2)
    index = paths.SECTION_INDEX["projects"]
    out[index] = Context(data, index).render(
        "pages/projects-index.md.j2", homes=lambda p: home_countries(data, p))
    out[paths.NUMBERS] = Context(data, paths.NUMBERS).render("pages/numbers.md.j2")
    # The chapters live in content/ beside data/ (mkdocs.yml's docs_dir).
    out[paths.SOURCES] = Context(data, paths.SOURCES).render(
        "pages/sources.md.j2", entries=cite_sources.entries(data), locator=page_locator,
        sentence_end=sentence_end,
        citing=cite_sources.citing(data, data.root.parent / "content", _citing(data)))
    return {path: expand(text, path, data) for path, text in out.items()}


def _table2_project(data: Dataset) -> str | None:
    table = next((t for t in data.report.tables if t.number == 2), None)
    if table is None:
        return None
    members = {r.organisation for r in table.rows}
    best = max(data.projects, key=lambda p: len(members & {o.id for o in p.organisations}))
    return best.id


def _periods(events: Iterable[Event]) -> list[tuple[str, str, list[Event]]]:
    groups: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        year = dates.year_of(event.date)
        index = next(i for i, (lo, hi, _) in enumerate(PERIODS) if lo <= year <= hi)
        groups[index].append(event)
    return [(f"period-{i + 1}", PERIODS[i][2], groups[i]) for i in sorted(groups)]


def _citing(data: Dataset) -> dict[str, list[tuple[str, str, str]]]:
    """source id -> [(page, anchor, label)] of every record that cites it, footnotes followed."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    kinds = ("countries", "partners", "organisations", "projects", "events", "facts")
    for kind in kinds:
        for record in getattr(data, kind):
            page, anchor = paths.record_page(data, kind, record.id)
            name = getattr(record, "name", None) or getattr(record, "title", None) or \
                getattr(record, "label", record.id)
            for source in sources_cited(data, record.cite):
                if source != REPORT_ID:
                    out[source].append((page, anchor, str(name)))
    return out


def redirect_pages(data: Dataset, site_url: str) -> dict[str, str]:
    """HTML pages at renamed records' old addresses, pointing at the new ones."""
    out: dict[str, str] = {}
    for kind in ("countries", "partners", "projects", "organisations"):
        for record in getattr(data, kind):
            page, _ = paths.record_page(data, kind, record.id)
            folder = str(Path(page).with_suffix(""))
            for old in record.former_ids:
                old_folder = str(Path(folder).parent / old)
                target = "../" + Path(folder).name + "/"
                out[f"{old_folder}/index.html"] = render(
                    "redirect.html.j2", target=target,
                    canonical=site_url.rstrip("/") + "/" + folder + "/")
    return out
