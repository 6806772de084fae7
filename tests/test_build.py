"""The real site builds with --strict, and its pages hold the report's content."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.dataset import Dataset


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_table_1_has_the_reports_ten_rows_in_order(built_site: Path, data: Dataset) -> None:
    page = soup(built_site, "smart-cities-in-asean")
    rows = page.select("figure#table-1 table tbody tr")
    printed = [r.select("td")[0].get_text(" ", strip=True).split(" ")[0] for r in rows]
    assert printed == ["2018.07", "2018.11", "2019.06", "2019.01", "2019.04", "2019.11",
                       "2019.11", "2020.08", "2020.11", "2020.12"]
    table = next(t for t in data.report.tables if t.number == 1)
    links = [r.select("td")[1].a["href"].split("#")[1] for r in rows]
    assert links == [row.event for row in table.rows]


def test_table_2_lists_the_seven_new_clark_city_firms(built_site: Path) -> None:
    page = soup(built_site, "conflict-cooperation-compartmentalisation")
    cells = [[td.get_text(strip=True) for td in tr.select("td")]
             for tr in page.select("figure#table-2 table tbody tr")]
    assert [row[1] for row in cells] == [
        "the United States", "Singapore", "Japan", "Japan", "Korea", "Malaysia", "China"]
    assert cells[0][0] == "AECOM"
    # Each row has its own citation: the company's page and its "Cite this page" block.
    cite = page.select("figure#table-2 tbody tr")[0].select("td")[2].a["href"]
    assert cite == "../vendors/aecom/#cite-this-page"
