"""vl-convert, set to lay out the charts' text with the fonts it carries instead of the machine's.

vl-convert 1.9 measures every string in a chart by laying it out with usvg, and usvg opens,
maps and parses the font file again for each glyph when the font is a file on disk: about
80,000 times for one build's 38 SVGs, most of their CPU time. vl-convert carries Liberation
Sans in memory, and the charts' font list resolves to it, or to the installed copy of the same
font where there is one (Debian's fonts-liberation). Its font database reads the system fonts
through fontconfig once, at the first conversion in a process; importing this module makes that
first conversion with fontconfig pointed at an empty folder, then puts the environment back. The
SVGs come out byte-identical in about 40% of the CPU time (benchmarks/RESULTS.md, session 11),
and on Linux they no longer depend on which fonts are installed. Where fontdb does not read
fontconfig (macOS, Windows), or vl-convert has already converted something in this process,
nothing changes but the speed.

Import this module instead of `vl_convert`: its attributes are vl_convert's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import vl_convert

# The smallest conversion that loads the font database: resvg lays out one glyph.
_PROBE = ('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
          '<text y="8" font-size="8">x</text></svg>')
_VARIABLE = "FONTCONFIG_FILE"


def _load_builtin_fonts_only() -> None:
    with tempfile.TemporaryDirectory(prefix="sitegen-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        # One folder that holds no fonts: a configuration without any folder would make fontdb
        # fall back to the usual font folders.
        empty = escape(str(Path(folder) / "none"))
        config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir></fontconfig>\n',
                          encoding="utf-8")
        before = os.environ.get(_VARIABLE)
        os.environ[_VARIABLE] = str(config)
        try:
            vl_convert.svg_to_png(_PROBE)
        finally:
            if before is None:
                del os.environ[_VARIABLE]
            else:
                os.environ[_VARIABLE] = before


_load_builtin_fonts_only()


def __getattr__(name: str) -> Any:
    """vl_convert's functions (looked up on each use, so a patched one is seen)."""
    return getattr(vl_convert, name)
