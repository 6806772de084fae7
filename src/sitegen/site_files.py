"""Static assets the site serves (CSS and small scripts), shipped inside the package."""

from __future__ import annotations

from importlib import resources

ASSETS = ("site.css", "reference.js", "cite.js")
# Material's bundle fetches this polyfill from unpkg.com on browsers without ResizeObserver
# (Safari before 13.1); overrides/main.html loads this copy first, so it never has to. The file
# is npm's resize-observer-polyfill 1.5.1 (dist/ResizeObserver.js), byte for byte, with its licence.
POLYFILL = "vendor/resize-observer-polyfill-1.5.1.js"
VENDORED = (POLYFILL, "vendor/resize-observer-polyfill-1.5.1.LICENSE.txt")


def assets() -> dict[str, str]:
    """Asset path under docs_dir -> its text."""
    root = resources.files("sitegen") / "assets"
    return {f"assets/{name}": (root / name).read_text(encoding="utf-8")
            for name in ASSETS + VENDORED}
