"""Static assets the site serves (CSS and small scripts), shipped inside the package."""

from __future__ import annotations

from importlib import resources

ASSETS = ("site.css", "reference.js", "cite.js")


def assets() -> dict[str, str]:
    """Asset path under docs_dir -> its text."""
    root = resources.files("sitegen") / "assets"
    return {f"assets/{name}": (root / name).read_text(encoding="utf-8") for name in ASSETS}
