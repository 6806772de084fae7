"""Charts in the built site: every page, download and embed file exists and holds what it
should; charts sit in the narrative and on the country profiles; only pages with charts load
chart code, and that code stays within its budget."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import struct
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.charts import markup, specs

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                     Loader=specs._TolerantLoader)["site_url"]
# Compressed JavaScript a chart page may load in all: Material's bundle, the site's scripts,
# the chart loader and the Vega runtime.
JS_BUDGET = 350 * 1024
# Chart ids and the chapter that shows each (where the report makes the point).
IN_CHAPTERS = {
    "urban-population": "introduction",
    "urban-population-editions": "introduction",
    "internet-economy": "introduction",
    "timeline-overview": "emergence-and-spread",
    "targets": "smart-cities-in-asean",
    "ascn-pilot-cities": "smart-cities-in-asean",
    "ascn-engagements": "smart-cities-in-asean",
    "who-builds-where": "conflict-cooperation-compartmentalisation",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, address: str) -> BeautifulSoup:
    return soup(site / address / "index.html")


def chart_ids(data: Dataset) -> list[str]:
    return [c.id for c in specs.definitions(data)]


def local(site: Path, page_address: str, href: str) -> Path:
    """The file a relative link on a page (served at /page_address/) points to."""
    url = urljoin(f"https://x/{page_address}", href)
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if path.endswith("/") or not path else target


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


@pytest.fixture(scope="module")
def ids(data: Dataset) -> list[str]:
    return chart_ids(data)


def test_every_chart_has_its_downloads(built_site: Path, data: Dataset, ids: list[str]) -> None:
    charts = {c.id: c for c in specs.definitions(data)}
    for chart_id in ids:
        base = built_site / "charts" / chart_id
        png = base.with_suffix(".png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), chart_id
        width, height = struct.unpack(">II", png[16:24])
        assert width >= 1000 and height > 200, "PNGs are drawn at twice their size"
        svg = ElementTree.fromstring(base.with_suffix(".svg").read_text(encoding="utf-8"))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        records = list(csv.DictReader(io.StringIO(
            base.with_suffix(".csv").read_text(encoding="utf-8"))))
        chart = charts[chart_id]
        assert len(records) == len(chart.rows)
        assert list(records[0]) == list(chart.header)
        vl = json.loads(Path(f"{base}.vl.json").read_text(encoding="utf-8"))
        assert vl["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert [{k: "" if v is None else str(v) for k, v in row.items()}
                for row in vl["datasets"]["rows"]] == records, "the CSV is the plotted data"
        assert vl["title"]["text"] == chart.title
        vg = json.loads(Path(f"{base}.vg.json").read_text(encoding="utf-8"))
        assert vg["$schema"].startswith("https://vega.github.io/schema/vega/")
        assert vg["autosize"]["type"] == "fit-x", "the live view fits its box"


def test_every_chart_page_offers_chart_table_downloads_embed_and_citation(
        built_site: Path, data: Dataset, ids: list[str]) -> None:
    charts = {c.id: c for c in specs.definitions(data)}
    for chart_id in ids:
        address = f"charts/{chart_id}/"
        html = page(built_site, address)
        chart = charts[chart_id]
        assert html.h1.find(string=True, recursive=False).strip() == chart.title
        figure = html.select_one(f"figure#chart-{chart_id}")
        assert figure is not None, chart_id
        svg = figure.select_one(".chart-frame .chart-static > svg[role=img]")
        assert svg is not None and svg.title.get_text() == chart.alt
        assert svg["aria-labelledby"] == svg.title["id"]
        live = figure.select_one(".chart-live[data-spec][hidden]")
        assert local(built_site, address, live["data-spec"]).name == f"{chart_id}.vg.json"
        assert local(built_site, address, live["data-spec"]).is_file()
        table = html.select_one("details.chart-data table")
        assert table.caption is not None
        assert len(table.select("thead th[scope=col]")) >= 2
        assert table.select("tbody th[scope=row]")
        links = {a.get_text(strip=True): a["href"] for a in html.select("a[href]")}
        for label, ext in (("PNG image", "png"), ("SVG image", "svg"), ("CSV data", "csv"),
                           ("Vega-Lite specification", "vl.json")):
            target = local(built_site, address, links[label])
            assert target == built_site / "charts" / f"{chart_id}.{ext}", (chart_id, label)
        snippets = [c.get_text() for c in html.select("pre code") if "<iframe" in c.get_text()]
        assert len(snippets) == 1, chart_id
        iframe = BeautifulSoup(snippets[0], "html.parser").iframe
        assert iframe["src"] == f"{SITE_URL}embed/{chart_id}/"
        assert iframe["title"] == chart.title
        assert f'e.origin!=="{markup.origin(SITE_URL)}"' in snippets[0]
        assert html.select_one("#how-to-cite") and html.select_one("#cite-this-page"), chart_id
        assert html.select_one('a[href="#cite-this-page"]')
        meta = html.select_one("p.chart-meta").get_text(" ", strip=True)
        assert "CC BY 4.0" in meta and chart.licence in meta
        for source in chart.sources:
            assert html.select_one(f'p.chart-meta a[href$="sources/#{source}"]'), source


def test_chart_pages_advertise_the_oembed_record_of_their_embed(
        built_site: Path, data: Dataset) -> None:
    # The chart's page is the address readers copy (the embed page's canonical points to it):
    # pasted into a site that reads oEmbed, it must lead to the record too.
    charts = {c.id for c in specs.definitions(data)}
    for chart_id in charts:
        links = page(built_site, f"charts/{chart_id}/").select(
            'link[rel=alternate][type="application/json+oembed"]')
        assert [link["href"] for link in links] == [f"{SITE_URL}embed/{chart_id}/oembed.json"]
    advertising = {str(p.parent.relative_to(built_site)) for p in built_site.rglob("index.html")
                   if "json+oembed" in p.read_text(encoding="utf-8")}
    assert advertising == {f"charts/{c}" for c in charts} | {f"embed/{c}" for c in charts}


def test_every_embed_page_is_minimal_and_advertises_oembed(
        built_site: Path, data: Dataset, ids: list[str]) -> None:
    for chart in specs.definitions(data):
        address = f"embed/{chart.id}/"
        html = page(built_site, address)
        assert html.html["lang"] == "en" and html.html["data-chart-embed"] == chart.id
        assert html.h1.get_text(strip=True) == chart.title
        oembed_link = html.select_one('link[rel=alternate][type="application/json+oembed"]')
        assert oembed_link["href"] == f"{SITE_URL}embed/{chart.id}/oembed.json"
        assert html.select_one("link[rel=canonical]")["href"] == f"{SITE_URL}charts/{chart.id}/"
        back = html.select_one("p.credit a")
        assert back["href"] == f"{SITE_URL}charts/{chart.id}/"
        assert chart.licence in html.select_one("p.credit").get_text()
        assert html.select_one(".chart-static > svg[role=img]") is not None
        live = html.select_one(".chart-live[data-spec]")
        assert local(built_site, address, live["data-spec"]).is_file()
        scripts = [s["src"] for s in html.select("script[src]")]
        assert len(scripts) == 1 and local(built_site, address, scripts[0]).is_file()
        # Nothing else on the page: no navigation, no site chrome.
        assert not html.select("nav, header, footer, .md-header")
        record = json.loads((built_site / address / "oembed.json").read_text(encoding="utf-8"))
        assert (record["version"], record["type"]) == ("1.0", "rich")
        assert record["title"] == chart.title
        assert record["provider_url"] == SITE_URL
        iframe = BeautifulSoup(record["html"], "html.parser").iframe
        assert iframe["src"] == f"{SITE_URL}embed/{chart.id}/"
        assert int(iframe["height"]) == record["height"]
        assert record["thumbnail_url"] == f"{SITE_URL}charts/{chart.id}.png"
        assert (built_site / "charts" / f"{chart.id}.png").is_file()


def test_charts_index_lists_every_chart(built_site: Path, ids: list[str]) -> None:
    html = page(built_site, "charts/")
    linked = {PurePosixPath(urlsplit(a["href"]).path).name for a in html.select("article a")}
    assert set(ids) <= linked
    images = html.select(".chart-card img")
    for img in images:
        assert local(built_site, "charts/", img["src"]).is_file()
        assert img["alt"] == ""
    # The first picture is the page's largest paint, so it loads at once; the rest lazily.
    assert images[0].get("fetchpriority") == "high" and not images[0].get("loading")
    assert all(img["loading"] == "lazy" for img in images[1:])


def test_charts_sit_where_the_report_makes_the_point(built_site: Path) -> None:
    for chart_id, chapter in IN_CHAPTERS.items():
        html = page(built_site, chapter)
        frames = html.select(".chart-frame .chart-live[data-spec]")
        specs_here = {PurePosixPath(f["data-spec"]).name for f in frames}
        assert f"{chart_id}.vg.json" in specs_here, (chapter, chart_id)
    figure = page(built_site, "introduction").select_one("figure#figure-1")
    # Figure 1: the chart above the report's values at twenty-year steps.
    assert figure.select_one(".chart-frame svg[role=img]") is not None
    children = [c for c in figure.find_all(recursive=False)]
    kinds = [c.name if "chart-frame" not in c.get("class", []) else "chart" for c in children]
    assert kinds.index("chart") < kinds.index("table")


def test_every_country_profile_has_its_small_chart(built_site: Path, data: Dataset) -> None:
    for country in data.countries:
        html = page(built_site, f"countries/{country.id}")
        figure = html.select_one(f"figure#chart-urbanisation-{country.id}")
        assert figure is not None, country.id
        assert figure.select_one("svg[role=img] title").get_text().startswith("Line chart")
        link = html.select_one(f'a[href$="charts/urbanisation-{country.id}/"]')
        assert link is not None


def chart_scripts(html: BeautifulSoup) -> list[str]:
    return [s["src"] for s in html.select("script[src]") if "assets/charts/" in s["src"]]


def test_only_pages_with_charts_load_chart_code(built_site: Path) -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=specs._TolerantLoader)
    assert not [js for js in config.get("extra_javascript", []) if "chart" in str(js)]
    with_charts = without = 0
    for path in built_site.rglob("index.html"):
        if path.parts[-3:-1] and path.parts[-3] == "embed":
            continue
        html = soup(path)
        has_chart = bool(html.select(".chart-live"))
        scripts = chart_scripts(html)
        assert len(scripts) == (1 if has_chart else 0), path
        with_charts += has_chart
        without += not has_chart
    assert with_charts >= 20 and without >= 20


def test_chart_pages_stay_within_the_javascript_budget(built_site: Path) -> None:
    address = "charts/urban-population/"
    html = page(built_site, address)
    files = [local(built_site, address, s["src"]) for s in html.select("script[src]")]
    loader = next(f for f in files if f.parent.name == "charts")
    bundle_name = re.search(r'"(vega-[^"]+\.js)"', loader.read_text(encoding="utf-8"))
    assert bundle_name is not None, "the loader names the Vega bundle it loads"
    bundle = loader.parent / bundle_name[1]
    # Material's search worker is JavaScript the page loads too.
    worker = json.loads(html.select_one("#__config").get_text())["search"]
    files.append(local(built_site, address, worker))
    total = sum(gzipped(f) for f in files) + gzipped(bundle)
    assert total <= JS_BUDGET, f"{total / 1024:.0f} KB of compressed JavaScript"
    # The runtime is Vega alone: specs are compiled from Vega-Lite at build time.
    text = bundle.read_text(encoding="utf-8")
    assert "window.vega" in text and "vegaEmbed" not in text


# The data's records say the October 2023 edition behind the charts is later than the one the
# report read (data/sources.json: "This edition postdates the report"): every page says so too.
EDITION_CLAIMS = ("as in the report", "the edition behind the report",
                  "the edition the report plots", "matches the report's figure",
                  "the edition the report relied on")


def test_every_page_says_the_same_about_the_reports_data_edition(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        text = " ".join(soup(path).get_text(" ").split()).lower()
        found = [claim for claim in EDITION_CLAIMS if claim in text]
        assert not found, (path.relative_to(built_site), found)
    sources = page(built_site, "sources").get_text(" ")
    assert "This edition postdates the report" in " ".join(sources.split())
    figure = page(built_site, "introduction").select_one("p.table-source").get_text(" ")
    assert "the closest we hold to the one the report plots" in " ".join(figure.split())
    profile = page(built_site, "countries/cambodia").select_one(".at-a-glance").get_text(" ")
    assert "the closest we hold to the one behind the report's Figure 1" in " ".join(
        profile.split())
    editions = page(built_site, "charts/urban-population-editions").select_one(
        "details.chart-data table").get_text(" ")
    assert "WDI 2023 edition (closest to the report's)" in editions


def test_countries_are_named_as_the_site_names_them(built_site: Path) -> None:
    for address in ("introduction", "charts/urban-population",
                    "charts/urban-population-editions"):
        html = page(built_site, address)
        shown = html.select_one("main, article") or html
        text = shown.get_text(" ")
        assert "Vietnam" in text and "Viet Nam" not in text, address
        svg = " ".join(t.get_text() for t in html.select(".chart-static svg text"))
        assert "Vietnam" in svg and "Viet Nam" not in svg, address
    table = page(built_site, "introduction").select_one("figure#figure-1 table")
    assert "Vietnam" in [td.get_text(strip=True) for td in table.select("td, th")]
    html = page(built_site, "charts/urbanisation-philippines")
    title = "Urban population share in the Philippines, 1960–2020"
    assert html.h1.find(string=True, recursive=False).strip() == title
    description = html.select_one('meta[name="description"]')["content"]
    assert description.startswith("Line chart: the Philippines' urban share")
    assert "Philippines's" not in html.get_text()


def test_a_chart_s_notes_travel_with_it(built_site: Path, data: Dataset) -> None:
    # A reader of a chapter or of someone else's page sees the chart's caveats, not only a
    # reader of the chart's own page.
    noted = [c for c in specs.definitions(data) if c.notes]
    assert {"who-builds-where", "timeline-overview", "ascn-engagements"} <= {c.id for c in noted}
    in_chapters = 0
    for chart in noted:
        embed = " ".join(page(built_site, f"embed/{chart.id}").get_text(" ").split())
        own = " ".join(page(built_site, f"charts/{chart.id}").get_text(" ").split())
        for note in chart.notes:
            assert note in embed and note in own, chart.id
        # Where a chapter inserts the chart itself (Figure 1 comes in the report's own frame,
        # whose source line and editorial note say the same in the chapter's words).
        chapter = IN_CHAPTERS.get(chart.id)
        source = ROOT / "content" / f"{chapter}.md"
        if chapter and f"<!-- insert chart-{chart.id} -->" in source.read_text("utf-8"):
            text = " ".join(page(built_site, chapter).get_text(" ").split())
            assert all(note in text for note in chart.notes), (chapter, chart.id)
            in_chapters += 1
    assert in_chapters >= 3
