"""What axe-core cannot judge: charts carry text alternatives and their data as tables, and
colour is never the only thing that tells one kind of thing from another.

(axe-core itself runs on every page type in tests/browser/test_page_types.py.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from sitegen.dataset import Dataset
from sitegen.pages import CATEGORY_LABELS

# Channels that show a field without colour: position, shape, dashes, text, small multiples.
NON_COLOUR = {"x", "y", "x2", "y2", "row", "column", "facet", "shape", "strokeDash", "text"}
COLOUR = ("color", "fill", "stroke")


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every built HTML page with a chart on it, parsed once for this module."""
    files = [f for f in sorted(built_site.rglob("*.html"))
             if "chart-frame" in f.read_text(encoding="utf-8")]
    return [(f.relative_to(built_site).as_posix(),
             BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")) for f in files]


def test_timeline_categories_are_named_in_words(built_site: Path, data: Dataset) -> None:
    page = BeautifulSoup((built_site / "timeline/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    events = page.select("#timeline-events .tl-event")
    assert len(events) == len(data.events)
    for event in events:
        label = event.select_one(".tl-cat")
        assert label is not None
        assert label.get_text(strip=True) == CATEGORY_LABELS[str(event["data-category"])]


def test_every_chart_has_a_text_alternative(
        built_site: Path, pages: list[tuple[str, BeautifulSoup]]) -> None:
    checked = 0
    for name, page in pages:
        for svg in page.select(".chart-frame .chart-static svg"):
            label = page.find(id=str(svg.get("aria-labelledby", "")))
            assert svg.get("role") == "img", name
            assert isinstance(label, Tag) and label.get_text(strip=True), f"{name}: no name"
            checked += 1
    assert checked >= 2 * len(list((built_site / "charts").glob("*/index.html")))


def _followed_by_table(frame: Tag) -> bool:
    """Whether a chart's data is there as a table: in its figure, or right after it."""
    figure = frame.find_parent("figure")
    if figure is not None and figure.find("table") is not None:
        return True
    for element in frame.find_all_next(True):
        if "chart-frame" in (element.get("class") or []):
            return False
        if element.name == "details" and "chart-data" in (element.get("class") or []):
            return element.find("table") is not None
    return False


def test_every_chart_has_its_data_as_a_table(pages: list[tuple[str, BeautifulSoup]]) -> None:
    frames = 0
    for name, page in pages:
        if name.startswith("embed/"):
            continue  # an embed is the chart alone, with a link back to its page and table
        for frame in page.select(".chart-frame"):
            assert _followed_by_table(frame), f"{name}: a chart without its data as a table"
            frames += 1
        for table in page.select("details.chart-data table"):
            assert table.caption and table.caption.get_text(strip=True), name
            assert table.select("thead th[scope=col]") and table.select("tbody tr"), name
    assert frames > 10


def _units(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every single-view spec inside a (layered, concatenated or faceted) chart spec."""
    out = [spec] if "encoding" in spec or "mark" in spec else []
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            out += _units(sub)
    if isinstance(spec.get("spec"), dict):
        out += _units(spec["spec"])
    return out


def colour_only(spec: dict[str, Any]) -> list[str]:
    """Fields a chart shows by colour alone: no other channel shows them, and the rows'
    labels (the text on its axes or marks) do not name the values either."""
    units = _units(spec)
    rows = [r for rows in spec.get("datasets", {}).values() for r in rows]
    shown: set[str] = set()
    labels: set[str] = set()
    for unit in units:
        for channel, enc in unit.get("encoding", {}).items():
            if isinstance(enc, dict) and enc.get("field") and channel in NON_COLOUR:
                shown.add(enc["field"])
                if enc.get("type") == "nominal" or channel == "text":
                    labels.add(enc["field"])
    out = []
    for unit in units:
        for channel in COLOUR:
            enc = unit.get("encoding", {}).get(channel)
            if not isinstance(enc, dict) or not enc.get("field") or enc["field"] in shown:
                continue
            if "scale" in enc and enc["scale"] is None:
                continue  # literal colours drawn as given (e.g. hollow marks), not a category
            field = enc["field"]
            named = all(any(str(r[field]).lower() in str(r.get(label, "")).lower()
                            for label in labels) for r in rows if field in r)
            if not named:
                out.append(f"{channel}: {field}")
    return out


def test_colour_is_never_the_only_carrier_in_a_chart(built_site: Path) -> None:
    specs = sorted((built_site / "charts").glob("*.vl.json"))
    assert specs
    found = {s.name: colour_only(json.loads(s.read_text(encoding="utf-8"))) for s in specs}
    assert {name: fields for name, fields in found.items() if fields} == {}


def test_the_colour_check_sees_colour_alone() -> None:
    rows = [{"kind": "target", "label": "Thailand by 2022", "value": 100},
            {"kind": "count", "label": "China pilots", "value": 90}]
    spec: dict[str, Any] = {"datasets": {"d": rows}, "layer": [{"mark": "bar", "encoding": {
        "y": {"field": "label", "type": "nominal"},
        "x": {"field": "value", "type": "quantitative"},
        "color": {"field": "kind", "type": "nominal"}}}]}
    assert colour_only(spec) == ["color: kind"]
    spec["layer"][0]["encoding"]["shape"] = {"field": "kind", "type": "nominal"}
    assert colour_only(spec) == []
    del spec["layer"][0]["encoding"]["shape"]
    for row in rows:
        row["label"] = f"{row['label']} ({row['kind']})"
    assert colour_only(spec) == []


def test_each_cite_link_names_what_it_cites(built_site: Path, data: Dataset) -> None:
    # Sixty links all named "Cite this event" told a screen reader's list of links nothing
    # (WCAG 2.4.9): each is named after its event or number, its visible words first.
    titles = {e.id: e.title for e in data.events} | {f.id: f.label for f in data.facts}
    seen = 0
    for path in sorted(built_site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        names = []
        for link in soup.select("a.cite-link"):
            text, name = link.get_text(strip=True), str(link.get("aria-label", ""))
            assert name.startswith(text + ": "), (path, text, name)
            item = str(link["href"]).rsplit("#", 1)[1]
            assert name.removeprefix(text + ": ") == " ".join(titles[item].split()), (path, name)
            names.append(name)
        assert len(names) == len(set(names)), path
        seen += len(names)
    assert seen >= len(data.events) + len(data.facts)
