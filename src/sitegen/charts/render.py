"""Static renders with vl-convert, cached on disk by a hash of their inputs.

Every conversion goes through `Renderer.submit` (or `convert`, which waits for it): the cache
key is the operation, its input (the spec) and its options, plus the vl-convert version, so a
changed chart, a changed theme or a new vl-convert all miss the cache, and an unchanged chart
costs a file read. Inside `Renderer.parallel`, many misses are made in worker processes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import altair as alt

from sitegen import atomic, fonts
from sitegen import vlconvert as vlc
from sitegen.workers import Workers, cpus

if TYPE_CHECKING:
    from collections.abc import Iterator
    from concurrent.futures import Future
    from pathlib import Path

log = logging.getLogger("mkdocs.plugins.sitegen")
VL_CONVERT = version("vl-convert-python")

# The Vega-Lite version vl-convert compiles with: the one Altair validates against.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])

# Fewer misses than this are made here sooner than a worker process could start.
POOL_AFTER = 8
# Each process pays ~0.5 s to start its JavaScript runtime, so a few at most.
MAX_WORKERS = 4


def worker_count() -> int:
    """How many processes to render with: one per CPU this process may use, a few at most."""
    return max(1, min(MAX_WORKERS, cpus()))


def _vega_import_url() -> str:
    # vl-convert bundles modules from an in-memory import map keyed by these jsDelivr addresses;
    # nothing is fetched. Its default snippet imports Vega's (absent) default export, which
    # leaves `window.vega` null, so the namespace is imported explicitly.
    return f"https://cdn.jsdelivr.net/npm/vega@{vlc.get_vega_version()}/+esm.js"


VEGA_SNIPPET = 'import * as vegaNamespace from "{url}";\nwindow.vega = vegaNamespace;\n'

# name -> (vl-convert function, its fixed options, file suffix, binary?). Functions are named,
# not wrapped: a worker process is sent the name.
OPERATIONS: dict[str, tuple[str, dict[str, Any], str, bool]] = {
    "vl-to-vega": ("vegalite_to_vega", {"vl_version": VL_VERSION}, "vg.json", False),
    "vega-to-svg": ("vega_to_svg", {}, "svg", False),
    # The static and download views are needed only as SVG: compiling and drawing in one call
    # gives the same bytes as the two steps, without sending the Vega spec out and back.
    "vl-to-svg": ("vegalite_to_svg", {"vl_version": VL_VERSION}, "svg", False),
    # From the SVG already made for the download: Vega is not run again, and resvg draws
    # the same SVG that vega_to_png would have made internally (same bytes).
    "svg-to-png": ("svg_to_png", {}, "png", True),
    "bundle": ("javascript_bundle", {"vl_version": VL_VERSION}, "js", False),
}


class Pending:
    """The output of one conversion: read from the cache, or still to be made."""

    def __init__(self, value: Any = None, *, operation: str = "", path: Path | None = None,
                 call: tuple[str, Any, dict[str, Any]] | None = None,
                 renderer: Renderer | None = None) -> None:
        self.operation, self.path, self.call, self.renderer = operation, path, call, renderer
        self.future: Future[Any] | None = None
        self._value = value

    def result(self) -> Any:
        """The output, waiting for (or making) it if needed."""
        if self.renderer is not None:
            self._value = self.renderer.finish(self)
            self.renderer = None
        return self._value


@dataclass
class Renderer:
    """Runs vl-convert conversions through a cache folder; counts hits and misses."""

    cache_dir: Path
    hits: int = 0
    misses: int = 0
    used: set[Path] = field(default_factory=set)
    workers: int = 1  # processes misses may be made in: set by `parallel`
    _pool: Workers | None = field(default=None, repr=False)
    _waiting: list[Pending] = field(default_factory=list, repr=False)
    _made: dict[Path, Pending] = field(default_factory=dict, repr=False)

    def key(self, operation: str, value: Any, options: dict[str, Any]) -> str:
        """The cache key of a conversion: a hash of everything that decides its output."""
        payload = json.dumps({"op": operation, "input": value, "options": options,
                              "vl-convert": VL_CONVERT, "vega-lite": VL_VERSION,
                              "fonts": fonts.fingerprint()},
                             sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()[:40]

    def submit(self, operation: str, value: Any, **options: Any) -> Pending:
        """Ask for a conversion: answered from the cache, else made now or by a worker."""
        name, fixed, suffix, binary = OPERATIONS[operation]
        path = self.cache_dir / f"{operation}-{self.key(operation, value, options)}.{suffix}"
        self.used.add(path)
        if path in self._made:  # asked again before it was stored: share the work
            self.hits += 1
            return self._made[path]
        if path.exists():
            self.hits += 1
            return Pending(self._decode(path.read_bytes(), suffix, binary))
        self.misses += 1
        pending = Pending(operation=operation, path=path, renderer=self,
                          call=(name, value, {**fixed, **options}))
        self._made[path] = pending
        if self._pool is not None:
            self._send(pending)
        elif self.workers > 1:
            self._waiting.append(pending)
            if len(self._waiting) >= POOL_AFTER:
                self._start_pool()
        return pending

    def convert(self, operation: str, value: Any, **options: Any) -> Any:
        """The output of one conversion, from the cache when the same inputs were seen before."""
        return self.submit(operation, value, **options).result()

    def finish(self, pending: Pending) -> Any:
        """Wait for (or make here) a missing output, and store it in the cache."""
        assert pending.path is not None and pending.call is not None
        _, _, suffix, binary = OPERATIONS[pending.operation]
        if pending.future is not None:
            result = pending.future.result()
        else:
            if pending in self._waiting:
                self._waiting.remove(pending)
            name, value, options = pending.call
            result = getattr(vlc, name)(value, **options)
        raw = result if binary else (
            json.dumps(result, separators=(",", ":")) if suffix.endswith("json") else result
        ).encode("utf-8")
        with atomic.written(pending.path) as out:  # a parallel build never reads half a file
            out.write(raw)
        del self._made[pending.path]
        return result if binary or not suffix.endswith("json") else json.loads(raw)

    @contextmanager
    def parallel(self, workers: int) -> Iterator[None]:
        """Within this block, let misses be made in up to `workers` processes (started once
        there are enough of them to pay for it); wait for any outputs before leaving it."""
        self.workers = workers
        try:
            yield
        finally:
            self.workers = 1
            pool, self._pool = self._pool, None
            if pool is not None:
                pool.close()

    def _start_pool(self) -> None:
        self._pool = Workers(self.workers, "sitegen.vlconvert")
        for pending in self._waiting:
            self._send(pending)
        self._waiting.clear()

    def _send(self, pending: Pending) -> None:
        assert self._pool is not None and pending.call is not None
        name, value, options = pending.call
        pending.future = self._pool.submit(name, value, options)

    @staticmethod
    def _decode(raw: bytes, suffix: str, binary: bool) -> Any:
        if binary:
            return raw
        text = raw.decode("utf-8")
        return json.loads(text) if suffix.endswith("json") else text

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

    def vega_bundle(self) -> Pending:
        """The self-contained Vega runtime (no Vega-Lite, no Vega-Embed: specs are compiled
        at build time), which defines `window.vega`; `.result()` gives its text."""
        return self.submit("bundle", VEGA_SNIPPET.format(url=_vega_import_url()))

    def report(self) -> None:
        """Log how much the cache saved."""
        log.info("charts: %d renders from the cache, %d new, in %s",
                 self.hits, self.misses, self.cache_dir)


def vega_version() -> str:
    """The version of the Vega runtime the bundle holds."""
    return str(vlc.get_vega_version())
