"""hooks/copy_ahead.py: the files that are not pages are written by a forked copy of the build,
and the site comes out as MkDocs' own copy makes it, even when that copy fails."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from test_cli import EPOCH, MKDOCS, build_site, fixture_project, run, tree
from test_markdown_cache import with_hook, without_the_hook

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build
FORKED = re.compile(r"files: (\d+) written by a forked copy while the pages were rendered")
STOPPED = re.compile(r"files: the forked copy stopped \(exit status 1\); writing the (\d+) files "
                     r"here")
CPUS = len(os.sched_getaffinity(0))
# A hook (first in the list, so its on_env runs before copy_ahead's) whose copy of the files
# raises wherever FAIL says: in the forked copy only, or in the build too.
FAILING = """
import os
PARENT = os.getpid()
def on_env(env, config, files):
    copy = files.copy_static_files
    def failing(*args, **kwargs):
        if os.getpid() != PARENT or os.environ["FAIL"] == "everywhere":
            raise OSError("no space left for the files")
        copy(*args, **kwargs)
    files.copy_static_files = failing
    return env
"""


@pytest.fixture(scope="module")
def mkdocs_own(tmp_path_factory: pytest.TempPathFactory, fixture_renders: Path) -> Path:
    """The fixture site as MkDocs' own copy of the files makes it."""
    tmp_path = tmp_path_factory.mktemp("own")
    plain = fixture_project(tmp_path, fixture_renders)
    without_the_hook(plain, "copy_ahead.py")
    built = build_site(plain, tmp_path / "site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert built.returncode == 0, built.stderr
    assert "written by a forked copy" not in built.stderr
    return tmp_path / "site"


def test_a_forked_copy_writes_the_files_mkdocs_would(
        tmp_path: Path, mkdocs_own: Path, fixture_renders: Path) -> None:
    built = build_site(fixture_project(tmp_path, fixture_renders), tmp_path / "site",
                       SOURCE_DATE_EPOCH=str(EPOCH))
    assert built.returncode == 0, built.stderr
    found = FORKED.search(built.stderr)
    if CPUS > 1:
        assert found, built.stderr
        # Material's assets, the chart and citation downloads: most of the site's files.
        written = sum(1 for path in (tmp_path / "site").rglob("*") if path.is_file())
        assert written / 2 < int(found[1]) < written
    else:
        assert found is None
    assert tree(tmp_path / "site") == tree(mkdocs_own)


def test_on_one_cpu_the_build_writes_the_files_itself(
        tmp_path: Path, mkdocs_own: Path, fixture_renders: Path) -> None:
    cpu = str(min(os.sched_getaffinity(0)))
    one = run("taskset", "-c", cpu, MKDOCS, "build", "--strict",  # taskset: util-linux
              "-d", tmp_path / "one", cwd=fixture_project(tmp_path, fixture_renders),
              SOURCE_DATE_EPOCH=str(EPOCH))
    assert one.returncode == 0, one.stderr
    assert "files:" not in one.stderr
    assert tree(tmp_path / "one") == tree(mkdocs_own)


def test_when_the_forked_copy_fails_the_build_writes_the_files(
        tmp_path: Path, mkdocs_own: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    with_hook(project, FAILING)
    built = run(MKDOCS, "build", "--strict", "-d", tmp_path / "site", cwd=project,
                SOURCE_DATE_EPOCH=str(EPOCH), FAIL="in the copy")
    assert built.returncode == 0, built.stderr
    # On one CPU no copy is forked, so none fails: the build writes the files as MkDocs does.
    assert bool(STOPPED.search(built.stderr)) == (CPUS > 1), built.stderr
    assert "no space left" not in built.stderr  # the copy logs nothing; the build did the work
    assert tree(tmp_path / "site") == tree(mkdocs_own)


def test_a_copy_that_fails_everywhere_fails_the_build_once(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    with_hook(project, FAILING)
    built = run(MKDOCS, "build", "-d", tmp_path / "site", cwd=project, FAIL="everywhere")
    assert built.returncode != 0
    assert built.stderr.count("OSError: no space left for the files") == 1, built.stderr
