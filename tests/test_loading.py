"""Reading files: YAML and CSV values that remember their lines; broken files become problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import find_problem

from sitegen.loading import LineDict, LineList, read_csv, read_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import DataCopy


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_values_remember_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "# a comment\n\n- id: a\n  title: A\n  cite:\n"
                                     "    - {source: s}\n    - {source: t}\n- id: b\n")
    raw, problems = read_yaml(path, "data/x.yaml")
    assert problems == []
    assert isinstance(raw, LineList)
    assert raw.line == 3
    assert raw.item_lines == [3, 8]
    first = raw[0]
    assert isinstance(first, LineDict)
    assert first.key_lines == {"id": 3, "title": 4, "cite": 5}
    assert first["cite"].item_lines == [6, 7]


def test_dates_stay_text_at_every_precision(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "- a: 2014-11-24\n  b: 2018-07\n  c: 1960s\n  d: 2006\n")
    raw, _ = read_yaml(path, "x.yaml")
    assert raw[0] == {"a": "2014-11-24", "b": "2018-07", "c": "1960s", "d": 2006}


def test_python_tags_never_run_code(tmp_path: Path) -> None:
    target = tmp_path / "made-by-yaml"
    path = write(tmp_path, "x.yaml", f"- id: !!python/object/apply:os.mkdir ['{target}']\n"
                                     f"- !!python/object/apply:os.mkdir ['{target}']\n")
    read_yaml(path, "data/x.yaml")
    assert not target.exists()


def test_a_field_given_twice_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "- id: a\n  title: One\n  summary: s\n  title: Two\n")
    raw, problems = read_yaml(path, "data/x.yaml")
    assert raw is None
    assert len(problems) == 1
    assert problems[0].line == 4
    assert "'title' twice" in problems[0].problem
    assert problems[0].hint


def test_csv_rows_come_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", 'a,b\n1,"x, y"\n2,z\n')
    header, rows, problems = read_csv(path, "data/t.csv")
    assert header == ["a", "b"]
    assert rows == [(2, {"a": "1", "b": "x, y"}), (3, {"a": "2", "b": "z"})]
    assert problems == []


def test_csv_row_with_a_stray_comma_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "a,b\n1,2\n3,4,5\n")
    _, rows, problems = read_csv(path, "data/t.csv")
    assert [line for line, _ in rows] == [2]
    assert [str(p) for p in problems] == [
        "data/t.csv:3: row 3: (row): has 3 cells, the header has 2 (quote cells that contain "
        "commas)"]


# One test per kind of broken file, each on a copy of the real data.

def test_yaml_syntax_error(data_copy: DataCopy) -> None:
    line = data_copy.set_field("events.yaml", "smart-growth-concept", "title",
                               "New Urbanism: Smart Growth: an idea")
    problems = data_copy.problems()
    find_problem(problems, "data/events.yaml", line, "(file)", "(syntax)", "YAML syntax error")
    assert len(problems) == 1  # records that refer to events are not reported again


def test_yaml_syntax_error_in_the_bibliography(data_copy: DataCopy) -> None:
    line = data_copy.replace("sources.json", '"isbn": "978-4-910833-02-6",',
                             '"isbn": "978-4-910833-02-6"')
    problems = data_copy.problems()
    found = [p for p in problems if p.file == "data/sources.json"]
    assert len(found) == 1
    assert found[0].field == "(syntax)"
    assert found[0].line in {line, line + 1}  # a missing comma shows on the next line
    assert len(problems) == 1  # citations of the unreadable sources are not reported again


def test_empty_file(data_copy: DataCopy) -> None:
    data_copy.write("places.yaml", "# nothing here yet\n")
    problems = data_copy.problems()
    find_problem(problems, "data/places.yaml", 1, "(file)", "(file)", "the file is empty")
    assert len(problems) == 1


def test_empty_report_file(data_copy: DataCopy) -> None:
    data_copy.write("report.yaml", "")
    find_problem(data_copy.problems(), "data/report.yaml", 1, "(file)", "(file)",
                 "the file is empty")


def test_missing_file(data_copy: DataCopy) -> None:
    (data_copy.root / "facts.yaml").unlink()
    problems = data_copy.problems()
    find_problem(problems, "data/facts.yaml", 1, "(file)", "(file)", "the file is missing")
    assert len(problems) == 1


def test_file_that_is_not_a_list(data_copy: DataCopy) -> None:
    data_copy.write("places.yaml", "id: brazil\nname: Brazil\n")
    find_problem(data_copy.problems(), "data/places.yaml", 1, "(file)", "(file)",
                 "should be a list of records")


def test_file_that_is_not_utf8(data_copy: DataCopy) -> None:
    text = "- id: sao-paulo\n  name: S\xe3o Paulo\n"
    (data_copy.root / "places.yaml").write_bytes(text.encode("latin-1"))
    find_problem(data_copy.problems(), "data/places.yaml", 1, "(file)", "(file)",
                 "cannot be read")
