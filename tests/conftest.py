"""Shared fixtures: the real dataset, and the real site built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.dataset import Dataset, load

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def data() -> Dataset:
    """The project's real, validated dataset."""
    return load(DATA)


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` on a config into site_dir."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=config.parent, check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built with --strict (once per session, or taken from SITEGEN_SITE)."""
    given = os.environ.get("SITEGEN_SITE")
    if given:
        return Path(given)
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir
