"""Validating records: every pydantic error becomes a located problem with a hint."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import find_problem

from sitegen.loading import read_yaml
from sitegen.model import Event, Source
from sitegen.parse import field_name, line_of, parse_record, record_label

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import DataCopy

EVENT = """\
- id: an-event
  date: "2006"
  title: A title
  summary: A summary
  category: corporate
  cite:
    - {source: okamoto-2022, section: emergence}
    - source: okamoto-2022
      footnote: [12, 13]
"""


def raw_event(tmp_path: Path, text: str = EVENT) -> object:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    raw, problems = read_yaml(path, "data/events.yaml")
    assert problems == []
    return raw[0]


def test_a_valid_record_parses_and_is_immutable(tmp_path: Path) -> None:
    event, problems = parse_record(Event, raw_event(tmp_path), "data/events.yaml", "an-event", 1)
    assert problems == []
    assert event is not None
    assert event.cite[1].footnote == (12, 13)
    with pytest.raises(ValueError, match="frozen"):
        event.title = "changed"  # type: ignore[misc]


def test_line_of_follows_the_path_as_deep_as_it_exists(tmp_path: Path) -> None:
    raw = raw_event(tmp_path)
    assert line_of(raw, (), 99) == 1
    assert line_of(raw, ("title",), 99) == 3
    assert line_of(raw, ("cite", 1), 99) == 8
    assert line_of(raw, ("cite", 1, "footnote"), 99) == 9
    assert line_of(raw, ("cite", 1, "footnote", 5), 99) == 9  # no item 5: the nearest line
    assert line_of(raw, ("nothing",), 99) == 1


def test_field_names_read_as_people_write_them() -> None:
    assert field_name(()) == "(record)"
    assert field_name(("title",)) == "title"
    assert field_name(("cite", 0, "section")) == "cite[0].section"
    assert field_name(("tables", 1, "rows", 3, "event")) == "tables[1].rows[3].event"


def test_record_label_is_the_id_or_number_or_position() -> None:
    assert record_label({"id": "cisco"}, 4) == "cisco"
    assert record_label({"number": 12}, 4) == "12"
    assert record_label({"id": True}, 4) == "record 5"
    assert record_label(["not", "a", "mapping"], 0) == "record 1"


def test_every_problem_in_a_record_is_reported_at_once(tmp_path: Path) -> None:
    broken = EVENT.replace('"2006"', '"2006-13"').replace("corporate", "corprate") \
        .replace("  title: A title\n", "")
    _, problems = parse_record(Event, raw_event(tmp_path, broken), "data/events.yaml",
                               "an-event", 1)
    assert sorted((p.line, p.field) for p in problems) == [(1, "title"), (2, "date"),
                                                           (4, "category")]
    assert all(p.hint for p in problems)


def test_a_bibliographic_record_with_a_bad_address_and_name(tmp_path: Path) -> None:
    raw = {"id": "x-2020", "type": "webpage", "title": "T", "url": "javascript:alert(1)",
           "author": [{"family": "A", "literal": "B"}]}
    _, problems = parse_record(Source, raw, "data/sources.json", "x-2020", 1)
    by_field = {p.field: p for p in problems}
    assert "is not a web address" in by_field["url"].problem
    assert "either family" in by_field["author[0]"].problem


# One test per kind of record error, each on a copy of the real data with one thing broken.

def test_missing_required_field(data_copy: DataCopy) -> None:
    data_copy.set_field("events.yaml", "smart-growth-concept", "category", None)
    line = data_copy.record_line("events.yaml", "smart-growth-concept")
    problems = data_copy.problems()
    find_problem(problems, "data/events.yaml", line, "smart-growth-concept", "category",
                 "is missing")
    assert len(problems) == 1


def test_unknown_field(data_copy: DataCopy) -> None:
    line = data_copy.add_field("organisations.yaml", "cisco", "headquarters", "San Jose")
    find_problem(data_copy.problems(), "data/organisations.yaml", line, "cisco", "headquarters",
                 "is not a field of this kind of record")


def test_wrong_type(data_copy: DataCopy) -> None:
    line = data_copy.set_field("facts.yaml", "ascn-pilot-cities", "value", "twenty-six")
    find_problem(data_copy.problems(), "data/facts.yaml", line, "ascn-pilot-cities", "value",
                 "'twenty-six' is not a number")


def test_wrong_type_list_expected(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "cite", "okamoto-2022")
    find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept", "cite",
                 "should be a list")


@pytest.mark.parametrize(("value", "says"), [
    ('"2019-13"', "'2019-13' is not a real date"),
    ('"late 60s"', "'late 60s' is not a date"),
    ("2018.07", "2018.07 is not text"),
])
def test_bad_date(data_copy: DataCopy, value: str, says: str) -> None:
    line = data_copy.set_field("events.yaml", "jetro-undp-ascn-mou", "date", value)
    problems = data_copy.problems()
    found = find_problem(problems, "data/events.yaml", line, "jetro-undp-ascn-mou", "date", says)
    assert "2018-07" in found.hint or "quotes" in found.hint
    # Table 1 points at this event; that is not a second mistake.
    assert len(problems) == 1


def test_bad_id_form(data_copy: DataCopy) -> None:
    line = data_copy.set_field("projects.yaml", "new-clark-city", "id", "New_Clark_City")
    problems = data_copy.problems()
    found = find_problem(problems, "data/projects.yaml", line, "New_Clark_City", "id",
                         "'New_Clark_City' is not a valid id")
    assert "lower-case" in found.hint


def test_not_an_allowed_value(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "category", "idea")
    found = find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept",
                         "category", "'idea' is not an allowed value")
    assert "'concept'" in found.hint


def test_report_cite_without_locator(data_copy: DataCopy) -> None:
    data_copy.set_field("events.yaml", "smart-growth-concept", "cite", None)
    data_copy.replace("events.yaml", "- id: smart-growth-concept\n",
                      "- id: smart-growth-concept\n  cite:\n    - {source: okamoto-2022}\n")
    line = data_copy.record_line("events.yaml", "smart-growth-concept") + 2
    problems = data_copy.problems()
    find_problem(problems, "data/events.yaml", line, "smart-growth-concept", "cite[0]",
                 "a citation of the report needs a section, table, figure or footnote")
    assert len(problems) == 1  # not also "cite is empty"
