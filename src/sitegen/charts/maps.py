"""The map of the 26 ASCN pilot cities on the ten member states."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import altair as alt

from sitegen.charts.model import AltChart, Chart, Column, Row, named_data
from sitegen.charts.theme import ACCENT, WORLD_GREY
from sitegen.model import REPORT_ID

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sitegen.dataset import Dataset

BOUNDARIES = "asean_countries_50m.geojson"
LAND = "land"  # the name of the outlines' data set in the spec
# Outlines are simplified (Douglas-Peucker) to within 0.02 degrees, about a third of a pixel at
# the map's scale, then rounded to two decimals: a third of the points and of the bytes.
TOLERANCE = 0.02
PRECISION = 2
# Islands smaller than this (in square degrees, about 25 km²) vanish at the map's scale.
MIN_RING_AREA = 0.002
# The map's height in the static and download renders, which are wider than it needs.
HEIGHT = 440


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _douglas_peucker(points: Sequence[Sequence[float]], tolerance: float) -> list[Sequence[float]]:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            dist = (abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length if length
                    else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if dist > far:
                far, index = dist, i
        if far > tolerance:
            keep[index] = True
            spans += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(ring: Sequence[Sequence[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in _douglas_peucker(ring, TOLERANCE):
        point = [round(x, PRECISION), round(y, PRECISION)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def boundaries(path: Path) -> list[dict[str, Any]]:
    """The member states' outlines as GeoJSON features, lightened for the web.

    Rounding keeps each ring's winding (clockwise outer rings, which d3-geo needs), and
    rings that collapse or are too small to see are dropped.
    """
    return list(json.loads(_lightened(path.read_text(encoding="utf-8"))))


@functools.lru_cache(maxsize=4)
def _lightened(text: str) -> str:
    # Kept per process, as text (callers get their own copy): simplifying the outlines is the
    # larger part of the map's work, and every `make serve` rebuild asks again.
    collection = json.loads(text)
    features = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])
        kept = []
        for polygon in polygons:
            rings = [_simplify_ring(r) for r in polygon]
            outer = rings[0]
            if len(outer) < 4 or abs(_ring_area(outer)) < MIN_RING_AREA:
                continue
            if (_ring_area(outer) > 0) != (_ring_area(polygon[0]) > 0):
                outer.reverse()
            kept.append([outer] + [r for r in rings[1:] if len(r) >= 4])
        features.append({"type": "Feature",
                         "properties": {"iso3": feature["properties"]["iso3"],
                                        "name": feature["properties"]["name"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return json.dumps(features, ensure_ascii=False)


def mercator_aspect(features: Sequence[dict[str, Any]]) -> float:
    """Height over width of the features' bounding box in the Mercator projection."""
    points = [point for feature in features for polygon in feature["geometry"]["coordinates"]
              for ring in polygon for point in ring]
    xs = [math.radians(lon) for lon, _ in points]
    ys = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for _, lat in points]
    return (max(ys) - min(ys)) / (max(xs) - min(xs))


def _map(rows: Sequence[Row]) -> AltChart:
    # The land is context, not data: hidden from assistive technology (the cities carry it).
    land = alt.Chart(named_data(LAND)).mark_geoshape(
        aria=False, fill=WORLD_GREY, fillOpacity=0.28, stroke=WORLD_GREY, strokeWidth=0.6)
    cities = alt.Chart(named_data()).mark_circle(
        size=70, color=ACCENT, opacity=1, stroke="white", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("city:N", title="City"), alt.Tooltip("country:N", title="Country")],
    )
    return alt.layer(land, cities).project(type="mercator")


def ascn_pilot_cities(data: Dataset) -> Chart:
    """The 26 pilot cities on the map of the ten member states."""
    names = {p.iso3: p.name for p in data.countries}
    rows: tuple[Row, ...] = tuple(
        {"city": r["city"], "country": names[str(r["country_iso3"])],
         "country_iso3": r["country_iso3"], "lat": r["lat"], "lon": r["lon"]}
        for r in data.tables["ascn-pilot-cities-list"].rows)
    countries = boundaries(data.root / BOUNDARIES)
    per_country = Counter(str(r["country"]) for r in rows)
    most = max(per_country, key=lambda c: per_country[c])
    return Chart(
        id="ascn-pilot-cities",
        title="The 26 pilot cities of the ASEAN Smart Cities Network (2018)",
        description=(
            "Where the network's first members are: the twenty-six cities the ten states put "
            "forward when the ASEAN Smart Cities Network started in 2018, from capitals such "
            "as Jakarta and Manila to smaller places such as Battambang or Banyuwangi. The "
            "report gives their number; the names come from the published pilot list, and "
            "each city is placed at its GeoNames point. Every member state has at least one."),
        alt=(f"Map of the ten ASEAN member states with {len(rows)} dots for the pilot cities; "
             f"{most} has the most ({per_country[most]}), and every member has at least "
             f"{min(per_country.values())}."),
        sources=("ascn-pilot-cities-list", REPORT_ID, "geonames-cities15000",
                 "natural-earth-50m"),
        licence=("City list and GeoNames points CC BY 4.0 (credit: GeoNames, geonames.org); "
                 "boundaries Natural Earth, public domain"),
        columns=(Column("city", "City"), Column("country", "Member state"),
                 Column("country_iso3", "ISO code"),
                 Column("lat", "Latitude", "number"), Column("lon", "Longitude", "number")),
        rows=rows, build=_map, height=HEIGHT, extra={"datasets": {LAND: countries}},
        # On a phone the map fills its narrow box: no empty bands above and below it.
        live_height=f"min({HEIGHT}, round(width * {mercator_aspect(countries):.3f}))",
        report_ref="section 3, footnote 30", section="asean",
    )
