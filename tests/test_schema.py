"""The exported JSON Schema describes the real data files, and rejects what the loader rejects."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from conftest import DATA, ROOT

from sitegen.loading import read_yaml
from sitegen.schema import TABLE_META, schema_name, write_schemas

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def schema_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schema")
    write_schemas(out)
    return out


def validator(schema_dir: Path, data_file: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((schema_dir / schema_name(data_file)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def read(path: Path) -> Any:
    raw, problems = read_yaml(path, path.name)
    assert problems == []
    return raw


def test_every_data_file_validates_against_its_schema(schema_dir: Path) -> None:
    checked = []
    for path in sorted(DATA.glob("*")):
        if path.suffix not in {".yaml", ".json"}:
            continue
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in validator(schema_dir, path.name).iter_errors(read(path))]
        assert errors == [], f"{path.name}: {errors[:5]}"
        checked.append(path.name)
    # OWID style: a schema test that validated nothing would pass silently.
    assert len(checked) > 0
    assert {"sources.json", "events.yaml", "report.yaml", "facts.yaml"} <= set(checked)
    assert sum(name.endswith(".meta.yaml") for name in checked) == len(list(DATA.glob("*.csv")))


def test_every_schema_is_a_valid_2020_12_schema_with_a_title(schema_dir: Path) -> None:
    files = sorted(schema_dir.glob("*.schema.json"))
    assert len(files) == 11
    for path in files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"].startswith("data/")


@pytest.mark.parametrize(("data_file", "record", "why"), [
    ("events.yaml", {"id": "x", "date": "2019-7", "title": "t", "summary": "s",
                     "category": "concept", "cite": [{"source": "s"}]}, "not a date form"),
    ("events.yaml", {"id": "Bad_Id", "date": "2019", "title": "t", "summary": "s",
                     "category": "concept", "cite": [{"source": "s"}]}, "bad id"),
    ("events.yaml", {"id": "x", "date": "2019", "title": "t", "summary": "s",
                     "category": "concept", "cite": []}, "no citation"),
    ("events.yaml", {"id": "x", "date": "late 60s", "title": "t", "summary": "s",
                     "category": "concept", "cite": [{"source": "s"}]}, "a date in words"),
    ("facts.yaml", {"id": "x", "label": "l", "value": "26", "unit": "u", "kind": "count",
                    "cite": [{"source": "s"}]}, "a number as text"),
    ("countries.yaml", {"id": "x", "name": "X", "summary": "s", "cite": [{"source": "s"}],
                        "capital": "Y"}, "an unknown field"),
])
def test_schema_rejects_what_the_loader_rejects(schema_dir: Path, data_file: str,
                                                record: dict[str, Any], why: str) -> None:
    assert not validator(schema_dir, data_file).is_valid([record]), why


def test_schema_accepts_the_short_forms_the_loader_accepts(schema_dir: Path) -> None:
    event = {"id": "x", "date": 2006, "title": "t", "summary": "s", "category": "concept",
             "cite": [{"source": "okamoto-2022", "section": "asean", "footnote": 12}]}
    assert validator(schema_dir, "events.yaml").is_valid([event])


def test_the_command_line_writes_the_schemas(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sitegen", "schema", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / TABLE_META).is_file()
    assert (tmp_path / "events.schema.json").is_file()
