"""What a chart is: its words, its sources, the rows it plots and the Altair definition."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Cell = str | int | float | None
Row = Mapping[str, Cell]
# The name under which a spec holds the chart's rows (in its top-level `datasets`). Chart
# definitions refer to it by name, so Altair validates the spec without walking the data.
ROWS = "rows"


# An Altair chart (Chart or LayerChart): Altair's own annotations are too partial to check.
AltChart = Any


def named_data(name: str = ROWS) -> AltChart:
    """A reference to one of the chart's data sets by name."""
    import altair as alt

    return alt.Data(name=name)  # type: ignore[no-untyped-call]


def num(value: Cell) -> float:
    """A cell that holds a number, as a float (a clear error if it holds anything else)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Column:
    """A column of a chart's data: its key in the rows, a heading and what it holds."""

    name: str
    title: str
    kind: Literal["string", "integer", "number"] = "string"
    description: str = ""


@dataclass(frozen=True)
class Chart:
    """One chart: everything its page, its downloads and its embed need, and how to draw it.

    `build(rows)` returns the Altair chart without size or theme: the renderer adds those for
    each output (static SVG, live view, downloads). Every layer that shows the chart's data
    must take it from `rows`, so the CSV download is exactly what is plotted.
    """

    id: str
    title: str
    description: str                # one paragraph, our words, plain text
    alt: str                        # a sentence or two for readers who cannot see the chart
    sources: tuple[str, ...]        # ids in sources.json, the main one first
    licence: str                    # the data's licence line, plain text
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    build: Callable[[Sequence[Row]], AltChart]
    height: int = 300
    # The live view's height as a Vega expression of its width (`width`), where a narrow box
    # needs another height than `height`; the static and download renders keep `height`.
    live_height: str | None = None
    group: Literal["main", "profile"] = "main"
    report_ref: str = ""            # where the report makes the point, e.g. "Figure 1"
    section: str | None = None      # the report section (id) whose chapter shows the chart
    page: str | None = None         # or another page file that shows it (a country profile)
    anchor: str | None = None       # the element there that shows it (default chart-<id>)
    notes: tuple[str, ...] = ()     # editorial notes shown with the chart, plain text
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def datasets(self) -> dict[str, list[Any]]:
        """Every data set the spec holds: the rows, and any context layers (a map's land)."""
        return {ROWS: [dict(r) for r in self.rows], **self.extra.get("datasets", {})}

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, in CSV order."""
        return tuple(c.name for c in self.columns)
