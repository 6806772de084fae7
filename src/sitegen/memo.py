"""Derived text kept between builds, keyed by a hash of everything that decides it.

Formatting a citation with the CSL processor costs milliseconds, and every page and record has
some: without a cache, a rebuild repeats work whose inputs did not change, and the build time
grows with the data even when one record changed (benchmarks/RESULTS.md). Results live in
memory for the life of the process (so `mkdocs serve` rebuilds reuse them) and, once
`configure` names a folder, in one JSON file per namespace there, read on first use and written
by `save` (the hooks call it after each build). Only entries used since the last save are
written, so the file holds what the current site needs and no more.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING

from sitegen import atomic

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

log = logging.getLogger("mkdocs.plugins.sitegen")

_folder: list[Path] = []
_stores: dict[str, dict[str, str]] = {}
_used: dict[str, dict[str, str]] = {}
_computed: dict[str, int] = {}


def configure(folder: Path | None) -> None:
    """Keep results in this folder between processes (None: in memory only)."""
    _folder[:] = [folder] if folder is not None else []


def key(*parts: object) -> str:
    """A stable hash of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _store(namespace: str) -> dict[str, str]:
    if namespace not in _stores:
        loaded: dict[str, str] = {}
        if _folder and (path := _folder[0] / f"{namespace}.json").is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.info("memo: ignoring an unreadable cache %s", path)
        _stores[namespace] = loaded
    return _stores[namespace]


def cached(namespace: str, entry: str, compute: Callable[[], str]) -> str:
    """The text for `entry` (a key()), computed once and then remembered."""
    store = _store(namespace)
    value = store.get(entry)
    if value is None:
        value = store[entry] = compute()
        _computed[namespace] = _computed.get(namespace, 0) + 1
    _used.setdefault(namespace, {})[entry] = value
    return value


def missing(namespace: str, entries: Iterable[str]) -> list[str]:
    """The entries (key()s) not remembered yet, each once, in their order."""
    store = _store(namespace)
    return [entry for entry in dict.fromkeys(entries) if entry not in store]


def put(namespace: str, entry: str, value: str) -> None:
    """Remember a text computed elsewhere (in a worker process) for `cached` to find."""
    _store(namespace)[entry] = value


def computed(namespace: str) -> int:
    """How many texts `cached` has computed itself in this process, for lack of one."""
    return _computed.get(namespace, 0)


def save() -> None:
    """Write the entries used since the last save to the folder (if one is configured)."""
    if not _folder:
        _used.clear()
        return
    for namespace, entries in _used.items():
        with atomic.written(_folder[0] / f"{namespace}.json", "w", encoding="utf-8") as out:
            json.dump(entries, out, ensure_ascii=False, separators=(",", ":"))
    _used.clear()
