"""sitegen.vlconvert: the charts' text is laid out with vl-convert's own fonts, not the installed
ones, and the environment is left as it was."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from sitegen.charts import render
from sitegen.charts.render import Renderer

if TYPE_CHECKING:
    from pathlib import Path

ABSENT = "No Such Family"


def spec(font: str) -> dict[str, Any]:
    """A Vega view exactly as wide as one line of text in `font`."""
    return {"width": 0, "height": 0, "autosize": "pad", "marks": [{"type": "text", "encode": {
        "enter": {"text": {"value": "Smart cities in ASEAN"}, "font": {"value": font},
                  "fontSize": {"value": 20}}}}]}


def width(svg: str) -> float:
    """The width of an SVG render."""
    found = re.search(r'width="([0-9.]+)"', svg)
    assert found, svg[:200]
    return float(found.group(1))


# Each check runs in a process of its own: vl-convert loads its fonts once per process.
WIDTHS = """
import json, sys
module = __import__(sys.argv[1], fromlist=["_"])
print(json.dumps([module.vega_to_svg(spec) for spec in json.loads(sys.argv[2])]))
"""


def run(script: str, *args: str, env: dict[str, str | None] | None = None) -> Any:
    """The JSON a script prints, run with this process's sys.path and `env` (None: unset)."""
    changes = env or {}
    environment = {key: value for key, value in {**os.environ, **changes}.items()
                   if value is not None}
    environment["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    done = subprocess.run([sys.executable, "-c", script, *args], env=environment,
                          capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def widths(module: str) -> dict[str, float]:
    fonts = ("Liberation Sans", "DejaVu Sans", ABSENT)
    svgs = run(WIDTHS, module, json.dumps([spec(font) for font in fonts]))
    return {font: width(svg) for font, svg in zip(fonts, svgs, strict=True)}


def test_installed_fonts_do_not_measure_the_charts_text() -> None:
    plain = widths("vl_convert")
    # The control: on its own, vl-convert measures with an installed font.
    assert plain["DejaVu Sans"] != plain[ABSENT], (
        "DejaVu Sans is not installed here (Debian: fonts-dejavu-core, as .ci/run installs)")
    ours = widths("sitegen.vlconvert")
    assert ours["DejaVu Sans"] == ours[ABSENT]
    # vl-convert's own Liberation Sans, the font the charts resolve to, measures as before.
    assert ours["Liberation Sans"] == plain["Liberation Sans"] != ours[ABSENT]


def test_the_renderers_worker_processes_use_it(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "POOL_AFTER", 1)  # start the pool at the first miss
    renderer = Renderer(tmp_path)
    with renderer.parallel(2):
        pending = {font: renderer.submit("vega-to-svg", spec(font))
                   for font in ("DejaVu Sans", ABSENT)}
        assert renderer._pool is not None and pending["DejaVu Sans"].future is not None
        svgs = {font: width(made.result()) for font, made in pending.items()}
    assert svgs["DejaVu Sans"] == svgs[ABSENT]


ENVIRONMENT = """
import json, os
import sitegen.vlconvert
print(json.dumps(os.environ.get("FONTCONFIG_FILE")))
"""


def test_the_environment_is_left_as_it_was(tmp_path: Path) -> None:
    mine = str(tmp_path / "mine.conf")
    assert run(ENVIRONMENT, env={"FONTCONFIG_FILE": mine}) == mine
    assert run(ENVIRONMENT, env={"FONTCONFIG_FILE": None}) is None
