"""One CSL-JSON record per page, made from the site's configuration, and its citation block."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sitegen import cite, cite_csl, cite_pages
from sitegen.cite_config import (
    CitationConfigError,
    SiteInfo,
    git_last_changed,
    read_mkdocs_yaml,
    url_path,
)
from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
SETTINGS: dict[str, Any] = {
    "authors": [{"family": "Doe", "given": "Jane"}, {"literal": "A Research Group"}],
    "editors": [{"family": "Roe", "given": "Richard"}],
    "version": "2.1.0", "first_published": "2024-01-15", "release_date": "2025-06-30",
}


def make_site(root: Path, **changes: Any) -> SiteInfo:
    return SiteInfo.from_config({**SETTINGS, **changes}, site_name="Test Site",
                                site_url="https://example.org/sub", root=root)


@pytest.fixture(scope="module")
def site() -> SiteInfo:
    return read_mkdocs_yaml(ROOT / "mkdocs.yml")


def test_settings_come_from_mkdocs_yml(site: SiteInfo) -> None:
    assert site.name == "Smart Cities in ASEAN, Explained"
    assert site.url == "https://asean-smart-cities.example.org/"
    assert re.fullmatch(r"\d+\.\d+\.\d+", site.settings.version)  # CITATION.cff agrees
    assert site.settings.authors[0].literal == "ASEAN Smart Cities Explainer team"
    assert site.settings.first_published <= site.settings.release_date


@pytest.mark.parametrize(("src_uri", "path"), [
    ("index.md", ""), ("timeline.md", "timeline/"), ("countries/index.md", "countries/"),
    ("projects/new-clark-city.md", "projects/new-clark-city/"), ("data/index.md", "data/")])
def test_page_addresses_follow_directory_urls(src_uri: str, path: str) -> None:
    assert url_path(src_uri) == path


def test_a_page_record_holds_everything_the_issue_lists(tmp_path: Path, data: Dataset) -> None:
    site = make_site(tmp_path)  # not a git checkout: the release date stands in
    record = cite.page_record(site, data, "countries/lao-pdr.md", "Lao PDR", "About Laos.")
    assert record["type"] == "webpage"
    assert record["title"] == "Lao PDR"
    assert record["author"] == [{"family": "Doe", "given": "Jane"}, {"literal": "A Research Group"}]
    assert record["editor"] == [{"family": "Roe", "given": "Richard"}]
    assert record["container-title"] == "Test Site"
    assert record["URL"] == "https://example.org/sub/countries/lao-pdr/"
    assert record["version"] == "2.1.0"
    assert record["issued"] == {"date-parts": [[2025, 6, 30]]}
    assert record["available-date"] == {"date-parts": [[2024, 1, 15]]}
    assert record["note"].startswith("Based on: Okamoto, Masaaki. 2022. Mushrooming Smart Cities")
    assert "ROLES Report No. 20" in record["note"]  # the series and its number, together
    assert record["id"] == "asean-smart-cities-countries-lao-pdr"


@pytest.mark.parametrize(("changes", "says"), [
    ({"authors": []}, "extra.citation.authors"),
    ({"first_published": "25/11/2026"}, "extra.citation.first_published"),
    ({"version": "one"}, "extra.citation.version"),
    ({"release_date": "2023-01-01"}, "release_date is before first_published"),
    ({"colour": "red"}, "extra.citation.colour"),
])
def test_configuration_errors_name_the_setting_and_say_where(
        tmp_path: Path, changes: dict[str, Any], says: str) -> None:
    with pytest.raises(CitationConfigError) as raised:
        make_site(tmp_path, **changes)
    assert says in str(raised.value)
    assert "mkdocs.yml" in str(raised.value) and "extra: citation:" in str(raised.value)


def test_missing_block_or_site_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CitationConfigError, match=r"extra\.citation is missing"):
        SiteInfo.from_config(None, site_name="x", site_url="https://x.org/", root=tmp_path)
    with pytest.raises(CitationConfigError, match="site_url is not set"):
        SiteInfo.from_config(SETTINGS, site_name="x", site_url=None, root=tmp_path)


def test_last_updated_comes_from_git_history_and_is_stable(site: SiteInfo) -> None:
    # A chapter is made from its file and from the data and templates of its inserts and notes.
    made = ("content/introduction.md", "data", "src/sitegen/templates")
    assert site.sources_of("introduction.md") == made
    shown = subprocess.run(["git", "log", "-1", "--format=%cI", "--", *made],
                           cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    if shown:  # a checkout with history: the day of the last commit that touched any of them
        expected = max(shown[:10], site.settings.first_published)
        assert site.last_updated("introduction.md") == expected
    else:
        assert site.last_updated("introduction.md") == site.settings.release_date
    assert site.last_updated("introduction.md") == site.last_updated("introduction.md")
    assert site.sources_of("timeline.md") == ("data", "src/sitegen/templates")
    assert site.sources_of("about.md")[0] == "content/about.md"


def test_without_git_history_the_release_date_stands_in(tmp_path: Path) -> None:
    assert git_last_changed(tmp_path, ("content",)) is None
    site = make_site(tmp_path)
    assert site.last_updated("index.md") == "2025-06-30"


def test_titles_come_from_front_matter_then_the_first_heading() -> None:
    assert cite.page_title('---\ntitle: "A: B"\n---\n# Other\n', "x") == "A: B"
    assert cite.page_title("# Heading { #id }\n\ntext", "x") == "Heading"
    assert cite.page_title("no heading", "Site") == "Site"


def test_the_block_offers_six_formats_and_three_downloads(site: SiteInfo, data: Dataset) -> None:
    citer = cite.Citer(site, data)
    markdown = '---\ntitle: "New Clark City"\n---\n# New Clark City\n\nText.[^c1]\n\n[^c1]: A.\n'
    citer.add_page("projects/new-clark-city.md", markdown)
    out, _ = citer.section(markdown, "projects/new-clark-city.md")
    # Footnotes are placed before the block, not after it.
    assert out.index("///Footnotes Go Here///") < out.index("## Cite this page")
    block = BeautifulSoup(out[out.index("<div"):], "html.parser")
    record = citer.pages["projects/new-clark-city.md"].record
    texts = {(p.get("id") or p.parent["id"]): p for p in block.select("[data-cite-copy]")}
    assert set(texts) == {"cite-apa", "cite-chicago", "cite-mla", "cite-bib", "cite-ris",
                          "cite-json"}
    for key in ("apa", "chicago", "mla"):
        assert texts[f"cite-{key}"].get_text() == cite_csl.plain_text(
            cite_csl.format_record(record, key))
    assert texts["cite-json"].get_text().startswith('[\n  {\n    "id": ')
    links = [(a["href"], a["download"]) for a in block.select(".cite-downloads a")]
    assert links == [(f"cite.{ext}", f"{record['id']}.{ext}") for ext in ("bib", "ris", "json")]
    files = citer.files()
    assert set(files) == {f"projects/new-clark-city/cite.{e}" for e in ("bib", "ris", "json")}


def test_pages_without_footnotes_get_no_placeholder(site: SiteInfo, data: Dataset) -> None:
    citer = cite.Citer(site, data)
    citer.add_page("about.md", "# About\n\nNo notes.\n")
    assert "Footnotes Go Here" not in citer.section("# About\n\nNo notes.\n", "about.md")[0]


def test_events_and_numbers_have_records_pointing_at_their_place(
        site: SiteInfo, data: Dataset) -> None:
    pages, files = cite_pages.build(site, data)
    assert set(pages) == {"report.md", "cite/events.md", "cite/facts.md"}
    event = data.events[0]
    (item,) = [i for i in cite_pages.items(site, data, "events") if i.anchor == event.id]
    assert item.record["URL"] == f"{site.url}timeline/#{event.id}"
    assert item.record["genre"] == "Timeline entry"
    assert "Sources: Okamoto 2022" in item.record["note"]
    assert f"cite/events/{event.id}.bib" in files
    assert f"cite/facts/{data.facts[0].id}.ris" in files
    assert f"{{ #{event.id} }}" in pages["cite/events.md"]
    chart = cite.csl_for_chart(site, data, chart_id="chart-urban", title="Urban shares",
                               page="introduction.md")
    assert chart["URL"] == f"{site.url}introduction/#chart-urban"
    assert chart["genre"] == "Chart"
    assert set(cite.formats(chart)) == {"apa", "chicago", "mla"}


def test_a_page_can_say_what_it_is(site: SiteInfo, data: Dataset) -> None:
    citer = cite.Citer(site, data)
    page = citer.add_page("charts/x.md", '---\ntitle: "X"\ncitation_genre: Chart\n---\n# X\n')
    assert page.record["genre"] == "Chart"
    assert "[Chart]" in cite_csl.format_record(page.record, "apa")


def test_a_number_s_citation_title_says_its_target_year(site: SiteInfo, data: Dataset) -> None:
    titles = {anchor: title for anchor, title, _ in cite_pages.item_records(site, data, "facts")}
    targets = [f for f in data.facts if f.target_date]
    assert targets
    for fact in targets:
        assert titles[fact.id].endswith(f" by {fact.target_date[:4]}"), titles[fact.id]
