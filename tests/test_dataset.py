"""Loading the whole dataset: typed tables, look-ups, and every problem collected at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import find_problem

from sitegen import dates
from sitegen.dataset import load
from sitegen.errors import DataError, Problem

if TYPE_CHECKING:
    from conftest import DataCopy

    from sitegen.dataset import Dataset


def test_the_real_data_loads(data: Dataset) -> None:
    assert len(data.countries) == 10
    assert len(data.partners) == 6
    assert len(data.footnotes) == 38
    assert [f.number for f in data.footnotes] == list(range(1, 39))
    assert data.get("sources", "okamoto-2022").isbn == "978-4-910833-02-6"
    assert data.record_count > 1000


def test_events_are_in_date_order(data: Dataset) -> None:
    keys = [dates.sort_key(e.date, e.approx) for e in data.events]
    assert keys == sorted(keys)
    assert data.events[0].id == "la-community-analysis-bureau"


def test_places_are_looked_up_across_the_three_files(data: Dataset) -> None:
    assert data.place("indonesia").name == "Indonesia"
    assert data.place("china").iso3 == "CHN"
    assert data.place("brazil").iso3 == "BRA"


def test_tables_are_typed_by_their_metadata(data: Dataset) -> None:
    table = data.tables["urban-population-wdi-2023"]
    assert table.header == ("iso3", "country", "year", "urban_pct")
    row = table.rows[0]
    assert isinstance(row["year"], int)
    assert isinstance(row["urban_pct"], float)
    assert isinstance(row["iso3"], str)
    with pytest.raises(TypeError):
        row["year"] = 1900  # type: ignore[index]


def test_the_dataset_is_immutable(data: Dataset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.events = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        data.by_id["events"]["x"] = None  # type: ignore[index]
    with pytest.raises(ValueError, match="frozen"):
        data.events[0].title = "changed"  # type: ignore[misc]


def test_a_folder_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(DataError) as raised:
        load(tmp_path / "nowhere")
    assert [p.field for p in raised.value.problems] == ["(folder)"]


# One test per kind of tabular-data error, on a copy of the real data.

def first_data_line(data_copy: DataCopy, name: str) -> str:
    return data_copy.text(name).splitlines()[1]


def test_malformed_number_in_a_csv(data_copy: DataCopy) -> None:
    line = first_data_line(data_copy, "urban_population_share.csv")
    iso3, country, year, _ = line.split(",")
    data_copy.replace("urban_population_share.csv", line + "\n",
                      f"{iso3},{country},{year},43.4%\n")
    problems = data_copy.problems()
    found = find_problem(problems, "data/urban_population_share.csv", 2, "row 2", "urban_pct",
                         "'43.4%' is not a number")
    assert "no units" in found.hint
    assert len(problems) == 1


def test_malformed_whole_number_in_a_csv(data_copy: DataCopy) -> None:
    line = first_data_line(data_copy, "urban_population_share.csv")
    iso3, country, _, pct = line.split(",")
    data_copy.replace("urban_population_share.csv", line + "\n", f"{iso3},{country},1960.5,{pct}\n")
    find_problem(data_copy.problems(), "data/urban_population_share.csv", 2, "row 2", "year",
                 "'1960.5' is not a whole number")


def test_csv_header_that_differs_from_its_metadata(data_copy: DataCopy) -> None:
    header = data_copy.text("urban_population_share.csv").splitlines()[0]
    data_copy.replace("urban_population_share.csv", header + "\n",
                      header.replace("urban_pct", "urban_share") + "\n")
    problems = data_copy.problems()
    found = find_problem(problems, "data/urban_population_share.csv", 1, "(file)", "(header)",
                         "differ from the metadata's")
    assert "urban_population_share.meta.yaml" in found.hint
    assert len(problems) == 1  # Figure 1's data set is not reported missing as well


def test_csv_without_metadata(data_copy: DataCopy) -> None:
    (data_copy.root / "econ_sea_gmv.meta.yaml").unlink()
    problems = data_copy.problems()
    find_problem(problems, "data/econ_sea_gmv.csv", 1, "(file)", "(metadata)",
                 "has no econ_sea_gmv.meta.yaml")
    assert len(problems) == 1


def test_empty_csv(data_copy: DataCopy) -> None:
    data_copy.write("econ_sea_gmv.csv", "")
    find_problem(data_copy.problems(), "data/econ_sea_gmv.csv", 1, "(file)", "(header)",
                 "the file is empty")


def test_metadata_naming_an_unknown_data_set(data_copy: DataCopy) -> None:
    meta = data_copy.text("econ_sea_gmv.meta.yaml")
    old_id = meta.splitlines()[0]
    data_copy.replace("econ_sea_gmv.meta.yaml", old_id + "\n", "id: no-such-data-set\n")
    problems = data_copy.problems()
    assert any(p.file == "data/econ_sea_gmv.meta.yaml" and p.record == "no-such-data-set"
               and "is not a data set in sources.json" in p.problem for p in problems)


def test_independent_problems_are_all_reported_in_one_run(data_copy: DataCopy) -> None:
    date_line = data_copy.set_field("events.yaml", "smart-growth-concept", "date", '"1980-13"')
    home_line = data_copy.set_field("organisations.yaml", "cisco", "home", "atlantis")
    csv_line = first_data_line(data_copy, "urban_population_share.csv")
    data_copy.replace("urban_population_share.csv", csv_line + "\n",
                      csv_line.rsplit(",", 1)[0] + ",n/a\n")
    with pytest.raises(DataError) as raised:
        load(data_copy.root)
    assert [(p.file, p.line, p.record, p.field) for p in raised.value.problems] == [
        ("data/events.yaml", date_line, "smart-growth-concept", "date"),
        ("data/organisations.yaml", home_line, "cisco", "home"),
        ("data/urban_population_share.csv", 2, "row 2", "urban_pct"),
    ]
    message = str(raised.value).splitlines()
    assert message[0] == "3 problems in the data:"
    assert message[1:] == [f"  {p}" for p in raised.value.problems]


def test_problems_are_sorted_and_deduplicated() -> None:
    b = Problem("data/b.yaml", 3, "r", "f", "p", "h")
    a = Problem("data/a.yaml", 9, "r", "f", "p", "h")
    error = DataError([b, a, b])
    assert error.problems == [a, b]
    assert str(error) == "2 problems in the data:\n  data/a.yaml:9: r: f: p (h)\n" \
        "  data/b.yaml:3: r: f: p (h)"
