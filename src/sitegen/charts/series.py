"""Charts of the tabular data sets: urban population (both World Bank editions, never mixed
in one series), the small urbanisation chart of each country profile, and the internet economy."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import altair as alt

from sitegen.charts.marks import bars_height, labelled_bars
from sitegen.charts.model import AltChart, Chart, Column, Row, named_data, num
from sitegen.charts.theme import PALETTE, WORLD_GREY, legend_columns
from sitegen.names import in_text, possessive, site_names
from sitegen.render import one_decimal

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sitegen.dataset import Dataset

MAIN_EDITION = "urban-population-wdi-2023"
REVISION = "urban-population-wdi-2026"
# The report read a 2018 release in November 2021, which we do not have; the October 2023
# edition is the closest we hold, and later than the report's (data/sources.json says so too).
MAIN_EDITION_NOTE = "closest to the report's"
EDITION_LABELS = {
    MAIN_EDITION: f"WDI 2023 edition ({MAIN_EDITION_NOTE})",
    REVISION: "WDI 2026 revision",
}
WORLD = "WLD"
# On a phone an edition's label breaks before its bracket, so the legend keeps within the box.
_BRACKET = "indexof(datum.label, ' (')"
EDITION_LINES = (f"(containerSize()[0] || 600) < 560 && {_BRACKET} > 0"
                 f" ? [substring(datum.label, 0, {_BRACKET}),"
                 f" substring(datum.label, {_BRACKET} + 1)] : datum.label")
URBAN_COLUMNS = (
    Column("iso3", "ISO code", "string", "ISO 3166-1 alpha-3 code; WLD is the World aggregate"),
    Column("country", "Country", "string",
           "Name as this site spells it (the World Bank's own spelling stays in the source file)"),
    Column("year", "Year", "integer"),
    Column("urban_pct", "Urban population (% of total)", "number",
           "World Bank indicator SP.URB.TOTL.IN.ZS, unrounded"),
)
WDI_LICENCE = "World Bank, World Development Indicators, CC BY 4.0"
# The data table of a long series reads better as a year-by-country grid.
BY_YEAR = {"pivot": ("year", "country", "urban_pct")}


def _urban_rows(data: Dataset, edition: str) -> tuple[Row, ...]:
    names = site_names(data)
    return tuple({**r, "country": names.get(str(r["iso3"]), r["country"])}
                 for r in data.tables[edition].rows)


def _value(rows: Sequence[Row], iso3: str, year: int) -> float:
    return num(next(r["urban_pct"] for r in rows if r["iso3"] == iso3 and r["year"] == year))


# Each line ends in its name (in ink), so the lines are told apart without colour. Names
# closer than LABEL_GAP (in percentage points: 13 px at the charts' 320 px height) are spread
# apart, keeping their order, around the values they label.
LABEL_GAP = 4.2


def label_heights(ends: dict[str, float], gap: float = LABEL_GAP) -> dict[str, float]:
    """Where each line's end label sits: at its value, or spread from its neighbours."""
    # Clusters of labels (lowest first), each centred on the mean of the values it labels.
    clusters: list[list[str]] = [[name] for name in sorted(ends, key=lambda n: ends[n])]

    def centre(cluster: list[str]) -> float:
        return sum(ends[n] for n in cluster) / len(cluster)

    def bottom(cluster: list[str]) -> float:
        return centre(cluster) - gap * (len(cluster) - 1) / 2

    merged = True
    while merged:
        merged = False
        for i in range(len(clusters) - 1):
            low, high = clusters[i], clusters[i + 1]
            if bottom(low) + gap * len(low) > bottom(high):
                clusters[i:i + 2] = [low + high]
                merged = True
                break
    return {name: round(bottom(cluster) + gap * k, 2)
            for cluster in clusters for k, name in enumerate(cluster)}


def _urban_lines(rows: Sequence[Row]) -> AltChart:
    countries = [str(r["country"]) for r in rows if r["iso3"] != WORLD]
    world_name = next(str(r["country"]) for r in rows if r["iso3"] == WORLD)
    # Colour, dash and width all follow the country, the world last (grey and dashed). The
    # names at the lines' ends, each after a stroke of its line, stand in for a legend.
    order = [*dict.fromkeys(countries), world_name]
    members = len(order) - 1
    last = max(int(num(r["year"])) for r in rows)
    heights = label_heights({str(r["country"]): num(r["urban_pct"])
                             for r in rows if r["year"] == last})
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=7),
              scale=alt.Scale(domain=[1960, 2020], nice=False))
    color = alt.Color("country:N", title=None, sort=order, legend=None,
                      scale=alt.Scale(domain=order, range=[*PALETTE[:members], WORLD_GREY]))
    dash = alt.StrokeDash("country:N", title=None, sort=order, legend=None,
                          scale=alt.Scale(domain=order, range=[[1, 0]] * members + [[6, 4]]))
    lines = alt.Chart(named_data()).mark_line().encode(
        x=x,
        y=alt.Y("urban_pct:Q", title="Urban population (% of total)",
                scale=alt.Scale(domain=[0, 100])),
        color=color,
        strokeDash=dash,
        strokeWidth=alt.StrokeWidth("country:N", title=None, sort=order, legend=None,
                                    scale=alt.Scale(domain=order,
                                                    range=[2] * members + [3])),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("urban_pct:Q", title="Urban %", format=".1f")],
    )
    ends = alt.Chart(named_data()).transform_filter(f"datum.year === {last}").transform_calculate(
        label_pct=f"{json.dumps(heights)}[datum.country]")
    # A short stroke in the line's colour, then its name; screen readers have the lines.
    keys = ends.mark_point(shape="stroke", size=100, strokeWidth=2.5, opacity=1, xOffset=11,
                           aria=False).encode(x=x, y=alt.Y("label_pct:Q"), color=color,
                                             strokeDash=dash)
    names = ends.mark_text(align="left", baseline="middle", dx=19, fontSize=12,
                           aria=False).encode(
        x=x, y=alt.Y("label_pct:Q"), text=alt.Text("country:N"))
    return alt.layer(lines, keys, names)


def _spread_alt(rows: Sequence[Row], what: str) -> str:
    members = [r for r in rows if r["iso3"] != WORLD and r["year"] == 2020]
    low = min(members, key=lambda r: num(r["urban_pct"]))
    high = max(members, key=lambda r: num(r["urban_pct"]))
    return (f"Line chart of {what}, 1960 to 2020, one line per ASEAN member and a dashed line "
            f"for the world. In 2020 the members range from {num(low['urban_pct']):.0f}% "
            f"({low['country']}) to {num(high['urban_pct']):.0f}% ({high['country']}); "
            f"the world stands at {_value(rows, WORLD, 2020):.0f}%.")


def urban_population(data: Dataset) -> Chart:
    """The report's Figure 1, from the closest edition of its data that we hold."""
    rows = _urban_rows(data, MAIN_EDITION)
    return Chart(
        id="urban-population",
        title="Urban population share in the ten ASEAN members and the world, 1960–2020",
        description=(
            "The share of each member state's people who live in places classed as urban, "
            "year by year since 1960, with the world average for comparison. This is the "
            "World Bank series the report's Figure 1 draws on, in its October 2023 edition. "
            "Singapore has been wholly urban throughout; most other members started far below "
            "the world average and have been closing the gap, which is the pressure on cities "
            "that the report's opening pages describe. The World Bank has since revised the "
            "series, for some countries by a lot; the revision is charted separately and "
            "never joined to these lines."),
        alt=_spread_alt(rows, "the urban share of the population"),
        sources=(MAIN_EDITION, "okamoto-2022"),
        licence=WDI_LICENCE,
        columns=URBAN_COLUMNS, rows=rows, build=_urban_lines, height=320, extra=BY_YEAR,
        report_ref="Figure 1", section="introduction", anchor="figure-1",
        notes=("The report's source line says “World Bank 2018”; the figure runs to 2020. "
               "This chart uses the edition published in October 2023, the closest we "
               "hold to the one the report read; being later, it can differ slightly from "
               "the printed figure.",),
    )


def urban_population_revision(data: Dataset) -> Chart:
    """The same indicator from the World Bank's 2026 revision: an alternative, not a sequel."""
    rows = _urban_rows(data, REVISION)
    return Chart(
        id="urban-population-2026-revision",
        title="Urban population share, 1960–2020: the World Bank's 2026 revision",
        description=(
            "The same indicator, countries and years as the urban population chart, but from "
            "the World Bank's 2026 revision of its development indicators instead of the "
            "October 2023 edition closest to the report's. The revised estimates rest on newer "
            "methods and censuses and differ a great deal for some members: Cambodia, Thailand "
            "and the Philippines all come out markedly more urban in 2020. Read it as an "
            "alternative estimate of the same history, not as a continuation of the other chart."),
        alt=_spread_alt(rows, "the urban share of the population in the 2026 revision"),
        sources=(REVISION,),
        licence=WDI_LICENCE,
        columns=URBAN_COLUMNS, rows=rows, build=_urban_lines, height=320, extra=BY_YEAR,
        report_ref="Figure 1, later data", section="introduction", anchor="figure-1",
    )


def _editions_chart(rows: Sequence[Row]) -> AltChart:
    order = sorted({str(r["country"]) for r in rows if r["iso3"] != WORLD})
    order.append(next(str(r["country"]) for r in rows if r["iso3"] == WORLD))
    base = alt.Chart(named_data())
    y = alt.Y("country:N", title=None, sort=order)
    x = alt.X("urban_pct:Q", title="Urban population in 2020 (% of total)",
              scale=alt.Scale(domain=[0, 100]))
    link = base.mark_line(color=WORLD_GREY, strokeWidth=2).encode(
        x=x, y=y, detail="country:N")
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("edition:N", title=None,
                        scale=alt.Scale(domain=list(EDITION_LABELS.values()),
                                        range=[PALETTE[0], PALETTE[1]]),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          labelExpr=EDITION_LINES)),
        shape=alt.Shape("edition:N", title=None,
                        scale=alt.Scale(domain=list(EDITION_LABELS.values()),
                                        range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("edition:N", title="Edition"),
                 alt.Tooltip("urban_pct:Q", title="Urban % in 2020", format=".1f")],
    )
    return alt.layer(link, dots)


def urban_population_editions(data: Dataset) -> Chart:
    """Both editions' 2020 values side by side: each point is labelled with its edition."""
    rows: list[Row] = []
    for edition, label in EDITION_LABELS.items():
        for r in _urban_rows(data, edition):
            if r["year"] == 2020:
                rows.append({"iso3": r["iso3"], "country": r["country"], "edition": label,
                             "urban_pct": r["urban_pct"]})
    old, new = _urban_rows(data, MAIN_EDITION), _urban_rows(data, REVISION)
    moved = max((r for r in old if r["year"] == 2020 and r["iso3"] != WORLD),
                key=lambda r: abs(_value(new, str(r["iso3"]), 2020) - num(r["urban_pct"])))
    iso = str(moved["iso3"])
    return Chart(
        id="urban-population-editions",
        title="How much the 2026 revision moved the 2020 urban shares",
        description=(
            "For each member and the world, the urban share of 2020 in two editions of the "
            "World Bank indicator: the October 2023 edition, the closest to the one behind "
            "the report's figure, and the 2026 revision. The two are kept apart, one marker "
            "each, so the size of the revision shows at a glance. Where the markers sit far "
            "apart, statements about how urban a country is depend on which edition one reads."),
        alt=(f"Dot chart comparing two editions of the 2020 urban share. The largest change is "
             f"{in_text(str(moved['country']))}: {one_decimal(_value(old, iso, 2020))}% in the "
             f"2023 edition, {one_decimal(_value(new, iso, 2020))}% in the 2026 revision."),
        sources=(MAIN_EDITION, REVISION),
        licence=WDI_LICENCE,
        columns=(Column("iso3", "ISO code"), Column("country", "Country"),
                 Column("edition", "Edition"),
                 Column("urban_pct", "Urban population in 2020 (% of total)", "number")),
        rows=tuple(rows), build=_editions_chart, height=300, section="introduction",
    )


def _profile_chart(rows: Sequence[Row]) -> AltChart:
    series = list(dict.fromkeys(str(r["series"]) for r in rows))
    return alt.Chart(named_data()).mark_line(strokeWidth=2).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=7),
                scale=alt.Scale(domain=[1960, 2020], nice=False)),
        y=alt.Y("urban_pct:Q", title="Urban %", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5)),
        color=alt.Color("series:N", title=None, sort=series,
                        scale=alt.Scale(domain=series,
                                        range=[PALETTE[0], PALETTE[1], WORLD_GREY]),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          symbolType="stroke", labelExpr=EDITION_LINES)),
        strokeDash=alt.StrokeDash("series:N", sort=series, legend=None,
                                  scale=alt.Scale(domain=series,
                                                  range=[[1, 0], [5, 3], [2, 2]])),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("urban_pct:Q", title="Urban %", format=".1f")],
    )


def urbanisation_profile(data: Dataset, country_id: str) -> Chart:
    """The small chart on a country profile: the country in both editions and the world."""
    place = data.place(country_id)
    rows: list[Row] = []
    labels = ((MAIN_EDITION, place.iso3, f"{place.name}, WDI 2023 ({MAIN_EDITION_NOTE})"),
              (REVISION, place.iso3, f"{place.name}, WDI 2026 revision"),
              (MAIN_EDITION, WORLD, "World, WDI 2023"))
    for edition, iso3, label in labels:
        for r in data.tables[edition].rows:
            if r["iso3"] == iso3:
                rows.append({"series": label, "edition": edition, "iso3": iso3,
                             "year": r["year"], "urban_pct": r["urban_pct"]})
    old = _value(rows, str(place.iso3), 2020)
    new = next(num(r["urban_pct"]) for r in rows
               if r["edition"] == REVISION and r["year"] == 2020)
    start = _value(rows, str(place.iso3), 1960)
    return Chart(
        id=f"urbanisation-{country_id}",
        title=f"Urban population share in {in_text(place.name)}, 1960–2020",
        description=(
            f"How urban {in_text(place.name)} has become since 1960, in the World Bank edition "
            f"closest to the one behind the report's Figure 1 (October 2023) and in the bank's "
            f"2026 revision, drawn as separate lines, with the world average for reference."),
        alt=(f"Line chart: {possessive(place.name)} urban share rises from {start:.0f}% in 1960 to "
             f"{old:.0f}% in 2020 in the 2023 edition; the 2026 revision gives {new:.0f}% for "
             f"2020. The world average reaches {_value(rows, WORLD, 2020):.0f}%."),
        sources=(MAIN_EDITION, REVISION),
        licence=WDI_LICENCE,
        columns=(Column("series", "Series"), Column("edition", "Data set (source id)"),
                 Column("iso3", "ISO code"), Column("year", "Year", "integer"),
                 Column("urban_pct", "Urban population (% of total)", "number")),
        rows=tuple(rows), build=_profile_chart, height=170, group="profile",
        extra={"pivot": ("year", "series", "urban_pct")},
        page=f"countries/{country_id}.md",
    )


def _economy_captions(rows: Sequence[Row]) -> dict[str, str]:
    return {str(r["label"]): f"{r['label']}: USD {num(r['gmv_usd_bn']):,.0f} billion"
            for r in rows}


def _economy_chart(rows: Sequence[Row]) -> AltChart:
    kinds = list(dict.fromkeys(str(r["kind"]) for r in rows))
    return labelled_bars(
        _economy_captions(rows),
        x=alt.X("gmv_usd_bn:Q", title="USD billion, six countries (IDN, MYS, PHL, SGP, THA, VNM)",
                scale=alt.Scale(domainMax=300)),
        colour=alt.Color("kind:N", title=None, sort=kinds,
                         scale=alt.Scale(domain=kinds,
                                         range=[PALETTE[0], PALETTE[1], WORLD_GREY]),
                         legend=alt.Legend(orient="bottom", columns=legend_columns(3, 1))),
        tooltip=[alt.Tooltip("label:N", title="Figure"),
                 alt.Tooltip("gmv_usd_bn:Q", title="USD billion"),
                 alt.Tooltip("report_edition:N", title="Edition"),
                 alt.Tooltip("coverage:N", title="Covers")])


def _economy_alt(rows: Sequence[Row]) -> str:
    parts = [f"USD {num(r['gmv_usd_bn']):,.0f} billion for {r['label']}"
             for r in rows]
    return ("Bar chart of the internet economy's gross merchandise value in six countries: "
            + "; ".join(parts) + ".")


def internet_economy(data: Dataset) -> Chart:
    """The e-Conomy SEA headline figures the report quotes; they cover six countries."""
    table = data.tables["econ-sea-gmv"]
    rows: list[Row] = []
    for r in table.rows:
        kind = str(r["kind"])
        study = re.search(r"\b(20\d\d)\b", str(r["report_edition"]))
        # The label names the kind too, so colour is not the only thing that tells them apart.
        label = f"{r['year']} {kind}, {study[1] if study else 'e-Conomy SEA'} study"
        rows.append({"label": label, "year": r["year"],
                     "gmv_usd_bn": r["gmv_usd_bn"], "kind": kind,
                     "report_edition": r["report_edition"],
                     "coverage": "Indonesia, Malaysia, the Philippines, Singapore, Thailand "
                                 "and Vietnam (six of the ten members)"})
    height, live_height = bars_height(_economy_captions(rows))
    return Chart(
        id="internet-economy",
        title="Southeast Asia's internet economy in six countries: gross merchandise value",
        description=(
            "The headline sizes of the region's internet economy from the e-Conomy SEA studies "
            "by Google, Temasek and, from 2019, Bain & Company, which the report cites for its "
            "picture of a region living online. They cover six countries only: Indonesia, "
            "Malaysia, the Philippines, Singapore, Thailand and Vietnam, not Brunei, Cambodia, "
            "Lao PDR or Myanmar. Values for 2015 to 2019 are estimates; 2025 is a forecast, "
            "shown twice because the 2019 study raised the 2018 study's projection."),
        alt=_economy_alt(rows),
        sources=("econ-sea-gmv", "google-temasek-bain-2019", "okamoto-2022"),
        licence="Figures reported in the press from the e-Conomy SEA studies; no licence claimed",
        columns=(Column("label", "Figure"), Column("year", "Year", "integer"),
                 Column("gmv_usd_bn", "Gross merchandise value (USD billion)", "number"),
                 Column("kind", "Kind"), Column("report_edition", "Study edition"),
                 Column("coverage", "Countries covered")),
        rows=tuple(rows), build=_economy_chart, height=height, live_height=live_height,
        report_ref="footnote 3", section="introduction",
    )
