"""Charts of the report's own records: Table 1 over time, the whole timeline, who builds
where, and the national targets and counts."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

import altair as alt

from sitegen import dates, names
from sitegen.charts.marks import bars_height, labelled_bars
from sitegen.charts.model import AltChart, Chart, Column, Row, named_data, num
from sitegen.charts.theme import PALETTE, WORLD_GREY
from sitegen.model import REPORT_ID
from sitegen.render import counted, fact_value

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sitegen.dataset import Dataset
    from sitegen.model import Event, Project

CATEGORY_LABELS = {
    "concept": "Idea", "corporate": "Corporate", "national-policy": "Government policy",
    "local-policy": "City policy", "regional": "Regional / ASEAN",
    "international-cooperation": "International cooperation", "project": "Project",
}
# The one printed date in the report that is probably a slip (report.yaml, Table 1's notes):
# both charts that plot it say so beside the chart, as the timeline and Table 1 do.
TABLE_1_DATE_NOTE = (
    "Table 1 dates the first ASEAN-Japan high-level meeting 2019.01 but lists it after a June "
    "2019 row, and the report's text places it four months after that June, that is in "
    "October 2019. The chart keeps the printed month.")
REPORT_LICENCE = ("Facts compiled by this site from Okamoto (2022), ROLES Report No. 20; "
                  "the report's text is not reproduced")


def _month_start(value: str) -> str:
    """An ISO date for plotting a partial date: its first day (the report gives months)."""
    iso = dates.iso(value)
    return iso + "-01" * (3 - len(iso.split("-")))


def _engagements(rows: Sequence[Row]) -> AltChart:
    by_date = sorted(rows, key=lambda r: str(r["date"]))
    partners = list(dict.fromkeys(str(r["partner"]) for r in by_date))
    base = alt.Chart(named_data())
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"),
              scale=alt.Scale(domain=["2018-01-01", "2021-01-01"]))
    y = alt.Y("partner:N", title=None, sort=partners)
    rule = base.mark_rule(strokeDash=[2, 3], opacity=0.6).encode(
        y=y, x=alt.X("min(date):T"), x2=alt.value(0))
    dots = base.mark_point(filled=True, size=140, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("partner:N", sort=partners, legend=None,
                        scale=alt.Scale(domain=partners, range=list(PALETTE[:len(partners)]))),
        tooltip=[alt.Tooltip("partner:N", title="Partner"),
                 alt.Tooltip("printed_date:N", title="Date in Table 1"),
                 alt.Tooltip("title:N", title="What happened")],
    )
    return alt.layer(rule, dots)


def _steps(per_partner: Counter[str]) -> str:
    """How many steps each partner took, in words: 'three steps by Japan, one by China'."""
    counts = [counted(n, "step") for n in per_partner.values()]
    # The noun once, with the first count; the others are its number alone.
    counts[1:] = [c.split(" ")[0] for c in counts[1:]]
    parts = [f"{c} by {names.in_text(name)}" for c, name in zip(counts, per_partner, strict=True)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def ascn_engagements(data: Dataset) -> Chart:
    """The report's Table 1 drawn over time: when each major partner approached the ASCN."""
    table = next(t for t in data.report.tables if t.number == 1)
    partner_ids = {p.id for p in data.partners}
    rows: list[Row] = []
    for order, row in enumerate(table.rows, start=1):
        event = data.get("events", str(row.event))
        partner = next(c for c in event.countries if c in partner_ids)
        rows.append({"order_in_table": order, "partner": data.place(partner).name,
                     "printed_date": row.printed_date, "date": _month_start(event.date),
                     "event": event.id, "title": event.title})
    steps = Counter(str(r["partner"]) for r in rows)
    return Chart(
        id="ascn-engagements",
        title="The major partners' approaches to the ASEAN Smart Cities Network, 2018–2020",
        description=(
            "Each dot is one row of the report's Table 1: a step one of the six major partners "
            "took towards the ASEAN Smart Cities Network, placed at the month the table gives. "
            "Japan moved first, within months of the network's launch in 2018, and the United "
            "States and China followed; by the end of 2020 South Korea, Australia and the "
            "European Union had all joined in. The dotted line runs up to each partner's first "
            "step. The picture is the report's point about many powers courting the same "
            "network at once."),
        alt=(f"Dot chart of the {len(rows)} rows of the report's Table 1 by partner and month, "
             f"from {rows[0]['printed_date']} to {rows[-1]['printed_date']}: "
             + _steps(steps) + "."),
        sources=(REPORT_ID,),
        licence=REPORT_LICENCE,
        columns=(Column("order_in_table", "Row in Table 1", "integer"),
                 Column("partner", "Partner"),
                 Column("printed_date", "Date as printed in Table 1"),
                 Column("date", "Date plotted (first day of the month)"),
                 Column("event", "Event id"), Column("title", "What happened")),
        rows=tuple(rows), build=_engagements, height=230, report_ref="Table 1",
        section="asean",
        notes=(TABLE_1_DATE_NOTE,),
    )


def _timeline(rows: Sequence[Row]) -> AltChart:
    categories = list(CATEGORY_LABELS.values())
    return alt.Chart(named_data()).mark_circle(size=70, opacity=0.9).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=7),
                scale=alt.Scale(domain=[1960, 2021], nice=False)),
        y=alt.Y("category:N", title=None, sort=categories),
        yOffset=alt.YOffset("shift:Q", scale=alt.Scale(domain=[-2.6, 2.6])),
        color=alt.Color("category:N", sort=categories, legend=None,
                        scale=alt.Scale(domain=categories, range=list(PALETTE[:7]))),
        tooltip=[alt.Tooltip("when:N", title="When"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("category:N", title="Category")],
    )


def timeline_overview(data: Dataset) -> Chart:
    """Every dated event in the report, one dot each, by category."""
    def slot(event: Event) -> tuple[str, int]:
        return CATEGORY_LABELS[event.category], int(dates.sort_key(event.date, event.approx)[0])

    sizes = Counter(slot(e) for e in data.events)
    seen: Counter[tuple[str, int]] = Counter()
    rows: list[Row] = []
    for event in data.events:
        category, year = slot(event)
        # Dots of one year and kind are stacked around the row's centre line.
        shift = seen[(category, year)] - (sizes[(category, year)] - 1) / 2
        seen[(category, year)] += 1
        rows.append({"event": event.id, "title": event.title, "category": category,
                     "date": event.date, "when": dates.display(event.date, event.approx),
                     "year": year, "shift": shift})
    counts = Counter(str(r["category"]) for r in rows)
    busiest = max(counts, key=lambda c: counts[c])
    recent = sum(1 for r in rows if num(r["year"]) >= 2010)
    return Chart(
        id="timeline-overview",
        title="Every dated event in the report, by kind, 1960s–2020",
        description=(
            "All the dated happenings the report mentions, one dot each, sorted into the kinds "
            "of actor or action behind them. A few early roots lie in the 1960s to 1990s; "
            "companies take up the idea in the 2000s, governments in the 2010s, and from 2018 "
            "the dots crowd into international cooperation around ASEAN. Dates are as precise "
            "as the report makes them: an event dated only to a decade sits at its start, or "
            "later in it when the report says mid or late. Dots in the same year are stacked."),
        alt=(f"Dot chart of {len(rows)} events by category and year; {recent} of them fall in "
             f"2010 or later, and the largest category is {busiest.lower()} with "
             f"{counts[busiest]} events."),
        sources=(REPORT_ID,),
        licence=REPORT_LICENCE,
        columns=(Column("event", "Event id"), Column("title", "Event"),
                 Column("category", "Category"), Column("date", "Date as recorded"),
                 Column("when", "Date in words"), Column("year", "Year plotted", "integer"),
                 Column("shift", "Offset within its year's stack (dot widths)", "number")),
        rows=tuple(rows), build=_timeline, height=360, section="emergence",
        notes=(TABLE_1_DATE_NOTE,),
    )


BASES = ["organisations named", "country named, no organisation"]
# Long project names get less room on a phone, so the matrix keeps some width: there a name
# longer than WRAP characters breaks onto two lines, at its last space within the first WRAP.
NARROW = "(containerSize()[0] || 600) < 560"
NARROW_LABELS = f"{NARROW} ? 120 : 220"
WRAP = 18
_CUT = f"lastindexof(substring(datum.label, 0, {WRAP + 1}), ' ')"
_WRAPS = f"{NARROW} && length(datum.label) > {WRAP} && {_CUT} > 0"
NARROW_LINES = (f"{_WRAPS} ? [substring(datum.label, 0, {_CUT}), "
                f"substring(datum.label, {_CUT} + 1)] : datum.label")
# Vega sets the first line at the tick; half a line up centres the two on it.
LINE_HEIGHT = 13
NARROW_OFFSET = f"{_WRAPS} ? {-LINE_HEIGHT / 2} : 0"


def _who(rows: Sequence[Row]) -> AltChart:
    projects = list(dict.fromkeys(str(r["project"]) for r in rows))
    homes = list(dict.fromkeys(str(r["home_country"]) for r in rows))
    base = alt.Chart(named_data())
    relations = ["foreign", "same country as the project"]
    colours = alt.Scale(domain=relations, range=[PALETTE[3], PALETTE[0]])
    # Where the actors come from shows in colour and in shape; whether the report names them,
    # in a filled or hollow mark.
    return base.mark_point(filled=True, strokeWidth=2, opacity=1).encode(
        x=alt.X("home_country:N", title="Home country of those involved", sort=homes,
                axis=alt.Axis(labelAngle=-40, labelLimit=140)),
        y=alt.Y("project:N", title=None, sort=projects,
                axis=alt.Axis(labelLimit={"expr": NARROW_LABELS}, labelExpr=NARROW_LINES,
                              labelLineHeight=LINE_HEIGHT,
                              labelOffset={"expr": NARROW_OFFSET})),
        size=alt.Size("size:Q", title="Organisations named",
                      scale=alt.Scale(domain=[0, 3], range=[60, 420]),
                      legend=alt.Legend(orient="bottom", format="d",
                                        values=sorted({int(num(r["size"])) for r in rows}))),
        color=alt.Color("relation:N", title=None, scale=colours,
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        shape=alt.Shape("relation:N", title=None,
                        scale=alt.Scale(domain=relations, range=["circle", "square"]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        stroke=alt.Stroke("relation:N", scale=colours, legend=None),
        fillOpacity=alt.FillOpacity("basis:O", sort=BASES, legend=None,
                                    scale=alt.Scale(domain=BASES, range=[1, 0])),
        strokeDash=alt.StrokeDash("basis:N", title=None, sort=BASES,
                                  scale=alt.Scale(domain=BASES, range=[[1, 0], [3, 2]]),
                                  legend=alt.Legend(orient="bottom", direction="vertical",
                                                    symbolFillColor="transparent",
                                                    symbolStrokeColor=WORLD_GREY)),
        tooltip=[alt.Tooltip("project:N", title="Project"),
                 alt.Tooltip("home_country:N", title="From"),
                 alt.Tooltip("organisations:N", title="Organisations"),
                 alt.Tooltip("basis:N", title="Basis")],
    )


def _left_out(data: Dataset, project: Project, shown: bool) -> list[str]:
    """Notes on what the matrix leaves out of a project: what the report implies, not states."""
    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    out = []
    mentioned = [data.get("organisations", p.id).short_name
                 for p in project.organisations if not p.stated]
    invited = [names.in_text(data.place(i.country).name)
               for i in project.involved_countries if not i.stated]
    if mentioned:
        who = listed(mentioned)
        out.append((f"Shown without {who}: {project.name}. The report mentions {who} with it"
                    if shown else
                    f"Left out: {project.name}. The report mentions it with {who}")
                   + f" but does not say that {who} took part.")
    if invited:
        who = listed(invited)
        out.append((f"{project.name} is shown without {who}: the report says only that "
                    "firms from them are invited"
                    if shown else
                    f"Left out: {project.name}. The report says only that firms from {who} "
                    "are invited")
                   + ", not that any has joined.")
    return out


def who_builds_where(data: Dataset) -> Chart:
    """Projects against the home countries of the organisations (or countries) involved."""
    rows: list[Row] = []
    notes: list[str] = []
    for project in data.projects:
        by_home: dict[str, list[str]] = {}
        for part in project.organisations:
            org = data.get("organisations", part.id)
            if org.home and part.stated:
                by_home.setdefault(org.home, []).append(org.short_name)
        for involvement in project.involved_countries:
            if involvement.stated:
                by_home.setdefault(involvement.country, [])
        notes += _left_out(data, project, shown=bool(by_home))
        if not by_home:
            continue
        for home, named in by_home.items():
            domestic = home == project.country
            rows.append({
                "project": project.name, "project_id": project.id,
                "project_country": data.place(project.country).name,
                "home_country": data.place(home).name,
                "relation": "same country as the project" if domestic else "foreign",
                "basis": "organisations named" if named else "country named, no organisation",
                "organisations": "; ".join(named), "size": len(named) or 1,
            })
    per_project = Counter(str(r["project_id"]) for r in rows)
    rows.sort(key=lambda r: (-per_project[str(r["project_id"])], str(r["project"])))
    widest = str(rows[0]["project"]) if rows else ""
    n_homes = sum(1 for r in rows if r["project"] == widest)
    return Chart(
        id="who-builds-where",
        title="Who builds where: smart-city projects and the home countries of those involved",
        description=(
            "Each row is a project the report names, each column a country that firms, agencies "
            "or investors in it come from. Filled marks stand for organisations the report "
            "names, sized by how many; hollow dashed ones for countries it says are involved "
            "without naming anyone. Blue squares are actors from the project's own country, red "
            "circles foreign ones. The many-actor pattern the report warns about shows in the "
            "top rows: one new city draws in firms from half a dozen countries."),
        alt=(f"Matrix of {len({r['project_id'] for r in rows})} projects by home country of "
             f"those involved; {widest} involves the most countries ({n_homes})."),
        sources=(REPORT_ID,),
        licence=REPORT_LICENCE,
        columns=(Column("project", "Project"), Column("project_id", "Project id"),
                 Column("project_country", "Project in"), Column("home_country", "From"),
                 Column("relation", "Relation"), Column("basis", "Basis"),
                 Column("organisations", "Organisations named"),
                 Column("size", "Marker size (organisations, at least 1)", "integer")),
        rows=tuple(rows), build=_who, height=340, report_ref="Table 2 and section 4",
        section="conflict", notes=tuple(notes),
    )


# The facts the targets chart shows, with the short axis label (our words) for each.
TARGET_FACTS = {
    "indonesia-100-smart-cities": "Indonesia: target of its national movement (2017)",
    "thailand-smart-cities-target": "Thailand: target for smart cities by 2022",
    "thailand-world-class-smart-cities-target": "Thailand: target for world-class cities by 2022",
    "vietnam-smart-cities-target": "Vietnam: target for smart cities by 2020",
    "ascn-pilot-cities": "ASEAN: count of ASCN pilot cities (2018)",
    "china-smart-city-pilots": "China: count of pilot projects (January 2019)",
    "japan-super-city-proposals": "Japan: count of local governments bidding as super cities",
    "eu-smart-cities-2014": "EU28: count of cities with initiatives in place or proposed (2014)",
}


# The targets' axis runs to the next hundred above the largest value, labelled every hundred:
# with Vega's own ticks (every 20 at full width) overlap removal dropped every other label,
# the last one (the axis's end) among them.
TARGETS_STEP = 100


def _target_captions(rows: Sequence[Row]) -> dict[str, str]:
    return {str(r["label"]): f"{r['label']}: {r['in_words']}" for r in rows}


def _targets(rows: Sequence[Row]) -> AltChart:
    top = math.ceil(max(num(r["value"]) for r in rows) / TARGETS_STEP) * TARGETS_STEP
    return labelled_bars(
        _target_captions(rows),
        x=alt.X("value:Q", title="Number (cities, projects or local governments)",
                scale=alt.Scale(domainMax=top),
                axis=alt.Axis(values=list(range(0, top + 1, TARGETS_STEP)))),
        colour=alt.Color("kind:N", title=None,
                         scale=alt.Scale(domain=["target", "count"],
                                         range=[PALETTE[1], PALETTE[0]]),
                         legend=alt.Legend(orient="bottom",
                                           labelExpr="datum.label == 'target' ? "
                                                     "'Target (to be reached)' : "
                                                     "'Count (reached or claimed)'")),
        tooltip=[alt.Tooltip("label:N", title="What"), alt.Tooltip("in_words:N", title="Value"),
                 alt.Tooltip("fact:N", title="Fact id")])


def targets(data: Dataset) -> Chart:
    """National smart-city targets and counts the report gives, as bars."""
    rows: list[Row] = []
    for fact_id, label in TARGET_FACTS.items():
        fact = data.get("facts", fact_id)
        rows.append({"fact": fact.id, "label": label, "value": fact.value, "unit": fact.unit,
                     "qualifier": fact.qualifier, "kind": fact.kind,
                     "in_words": fact_value(fact), "date": fact.date,
                     "target_date": fact.target_date})
    rows.sort(key=lambda r: (r["kind"] != "target", -num(r["value"])))
    top = max(rows, key=lambda r: num(r["value"]))
    height, live_height = bars_height(_target_captions(rows))
    return Chart(
        id="targets",
        title="Smart-city targets and counts the report gives",
        description=(
            "The numbers of smart cities that ASEAN governments set out to build, next to the "
            "counts the report gives for the ASEAN network and for programmes outside the "
            "region. Orange bars are goals announced for the future, blue bars things said to "
            "exist already, and each bar's label says which. Side by side, the bars show the "
            "difference in scale: the national movements in Indonesia and Thailand each aim at "
            "a hundred cities or more, while China claimed five hundred pilot projects by early "
            "2019. Units differ from bar to bar, so each bar is labelled with its own."),
        alt=("Bar chart of " + "; ".join(f"{r['label']}: {r['in_words']}" for r in rows)
             + f". The largest is {top['label']}."),
        sources=(REPORT_ID,),
        licence=REPORT_LICENCE,
        columns=(Column("fact", "Fact id"), Column("label", "What"),
                 Column("value", "Value", "number"), Column("unit", "Unit"),
                 Column("qualifier", "Qualifier"), Column("kind", "Kind"),
                 Column("in_words", "Value in words"), Column("date", "Stated"),
                 Column("target_date", "Target date")),
        rows=tuple(rows), build=_targets, height=height, live_height=live_height,
        report_ref="sections 2 and 3",
        section="asean",
    )
