"""Every page's head carries the metadata reference managers and search engines read, with
values matching the page; the page about the report reads as a report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.cite_config import SiteInfo, read_mkdocs_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site() -> SiteInfo:
    return read_mkdocs_yaml(ROOT / "mkdocs.yml")


_PAGES: dict[Path, list[tuple[str, BeautifulSoup]]] = {}


def pages(built_site: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every page of the site, parsed once per test session."""
    if built_site not in _PAGES:
        _PAGES[built_site] = _parse_pages(built_site)
    return _PAGES[built_site]


def _parse_pages(built_site: Path) -> list[tuple[str, BeautifulSoup]]:
    """(address path, parsed page) of every page of the site: those its sitemap lists (not
    redirects, nor the bare chart pages made for embedding elsewhere)."""
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    sitemap = BeautifulSoup((built_site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    out = []
    for loc in sitemap.find_all("loc"):
        path = loc.get_text().removeprefix(site.url)
        html = built_site / path / "index.html"
        out.append((path, BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")))
    assert len(out) > 90
    return out


def meta(page: BeautifulSoup, key: str, attr: str = "name") -> list[str]:
    return [m["content"] for m in page.head.find_all("meta", attrs={attr: key})]


def one(page: BeautifulSoup, key: str, attr: str = "name") -> str:
    values = meta(page, key, attr)
    assert len(values) == 1, (key, values)
    return values[0]


def json_ld(page: BeautifulSoup) -> dict[str, Any]:
    (script,) = page.head.select('script[type="application/ld+json"]')
    data: dict[str, Any] = json.loads(script.string)
    return data


def test_every_page_has_matching_dublin_core_open_graph_and_json_ld(
        built_site: Path, site: SiteInfo) -> None:
    found = pages(built_site)
    documents = {p.parent for p in built_site.rglob("index.html")
                 if "md-content" in p.read_text(encoding="utf-8")}
    assert {built_site / path for path, _ in found} == documents
    for path, page in found:
        url = site.url + path
        assert page.head.find("link", rel="canonical")["href"] == url, path
        title = page.title.get_text()
        assert title.endswith(" - " + site.name) or title == site.name
        page_title = one(page, "og:title", "property")
        if path != "report/":
            assert one(page, "DC.title") == page_title, path
        assert title == f"{page_title} - {site.name}", path
        assert one(page, "og:url", "property") == url
        assert one(page, "og:site_name", "property") == site.name
        assert one(page, "og:type", "property") == "website"
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", one(page, "DC.date")), path
        assert meta(page, "DC.creator")
        ld = json_ld(page)
        assert ld["@type"] == "WebPage" and ld["url"] == url and ld["name"] == page_title
        assert ld["isPartOf"]["url"] == site.url
        assert ld["isBasedOn"]["@type"] == "Report"
        assert ld["version"] == site.settings.version


def test_ordinary_pages_are_web_pages_for_zotero(built_site: Path, site: SiteInfo) -> None:
    # Zotero's Embedded Metadata translator turns a lone citation_title into a journal article;
    # without citation_* tags, og:type "website" and the DC tags make a web page item.
    for path, page in pages(built_site):
        if path == "report/":
            continue
        assert not page.head.find("meta", attrs={"name": re.compile(r"citation_")}), path
        # Zotero splits a name without a comma at its last space ("… Explainer team" became a
        # person named "team"); a body's name ends in a comma it trims, so the whole name is
        # kept as the family name.
        assert meta(page, "DC.creator") == [
            f"{a.literal}," if a.literal else f"{a.family}, {a.given}"
            for a in site.settings.authors]
        assert all("," in name for name in meta(page, "DC.creator"))
        # Material's author tag (mkdocs.yml site_author) names them as the citations do.
        assert one(page, "author") == "; ".join(
            name.removesuffix(",") for name in meta(page, "DC.creator")), path
        assert one(page, "DC.identifier") == site.url + path
        assert one(page, "DC.date") == one(page, "DCTERMS.modified")
        assert one(page, "DCTERMS.available") == site.settings.first_published
        assert not meta(page, "DC.source")  # Zotero would take it as the website title


def test_the_report_page_reads_as_a_report(built_site: Path, data) -> None:  # type: ignore[no-untyped-def]
    page = next(p for path, p in pages(built_site) if path == "report/")
    report = data.get("sources", "okamoto-2022")
    assert one(page, "citation_title") == report.title
    assert one(page, "citation_author") == "Okamoto, Masaaki"
    assert one(page, "citation_date") == report.issued.replace("-", "/")
    assert re.fullmatch(r"\d{4}/\d{2}", one(page, "citation_date"))
    assert one(page, "citation_technical_report_institution") == report.publisher
    assert one(page, "citation_technical_report_number") == report.number == "20"
    assert one(page, "citation_series_title") == report.collection_title
    assert one(page, "citation_isbn") == report.isbn
    assert one(page, "citation_public_url") == report.url
    assert one(page, "DC.title") == report.title
    assert one(page, "DC.identifier") == f"ISBN {report.isbn}"
    assert json_ld(page)["mainEntity"]["reportNumber"] == "20"


def test_every_page_offers_its_citation_files(built_site: Path, site: SiteInfo) -> None:
    for path, page in pages(built_site):
        block = page.select_one("#cite-this-page ~ div.cite-block")
        assert block is not None, path
        hrefs = [a["href"] for a in block.select(".cite-downloads a")]
        assert hrefs == ["cite.bib", "cite.ris", "cite.json"], path
        record = json.loads((built_site / path / "cite.json").read_text(encoding="utf-8"))[0]
        assert record["URL"] == site.url + path
        assert record["title"] == one(page, "og:title", "property")
        assert f"url = {{{site.url}{path}}}" in (built_site / path / "cite.bib").read_text()
        ris = (built_site / path / "cite.ris").read_bytes().decode("utf-8")
        assert f"UR  - {site.url}{path}\r\n" in ris


def test_the_cite_block_sits_under_its_heading_at_the_end_of_every_page(
        built_site: Path) -> None:
    """The hook hands the block to the theme instead of the Markdown (hooks/sitegen_hooks.py);
    the page must read as if Python-Markdown had passed it through in place."""
    checked = 0
    for path, page in pages(built_site):
        heading = page.select_one("article h2#cite-this-page")
        assert heading is not None, path
        block = heading.find_next_sibling(True)
        assert block is not None and block.name == "div", path
        assert block["class"] == ["cite-block"] and block["id"] == "cite", path
        assert block.find_next_sibling(True) is None, path  # nothing after it, no footnotes
        assert len(page.select("div.cite-block#cite")) == 1, path
        checked += 1
    assert checked > 100


def test_report_page_offers_the_reports_own_citation(built_site: Path) -> None:
    page = next(p for path, p in pages(built_site) if path == "report/")
    block = page.select_one("#cite-report")
    assert block is not None
    assert "Okamoto, M. (2022)." in block.select_one("#cite-report-apa").get_text()
    for a in block.select(".cite-downloads a"):
        assert (built_site / "report" / a["href"]).is_file()
    assert "@report{okamoto-2022," in (built_site / "report" / "okamoto-2022.bib").read_text()


def test_the_search_index_leaves_out_what_is_said_elsewhere(built_site: Path) -> None:
    """Every page loads the index: the item citation pages repeat the timeline and the numbers,
    and the "Cite this page" blocks repeat the same words on every page."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#", 1)[0] for doc in index["docs"]}
    assert {"timeline/", "numbers/", "vendors/"} <= pages
    assert not {p for p in pages if p.startswith("cite/")}
    assert not [d for d in index["docs"] if "Download for a reference manager" in d["text"]]


def test_the_search_settings_written_out_are_the_themes_for_the_sites_language(
        built_site: Path) -> None:
    """mkdocs.yml gives the search plugin's `lang` and `pipeline`, which Material would look up
    in its translation for the site's language (slowly, in every build): they must be that."""
    import material

    language = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"][
        "language"]
    translation = (Path(material.__file__).parent / "templates" / "partials" / "languages"
                   / f"{language}.html").read_text(encoding="utf-8")
    said = dict(re.findall(r'"search\.config\.(\w+)": "([^"]*)"', translation))
    config = json.loads((built_site / "search" / "search_index.json").read_text(
        encoding="utf-8"))["config"]
    assert config["lang"] == [said["lang"]]
    assert config["pipeline"] == [p for p in re.split(r"\s*,\s*", said["pipeline"]) if p]


def test_the_search_index_leaves_out_the_charts_drawings_and_tables(built_site: Path) -> None:
    """A chart's SVG indexes as its tick labels run together ("19601970…"), and its data table
    as columns of numbers: neither helps a search, and every page loads the index."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#", 1)[0]
        texts[page] = texts.get(page, "") + " " + doc["title"] + " " + doc["text"]
    checked = 0
    for path, page in pages(built_site):
        if path not in texts:
            continue
        for figure in page.select("figure.chart"):
            assert figure.select_one(".chart-static[data-search-exclude]") is not None
            ticks = [t.get_text() for t in figure.select(".chart-static svg text")]
            if len(ticks) >= 4:  # the pilot-city grid has no text marks
                assert "".join(ticks[:4]) not in texts[path], (path, ticks[:4])
                checked += 1
        for details in page.select("details.chart-data"):
            row = details.select_one("tbody tr")
            assert row is not None and details.has_attr("data-search-exclude")
            run = "".join(cell.get_text() for cell in row.select("th, td"))
            assert run not in texts[path], (path, run)
            checked += 1
    assert checked > 30
    # The prose around them stays searchable.
    chart_page = dict(pages(built_site))["charts/urban-population/"]
    prose = chart_page.select_one("article figure.chart ~ p")
    assert prose is not None and prose.get_text()[:60] in texts["charts/urban-population/"]


def test_the_sitemap_dates_each_page_as_the_page_does(built_site: Path, site: SiteInfo) -> None:
    # MkDocs dates every sitemap entry by the build; the hook gives each page its own date,
    # the one its citation and its "last updated" line show.
    sitemap = BeautifulSoup((built_site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {u.loc.get_text().removeprefix(site.url): u.lastmod.get_text()
               for u in sitemap.find_all("url")}
    dated = dict(pages(built_site))
    assert set(lastmod) == set(dated)
    for path, page in dated.items():
        if path == "report/":
            continue  # its metadata describe the report (2022), not the page
        assert lastmod[path] == one(page, "DCTERMS.modified"), path
    assert min(lastmod.values()) >= site.settings.first_published
