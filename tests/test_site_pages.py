"""Issue 3: every generated page is at its address, complete, and linked both ways."""

from __future__ import annotations

import posixpath
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from bs4 import BeautifulSoup

from sitegen import pages
from sitegen.dataset import Dataset, load

MEMBERS = ["brunei-darussalam", "cambodia", "indonesia", "lao-pdr", "malaysia", "myanmar",
           "philippines", "singapore", "thailand", "vietnam"]
PARTNERS = ["united-states", "china", "japan", "south-korea", "european-union", "australia"]


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url.strip("/") / "index.html"
    assert path.exists(), f"no page at /{url.strip('/')}/"
    return parse(path)


def ids(soup: BeautifulSoup) -> set[str]:
    return _ids(id(soup), soup)


_ID_CACHE: dict[int, set[str]] = {}


def _ids(key: int, soup: BeautifulSoup) -> set[str]:
    if key not in _ID_CACHE:
        _ID_CACHE[key] = {str(tag["id"]) for tag in soup.select("[id]")}
    return _ID_CACHE[key]


def content_links(soup: BeautifulSoup) -> list[str]:
    article = soup.select_one("article.md-content__inner") or soup
    return [str(a["href"]) for a in article.select("a[href]")]


def assert_links_resolve(site: Path, url: str) -> None:
    """Every internal link and anchor in the page's content exists in the built site."""
    soup = page(site, url)
    base = "/" + url.strip("/") + "/"
    for href in content_links(soup):
        if urlparse(href).scheme or href.startswith("mailto:"):
            continue
        target, fragment = urldefrag(href)
        resolved = posixpath.normpath(posixpath.join(base, target)) if target else base
        file = site / resolved.strip("/")
        if file.is_dir() or not file.suffix:
            file = file / "index.html"
        assert file.exists(), f"{url}: link {href} points at nothing"
        if fragment and file.suffix == ".html":
            target_ids = ids(parse(file))
            assert fragment in target_ids, f"{url}: anchor {href} does not exist"


@pytest.mark.parametrize("slug", MEMBERS)
def test_country_profiles_exist_with_the_urbanisation_panel(built_site: Path, slug: str) -> None:
    soup = page(built_site, f"countries/{slug}")
    glance = soup.select_one(".at-a-glance")
    assert glance is not None
    text = glance.get_text(" ", strip=True)
    assert "1960" in text and "2020" in text and "2026 revision" in text
    assert "ASCN pilot cities" in text


@pytest.mark.parametrize("slug", PARTNERS)
def test_partner_profiles_exist(built_site: Path, slug: str) -> None:
    soup = page(built_site, f"partners/{slug}")
    headings = [h.get_text(strip=True) for h in soup.select("h2")]
    assert any("Engagement with ASEAN" in h for h in headings)


def test_timeline_shows_every_event_once_in_order(built_site: Path, data: Dataset) -> None:
    soup = page(built_site, "timeline")
    items = soup.select("#timeline-events .tl-event")
    shown = [str(a.select_one(".tl-title")["id"]) for a in items]
    assert shown == [e.id for e in data.events]
    for item, event in zip(soup.select("#timeline-events .tl-event"), data.events, strict=True):
        assert item["data-category"] == event.category
        assert item.select_one("time")["datetime"] == event.date.removesuffix("s")
        assert item.select_one("sup a[href^='#fn:']"), f"{event.id} has no source footnote"


def test_vendor_table_lists_every_vendor(built_site: Path, data: Dataset) -> None:
    soup = page(built_site, "vendors")
    rows = soup.select("#vendors-table table tbody tr")
    assert len(rows) == len(data.vendors)
    cisco = next(r for r in rows if r.select_one("a").get_text() == "Cisco Systems")
    assert "withdrew (2020)" in cisco.get_text(" ", strip=True)


def test_projects_index_and_new_clark_city_table_2(built_site: Path, data: Dataset) -> None:
    rows = page(built_site, "projects").select(".sortable table tbody tr")
    assert len(rows) == len(data.projects)
    soup = page(built_site, "projects/new-clark-city")
    cells = [[td.get_text(strip=True) for td in tr.select("td")]
             for tr in soup.select("figure#table-2 tbody tr")]
    table = next(t for t in data.report.tables if t.number == 2)
    assert [c[1] for c in cells] == [r.printed_country for r in table.rows]
    glance = soup.select_one(".at-a-glance").get_text(" ", strip=True)
    assert "Home countries that meet here: 6" in glance


def test_vendor_and_project_pages_link_both_ways(built_site: Path, data: Dataset) -> None:
    for project in data.projects:
        soup = page(built_site, f"projects/{project.id}")
        links = content_links(soup)
        for part in project.organisations:
            org = data.get("organisations", part.id)
            folder = "vendors" if org.vendor else "organisations"
            assert f"../../{folder}/{org.id}/" in links, f"{project.id} misses {org.id}"
            back = content_links(page(built_site, f"{folder}/{org.id}"))
            assert f"../../projects/{project.id}/" in back, f"{org.id} misses {project.id}"


def test_every_record_has_a_page_or_anchor_on_an_index(built_site: Path, data: Dataset) -> None:
    timeline = ids(page(built_site, "timeline"))
    sources = ids(page(built_site, "sources"))
    numbers = ids(page(built_site, "numbers"))
    countries_index = page(built_site, "countries")
    assert {e.id for e in data.events} <= timeline
    assert {s.id for s in data.sources} <= sources
    assert {f"footnote-{f.number}" for f in data.footnotes} <= sources
    assert {f.id for f in data.facts} <= numbers
    assert {p.id for p in data.places} <= ids(countries_index)
    index_links = {
        kind: " ".join(content_links(page(built_site, kind)))
        for kind in ("countries", "partners", "vendors", "organisations", "projects")}
    for kind in ("countries", "partners", "projects"):
        for record in getattr(data, kind):
            page(built_site, f"{kind}/{record.id}")
            assert f"{record.id}/" in index_links[kind], f"{record.id} is on no index"
    for org in data.organisations:
        kind = "vendors" if org.vendor else "organisations"
        page(built_site, f"{kind}/{org.id}")
        assert f"{org.id}/" in index_links[kind], f"{org.id} is on no index"


@pytest.mark.parametrize("url", [
    "timeline", "countries", "countries/philippines", "partners", "partners/japan", "vendors",
    "vendors/cisco", "organisations", "organisations/jetro", "projects",
    "projects/new-clark-city", "numbers", "sources", "smart-cities-in-asean",
])
def test_links_and_anchors_resolve(built_site: Path, url: str) -> None:
    assert_links_resolve(built_site, url)


def test_generated_detail_pages_stay_out_of_the_navigation(built_site: Path,
                                                           data: Dataset) -> None:
    nav = page(built_site, "timeline").select_one("nav.md-nav--primary")
    pages_in_nav = {str(a["href"]) for a in nav.select("a[href]") if "#" not in str(a["href"])}
    for project in data.projects:
        assert f"../projects/{project.id}/" not in pages_in_nav
    # Home, five chapters and the reference sections: a fixed set, whatever the data holds.
    assert len(pages_in_nav) < 20


def test_a_renamed_record_keeps_its_old_address(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", copy)
    projects = copy / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace("- id: forest-city\n",
                                     "- id: forest-city\n  former_ids: [forest-city-johor]\n", 1),
                        encoding="utf-8")
    redirects = pages.redirect_pages(load(copy), "https://example.org/")
    html = redirects["projects/forest-city-johor/index.html"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("meta[http-equiv=refresh]")["content"] == "0; url=../forest-city/"
    assert soup.select_one("link[rel=canonical]")["href"] == "https://example.org/projects/forest-city/"
