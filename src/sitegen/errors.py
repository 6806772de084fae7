"""Problems found in the data, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one field of one record, with where it is and how to fix it."""

    file: str
    line: int
    record: str
    field: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}: {self.record}: {self.field}: {self.problem}{hint}"


class DataError(Exception):
    """Raised once with every problem found; its message lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class CitationConfigError(ValueError):
    """The `extra: citation:` block is missing or wrong; the message says how to fix it."""
