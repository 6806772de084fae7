"""The whole dataset as a Frictionless Data Package that the frictionless library validates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest
from pydantic import BaseModel

from sitegen import datapackage
from sitegen.cite_config import SiteInfo, read_mkdocs_yaml
from sitegen.dataset import Dataset
from sitegen.model import Note

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site() -> SiteInfo:
    return read_mkdocs_yaml(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def written(data: Dataset, site: SiteInfo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    for path, text in datapackage.files(data, site).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    return out / "data"


def descriptor(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "datapackage.json").read_text("utf-8"))
    return loaded


def test_the_package_validates(written: Path) -> None:
    report = frictionless.validate(str(written / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type",
                                          "note"])
    assert len(report.tasks) == len(descriptor(written)["resources"])


def test_validation_catches_a_broken_reference(written: Path, tmp_path: Path) -> None:
    for item in written.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    text = (tmp_path / "projects.csv").read_text(encoding="utf-8")
    (tmp_path / "projects.csv").write_text(text.replace(",philippines,", ",atlantis,", 1),
                                           encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))


def test_every_record_is_in_the_package(written: Path, data: Dataset) -> None:
    assert [r["id"] for r in rows(written, "events.csv")] == [e.id for e in data.events]
    assert len(rows(written, "facts.csv")) == len(data.facts)
    assert len(rows(written, "places.csv")) == len(data.countries) + len(data.partners) + len(
        data.places)
    assert len(rows(written, "organisations.csv")) == len(data.organisations)
    assert len(rows(written, "footnotes.csv")) == len(data.footnotes)
    assert len(json.loads((written / "sources.json").read_text("utf-8"))) == len(data.sources)
    cites = rows(written, "citations.csv")
    assert len(cites) == sum(len(r.cite) for r in (*data.countries, *data.partners,
                                                   *data.places, *data.organisations,
                                                   *data.projects, *data.events, *data.facts))
    event = data.events[0]
    mine = [c for c in cites if c["record_type"] == "events" and c["record_id"] == event.id]
    assert {c["source"] for c in mine} == {c.source for c in event.cite}
    for table in data.tables.values():
        name = table.file.rsplit("/", 1)[-1]
        assert (written / name).read_bytes() == (data.root / name).read_bytes()


def test_every_resource_names_its_licence_and_source(written: Path, data: Dataset) -> None:
    found = {r["name"]: r for r in descriptor(written)["resources"]}
    for resource in found.values():
        assert resource["licenses"] and all(lic.get("name") for lic in resource["licenses"])
    for table in data.tables.values():
        source = data.get("sources", table.meta.id)
        licence = found[table.meta.id]["licenses"][0]
        assert source.licence in (licence["title"], {"CC-BY-4.0": "CC BY 4.0"}.get(
            licence["name"]))
        assert found[table.meta.id]["sources"][0]["title"] == source.title
    # Every source can be followed: its own address, else its entry in the bibliography.
    paths = [s["path"] for r in found.values() for s in r.get("sources", [])]
    assert paths and all(p.startswith("https://") for p in paths), paths
    assert found["econ-sea-gmv"]["sources"][0]["path"].endswith("/sources/#econ-sea-gmv")
    assert found["urban-population-wdi-2023"]["licenses"][0]["name"] == "CC-BY-4.0"
    assert found["econ-sea-gmv"]["licenses"][0]["name"] == "notspecified"
    assert found["asean-countries-50m"]["licenses"][0]["name"] == "other-pd"


def test_the_package_matches_the_site(written: Path, site: SiteInfo) -> None:
    found = descriptor(written)
    assert found["version"] == site.settings.version
    assert found["homepage"] == site.url + "data/"
    assert found["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_data_page_links_every_file(built_site: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_site / "data" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = {a["href"] for a in page.select("article a")}
    for resource in descriptor(built_site / "data")["resources"]:
        assert resource["path"] in hrefs
        assert (built_site / "data" / resource["path"]).is_file()
    assert frictionless.validate(str(built_site / "data" / "datapackage.json")).valid


def _all_notes(node: object) -> list[Note]:
    """Every editorial note anywhere in a record, its nested parts included."""
    if isinstance(node, Note):
        return [node]
    if isinstance(node, BaseModel):
        return [n for name in type(node).model_fields for n in _all_notes(getattr(node, name))]
    if isinstance(node, tuple | list):
        return [n for item in node for n in _all_notes(item)]
    return []


def test_every_editorial_note_is_in_the_package_with_its_basis(written: Path,
                                                               data: Dataset) -> None:
    # Footnotes' and tables' notes too: they were once left out of the download.
    records = (*data.countries, *data.partners, *data.places, *data.organisations,
               *data.projects, *data.events, *data.facts, *data.sources, *data.footnotes)
    notes = _all_notes(records) + _all_notes(data.report)
    listed = rows(written, "editorial_notes.csv")
    assert sorted(r["text"] for r in listed) == sorted(n.text for n in notes)
    assert {r["record_type"] for r in listed} >= {"footnotes", "report-tables", "events"}
    general = [r for r in listed if r["basis"] == "general-knowledge"]
    assert len(general) == sum(n.basis == "general-knowledge" for n in notes) > 0


def test_participants_say_whether_the_report_states_them(written: Path, data: Dataset) -> None:
    listed = {(r["project"], r["organisation"]): r["stated"]
              for r in rows(written, "project_participants.csv")}
    expected = {(p.id, o.id): "true" if o.stated else "false"
                for p in data.projects for o in p.organisations}
    assert listed == expected
    assert "false" in listed.values()
