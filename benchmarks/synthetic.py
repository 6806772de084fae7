"""Synthetic data at N times the real records, valid under the real schema, for scale benchmarks.

How it is made: the real dataset is loaded and validated, then copied N-1 more times. Copy k
(k = 1 .. N-1) holds a clone of every record of the kinds that can grow:

- places (other countries), organisations, projects, events and facts;
- the report's footnotes (numbered on: footnote n of copy k is n + k * 38) and the works they
  cite, so the bibliography and the footnote list grow too.

A clone's id is the original's with `-x<k>` appended, and every reference inside a clone points at
the clone of the same copy, so each copy has the real data's shape: the same number of events per
organisation, projects per country, citations per record. References to the fixed sets stay as
they are, because those sets cannot grow: the ten member states, the six partners, the report's
sections, tables and figure, the report itself and the data sets (CSV files, copied unchanged).
Names and titles get a " (copy k)" suffix so that pages differ. The result is written as the
same files the real data uses and is loaded with `sitegen.dataset.load`, which validates it.

Usage: python -m benchmarks.synthetic FACTOR OUTDIR [--data data]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from sitegen.dataset import COLLECTIONS, Dataset, load
from sitegen.model import REPORT_ID

# Kinds cloned in every copy; the others (countries, partners) are fixed sets.
GROWING = ("places", "organisations", "projects", "events", "facts")
# Fields that hold one id, or a list of ids, of a record of some kind.
ID_FIELDS = {"part_of", "home", "country", "actors", "countries", "projects", "subjects",
             "former_ids"}
# Fields that a reader sees as a record's name; a suffix keeps clones apart on the page.
NAME_FIELDS = {"name", "short_name", "title", "label"}


def _cloned_sources(data: Dataset) -> set[str]:
    """Works cited by a footnote: they grow with the footnotes. Data sets and the report do not."""
    cited = {c.source for f in data.footnotes for c in f.cites}
    return {s.id for s in data.sources
            if s.id in cited and s.id != REPORT_ID and s.type != "dataset"}


class Cloner:
    """Rewrites dumped records for copy k: ids suffixed, references and footnotes moved."""

    def __init__(self, data: Dataset, copy: int) -> None:
        self.copy = copy
        self.suffix = f"-x{copy}"
        self.footnote_offset = copy * len(data.footnotes)
        self.ids: set[str] = {r.id for kind in GROWING for r in getattr(data, kind)}
        self.ids |= {old for kind in GROWING for r in getattr(data, kind)
                     for old in getattr(r, "former_ids", ())}
        self.sources = _cloned_sources(data)
        fixed = {r.id for r in (*data.countries, *data.partners)}
        clash = fixed & self.ids
        if clash:  # a shared id would make the rewrite ambiguous; the schema allows it in theory
            raise ValueError(f"ids used both by fixed and growing records: {sorted(clash)}")

    def ref(self, value: str) -> str:
        """The id a reference takes in this copy."""
        return value + self.suffix if value in self.ids else value

    def source(self, value: str) -> str:
        """The source id a citation takes in this copy."""
        return value + self.suffix if value in self.sources else value

    def footnote(self, number: int) -> int:
        """The footnote number a citation takes in this copy."""
        return number + self.footnote_offset

    def record(self, raw: Any, kind: str) -> Any:
        """A clone of one dumped record (a dict from model_dump) for this copy."""
        return self._walk(raw, kind, top=True)

    def _walk(self, node: Any, kind: str, top: bool = False) -> Any:
        if isinstance(node, list):
            return [self._walk(item, kind) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            out[key] = self._field(key, value, node, kind, top)
        return out

    def _field(self, key: str, value: Any, node: dict[str, Any], kind: str, top: bool) -> Any:
        if key == "id" and top and kind == "sources":
            return self.source(value)
        if key == "id" and (top or kind == "projects"):
            # a record's own id, or (in projects) a participating organisation's id
            return self.ref(value)
        if key == "number" and kind == "footnotes" and top:
            return self.footnote(value)
        if key in ID_FIELDS and isinstance(value, str):
            return self.ref(value)
        if key in ID_FIELDS and isinstance(value, list):
            return [self.ref(v) if isinstance(v, str) else self._walk(v, kind) for v in value]
        if key == "source" and isinstance(value, str):
            return self.source(value)
        if key == "footnote" and "source" in node:
            return [self.footnote(n) for n in value]
        if key in NAME_FIELDS and top and isinstance(value, str):
            return f"{value} (copy {self.copy})"
        return self._walk(value, kind)


def _dump(record: Any) -> Any:
    return record.model_dump(mode="json", exclude_defaults=True)


def records(data: Dataset, factor: int) -> dict[str, list[Any]]:
    """Every collection at `factor` times its size: file name -> raw records."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    sources = _cloned_sources(data)
    out: dict[str, list[Any]] = {}
    for name, (_, kind) in COLLECTIONS.items():
        originals = [_dump(r) for r in getattr(data, kind)]
        out[name] = list(originals)
        if kind not in (*GROWING, "footnotes", "sources"):
            continue
        for copy in range(1, factor):
            cloner = Cloner(data, copy)
            for raw in originals:
                if kind == "sources" and raw["id"] not in sources:
                    continue
                out[name].append(cloner.record(raw, kind))
    return out


def write(data_dir: Path, factor: int, outdir: Path) -> Dataset:
    """Write the data at `factor` times its size into outdir; return it loaded and validated."""
    data = load(data_dir)
    outdir.mkdir(parents=True, exist_ok=True)
    for path in data_dir.iterdir():
        # report, CSV data sets, their metadata, map shapes: copied as they are
        if path.is_file() and path.name not in COLLECTIONS:
            shutil.copy2(path, outdir / path.name)
    for name, items in records(data, factor).items():
        target = outdir / name
        if name.endswith(".json"):
            target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            target.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False,
                                             width=100), encoding="utf-8")
    return load(outdir)


def growing_count(data: Dataset) -> int:
    """How many records of the kinds the generator scales (footnotes and cited works included)."""
    kinds = (*GROWING, "footnotes")
    return sum(len(getattr(data, k)) for k in kinds) + len(_cloned_sources(data))


def main(argv: list[str] | None = None) -> int:
    """Command line: write synthetic data and say how big it is."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("factor", type=int, help="how many times the real records")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--data", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    real = load(args.data)
    made = write(args.data, args.factor, args.outdir)
    print(f"{args.outdir}: {made.record_count} records "
          f"({growing_count(made)} growing, {growing_count(real)} in the real data)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
