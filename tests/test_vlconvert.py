"""sitegen.vlconvert: the charts' text is laid out with vl-convert's own fonts, not the installed
ones, and the environment is left as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

ABSENT = "No Such Family"

# Each check runs in a process of its own: vl-convert loads its fonts once per process.
WIDTHS = """
import json, re, sys
module = __import__(sys.argv[1], fromlist=["_"])
def width(font):
    spec = {"width": 0, "height": 0, "autosize": "pad", "marks": [{"type": "text", "encode":
            {"enter": {"text": {"value": "Smart cities in ASEAN"}, "font": {"value": font},
                       "fontSize": {"value": 20}}}}]}
    return float(re.search(r'width="([0-9.]+)"', module.vega_to_svg(spec)).group(1))
print(json.dumps({font: width(font) for font in sys.argv[2:]}))
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
    result: dict[str, float] = run(WIDTHS, module, *fonts)
    return result


def test_installed_fonts_do_not_measure_the_charts_text() -> None:
    plain = widths("vl_convert")
    # The control: on its own, vl-convert measures with an installed font.
    assert plain["DejaVu Sans"] != plain[ABSENT], (
        "DejaVu Sans is not installed here (Debian: fonts-dejavu-core, as .ci/run installs)")
    ours = widths("sitegen.vlconvert")
    assert ours["DejaVu Sans"] == ours[ABSENT]
    # vl-convert's own Liberation Sans, the font the charts resolve to, measures as before.
    assert ours["Liberation Sans"] == plain["Liberation Sans"] != ours[ABSENT]


ENVIRONMENT = """
import json, os
import sitegen.vlconvert
print(json.dumps(os.environ.get("FONTCONFIG_FILE")))
"""


def test_the_environment_is_left_as_it_was(tmp_path: Path) -> None:
    mine = str(tmp_path / "mine.conf")
    assert run(ENVIRONMENT, env={"FONTCONFIG_FILE": mine}) == mine
    assert run(ENVIRONMENT, env={"FONTCONFIG_FILE": None}) is None
