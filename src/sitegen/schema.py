"""JSON Schema of every data file, made from the same pydantic models the loader validates with."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from sitegen.dataset import COLLECTIONS
from sitegen.model import Report, TableMeta

if TYPE_CHECKING:
    from pathlib import Path

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TABLE_META = "table-meta.schema.json"


def schema_name(data_file: str) -> str:
    """The schema file that describes a data file: events.yaml -> events.schema.json."""
    if data_file.endswith(".meta.yaml"):
        return TABLE_META
    return data_file.split(".", 1)[0] + ".schema.json"


def schemas() -> dict[str, dict[str, Any]]:
    """Schema file name -> JSON Schema, for every kind of data file."""
    out: dict[str, dict[str, Any]] = {}
    for data_file, (model, what) in COLLECTIONS.items():
        schema = TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]
        out[schema_name(data_file)] = _head(
            schema, data_file, f"The {what} of the dataset: a list of {model.__name__} records.")
    out[schema_name("report.yaml")] = _head(
        Report.model_json_schema(), "report.yaml",
        "How the report is organised: its sections, tables and figures.")
    out[TABLE_META] = _head(
        TableMeta.model_json_schema(), "*.meta.yaml",
        "The metadata beside each CSV data set: its source id, title and columns.")
    return out


def _head(schema: dict[str, Any], data_file: str, description: str) -> dict[str, Any]:
    # The dialect and a title first, so the file reads well; the model's schema follows.
    return {"$schema": DIALECT, "title": f"data/{data_file}", "description": description,
            **{k: v for k, v in schema.items() if k not in {"title", "description"}}}


def write_schemas(outdir: Path) -> list[Path]:
    """Write every data file's JSON Schema under outdir; return the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = outdir / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
