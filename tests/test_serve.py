"""`make serve` rebuilds only what changed (`mkdocs serve --dirty` with the project's hooks):
after a change to one record, that rebuild must leave the same site as a full build, search
index included, and it must really skip the pages that did not change."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from conftest import ROOT
from test_cli import EPOCH, FIXTURE, build_site, fixture_project, tree

if TYPE_CHECKING:
    from pathlib import Path

OLD, NEW = '"The network starts"', '"The network is launched"'

# Serve's sequence: one process, the config loaded again for every rebuild, on_startup once.
SERVE = """
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, edits = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])

def rebuild(first, site=site):
    config = load_config(str(project / "mkdocs.yml"), site_dir=site, strict=False)
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)

rebuild(True)
started = time.time()
time.sleep(0.05)  # file times must tell the rebuild's writes apart
for name, old, new in edits:  # [file, old text, new text]
    path = project / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
rebuild(False)
pages = sorted(p.relative_to(site).as_posix() for p in Path(site).rglob("index.html"))
written = [p for p in pages if (Path(site) / p).stat().st_mtime >= started]
# The same output into an empty folder: what is not there yet is written, unchanged or not.
rebuild(False, site + "-elsewhere")
elsewhere = sorted(p.relative_to(site + "-elsewhere").as_posix()
                   for p in Path(site + "-elsewhere").rglob("index.html"))
print(json.dumps({"pages": pages, "written": written, "elsewhere": elsewhere}))
"""


def serve(project: Path, served: Path, edits: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Serve's sequence: build, make the edits, rebuild (and build elsewhere); its report."""
    for name, old, _ in edits:
        assert (project / name).read_text(encoding="utf-8").count(old) == 1, (name, old)
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(project), str(served), json.dumps(edits)], cwd=project,
        capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def same_as_a_full_build(project: Path, served: Path, full: Path) -> dict[str, bytes]:
    """Assert the served folder holds, byte for byte, what a full build makes; its files."""
    built = build_site(project, full, SOURCE_DATE_EPOCH=str(EPOCH))
    assert built.returncode == 0, built.stderr
    served_tree, full_tree = tree(served), tree(full)
    assert sorted(served_tree) == sorted(full_tree)
    differ = [name for name in full_tree if served_tree[name] != full_tree[name]]
    assert differ == []
    return full_tree


@pytest.mark.build
def test_a_dirty_rebuild_after_a_record_change_equals_a_full_build(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    assert (project / "data" / "events.yaml").read_text(encoding="utf-8").count(OLD) == 1
    served = tmp_path / "served"
    report = serve(project, served, [("data/events.yaml", OLD, NEW)])
    # Only the pages that show the event were rendered again ...
    assert "timeline/index.html" in report["written"]
    assert "index.html" not in report["written"]
    assert 0 < len(report["written"]) < len(report["pages"]) / 2
    assert report["elsewhere"] == report["pages"]
    # ... and the site is the one a full build of the changed data makes.
    full_tree = same_as_a_full_build(project, served, tmp_path / "full")
    index = json.loads(full_tree["search/search_index.json"])
    assert any("The network is launched" in d["text"] or "The network is launched" in d["title"]
               for d in index["docs"])


@pytest.mark.build
def test_a_deleted_records_page_is_gone_after_a_dirty_rebuild(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    organisations = (project / "data" / "organisations.yaml").read_text(encoding="utf-8")
    nec = organisations[organisations.index("\n- id: nec\n"):]
    served = tmp_path / "served"
    report = serve(project, served, [
        ("data/organisations.yaml", nec, "\n"),
        ("data/events.yaml", "actors: [ascn, nec]", "actors: [ascn]"),
        ("data/projects.yaml", '  organisations:\n    - id: nec\n      role: "Systems"\n',
         "  organisations: []\n")])
    assert "vendors/nec/index.html" not in report["pages"]
    assert not (served / "vendors" / "nec").exists()
    same_as_a_full_build(project, served, tmp_path / "full")


@pytest.mark.build
def test_a_retitled_page_is_renamed_in_every_pages_menu(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    served = tmp_path / "served"
    report = serve(project, served, [("content/about.md", "# About\n", "# About this site\n")])
    assert report["written"] == report["pages"]  # every page lists it in its menu
    full_tree = same_as_a_full_build(project, served, tmp_path / "full")
    assert b"About this site" in full_tree["index.html"]


def test_make_serve_is_the_rebuild_tested_here() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nserve:", 1)[1]
    command = recipe.split("\n")[1]
    assert "mkdocs serve --dirty" in command
    # The rebuilds tested here run the site's hooks, in the site's order.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    fixture = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.findall(r"^  - (hooks/\S+)", config, re.MULTILINE)
    assert hooks == re.findall(r"^  - \.\./\.\./\.\./(hooks/\S+)", fixture, re.MULTILINE)
    assert hooks[:2] == ["hooks/collector.py", "hooks/sitegen_hooks.py"]
    assert "hooks/partial_rebuild.py" in hooks
