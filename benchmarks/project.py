"""Copies of the project to build in, the plain-Markdown baseline, and timed MkDocs builds.

Every measurement runs on a temporary copy of the project, so the benchmark never touches the
working tree, its site/ or its caches. A copy can take other data (the synthetic data sets).

The baseline is the same site without our code: every page and file the hooks add (generated
pages, charts, citation pages, assets) is captured once, with the chapters' Markdown already
expanded, and written out as plain files; MkDocs then builds them with the same configuration
minus the hooks. The difference between the two builds is what our code costs.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchmarks.memory import Peak

ROOT = Path(__file__).resolve().parent.parent
# Left out of copies: version control, environments, outputs, caches, the tests and us.
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "site.tmp", "site.old", "build", "node_modules", ".cache",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__", "tests",
    "benchmarks", "*.egg-info",
)
# Caches a build keeps between runs, relative to the project (the chart renders live here).
CACHE_DIRS = (".cache",)
PLAIN_DOCS = "plain"
PLAIN_CONFIG = "mkdocs.plain.yml"
BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-')


def env() -> dict[str, str]:
    """The environment of every build: quiet about MkDocs 2, user caches kept out of reach."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A copy of the project at dest (without caches); with `data`, that data folder instead."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    if data is not None:
        shutil.rmtree(dest / "data")
        shutil.copytree(data, dest / "data")
    return dest


def clear_caches(project: Path) -> None:
    """Remove every cache a previous build left, for a cold build."""
    for name in CACHE_DIRS:
        shutil.rmtree(project / name, ignore_errors=True)


@dataclass
class Build:
    """One timed build: wall-clock and CPU seconds, MkDocs' own figure, pages made, the peak
    memory of its processes (MB, benchmarks.memory), its log."""

    seconds: float
    cpu: float
    mkdocs_seconds: float | None
    pages: int
    ok: bool
    log: str = field(repr=False, default="")
    peak_mb: float = 0.0


def count_pages(site: Path) -> int:
    """Pages MkDocs rendered (its generator tag), not redirects or embed pages."""
    count = 0
    for path in site.rglob("*.html"):
        with path.open("rb") as handle:
            if GENERATOR.search(handle.read(4096)):
                count += 1
    return count


def build(project: Path, site: Path, config: str = "mkdocs.yml", strict: bool = True) -> Build:
    """Run `mkdocs build` in a fresh process (as a reader of the README would) and time it."""
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / config),
               "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=project, env=env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process, Peak(process.pid) as peak:
        _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time is what the build itself used: on a busy machine it varies far less than wall.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = BUILT_IN.search(stderr)
    ok = process.returncode == 0
    return Build(seconds, cpu, float(found[1]) if found else None, count_pages(site) if ok else 0,
                 ok, stderr[-4000:], peak.mb)


def repeat(project: Path, site: Path, runs: int, *, cold: bool, config: str = "mkdocs.yml",
           strict: bool = True) -> list[Build]:
    """Several builds; cold ones start without caches."""
    out = []
    for _ in range(runs):
        if cold:
            clear_caches(project)
        out.append(build(project, site, config, strict))
        if not out[-1].ok:
            raise RuntimeError(f"build of {project} failed:\n{out[-1].log}")
    return out


def median(builds: list[Build], what: str = "seconds") -> float:
    """Median wall-clock (or "cpu") seconds of some builds."""
    return float(statistics.median(float(getattr(b, what)) for b in builds))


def make_plain(project: Path) -> Path:
    """Write the baseline's docs folder and config into the project; return the config path."""
    command = [sys.executable, "-m", "benchmarks.plain", str(project)]
    done = subprocess.run(command, cwd=ROOT, env=env(), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"capturing the plain pages failed:\n{done.stderr[-4000:]}")
    config = project / PLAIN_CONFIG
    # INHERIT keeps every setting (theme, extensions, nav, validation); lists are replaced.
    config.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "docs_dir": PLAIN_DOCS,
                                      "hooks": []}), encoding="utf-8")
    return config
