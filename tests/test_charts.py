"""Charts as specs: each validates against Vega-Lite, encodes what it claims, and plots exactly
the records recomputed here from the data (which is also what its CSV holds)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections import Counter
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import altair as alt
import jsonschema
import pytest
import vl_convert as vlc

from sitegen.charts import markup, specs
from sitegen.charts.maps import boundaries
from sitegen.charts.outputs import _indented, to_csv
from sitegen.charts.report import WRAP
from sitegen.charts.series import LABEL_GAP, MAIN_EDITION, REVISION, label_heights
from sitegen.charts.specs import Site

if TYPE_CHECKING:
    from sitegen.charts.model import Chart
    from sitegen.dataset import Dataset

REQUIRED = {"urban-population", "ascn-engagements", "ascn-pilot-cities", "timeline-overview",
            "who-builds-where", "targets", "internet-economy"}
SITE = Site(url="https://charts.example.net/explainer/", name="Test site", author="Tester")
SVG = "{http://www.w3.org/2000/svg}"


_CHARTS: dict[int, tuple[Dataset, dict[str, Chart]]] = {}


def charts(data: Dataset) -> dict[str, Chart]:
    """The chart definitions, made once per dataset."""
    if id(data) not in _CHARTS:
        _CHARTS[id(data)] = (data, {c.id: c for c in specs.definitions(data)})
    return _CHARTS[id(data)][1]


def all_ids(data: Dataset) -> list[str]:
    return list(charts(data))


@cache
def vl_schema() -> dict[str, Any]:
    schema: dict[str, Any] = alt.vegalite.v6.schema.core.load_schema()
    return schema


_SPECS: dict[tuple[int, str, str], dict[str, Any]] = {}


def spec(data: Dataset, chart_id: str, variant: specs.Variant = "download") -> dict[str, Any]:
    """A chart's spec, made once per variant (Altair validates the download's)."""
    key = (id(data), chart_id, variant)
    if key not in _SPECS:
        chart = charts(data)[chart_id]
        _SPECS[key] = specs.vega_lite(chart, variant, SITE, markup.source_labels(data, chart))
    return _SPECS[key]


def layers(vl: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's layers, each with its data (Altair hoists shared data to the top)."""
    if "layer" not in vl:
        return [vl]
    return [{"data": vl.get("data"), **layer} for layer in vl["layer"]]


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return str(mark["type"] if isinstance(mark, dict) else mark)


def csv_records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def as_text(value: object) -> str:
    return "" if value is None else str(value)


# The chart list

def test_every_chart_the_issue_asks_for_exists_with_a_profile_per_member(data: Dataset) -> None:
    ids = set(all_ids(data))
    assert ids >= REQUIRED
    assert {f"urbanisation-{c.id}" for c in data.countries} <= ids
    assert len(ids) == len(all_ids(data)), "chart ids are unique"
    for chart in charts(data).values():
        assert chart.title and chart.description and chart.alt and chart.licence
        assert chart.rows, chart.id
        for source in chart.sources:
            data.get("sources", source)  # KeyError if a chart cites an unknown source


@pytest.mark.parametrize("variant", ["static", "live", "download"])
def test_every_spec_validates_against_the_vega_lite_schema(data: Dataset, variant: str) -> None:
    validator = jsonschema.Draft7Validator(vl_schema())
    for chart_id in all_ids(data):
        vl = spec(data, chart_id, variant)  # type: ignore[arg-type]
        assert vl["$schema"] == alt.SCHEMA_URL
        if variant != "download":
            # The data rows are the same in every variant (checked below) and the schema allows
            # any rows, so the published download is checked in full and the others with one.
            vl = {**vl, "datasets": {k: v[:1] for k, v in vl["datasets"].items()}}
        errors = [e.message for e in validator.iter_errors(vl)]
        assert errors == [], f"{chart_id} ({variant}): {errors[:3]}"


def test_a_chart_its_data_makes_invalid_stops_the_build(data: Dataset) -> None:
    # The build validates one variant per chart (the download): the data shapes only what the
    # variants share. The schema test above and the next test check what sets them apart.
    chart = charts(data)["targets"]
    broken = dataclasses.replace(
        chart, build=lambda rows: chart.build(rows).encode(opacity=alt.value("half")))
    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="half"):
        specs._vega_lite(broken, "download", SITE, markup.source_labels(data, chart))


def test_the_variants_properties_come_out_as_altairs_properties_sets_them(
        data: Dataset) -> None:
    # The build sets them without Altair's per-value check (specs.with_properties): each spec
    # must be what properties() makes, and properties() checks every value on the way.
    for chart in charts(data).values():
        for variant in ("static", "live", "download"):
            props = specs.properties(chart, variant, SITE, markup.source_labels(data, chart))
            checked = chart.build(chart.rows).properties(**props).to_dict(validate=False)
            made = specs.with_properties(chart.build(chart.rows), props).to_dict(validate=False)
            assert made == checked, (chart.id, variant)


@pytest.mark.usefixtures("fresh_memo")
def test_the_three_variants_share_one_altair_chart(data: Dataset) -> None:
    # spec_texts makes the chart once for its three specs; each is still what the chart made
    # on its own gives. (A changed title keeps the memo from answering.)
    chart = charts(data)["targets"]
    made: list[int] = []
    counted = dataclasses.replace(chart, title=chart.title + " (counted)",
                                  build=lambda rows: made.append(1) or chart.build(rows))
    labels = markup.source_labels(data, chart)
    texts = specs.spec_texts(counted, SITE, labels)
    assert len(made) == 1
    alone = [json.dumps(specs._vega_lite(counted, "download", SITE, labels)),
             json.dumps(specs._vega_lite(counted, "static")),
             json.dumps(specs._vega_lite(counted, "live"))]
    assert list(texts) == alone


def test_an_invalid_theme_value_still_stops_the_download(
        data: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing checks the properties as they are set: the download's whole-spec validation must.
    chart = charts(data)["targets"]
    theme = specs.portable_config()
    monkeypatch.setattr(specs, "portable_config", lambda: {**theme, "background": 5})
    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="background"):
        specs._vega_lite(chart, "download", SITE, markup.source_labels(data, chart))


def test_variants_differ_only_in_size_theme_and_title(data: Dataset) -> None:
    for chart_id in all_ids(data):
        live, static, download = (spec(data, chart_id, v)  # type: ignore[arg-type]
                                  for v in ("live", "static", "download"))
        assert live["width"] == "container"
        assert isinstance(static["width"], int) and isinstance(download["width"], int)
        assert "title" not in live and "title" not in static
        assert download["title"]["text"] == charts(data)[chart_id].title
        assert any(SITE.absolute(f"charts/{chart_id}/") in line
                   for line in download["title"]["subtitle"])
        # The on-site theme takes its ink from the page; the download has real colours.
        assert live["config"]["axis"]["labelColor"] == "currentColor"
        assert download["config"]["axis"]["labelColor"].startswith("#")
        for key in ("datasets", "description", "height"):
            assert live[key] == static[key] == download[key], (chart_id, key)
        assert live.get("layer", live.get("encoding")) == download.get(
            "layer", download.get("encoding"))


def test_every_chart_plots_its_rows_and_its_csv_holds_exactly_them(data: Dataset) -> None:
    for chart in charts(data).values():
        vl = spec(data, chart.id)
        assert vl["datasets"]["rows"] == [dict(r) for r in chart.rows]
        # Every layer that draws the chart's data reads it from `rows`.
        used = {layer["data"]["name"] for layer in layers(vl)}
        assert "rows" in used and used <= set(vl["datasets"]), chart.id
        records = csv_records(to_csv(chart))
        assert list(records[0]) == list(chart.header)
        assert records == [{k: as_text(r[k]) for k in chart.header} for r in chart.rows]
        fields = _encoded_fields(vl)
        assert fields <= set(chart.header), (chart.id, fields - set(chart.header))


def _encoded_fields(vl: dict[str, Any]) -> set[str]:
    """The data fields a chart's rows layers encode (fields it computes itself left out)."""
    out = set()
    for layer in layers(vl):
        if layer["data"]["name"] != "rows":
            continue
        computed = {t["as"] for t in layer.get("transform", []) if "calculate" in t}
        for channel in layer.get("encoding", {}).values():
            for item in channel if isinstance(channel, list) else [channel]:
                if isinstance(item, dict) and "field" in item and item["field"] not in computed:
                    out.add(item["field"])
    return out


# Each chart against its data, recomputed here

def without_names(rows: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "country"} for r in rows]


def test_urban_population_is_the_closest_edition_and_never_mixed(data: Dataset) -> None:
    chart = charts(data)["urban-population"]
    table = data.tables[MAIN_EDITION]
    assert without_names(chart.rows) == without_names(table.rows)
    assert len(chart.rows) == 671
    assert len({(r["iso3"], r["year"]) for r in chart.rows}) == 671, "one value per series-year"
    cambodia = next(r for r in chart.rows if r["iso3"] == "KHM" and r["year"] == 2020)
    revised = next(r for r in data.tables[REVISION].rows
                   if r["iso3"] == "KHM" and r["year"] == 2020)
    assert cambodia["urban_pct"] != revised["urban_pct"]
    vl = spec(data, "urban-population")
    layer = layers(vl)[0]
    assert mark_type(layer) == "line"
    enc = layer["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"]) == ("year", "quantitative")
    assert (enc["y"]["field"], enc["y"]["type"]) == ("urban_pct", "quantitative")
    assert enc["color"]["field"] == "country"
    # The world is its own series: grey and dashed, last in the one legend.
    world = next(str(r["country"]) for r in chart.rows if r["iso3"] == "WLD")
    assert enc["color"]["scale"]["domain"][-1] == world
    assert enc["strokeDash"]["scale"]["range"][-1] != [1, 0]
    assert "Figure 1" in chart.report_ref


def test_the_2026_revision_is_its_own_labelled_chart(data: Dataset) -> None:
    chart = charts(data)["urban-population-2026-revision"]
    assert without_names(chart.rows) == without_names(data.tables[REVISION].rows)
    assert "2026 revision" in chart.title
    editions = charts(data)["urban-population-editions"]
    assert len(editions.rows) == 22
    assert Counter(r["edition"] for r in editions.rows) == {
        "WDI 2023 edition (closest to the report's)": 11, "WDI 2026 revision": 11}
    for row in editions.rows:
        table = MAIN_EDITION if "2023" in str(row["edition"]) else REVISION
        expected = next(r["urban_pct"] for r in data.tables[table].rows
                        if r["iso3"] == row["iso3"] and r["year"] == 2020)
        assert row["urban_pct"] == expected
    colour = next(lay for lay in layers(spec(data, editions.id)) if "color" in lay["encoding"])
    assert colour["encoding"]["color"]["field"] == "edition"


def test_country_profiles_keep_the_editions_apart(data: Dataset) -> None:
    for country in data.countries:
        chart = charts(data)[f"urbanisation-{country.id}"]
        series = Counter((r["series"], r["edition"], r["iso3"]) for r in chart.rows)
        assert set(series.values()) == {61}, chart.id
        assert {(e, i) for _, e, i in series} == {
            (MAIN_EDITION, country.iso3), (REVISION, country.iso3), (MAIN_EDITION, "WLD")}
        for row in chart.rows:
            expected = next(r["urban_pct"] for r in data.tables[str(row["edition"])].rows
                            if r["iso3"] == row["iso3"] and r["year"] == row["year"])
            assert row["urban_pct"] == expected
        assert chart.page == f"countries/{country.id}.md"
        assert chart.group == "profile"


def test_internet_economy_says_it_covers_six_countries(data: Dataset) -> None:
    chart = charts(data)["internet-economy"]
    table = data.tables["econ-sea-gmv"]
    assert [(r["year"], r["gmv_usd_bn"], r["kind"]) for r in chart.rows] == [
        (r["year"], r["gmv_usd_bn"], r["kind"]) for r in table.rows]
    assert "six countries" in chart.title
    assert "six countries" in chart.description.replace("six countries only", "six countries")
    for name in ("Indonesia", "Malaysia", "Philippines", "Singapore", "Thailand", "Vietnam"):
        assert name in chart.description
    bars = next(lay for lay in layers(spec(data, chart.id)) if mark_type(lay) == "bar")
    assert "six countries" in bars["encoding"]["x"]["title"]
    assert all("six of the ten" in str(r["coverage"]) for r in chart.rows)


def test_pilot_city_map_has_the_26_cities_on_the_ten_members(data: Dataset) -> None:
    chart = charts(data)["ascn-pilot-cities"]
    table = data.tables["ascn-pilot-cities-list"]
    assert [(r["city"], r["country_iso3"], r["lat"], r["lon"]) for r in chart.rows] == [
        (r["city"], r["country_iso3"], r["lat"], r["lon"]) for r in table.rows]
    assert len(chart.rows) == 26 == data.get("facts", "ascn-pilot-cities").value
    assert {r["country_iso3"] for r in chart.rows} == {c.iso3 for c in data.countries}
    vl = spec(data, chart.id)
    assert [mark_type(lay) for lay in vl["layer"]] == ["geoshape", "circle"]
    land = vl["datasets"][layers(vl)[0]["data"]["name"]]
    assert sorted(f["properties"]["iso3"] for f in land) == sorted(
        str(c.iso3) for c in data.countries)
    points = vl["layer"][1]["encoding"]
    assert (points["longitude"]["field"], points["latitude"]["field"]) == ("lon", "lat")
    assert vl["projection"]["type"] == "mercator"


def test_map_outlines_are_lighter_but_keep_their_winding(data: Dataset) -> None:
    path = data.root / "asean_countries_50m.geojson"
    original = json.loads(path.read_text(encoding="utf-8"))
    light = boundaries(path)

    def points(features: list[dict[str, Any]]) -> int:
        total = 0
        for f in features:
            geometry = f["geometry"]
            polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                        else [geometry["coordinates"]])
            total += sum(len(ring) for polygon in polygons for ring in polygon)
        return total

    assert points(light) < points(original["features"]) * 0.75
    for feature in light:
        for polygon in feature["geometry"]["coordinates"]:
            outer = polygon[0]
            assert outer[0] == outer[-1] and len(outer) >= 4
            area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(outer))
            assert area < 0, "outer rings stay clockwise, as d3-geo needs"


def test_map_outlines_are_kept_between_builds_but_each_caller_gets_its_own(
        data: Dataset) -> None:
    path = data.root / "asean_countries_50m.geojson"
    first = boundaries(path)
    first[0]["properties"]["name"] = "Changed"
    first.pop()
    again = boundaries(path)
    assert len(again) == len(first) + 1 and again[0]["properties"]["name"] != "Changed"


def test_a_downloaded_spec_is_indented_as_json_indents_it() -> None:
    # The download's text is indented once per spec and process, from its compact text.
    spec = {"z": [1.0, 0.1, 1e-07, 12345678.9, "Đà Nẵng", None], "a": {"b": True, "c": []}}
    compact = json.dumps(spec, ensure_ascii=False)
    assert _indented(compact) == json.dumps(spec, indent=1, ensure_ascii=False)


def test_ascn_engagements_follow_table_1(data: Dataset) -> None:
    chart = charts(data)["ascn-engagements"]
    table = next(t for t in data.report.tables if t.number == 1)
    assert [r["event"] for r in chart.rows] == [row.event for row in table.rows]
    assert [r["printed_date"] for r in chart.rows] == [row.printed_date for row in table.rows]
    partners = {p.id: p.name for p in data.partners}
    for row in chart.rows:
        event = data.get("events", str(row["event"]))
        assert row["partner"] in {partners[c] for c in event.countries if c in partners}
        assert str(row["date"]).startswith(event.date)
    assert {r["partner"] for r in chart.rows} == set(partners.values())
    dots = next(lay for lay in layers(spec(data, chart.id)) if mark_type(lay) == "point")
    assert dots["encoding"]["x"]["type"] == "temporal"


def test_timeline_overview_has_every_event_once(data: Dataset) -> None:
    chart = charts(data)["timeline-overview"]
    assert [r["event"] for r in chart.rows] == [e.id for e in data.events]
    assert len({r["category"] for r in chart.rows}) == len({e.category for e in data.events})
    for row in chart.rows:
        event = data.get("events", str(row["event"]))
        assert int(str(row["year"])) // 10 == int(event.date[:4]) // 10
    # Dots of one year and kind are spread around the row's line, never on top of each other.
    spots = Counter((r["category"], r["year"], r["shift"]) for r in chart.rows)
    assert max(spots.values()) == 1
    enc = layers(spec(data, chart.id))[0]["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"], enc["yOffset"]["field"]) == (
        "year", "category", "shift")


def test_who_builds_where_pairs_projects_with_home_countries(data: Dataset) -> None:
    chart = charts(data)["who-builds-where"]
    expected: dict[tuple[str, str], set[str]] = {}
    for project in data.projects:
        for part in project.organisations:
            org = data.get("organisations", part.id)
            if org.home and part.stated:
                expected.setdefault((project.id, org.home), set()).add(org.short_name)
        for involved in project.involved_countries:
            if involved.stated:
                expected.setdefault((project.id, involved.country), set())
    got = {(str(r["project_id"]), str(r["home_country"])): set(
        filter(None, str(r["organisations"]).split("; "))) for r in chart.rows}
    assert got == {(pid, data.place(home).name): orgs for (pid, home), orgs in expected.items()}
    clark = [r for r in chart.rows if r["project_id"] == "new-clark-city"]
    assert len(clark) == 6 and clark[0] is chart.rows[0], "the most crowded project comes first"
    for row in chart.rows:
        project = data.get("projects", str(row["project_id"]))
        domestic = data.place(project.country).name == row["home_country"]
        assert (row["relation"] == "same country as the project") == domestic


def test_who_builds_where_leaves_out_what_the_report_only_implies(data: Dataset) -> None:
    # The report tells of Rio's operations centre in its paragraph on IBM without saying IBM
    # built it, and says only that Amata invites Chinese, Korean and Taiwanese firms: the
    # matrix, which reads as "who builds where", must not say more, and says what it omits.
    chart = charts(data)["who-builds-where"]
    mentioned = [(p, data.get("organisations", part.id)) for p in data.projects
                 for part in p.organisations if not part.stated]
    invited = [(p, data.place(i.country)) for p in data.projects
               for i in p.involved_countries if not i.stated]
    assert mentioned and invited, "the data hold both kinds (Rio's centre, Amata)"
    for project, org in mentioned:
        rows = [r for r in chart.rows if r["project_id"] == project.id]
        assert all(org.short_name not in str(r["organisations"]).split("; ") for r in rows)
        assert any(project.name in n and f"does not say that {org.short_name} took part" in n
                   for n in chart.notes)
    for project, place in invited:
        homes = {r["home_country"] for r in chart.rows if r["project_id"] == project.id}
        assert place.name not in homes
        assert any(project.name in n and "are invited, not that any has joined" in n
                   for n in chart.notes)


def test_charts_of_table_1_dates_carry_its_date_note(data: Dataset) -> None:
    table = next(t for t in data.report.tables if t.number == 1)
    noted = [row.event for row in table.rows if row.notes]
    assert noted
    for chart_id in ("ascn-engagements", "timeline-overview"):
        chart = charts(data)[chart_id]
        assert set(noted) <= {r["event"] for r in chart.rows}, chart_id
        assert any("2019.01" in n for n in chart.notes), chart_id


def narrow_svg(vl: dict[str, Any], width: int = 328) -> ElementTree.Element:
    """The live view as a phone (a 360 px screen) draws it: its box `width` pixels wide."""
    phone = json.loads(json.dumps(vl).replace("containerSize()[0]", str(width)))
    return ElementTree.fromstring(vlc.vegalite_to_svg({**phone, "width": width}))


def svg_lines(svg: ElementTree.Element, role: str) -> list[tuple[list[str], float]]:
    """The lines of each text of a kind ("axis-label", "legend-label", "mark"), and its height."""
    out = []
    for group in svg.iter(f"{SVG}g"):
        if f"role-{role}" not in group.get("class", "").split():
            continue
        for text in group.iter(f"{SVG}text"):
            lines = [t.strip() for t in text.itertext() if t.strip()]
            at = re.search(r"translate\(([-\d.]+),([-\d.]+)\)", text.get("transform", ""))
            out.append((lines, float(at[2]) if at else 0.0))
    return out


def svg_texts(svg: ElementTree.Element, role: str) -> list[tuple[str, float]]:
    """Each text of a kind, its lines joined, and its height."""
    return [(" ".join(lines), y) for lines, y in svg_lines(svg, role)]


def test_who_builds_where_wraps_long_project_names_on_a_phone(data: Dataset) -> None:
    chart = charts(data)["who-builds-where"]
    projects = list(dict.fromkeys(str(r["project"]) for r in chart.rows))
    vl = spec(data, chart.id, "live")
    axis = vl["encoding"]["y"]["axis"]
    assert "containerSize()" in axis["labelExpr"]
    for svg in (narrow_svg(vl), narrow_svg(vl, 700)):
        labels = [t for t, _ in svg_texts(svg, "axis-label")]
        # Every name whole (on one line or two), none cut short with an ellipsis.
        assert set(projects) <= set(labels), set(projects) - set(labels)
        assert not [t for t in labels if "…" in t]
    # On a phone the names longer than WRAP characters take two lines each (broken at a space
    # within the first WRAP + 1); on a wider screen, one.
    long = [p for p in projects if len(p) > WRAP and " " in p[:WRAP + 1]]
    assert len(long) >= 4
    two = [" ".join(lines) for lines, _ in svg_lines(narrow_svg(vl), "axis-label")
           if len(lines) == 2]
    assert sorted(two) == sorted(long)
    assert {len(lines) for lines, _ in svg_lines(narrow_svg(vl, 700), "axis-label")} == {1}


def test_urban_lines_are_named_at_their_ends_not_by_colour_alone(data: Dataset) -> None:
    for chart_id in ("urban-population", "urban-population-2026-revision"):
        chart = charts(data)[chart_id]
        vl = spec(data, chart_id, "static")
        kinds = [mark_type(layer) for layer in layers(vl)]
        assert kinds == ["line", "point", "text"], chart_id
        text = layers(vl)[2]
        assert text["encoding"]["text"]["field"] == "country"
        assert {"filter": "datum.year === 2020"} in text["transform"]
        # The names in the drawn chart: one per line, at least a line of text apart.
        ends = {str(r["country"]): float(r["urban_pct"]) for r in chart.rows if r["year"] == 2020}
        drawn = sorted((y, t) for t, y in svg_texts(
            ElementTree.fromstring(vlc.vegalite_to_svg(vl)), "mark") if t in ends)
        assert sorted(t for _, t in drawn) == sorted(ends), chart_id
        gaps = [b[0] - a[0] for a, b in pairwise(drawn)]
        assert min(gaps) >= 12, (chart_id, drawn)
        # From the top down in the order the lines end (highest first).
        assert [t for _, t in drawn] == sorted(ends, key=lambda n: -ends[n]), chart_id


def test_end_labels_spread_only_as_far_as_they_must() -> None:
    assert label_heights({"a": 10, "b": 50}) == {"a": 10, "b": 50}
    spread = label_heights({"a": 50, "b": 51, "c": 90})
    assert spread["c"] == 90 and spread["b"] - spread["a"] == pytest.approx(LABEL_GAP)
    assert (spread["a"] + spread["b"]) / 2 == pytest.approx(50.5), "centred on their values"
    # A spread that reaches a neighbour takes it in too.
    chain = label_heights({"a": 30, "b": 31, "c": 34, "d": 35})
    values = sorted(chain.values())
    assert all(b - a == pytest.approx(LABEL_GAP) for a, b in pairwise(values))
    assert list(chain) == sorted(chain, key=lambda n: chain[n])


# What the data's own records say: the October 2023 edition is later than the report's (the
# report read a 2018 release in 2021), the closest we hold. No chart may call it the report's.
CLAIMS = ("as in the report", "the report used", "edition behind the report",
          "the edition the report", "matches the report", "the report relied on")
CLOSEST = "closest to the report's"


def test_charts_call_the_2023_edition_the_closest_not_the_reports_own(data: Dataset) -> None:
    assert "later than the one the report used" in data.tables[MAIN_EDITION].meta.description
    notes = " ".join(n.text for n in data.get("sources", MAIN_EDITION).notes)
    assert "postdates the report" in notes
    for chart in charts(data).values():
        labels = [str(r[k]) for r in chart.rows for k in ("edition", "series") if k in r]
        for text in (chart.title, chart.description, chart.alt, *chart.notes, *labels):
            assert not [c for c in CLAIMS if c in text.lower()], (chart.id, text)
    editions = {str(r["edition"]) for r in charts(data)["urban-population-editions"].rows}
    assert f"WDI 2023 edition ({CLOSEST})" in editions
    for country in data.countries:
        series = {str(r["series"]) for r in charts(data)[f"urbanisation-{country.id}"].rows}
        assert f"{country.name}, WDI 2023 ({CLOSEST})" in series
    # On a phone the long label breaks before its bracket rather than run out of the box.
    legend = [t for t, _ in svg_texts(narrow_svg(spec(data, "urban-population-editions",
                                                      "live")), "legend-label")]
    assert f"WDI 2023 edition ({CLOSEST})" in legend


def test_country_names_read_as_the_site_writes_them(data: Dataset) -> None:
    profile = charts(data)["urbanisation-philippines"]
    assert profile.title == "Urban population share in the Philippines, 1960–2020"
    assert profile.alt.startswith("Line chart: the Philippines' urban share rises")
    assert "How urban the Philippines has become" in profile.description
    # The source file keeps the World Bank's spelling; what the charts show is the site's.
    assert "Viet Nam" in {r["country"] for r in data.tables[MAIN_EDITION].rows}
    for chart in charts(data).values():
        shown = json.dumps(spec(data, chart.id), ensure_ascii=False) + chart.description
        assert "Viet Nam" not in shown, chart.id
        assert not re.search(r"Philippines's|\b(?:in|of|about|is) Philippines",
                             chart.title + chart.alt + chart.description), chart.id
    for chart_id in ("urban-population", "urban-population-2026-revision",
                     "urban-population-editions"):
        names = {str(r["country"]) for r in charts(data)[chart_id].rows}
        assert names == {c.name for c in data.countries} | {"World"}, chart_id


def test_targets_are_the_reports_numbers(data: Dataset) -> None:
    chart = charts(data)["targets"]
    for row in chart.rows:
        fact = data.get("facts", str(row["fact"]))
        assert (row["value"], row["kind"], row["unit"]) == (fact.value, fact.kind, fact.unit)
        assert fact.kind in {"target", "count"}
    kinds = [r["kind"] for r in chart.rows]
    assert kinds == sorted(kinds, key=lambda k: k != "target"), "targets first, then counts"
    assert {"indonesia-100-smart-cities", "thailand-smart-cities-target",
            "vietnam-smart-cities-target"} <= {r["fact"] for r in chart.rows}


# Text alternatives, snippets, oEmbed

def test_inline_svg_is_one_labelled_image_with_ids_unique_to_the_chart(data: Dataset) -> None:
    chart = charts(data)["targets"]
    raw = ('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="5">'
           '<defs><clipPath id="clip1"><rect/></clipPath></defs>'
           '<g clip-path="url(#clip1)"><path d="M0.12345,1.98765L2,3"/></g></svg>')
    out = markup.inline_svg(raw, chart, "chart-x")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="marks chart-svg"')
    assert 'role="img"' in out and 'aria-labelledby="chart-x-title"' in out
    assert f'<title id="chart-x-title">{chart.alt}</title>' in out.replace("&#39;", "'")
    assert 'id="chart-x-clip1"' in out and "url(#chart-x-clip1)" in out
    assert 'id="clip1"' not in out
    assert 'd="M0.1,2L2,3"' in out
    assert markup.svg_size(raw) == (10, 5)


def test_snippet_points_at_the_embed_page_and_trusts_only_the_site() -> None:
    class Fake:
        class chart:
            id = "targets"
            title = 'Targets "and" counts'
            notes: tuple[str, ...] = ()
        static_size = (680, 300)

    html = markup.snippet(Fake, SITE)  # type: ignore[arg-type]
    assert 'src="https://charts.example.net/explainer/embed/targets/"' in html
    assert 'title="Targets &#34;and&#34; counts"' in html
    assert 'e.origin!=="https://charts.example.net"' in html
    assert f'd.type!=="{markup.HEIGHT_MESSAGE}"' in html
    assert f'height="{300 + markup.EMBED_CHROME}"' in html
    # Each note under the chart makes room for its lines: one line, then two.
    Fake.chart.notes = ("x" * 50,)
    one = markup.embed_height(Fake)  # type: ignore[arg-type]
    Fake.chart.notes = ("x" * 150,)
    assert markup.embed_height(Fake) > one > 300 + markup.EMBED_CHROME  # type: ignore[arg-type]


def test_page_addresses_in_raw_html_follow_directory_urls() -> None:
    assert markup.html_rel("charts/targets.md", "charts/targets.vg.json") == \
        "../targets.vg.json"
    assert markup.html_rel("charts/index.md", "charts/targets.svg") == "targets.svg"
    assert markup.html_rel("introduction.md", "assets/charts/c.js") == "../assets/charts/c.js"
    assert markup.html_rel("countries/lao-pdr.md", "charts/x.vg.json") == \
        "../../charts/x.vg.json"
    assert markup.html_rel("embed/targets/index.html", "assets/charts/c.js") == \
        "../../assets/charts/c.js"
    assert markup.html_rel("index.md", "charts/x.csv") == "charts/x.csv"


def test_site_is_read_from_mkdocs_yml(tmp_path: Any) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nsite_url: https://a.example/sub\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
                      "extra:\n  key: !ENV [HOME]\n", encoding="utf-8")
    site = specs.site_from_config(config)
    assert site == Site(url="https://a.example/sub/", name="A", author="A")
    assert site.absolute("/charts/x/") == "https://a.example/sub/charts/x/"


def test_long_series_read_as_a_year_by_country_table(data: Dataset) -> None:
    chart = charts(data)["urban-population"]
    view = markup.table_view(chart)
    countries = list(dict.fromkeys(str(r["country"]) for r in chart.rows))
    assert view["head"] == ["Year", *countries]
    assert len(view["rows"]) == 61
    first = dict(zip(view["head"], view["rows"][0], strict=True))
    singapore = next(r for r in chart.rows if r["iso3"] == "SGP" and r["year"] == 1960)
    assert first["Year"] == "1960" and first["Singapore"] == f"{singapore['urban_pct']:g}"
    plain = markup.table_view(charts(data)["targets"])
    assert len(plain["rows"]) == len(charts(data)["targets"].rows)


def test_generate_writes_chart_pages_and_files_without_mkdocs(data: Dataset,
                                                              tmp_path: Any) -> None:
    from sitegen.__main__ import main

    assert main(["--data", str(data.root), "generate", str(tmp_path)]) == 0
    # The command line writes what MkDocs is handed: citations and the data package too.
    assert (tmp_path / "data" / "datapackage.json").is_file()
    assert (tmp_path / "timeline" / "cite.bib").is_file() or (tmp_path / "cite.bib").is_file()
    assert "Cite this page" in (tmp_path / "timeline.md").read_text(encoding="utf-8")
    for chart_id in all_ids(data):
        page = (tmp_path / "charts" / f"{chart_id}.md").read_text(encoding="utf-8")
        assert page.startswith("---\ntitle: ")
        for ext in ("png", "svg", "csv", "vl.json", "vg.json"):
            assert (tmp_path / "charts" / f"{chart_id}.{ext}").is_file(), (chart_id, ext)
        assert (tmp_path / "embed" / chart_id / "index.html").is_file()
        assert (tmp_path / "embed" / chart_id / "oembed.json").is_file()
    assert "<!-- insert" not in (tmp_path / "countries" / "cambodia.md").read_text(
        encoding="utf-8")
    assert 'id="chart-urbanisation-cambodia"' in (
        tmp_path / "countries" / "cambodia.md").read_text(encoding="utf-8")
