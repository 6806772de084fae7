"""How charts look: one palette, a site theme that follows light and dark mode, and a
portable theme for the downloads."""

from __future__ import annotations

from typing import Any

# Material with `font: false` uses the reader's system fonts; so do the charts.
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"

# Mid-tone categorical colours that keep at least 3:1 against both white and Material's slate
# background, so one palette serves light and dark mode.
PALETTE = (
    "#3a86c8", "#e07b28", "#2f9e5f", "#d64f5b", "#8a6cc9",
    "#b8860b", "#1fa3a3", "#c25fa0", "#7f8c3a", "#8c7a6b",
)
ACCENT = "#d64f5b"
# A neutral grey for reference series (the world) that reads on white and on slate.
WORLD_GREY = "#8c959f"
# Widths: the static render matches Material's content column on a desktop; downloads are a
# little wider, which suits slides and documents.
STATIC_WIDTH = 680
DOWNLOAD_WIDTH = 760
# The downloads' margin and the size of their source lines (the subtitle).
DOWNLOAD_PADDING = 12
SUBTITLE_SIZE = 11
# The average width of a character of running text, in em, for the fonts the charts name, with
# room to spare: Arial and its metric twin Liberation Sans measure 0.42-0.47 em, San Francisco a
# little more. Text that must fit a width without being measured is budgeted with it.
TEXT_EM = 0.5

_INK = "currentColor"
# Several legends under a chart stack rather than sit side by side, which a phone cannot fit.
_LEGEND_LAYOUT = {"expr": "{bottom: {direction: 'vertical', anchor: 'start', margin: 8}}"}


def legend_columns(wide: int, narrow: int = 2, breakpoint: int = 560) -> dict[str, str]:
    """A legend's column count that drops to `narrow` when the chart's box is narrow (a phone).

    Static renders have no box (containerSize() is undefined there) and get `wide`.
    """
    return {"expr": f"(containerSize()[0] || {breakpoint}) < {breakpoint} ? {narrow} : {wide}"}


def site_config() -> dict[str, Any]:
    """The on-site theme: text and axes in currentColor, so the page's CSS colour (Material's
    light or dark palette) decides them, both in the inline SVG and in the live view."""
    return {
        "font": FONT,
        "background": "transparent",
        "view": {"stroke": None},
        "range": {"category": list(PALETTE)},
        "axis": {
            "labelColor": _INK, "titleColor": _INK, "domainColor": _INK, "tickColor": _INK,
            "gridColor": _INK, "gridOpacity": 0.14, "domainOpacity": 0.6, "tickOpacity": 0.6,
            "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
        },
        # Symbols that stand for a size, not a colour, are ink too (Vega-Lite fills them black).
        "legend": {"labelColor": _INK, "titleColor": _INK, "labelFontSize": 12,
                   "titleFontSize": 12, "titleFontWeight": "normal", "labelLimit": 360,
                   "layout": _LEGEND_LAYOUT, "offset": 14, "symbolBaseFillColor": _INK},
        "title": {"color": _INK, "subtitleColor": _INK},
        "text": {"color": _INK},
        # Rules are guides (leader lines), drawn in ink rather than Vega-Lite's black.
        "rule": {"color": _INK},
        "header": {"labelColor": _INK, "titleColor": _INK},
    }


def portable_config() -> dict[str, Any]:
    """The theme of the downloads (PNG, SVG, Vega-Lite): explicit colours on white, so the
    files read the same wherever they are used."""
    ink, soft = "#1f2328", "#57606a"
    return {
        "font": FONT,
        "background": "#ffffff",
        "padding": DOWNLOAD_PADDING,
        "view": {"stroke": None},
        "range": {"category": list(PALETTE)},
        "axis": {
            "labelColor": ink, "titleColor": ink, "domainColor": soft, "tickColor": soft,
            "gridColor": "#d0d7de", "labelFontSize": 12, "titleFontSize": 12,
            "titleFontWeight": "normal",
        },
        "legend": {"labelColor": ink, "titleColor": ink, "labelFontSize": 12,
                   "titleFontSize": 12, "titleFontWeight": "normal", "labelLimit": 360,
                   "layout": _LEGEND_LAYOUT, "offset": 14},
        "title": {"color": ink, "subtitleColor": soft, "fontSize": 16,
                  "subtitleFontSize": SUBTITLE_SIZE, "anchor": "start", "offset": 12,
                  "subtitlePadding": 6},
        "text": {"color": ink},
        "header": {"labelColor": ink, "titleColor": ink},
    }

