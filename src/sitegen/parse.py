"""Turn raw values read from files into validated records, translating every error."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.dates import DATE_HINT
from sitegen.errors import Problem
from sitegen.loading import LineDict, LineList

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def line_of(raw: Any, loc: Loc, default: int) -> int:
    """The line of the deepest part of `loc` that exists in the raw value."""
    line = getattr(raw, "line", default)
    node = raw
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


def field_name(loc: Loc) -> str:
    """A field path as people write it: cite[0].section."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _explain(error: Any) -> tuple[str, str]:
    kind, given = error["type"], error.get("input")
    msg = str(error["msg"])
    shown = repr(given) if not isinstance(given, dict | list) else "this value"
    if kind == "missing":
        return "is missing", "add it; data/README.md lists the fields of each file"
    if kind == "extra_forbidden":
        return "is not a field of this kind of record", "check its spelling in data/README.md"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^[a-z0-9]"):
            return f"{shown} is not a valid id", "use lower-case words joined by hyphens"
        if "https?" in pattern:
            return (f"{shown} is not a web address",
                    "start it with https:// and leave out spaces, quotes and angle brackets")
        if "[A-Z]{3}" in pattern:
            return f"{shown} is not an ISO 3166 alpha-3 code", "use three capitals, e.g. IDN"
        return f"{shown} has the wrong form", f"it must match {pattern}"
    if kind == "literal_error":
        return f"{shown} is not an allowed value", msg.replace("Input should be", "use")
    if kind == "value_error" and "is not a date" in msg:
        return msg.removeprefix("Value error, "), DATE_HINT
    if kind == "value_error" and ("day is out of range" in msg or "month must be" in msg):
        return f"{shown} is not a real date", DATE_HINT
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{shown} is not a whole number", "write digits only, without quotes"
    if kind in {"float_parsing", "float_type"}:
        return f"{shown} is not a number", "write digits with an optional decimal point"
    if kind in {"string_type"}:
        return f"{shown} is not text", "put the value in quotes"
    if kind in {"tuple_type", "list_type"}:
        return "should be a list", "write it as a YAML list: one '- item' per line, or [a, b]"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "should be a mapping of fields", "write it as 'field: value' lines"
    if kind == "too_short":
        return "is empty", "give at least one entry"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{shown} is out of range", msg.replace("Input should be", "it must be")
    if kind == "bool_parsing":
        return f"{shown} is not true or false", "write true or false"
    return msg.removeprefix("Value error, "), "see data/README.md"


def parse_record(model: type[M], raw: Any, file: str, record: str,
                 base_line: int) -> tuple[M | None, list[Problem]]:
    """Validate one raw record; on failure return every problem in it, with lines."""
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors()
        for error in errors:
            loc = tuple(p for p in error["loc"] if not isinstance(p, str) or ":" not in p)
            if error["type"] == "too_short" and any(
                    e["loc"][: len(error["loc"])] == error["loc"] and e is not error
                    for e in errors):
                continue  # the list is short only because an item in it is wrong: say that
            problem, hint = _explain(error)
            problems.append(Problem(file, line_of(raw, loc, base_line), record, field_name(loc),
                                    problem, hint))
        return None, problems


def record_label(raw: Any, index: int) -> str:
    """How a record is named in messages: its id, else its position in the file."""
    if isinstance(raw, dict):
        for key in ("id", "number"):
            if isinstance(raw.get(key), str | int) and not isinstance(raw.get(key), bool):
                return str(raw[key])
    return f"record {index + 1}"
