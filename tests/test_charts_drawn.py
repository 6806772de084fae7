"""Charts as vl-convert draws them: ink that follows the page's colour scheme, axes that end on
a label, source lines that fit the download, and live views that fit a phone's box."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import vl_convert as vlc
from test_charts import SVG, charts, narrow_svg, spec, svg_lines

from sitegen.charts import specs
from sitegen.charts.maps import mercator_aspect
from sitegen.charts.marks import CHAR_PX, LINE_HEIGHT, ROW_HEIGHT, two_lines
from sitegen.charts.theme import ACCENT, PALETTE, TEXT_EM, WORLD_GREY

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

# The colours the site theme may draw with: ink (the page's text colour, light or dark), the
# palette of the data, and nothing at all.
SITE_COLOURS = {"currentColor", "none", "transparent", *PALETTE, WORLD_GREY, ACCENT}
# The map's city dots have a white ring that sets them off from the land (a halo, not ink).
HALO = "white"


def kinds(data: Dataset) -> list[str]:
    """One chart of each kind: every main chart and the first country profile."""
    ids = [c.id for c in charts(data).values() if c.group == "main"]
    return [*ids, next(c.id for c in charts(data).values() if c.group == "profile")]


_DRAWN: dict[tuple[int, str, str], ElementTree.Element] = {}


def drawn(data: Dataset, chart_id: str, variant: str) -> ElementTree.Element:
    """A chart's render in one of its forms (the live view at 600 px), made once."""
    key = (id(data), chart_id, variant)
    if key not in _DRAWN:
        vl = spec(data, chart_id, variant)  # type: ignore[arg-type]
        _DRAWN[key] = (narrow_svg(vl, 600) if variant == "live"
                       else ElementTree.fromstring(vlc.vegalite_to_svg(vl)))
    return _DRAWN[key]


def colours(svg: ElementTree.Element, attribute: str) -> set[str]:
    return {str(e.get(attribute)) for e in svg.iter() if e.get(attribute) is not None}


def test_site_renders_draw_in_ink_or_the_palette_never_a_fixed_dark(data: Dataset) -> None:
    # Black (Vega-Lite's default for rules and for size-legend symbols) all but vanishes on
    # Material's dark background, in the inline SVG and in the live view alike.
    for chart_id in kinds(data):
        for variant in ("static", "live"):
            svg = drawn(data, chart_id, variant)
            assert colours(svg, "fill") <= SITE_COLOURS, (chart_id, variant)
            assert colours(svg, "stroke") <= SITE_COLOURS | {HALO}, (chart_id, variant)
    # The downloads keep explicit colours, on white.
    for chart_id in ("who-builds-where", "ascn-engagements"):
        download = drawn(data, chart_id, "download")
        assert "currentColor" not in colours(download, "fill") | colours(download, "stroke")


def axis_labels(svg: ElementTree.Element) -> list[list[tuple[str, bool]]]:
    """Each axis's labels in tick order, each with whether it is shown (not at opacity 0)."""
    out = []
    for group in svg.iter(f"{SVG}g"):
        if "role-axis-label" in group.get("class", "").split():
            out.append([("".join(t.itertext()), t.get("opacity") != "0")
                        for t in group.iter(f"{SVG}text")])
    return out


def test_axes_end_on_a_label(data: Dataset) -> None:
    for chart_id in kinds(data):
        for variant in ("static", "download"):
            for labels in axis_labels(drawn(data, chart_id, variant)):
                assert labels and labels[-1][1], (chart_id, variant, labels[-3:])
    # The targets run to 500, labelled every hundred in every form.
    for variant in ("static", "download", "live"):
        (labels,) = axis_labels(drawn(data, "targets", variant))
        assert [text for text, shown in labels if shown] == [str(n) for n in range(0, 501, 100)]


def budget(vl: dict[str, object], size_key: str, em: float) -> int:
    """How many characters of a title's text fit the download's width, by the estimate."""
    config = vl["config"]
    assert isinstance(config, dict) and isinstance(vl["width"], int)
    return int((vl["width"] - 2 * config["padding"]) / (config["title"][size_key] * em))


def test_download_title_and_source_lines_fit_the_image(data: Dataset) -> None:
    # Vega draws each line as given: a longer one ran out of the image, and with it the map's
    # Natural Earth credit.
    for chart_id in charts(data):
        vl = spec(data, chart_id)
        title = vl["title"]
        for line in title["subtitle"]:
            assert len(line) <= budget(vl, "subtitleFontSize", TEXT_EM), (chart_id, line)
            assert not line.startswith(("·", ";")), (chart_id, line)
        # The bold title takes a little more room per character.
        assert len(title["text"]) <= budget(vl, "fontSize", TEXT_EM * 1.1), chart_id
    pilot = spec(data, "ascn-pilot-cities")["title"]["subtitle"]
    assert any("Natural Earth, public domain" in line for line in pilot)
    assert len(pilot) == 3


def test_long_source_lines_break_after_a_separator() -> None:
    line = "Data: A 2018; B 2022; C n.d. · Points CC BY 4.0 (credit: C, c.org); boundaries D"
    for chars in (30, 40, 60):
        lines = specs.wrap(line, chars)
        assert all(len(part) <= chars for part in lines), lines
        assert " ".join(lines) == line, "nothing lost, nothing added"
    assert specs.wrap(line, 40) == ["Data: A 2018; B 2022; C n.d. ·",
                                    "Points CC BY 4.0 (credit: C, c.org);", "boundaries D"]
    assert specs.wrap("short", 40) == ["short"]
    # A word longer than the budget stays whole, on its own line; a line never starts with ·.
    assert specs.wrap("a https://example.org/long/address/ b", 10) == [
        "a", "https://example.org/long/address/", "b"]
    assert specs.wrap("aaaa bbbb · cccc", 10) == ["aaaa", "bbbb ·", "cccc"]


def test_targets_captions_take_two_lines_on_a_phone(data: Dataset) -> None:
    chart = charts(data)["targets"]
    captions = [f"{r['label']}: {r['in_words']}" for r in chart.rows]
    vl = spec(data, "targets", "live")
    phone, wide = narrow_svg(vl, 328), narrow_svg(vl, 680)

    def shown(svg: ElementTree.Element) -> dict[str, list[str]]:
        return {" ".join(lines): lines for lines, _ in svg_lines(svg, "mark")}

    # Wide: every caption on its line, as in the static render, and the same height.
    assert all(len(lines) == 1 for lines in shown(wide).values())
    assert set(shown(wide)) == set(captions)
    assert float(wide.get("height", 0)) == float(
        ElementTree.fromstring(vlc.vegalite_to_svg(spec(data, "targets", "static"))).get(
            "height", 0))
    # A phone's box (328 px) holds about 54 characters: longer captions take two lines, each
    # of which fits, and every row is a line taller.
    on_phone = shown(phone)
    assert set(on_phone) == set(captions)
    fits = 328 / CHAR_PX
    wrapped = [c for c in captions if len(c) > fits]
    assert len(wrapped) >= 3
    for caption, lines in on_phone.items():
        assert len(lines) == (2 if caption in wrapped else 1), caption
        assert all(len(line) * CHAR_PX <= 328 for line in lines), lines
    assert float(phone.get("height", 0)) - float(wide.get("height", 0)) == (
        LINE_HEIGHT * len(chart.rows))
    assert ROW_HEIGHT * len(chart.rows) == chart.height


def test_captions_break_after_their_label_where_it_fits() -> None:
    assert two_lines("Thailand: target for smart cities by 2022: more than 100 cities") == (
        "Thailand: target for smart cities by 2022:\nmore than 100 cities")
    # A label too long for a phone's line breaks at the space nearest the caption's middle.
    assert two_lines("EU28: count of cities with initiatives in place or proposed (2014): "
                     "240 cities") == ("EU28: count of cities with initiatives\n"
                                       "in place or proposed (2014): 240 cities")
    assert two_lines("nospace") == "nospace"


def land_box(svg: ElementTree.Element) -> tuple[float, float, float]:
    """The width and height of the drawn land, and the render's height."""
    xs, ys = [], []
    for group in svg.iter(f"{SVG}g"):
        if {"role-mark", "layer_0_marks"} <= set(group.get("class", "").split()):
            for path in group.iter(f"{SVG}path"):
                # The land's outlines are absolute coordinates (M, L, Z): x,y pairs.
                numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
                xs += numbers[0::2]
                ys += numbers[1::2]
    assert ys, "no land drawn"
    return max(xs) - min(xs), max(ys) - min(ys), float(svg.get("height", 0))


def test_the_live_map_is_as_tall_as_a_phone_needs(data: Dataset) -> None:
    chart = charts(data)["ascn-pilot-cities"]
    live = spec(data, chart.id, "live")
    assert [p["name"] for p in live["params"]] == ["height"]
    assert "params" not in spec(data, chart.id, "static")
    assert "params" not in spec(data, chart.id)
    # On a phone the land fills the height (no empty bands above and below it); at full width
    # the map keeps its height, as in the static render and the download.
    width, height, svg_height = land_box(narrow_svg(live, 328))
    assert svg_height - height < 16, (height, svg_height)
    assert abs(height / width - mercator_aspect(chart.datasets["land"])) < 0.02
    static = drawn(data, chart.id, "static")
    assert land_box(narrow_svg(live, 680)) == land_box(static)
    assert land_box(static)[2] > chart.height


def test_engagements_text_counts_steps_in_words(data: Dataset) -> None:
    # Counts below ten read as words, as in the site's prose: not "European Union 1 steps".
    chart = charts(data)["ascn-engagements"]
    assert Counter(str(r["partner"]) for r in chart.rows) == {
        "Japan": 3, "United States": 1, "China": 2, "Australia": 1, "South Korea": 2,
        "European Union": 1}
    assert chart.alt.endswith(
        "from 2018.07 to 2020.12: three steps by Japan, one by the United States, two by "
        "China, one by Australia, two by South Korea and one by the European Union."), chart.alt
    assert not re.search(r"\d steps?\b", chart.alt)
