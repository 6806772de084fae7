"""The chapters' data inserts and citation footnotes, and the links and labels they are made of."""

from __future__ import annotations

import logging
import posixpath
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from sitegen import paths
from sitegen.citations import cites_markdown, short_label
from sitegen.model import Cite, Source
from sitegen.narrative import INSERTS, expand

if TYPE_CHECKING:
    from collections.abc import Callable

    from sitegen.dataset import Dataset

LOGGER = "mkdocs.plugins.sitegen"
PAGE = "smart-cities-in-asean.md"


def html(site_markdown: Callable[[str], str], markdown: str) -> BeautifulSoup:
    return BeautifulSoup(site_markdown(markdown), "html.parser")


def footnote_texts(soup: BeautifulSoup) -> list[str]:
    return [" ".join(li.get_text(" ").replace("↩", "").split())
            for li in soup.select("div.footnote li")]


# Inserts

def test_table_1_insert_renders_the_reports_rows_from_records(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    soup = html(site_markdown, expand("Before.\n\n<!-- insert table-1 -->\n\nAfter.\n", PAGE, data))
    table = next(t for t in data.report.tables if t.number == 1)
    rows = soup.select("figure#table-1 table tbody tr")
    assert len(rows) == len(table.rows) == 10
    assert [r.select("td")[0].get_text(" ", strip=True).split(" ")[0] for r in rows] == \
        [row.printed_date for row in table.rows]
    assert [str(r.select("td")[1].a["href"]) for r in rows if r.select("td")[1].a] == \
        [f"timeline.md#{row.event}" for row in table.rows]
    paragraphs = [p.get_text() for p in soup.find_all("p", recursive=False)]
    assert (paragraphs[0], paragraphs[-1]) == ("Before.", "After.")


@pytest.mark.parametrize("name", sorted(INSERTS))
def test_every_insert_renders_without_warnings(
        name: str, data: Dataset, site_markdown: Callable[[str], str],
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        out = expand(f"<!-- insert {name} -->\n", PAGE, data)
    assert caplog.records == []
    assert f"<!-- insert {name} -->" not in out
    soup = html(site_markdown, out)
    assert soup.select("figure, table"), f"insert {name} rendered no figure or table"


def test_unknown_insert_warns_and_stays_visible_in_the_source(
        data: Dataset, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        out = expand("<!-- insert table-9 -->\n", PAGE, data)
    assert out == "<!-- insert table-9 -->\n"
    [record] = caplog.records
    assert record.name == LOGGER
    assert record.levelno == logging.WARNING
    assert "unknown insert 'table-9'" in record.getMessage()
    assert PAGE in record.getMessage()


def test_an_insert_marker_must_stand_on_its_own_line(
        data: Dataset, caplog: pytest.LogCaptureFixture) -> None:
    text = "Text <!-- insert table-1 --> more text.\n"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert expand(text, PAGE, data) == text
    assert caplog.records == []


# Citation footnotes

@pytest.mark.parametrize(("label", "says"), [
    ("fn12", "footnote 12"),
    ("sec-emergence", "section 2"),
    ("table1", "Table 1"),
    ("fig1", "Figure 1"),
    ("src-mouton-2021", "Mouton 2021"),
    ("ev-smart-growth-concept", "footnote 10"),
])
def test_citation_labels_get_definitions(
        label: str, says: str, data: Dataset, site_markdown: Callable[[str], str],
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        out = expand(f"A claim.[^{label}] Another.[^{label}]\n", PAGE, data)
    assert caplog.records == []
    assert out.count(f"[^{label}]:") == 1
    soup = html(site_markdown, out)
    [text] = footnote_texts(soup)
    assert says in text
    assert text.endswith(".")
    hrefs = [str(a["href"]) for a in soup.select("div.footnote li a") if "footnote-backref" not in
             (a.get("class") or [])]
    assert all(h.startswith("sources.md#") for h in hrefs), hrefs


def test_a_report_footnote_label_follows_it_to_the_works_it_cites(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    footnote = data.footnote(12)
    soup = html(site_markdown, expand("A claim.[^fn12]\n", PAGE, data))
    hrefs = {a["href"] for a in soup.select("div.footnote li a")}
    assert "sources.md#footnote-12" in hrefs
    assert "sources.md#okamoto-2022" in hrefs
    assert {f"sources.md#{c.source}" for c in footnote.cites} <= hrefs


@pytest.mark.parametrize("label", [
    "fn99", "sec-origins", "table9", "fig7", "src-nobody-2020", "ev-no-such-event", "note",
])
def test_unknown_labels_warn(label: str, data: Dataset, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        out = expand(f"A claim.[^{label}]\n", PAGE, data)
    assert f"[^{label}]:" not in out
    [record] = caplog.records
    assert record.name == LOGGER
    assert f"footnote [^{label}] has no definition" in record.getMessage()


def test_hand_written_definitions_are_kept_and_not_doubled(
        data: Dataset, caplog: pytest.LogCaptureFixture) -> None:
    text = "A claim.[^fn12] A remark.[^aside]\n\n[^fn12]: Our own note.\n[^aside]: An aside.\n"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert expand(text, PAGE, data) == text
    assert caplog.records == []


def test_links_are_relative_to_the_page(data: Dataset) -> None:
    out = expand("A claim.[^fn12]\n", "countries/indonesia.md", data)
    assert "(../sources.md#footnote-12)" in out


# Addresses and short labels

@pytest.mark.parametrize(("from_page", "to_page", "anchor", "link"), [
    ("timeline.md", "timeline.md", "x", "timeline.md#x"),
    ("countries/indonesia.md", "timeline.md", "ev", "../timeline.md#ev"),
    ("index.md", "countries/index.md", "", "countries/index.md"),
    ("countries/index.md", "countries/indonesia.md", "", "indonesia.md"),
    ("vendors/cisco.md", "organisations/jetro.md", "", "../organisations/jetro.md"),
    ("countries/indonesia.md", "countries/indonesia.md", "", "indonesia.md"),
])
def test_rel(from_page: str, to_page: str, anchor: str, link: str) -> None:
    assert paths.rel(from_page, to_page, anchor) == link


segment = st.text(alphabet="abcdefghij-", min_size=1, max_size=6)
page_path = st.lists(segment, min_size=1, max_size=3).map(lambda p: "/".join(p) + ".md")


@given(page_path, page_path)
def test_rel_always_resolves_to_the_target(from_page: str, to_page: str) -> None:
    target = paths.rel(from_page, to_page)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), target))
    assert resolved == to_page


def source(*authors: dict[str, str], issued: str | None = "2020") -> Source:
    return Source.model_validate({"id": "s", "type": "report", "title": "A Title",
                                  "author": list(authors), "issued": issued})


@pytest.mark.parametrize(("record", "label"), [
    (source({"family": "Okamoto", "given": "Masaaki"}), "Okamoto 2020"),
    (source({"family": "Villa", "given": "N"}, {"family": "Wagener", "given": "W"}),
     "Villa and Wagener 2020"),
    (source({"family": "Atha"}, {"family": "B"}, {"family": "C"}), "Atha et al. 2020"),
    (source({"literal": "World Bank"}), "World Bank 2020"),
    (source({"literal": "Google"}, {"literal": "Temasek"}, {"literal": "Bain & Company"}),
     "Google et al. 2020"),
    (source({"family": "Vanolo"}, issued="2014-03"), "Vanolo 2014"),
    (source({"literal": "Cisco"}, issued=None), "Cisco n.d."),
    (source(), "A Title 2020"),
])
def test_short_label(record: Source, label: str) -> None:
    assert short_label(record) == label


def test_short_label_of_the_report(data: Dataset) -> None:
    assert short_label(data.get("sources", "okamoto-2022")) == "Okamoto 2022"


def test_the_same_place_is_cited_once(data: Dataset) -> None:
    cite = Cite(source="okamoto-2022", section="asean", table=1)
    out = str(cites_markdown(data, PAGE, (cite, cite, Cite(source="mouton-2021"))))
    assert out.count("Table 1") == 1
    assert out.count("Mouton 2021") == 1
    assert out.endswith(".")


def test_an_insert_of_a_table_the_data_lacks_warns_instead_of_failing(
        data: Dataset, caplog: pytest.LogCaptureFixture) -> None:
    import dataclasses

    without = dataclasses.replace(data, report=data.report.model_copy(update={"tables": ()}))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        out = expand("Before.\n\n<!-- insert table-2 -->\n\nAfter.\n", "chapter.md", without)
    assert "<!-- insert" not in out and "After." in out
    [record] = caplog.records
    assert "chapter.md" in record.getMessage() and "no table 2" in record.getMessage()


def test_table_1_has_the_reports_two_columns_and_no_host_countries_as_partners(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    # The report's Table 1 prints a date and an entry; it has no partner or country column.
    soup = html(site_markdown, expand("<!-- insert table-1 -->\n", PAGE, data))
    headers = [th.get_text(strip=True) for th in soup.select("figure#table-1 thead th")]
    assert len(headers) == 2
    assert headers[0] == "Date as printed"
    members = {p.id for p in data.countries}
    for tr in soup.select("figure#table-1 tbody tr"):
        assert len(tr.select("td")) == 2
        for a in tr.select("a[href]"):
            target = str(a["href"]).split("#")[-1]
            assert target not in members and target != "turkey", a
    korea = next(tr for tr in soup.select("figure#table-1 tbody tr")
                 if tr.select_one("a[href$='#korea-smart-city-cooperation-centres']"))
    assert "Vietnam" not in korea.get_text() and "Turkey" not in korea.get_text()


def test_the_asean_chapter_notes_table_1s_date_slip_once(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    text = (ROOT / "content" / PAGE).read_text(encoding="utf-8")
    soup = html(site_markdown, expand(text, PAGE, data))
    notes = [n.get_text(" ", strip=True) for n in soup.select("div.admonition.note")]
    about_slip = [n for n in notes if "2019.01" in n]
    assert len(about_slip) == 1, about_slip
    assert about_slip[0].startswith("Editorial note on Table 1")


def test_figure_1_table_names_countries_as_the_site_does_in_the_charts_order(
        data: Dataset) -> None:
    text = expand("<!-- insert figure-1 -->\n", "introduction.md", data)
    names = [line.split("|")[1].strip() for line in text.splitlines()
             if line.startswith("| ") and not line.startswith(("| Country", "| ---"))]
    members = sorted(c.name for c in data.countries)
    assert names == [*members, "World"]  # the site's "Vietnam", not the World Bank's "Viet Nam"
