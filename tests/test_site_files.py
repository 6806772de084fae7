"""The static assets the site serves, and the vendored polyfill's provenance."""

from __future__ import annotations

import re
from pathlib import Path

from browser.browsing import need

from sitegen import site_files

ROOT = Path(__file__).resolve().parents[1]
NPM_COPY = ROOT / "node_modules" / "resize-observer-polyfill"


def test_every_asset_is_served_under_assets() -> None:
    served = site_files.assets()
    assert set(served) == {f"assets/{n}" for n in site_files.ASSETS + site_files.VENDORED}
    assert all(text.strip() for text in served.values())


def test_the_polyfill_is_npm_s_file_byte_for_byte_with_its_licence() -> None:
    need(NPM_COPY.is_dir(), f"{NPM_COPY} is missing: run `npm ci`")
    version = re.search(r'"version":\s*"([^"]+)"', (NPM_COPY / "package.json").read_text())
    assert version and f"-{version[1]}." in site_files.POLYFILL
    served = site_files.assets()
    assert served["assets/" + site_files.POLYFILL] == (
        NPM_COPY / "dist" / "ResizeObserver.js").read_text(encoding="utf-8")
    licence = next(n for n in site_files.VENDORED if "LICENSE" in n)
    assert served["assets/" + licence] == (NPM_COPY / "LICENSE").read_text(encoding="utf-8")


def test_the_theme_loads_the_polyfill_by_its_served_name() -> None:
    # overrides/main.html names the file in Jinja; a rename here must reach it.
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert f"'assets/{site_files.POLYFILL}' | url" in template
