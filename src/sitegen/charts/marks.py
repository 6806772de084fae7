"""Shared chart pieces."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import altair as alt

from sitegen.charts.model import AltChart, named_data
from sitegen.charts.theme import TEXT_EM

if TYPE_CHECKING:
    from collections.abc import Mapping

# Each bar's row: its caption on top, the bar under it. Without a label axis the bars keep the
# whole width, which a phone needs, and long captions are never cut short.
ROW_HEIGHT = 40
_BAR = 12
FONT_SIZE = 12
# In a live view too narrow for a caption (a phone), the caption takes two lines and every row
# grows by a line, so a bar keeps its distance from the caption above it. Text is not measured
# there: a caption's width is estimated from its length, at CHAR_PX a character.
LINE_HEIGHT = 14
CHAR_PX = TEXT_EM * FONT_SIZE
# Characters the narrowest phone's box (288 px, a 320 px screen) holds on one line.
WRAP_CHARS = 48


def two_lines(caption: str) -> str:
    """A caption on two lines: after its label if that fits a phone, else nearest its middle."""
    label = caption.rfind(": ")
    if 0 < label < WRAP_CHARS:
        return caption[:label + 1] + "\n" + caption[label + 2:]
    spaces = [i for i, char in enumerate(caption) if char == " "]
    if not spaces:
        return caption
    cut = min(spaces, key=lambda i: max(i, len(caption) - i - 1))
    return caption[:cut] + "\n" + caption[cut + 1:]


def bars_height(captions: Mapping[str, str]) -> tuple[int, str]:
    """The height of labelled bars, and the live view's (a Vega expression of its width)."""
    rows, widest = len(captions), max(len(c) for c in captions.values())
    return (ROW_HEIGHT * rows,
            f"width < {CHAR_PX * widest:g} ? {(ROW_HEIGHT + LINE_HEIGHT) * rows} "
            f": {ROW_HEIGHT * rows}")


def labelled_bars(captions: Mapping[str, str], x: alt.X, colour: alt.Color,
                  tooltip: list[Any]) -> AltChart:
    """Horizontal bars, one per label (the keys of `captions`), each with its caption above."""
    y = alt.Y("label:N", title=None, sort=list(captions), axis=None,
              scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    base = alt.Chart(named_data())
    bars = base.mark_bar(height=_BAR, yOffset=_BAR // 2 + 2).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    # Each label's caption on one line and on two, looked up: the rows (and so the CSV) stay
    # as they are.
    lines = json.dumps({label: [c, two_lines(c)] for label, c in captions.items()},
                       ensure_ascii=False)
    text = base.transform_calculate(captions=f"{lines}[datum.label]").transform_calculate(
        caption=f"datum.captions[width < {CHAR_PX:g} * length(datum.captions[0]) ? 1 : 0]",
    )
    # Vega sets the first line of a text at its anchor, so two lines start a line higher.
    above = f"indexof(datum.caption, '\\n') < 0 ? -1 : {-1 - LINE_HEIGHT}"
    text = text.mark_text(align="left", baseline="bottom", dy={"expr": above},
                          fontSize=FONT_SIZE, limit=0, lineBreak="\n", lineHeight=LINE_HEIGHT
                          ).encode(x=alt.value(0), y=y, text=alt.Text("caption:N"))
    return alt.layer(bars, text)
