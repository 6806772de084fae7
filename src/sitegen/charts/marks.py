"""Shared chart pieces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from sitegen.charts.model import AltChart, named_data

if TYPE_CHECKING:
    from collections.abc import Sequence

# Each bar's row: its label on top, the bar under it. Without a label axis the bars keep the
# whole width, which a phone needs, and long labels are never cut short.
ROW_HEIGHT = 40
_BAR = 12


def labelled_bars(labels: Sequence[str], x: alt.X, colour: alt.Color, caption: str,
                  tooltip: list[Any]) -> AltChart:
    """Horizontal bars, one per label, each with a caption (a Vega expression) above it."""
    y = alt.Y("label:N", title=None, sort=list(labels), axis=None,
              scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    base = alt.Chart(named_data())
    bars = base.mark_bar(height=_BAR, yOffset=_BAR // 2 + 2).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    text = base.transform_calculate(caption=caption).mark_text(
        align="left", baseline="bottom", dy=-1, fontSize=12, limit=0).encode(
        x=alt.value(0), y=y, text=alt.Text("caption:N"))
    return alt.layer(bars, text)
