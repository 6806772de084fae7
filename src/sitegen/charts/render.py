"""Static renders with vl-convert, cached on disk by a hash of their inputs.

Every conversion goes through `Renderer.convert`: the cache key is the operation, its input
(the spec) and its options, plus the vl-convert version, so a changed chart, a changed theme
or a new vl-convert all miss the cache, and an unchanged chart costs a file read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import vl_convert as vlc

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger("mkdocs.plugins.sitegen")
VL_CONVERT = version("vl-convert-python")

# The Vega-Lite version vl-convert compiles with: the one Altair validates against.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def _vega_import_url() -> str:
    # vl-convert bundles modules from an in-memory import map keyed by these jsDelivr addresses;
    # nothing is fetched. Its default snippet imports Vega's (absent) default export, which
    # leaves `window.vega` null, so the namespace is imported explicitly.
    return f"https://cdn.jsdelivr.net/npm/vega@{vlc.get_vega_version()}/+esm.js"


def _bundle(snippet: str) -> str:
    return str(vlc.javascript_bundle(snippet=snippet, vl_version=VL_VERSION))


VEGA_SNIPPET = 'import * as vegaNamespace from "{url}";\nwindow.vega = vegaNamespace;\n'

# name -> (function, file suffix, binary?)
OPERATIONS: dict[str, tuple[Callable[..., Any], str, bool]] = {
    "vl-to-vega": (lambda spec, **o: vlc.vegalite_to_vega(spec, vl_version=VL_VERSION, **o),
                   "vg.json", False),
    "vega-to-svg": (lambda spec, **o: vlc.vega_to_svg(spec, **o), "svg", False),
    # From the SVG already made for the download: Vega is not run again, and resvg draws
    # the same SVG that vega_to_png would have made internally (same bytes).
    "svg-to-png": (lambda svg, **o: vlc.svg_to_png(svg, **o), "png", True),
    "bundle": (_bundle, "js", False),
}


@dataclass
class Renderer:
    """Runs vl-convert conversions through a cache folder; counts hits and misses."""

    cache_dir: Path
    hits: int = 0
    misses: int = 0
    used: set[Path] = field(default_factory=set)

    def key(self, operation: str, value: Any, options: dict[str, Any]) -> str:
        """The cache key of a conversion: a hash of everything that decides its output."""
        payload = json.dumps({"op": operation, "input": value, "options": options,
                              "vl-convert": VL_CONVERT, "vega-lite": VL_VERSION},
                             sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()[:40]

    def convert(self, operation: str, value: Any, **options: Any) -> Any:
        """The output of one conversion, from the cache when the same inputs were seen before."""
        function, suffix, binary = OPERATIONS[operation]
        path = self.cache_dir / f"{operation}-{self.key(operation, value, options)}.{suffix}"
        self.used.add(path)
        if path.exists():
            self.hits += 1
            raw = path.read_bytes()
            return self._decode(raw, suffix, binary)
        self.misses += 1
        result = function(value, **options)
        raw = result if binary else (
            json.dumps(result, separators=(",", ":")) if suffix.endswith("json") else result
        ).encode("utf-8")
        self._store(path, raw)
        return result if binary or not suffix.endswith("json") else json.loads(raw)

    @staticmethod
    def _decode(raw: bytes, suffix: str, binary: bool) -> Any:
        if binary:
            return raw
        text = raw.decode("utf-8")
        return json.loads(text) if suffix.endswith("json") else text

    def _store(self, path: Path, raw: bytes) -> None:
        # Written to a temporary file and renamed, so a parallel build never reads half a file.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        Path(tmp).chmod(0o644)  # mkstemp's 0600 would keep other users' builds from reading it
        Path(tmp).replace(path)

    def vega(self, vl_spec: dict[str, Any]) -> dict[str, Any]:
        """Compile a Vega-Lite spec to Vega."""
        result: dict[str, Any] = self.convert("vl-to-vega", vl_spec)
        return result

    def svg(self, vega_spec: dict[str, Any]) -> str:
        """Render a Vega spec to SVG."""
        return str(self.convert("vega-to-svg", vega_spec))

    def png(self, svg: str, scale: float = 2) -> bytes:
        """Rasterise an SVG render to PNG at `scale` times its size."""
        return bytes(self.convert("svg-to-png", svg, scale=scale))

    def vega_bundle(self) -> str:
        """The self-contained Vega runtime (no Vega-Lite, no Vega-Embed: specs are compiled
        at build time), which defines `window.vega`."""
        return str(self.convert("bundle", VEGA_SNIPPET.format(url=_vega_import_url())))

    def report(self) -> None:
        """Log how much the cache saved."""
        log.info("charts: %d renders from the cache, %d new, in %s",
                 self.hits, self.misses, self.cache_dir)


def vega_version() -> str:
    """The version of the Vega runtime the bundle holds."""
    return str(vlc.get_vega_version())
