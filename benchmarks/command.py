"""The command line of the one-process measurements (`cold_work`, `chart_text`): options for
the data and a JSON file, the figures printed as a table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.project import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable


def main(module: str, description: str | None,
         measure: Callable[[argparse.Namespace], dict[str, Any]],
         table: Callable[[dict[str, Any]], str], *, config: bool = False) -> int:
    """Parse the options, measure, print the table, write the JSON if asked."""
    parser = argparse.ArgumentParser(prog=f"python -m benchmarks.{module}",
                                     description=description)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    if config:
        parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0
