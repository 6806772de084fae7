"""Read YAML and CSV files into plain Python values that remember their line numbers."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

import yaml

from sitegen.errors import Problem

if TYPE_CHECKING:
    from pathlib import Path


class LineDict(dict[str, Any]):
    """A mapping read from YAML: `line` is where it starts, `key_lines` where each key is."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence read from YAML: `line` is where it starts, `item_lines` where each item is."""

    line: int
    item_lines: list[int]


# libyaml's parser is some 20 times faster than the pure-Python one (benchmarks/RESULTS.md);
# it gives the same nodes, marks and errors, and PyYAML wheels ship it.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that leaves dates as strings: the data's dates are partial, and a
    YAML timestamp would turn "2014-11-24" into a date but leave "2018-07" a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _build(node: yaml.Node, loader: _Loader) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:  # YAML would silently keep the last value and lose the first
                raise yaml.constructor.ConstructorError(
                    "while reading a record", node.start_mark,
                    f"found the field {key!r} twice", key_node.start_mark)
            out[key] = _build(value_node, loader)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LineList(_build(item, loader) for item in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    return loader.construct_object(node, deep=True)


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; a syntax error becomes a Problem, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, 1, "(file)", "(file)", f"cannot be read: {exc}",
                              "save it as UTF-8 text")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (_build(node, loader) if node is not None else None), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = ("give each field once; delete or merge the other" if "twice" in problem else
                "check indentation and quoting on this line or the one above")
        return None, [Problem(shown, line, "(file)", "(syntax)", f"YAML syntax error: {problem}",
                              hint)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "(file)", "(syntax)", f"YAML error: {exc}",
                              "check the file's syntax")]
    finally:
        loader.dispose()


def read_csv(path: Path, shown: str) -> tuple[list[str], list[tuple[int, dict[str, str]]],
                                              list[Problem]]:
    """Read a CSV file with a header; each row comes with its line number."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [], [], [Problem(shown, 1, "(file)", "(file)", f"cannot be read: {exc}",
                                "save it as UTF-8 CSV with a header row")]
    if not rows:
        return [], [], [Problem(shown, 1, "(file)", "(header)", "the file is empty",
                                "add a header row and the data")]
    header, body = rows[0], rows[1:]
    records: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            problems.append(Problem(shown, number, f"row {number}", "(row)",
                                    f"has {len(row)} cells, the header has {len(header)}",
                                    "quote cells that contain commas"))
            continue
        records.append((number, dict(zip(header, row, strict=True))))
    return header, records, problems
