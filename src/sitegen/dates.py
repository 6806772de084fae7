"""Partial dates as the report gives them: a decade, a year, a month or a day."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

Precision = Literal["decade", "year", "month", "day"]
Approx = Literal["early", "mid", "late", "circa"]

DATE_PATTERN = r"^(\d{3}0s|\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2})$"
DATE_HINT = 'write "1960s", "2006", "2018-07" or "2014-11-24", in quotes'
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# Where in a decade or year a qualifier places a date, for sorting only.
_APPROX_OFFSET = {None: 0.0, "circa": 0.0, "early": 0.0, "mid": 0.4, "late": 0.7}


def check_date(value: str) -> str:
    """Return the value if it is a valid partial date, else raise ValueError."""
    if not re.match(DATE_PATTERN, value):
        raise ValueError(f"{value!r} is not a date")
    if len(value) >= 7:
        year, month = int(value[:4]), int(value[5:7])
        day = int(value[8:10]) if len(value) == 10 else 1
        date(year, month, day)  # raises ValueError for 2019-13 or 2019-02-30
    return value


def precision(value: str) -> Precision:
    """How precise a partial date is."""
    if value.endswith("s"):
        return "decade"
    return {4: "year", 7: "month", 10: "day"}[len(value)]  # type: ignore[return-value]


def sort_key(value: str, approx: str | None = None) -> tuple[float, int, int]:
    """A key that orders partial dates chronologically, coarse dates before finer ones."""
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 0
    day = int(value[8:10]) if len(value) == 10 else 0
    span = 10 if value.endswith("s") else 1
    return (year + span * _APPROX_OFFSET.get(approx, 0.0), month, day)


def year_of(value: str) -> int:
    """The first year a partial date covers."""
    return int(value[:4])


def display(value: str, approx: str | None = None) -> str:
    """A partial date in words, at its own precision: 'late 1960s', 'July 2018'."""
    kind = precision(value)
    if kind == "day":
        text = f"{int(value[8:10])} {_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
    elif kind == "month":
        text = f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
    else:
        text = value
    if approx == "circa":
        return f"c. {text}"
    return f"{approx} {text}" if approx else text


def in_sentence(value: str, approx: str | None = None) -> str:
    """A partial date as it reads after 'from' or 'in': 'the late 1960s', 'July 2018'."""
    text = display(value, approx)
    return f"the {text}" if precision(value) == "decade" else text


def year_label(value: str, approx: str | None = None) -> str:
    """The year or decade a partial date falls in, for a year column: '1990s', 'late 1960s',
    'c. 2000', '2019'. A decade stays a decade, never its first year (reference.js sorts the
    column by the year, qualifier and all)."""
    return display(value if precision(value) == "decade" else value[:4], approx)


def iso(value: str) -> str:
    """The partial date as an ISO 8601 string (a decade becomes its first year)."""
    return value[:4] if value.endswith("s") else value
