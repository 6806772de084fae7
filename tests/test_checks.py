"""Cross-references: every id a record names exists, every source is used, ids are unique."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import find_problem

if TYPE_CHECKING:
    from conftest import DataCopy

JAPAN = """\
- id: japan
  name: Japan (again)
  iso3: JPN
  summary: A second record with an id that is taken.
  cite:
    - {source: okamoto-2022, section: emergence}
"""


def test_unknown_country_id(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "la-community-analysis-bureau", "countries",
                               "[united-states, atlantis]")
    problems = data_copy.problems()
    found = find_problem(problems, "data/events.yaml", line, "la-community-analysis-bureau",
                         "countries[1]", "'atlantis' is not a known country or place id")
    assert "countries.yaml" in found.hint
    assert len(problems) == 1


def test_unknown_home_country(data_copy: DataCopy) -> None:
    line = data_copy.set_field("organisations.yaml", "cisco", "home", "usa")
    find_problem(data_copy.problems(), "data/organisations.yaml", line, "cisco", "home",
                 "'usa' is not a known country or place id")


def test_unknown_source_id(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "cite",
                               '[{source: nobody-2020, pages: "3"}]')
    found = find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept",
                         "cite[0].source", "'nobody-2020' is not a known source")
    assert "sources.json" in found.hint


def test_unknown_source_in_a_footnote(data_copy: DataCopy) -> None:
    data_copy.replace("footnotes.yaml", "    - source: google-temasek-bain-2019\n",
                      "    - source: google-temasek-bain-2091\n")
    problems = data_copy.problems()
    here = [p for p in problems if p.file == "data/footnotes.yaml"]
    assert [(p.record, p.field) for p in here] == [("3", "cites[0].source")]
    assert "'google-temasek-bain-2091' is not a known source id" in here[0].problem
    # The source that footnote used to cite is now cited by none: that is reported too.
    assert any(p.record == "google-temasek-bain-2019" and "no footnote cites" in p.problem
               for p in problems)


def test_unknown_organisation_id(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "la-community-analysis-bureau", "actors",
                               "[acme-smart-cities]")
    find_problem(data_copy.problems(), "data/events.yaml", line, "la-community-analysis-bureau",
                 "actors[0]", "'acme-smart-cities' is not a known organisation id")


def test_unknown_project_id(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "la-community-analysis-bureau", "projects",
                               "[atlantis-city]")
    find_problem(data_copy.problems(), "data/events.yaml", line, "la-community-analysis-bureau",
                 "projects[0]", "'atlantis-city' is not a known project id")


def test_unknown_fact_subject(data_copy: DataCopy) -> None:
    line = data_copy.set_field("facts.yaml", "ascn-pilot-cities", "subjects", "[ascn, nowhere]")
    found = find_problem(data_copy.problems(), "data/facts.yaml", line, "ascn-pilot-cities",
                         "subjects[1]", "'nowhere' is not a known organisation or country or "
                         "place or project id")
    assert "projects.yaml" in found.hint


def test_unknown_table_row_event(data_copy: DataCopy) -> None:
    line = data_copy.replace("report.yaml", "      - event: jetro-undp-ascn-mou\n",
                             "      - event: jetro-undp-ascn-memo\n")
    find_problem(data_copy.problems(), "data/report.yaml", line, "report",
                 "tables[0].rows[0].event", "'jetro-undp-ascn-memo' is not a known event id")


def test_unknown_section(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "cite",
                               "[{source: okamoto-2022, section: origins}]")
    find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept",
                 "cite[0].section", "'origins' is not a section of the report")


def test_footnote_number_that_does_not_exist(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "cite",
                               "[{source: okamoto-2022, section: emergence, footnote: 39}]")
    found = find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept",
                         "cite[0].footnote", "the report has no footnote 39")
    assert found.hint == "use 1 to 38"


def test_report_locator_on_another_source(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "cite",
                               "[{source: mouton-2021, section: emergence}]")
    found = find_problem(data_copy.problems(), "data/events.yaml", line, "smart-growth-concept",
                         "cite[0].source", "locate places in the report")
    assert "pages:" in found.hint


def test_duplicate_id_in_one_file(data_copy: DataCopy) -> None:
    first = data_copy.record_line("events.yaml", "la-community-analysis-bureau")
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "id",
                               "la-community-analysis-bureau")
    problems = data_copy.problems()
    found = find_problem(problems, "data/events.yaml", line, "la-community-analysis-bureau", "id",
                         "'la-community-analysis-bureau' is used twice")
    assert f"(also data/events.yaml:{first})" in found.problem
    assert found.hint == "ids must be unique; pick another"


def test_duplicate_id_across_countries_partners_and_places(data_copy: DataCopy) -> None:
    first = data_copy.record_line("partners.yaml", "japan")
    text = data_copy.text("places.yaml")
    data_copy.write("places.yaml", text.rstrip("\n") + "\n\n" + JAPAN)
    line = len(text.rstrip("\n").splitlines()) + 2
    problems = data_copy.problems()
    found = find_problem(problems, "data/places.yaml", line, "japan", "id",
                         "'japan' is used twice")
    assert f"(also data/partners.yaml:{first})" in found.problem
    assert len(problems) == 1


def test_duplicate_footnote_number(data_copy: DataCopy) -> None:
    line = data_copy.set_field("footnotes.yaml", "4", "number", "3")
    find_problem(data_copy.problems(), "data/footnotes.yaml", line, "3", "number",
                 "'3' is used twice")


def test_gap_in_footnote_numbers(data_copy: DataCopy) -> None:
    data_copy.set_field("footnotes.yaml", "38", "number", "39")
    problems = data_copy.problems()
    find_problem(problems, "data/footnotes.yaml", 1, "(file)", "number",
                 "footnotes [38] are missing")


def test_source_no_footnote_cites(data_copy: DataCopy) -> None:
    data_copy.replace("sources.json", '"id": "mouton-2021"', '"id": "mouton-2021-copy"')
    problems = data_copy.problems()
    assert any(p.record == "mouton-2021-copy" and p.field == "id" and
               p.problem == "no footnote cites this source" and p.hint for p in problems)


def test_a_bad_record_is_reported_once_not_again_where_it_is_referred_to(
        data_copy: DataCopy) -> None:
    # Cisco is named by many events, projects and facts; its own error is the only message.
    line = data_copy.set_field("organisations.yaml", "cisco", "kind", "corporation")
    problems = data_copy.problems()
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        ("data/organisations.yaml", line, "cisco", "kind")]


def test_a_data_set_the_pages_are_built_from_must_be_there(data_copy: DataCopy) -> None:
    (data_copy.root / "econ_sea_gmv.csv").unlink()
    (data_copy.root / "econ_sea_gmv.meta.yaml").unlink()
    problems = data_copy.problems()
    found = find_problem(problems, "data/sources.json", 1, "econ-sea-gmv", "(data set)",
                         "the site needs this data set for the internet-economy chart")
    assert "CSV" in found.hint
