"""Shared fixtures: the real dataset, and the real site built once per test session."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sitegen.dataset import Dataset, load
from sitegen.errors import DataError, Problem

if TYPE_CHECKING:
    from types import ModuleType

    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def load_hook(name: str) -> ModuleType:
    """A fresh copy of the hook file hooks/<name>.py, as MkDocs loads it (outside sys.modules)."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test",
                                                  ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def data() -> Dataset:
    """The project's real, validated dataset."""
    return load(DATA)


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` on a config into site_dir."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if "SOURCE_DATE_EPOCH" not in env:  # dated by the last commit, as scripts/build_site.sh does
        epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True,
                               text=True, cwd=config.parent, check=False).stdout.strip()
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=config.parent, check=False,
    )


@pytest.fixture
def fresh_memo() -> Iterator[None]:
    """The memo as a new process finds it: nothing configured, nothing in memory; and again
    after the test, for the next one."""
    from sitegen import memo

    def forget() -> None:
        memo.configure(None)
        memo._stores.clear()
        memo._used.clear()

    forget()
    yield
    forget()


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


@pytest.fixture(scope="session")
def fixture_renders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .cache of the fixture site after one cold build, once per test process."""
    # Tests of the build's other steps (the Markdown and template caches, the forked copies,
    # serve's rebuilds) seed their copies with its chart renders and citations: their first
    # build then skips vl-convert and citeproc, about two thirds of a cold fixture build, none
    # of it what they test. Tests of a cold build itself take a project without them.
    from test_cli import EPOCH, RENDERS, build_site, fixture_project

    tmp_path = tmp_path_factory.mktemp("renders")
    project = fixture_project(tmp_path)
    built = build_site(project, tmp_path / "site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert built.returncode == 0, built.stderr
    caches = project / ".cache"
    assert all(any((caches / name).iterdir()) for name in RENDERS), list(caches.iterdir())
    return caches


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for every browser test of the session.

    Shared because Playwright's sync API allows one running instance per thread: a test that
    started its own would fail next to this one. Skips without /usr/bin/chromium, except in CI.
    """
    from browser.browsing import CHROMIUM, CHROMIUM_ARGS, arial_family, need

    need(CHROMIUM.is_file(), f"{CHROMIUM} is missing: install Debian's chromium package "
         "(apt-get install -y chromium) to run the browser tests")
    # The site's fonts end in Helvetica and Arial, which most readers have or get a twin of.
    # A wider fallback (DejaVu Sans) moves text in the phone-layout tests, which would then
    # fail for the machine, not the site.
    family = arial_family()
    need(family == "Liberation Sans", f"Chromium would draw Arial as {family or 'an unknown font'}"
         ": install fonts-liberation (apt-get install -y fonts-liberation), Arial's metric twin,"
         " which Debian's chromium recommends")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class DataCopy:
    """A copy of the real data/ in a temporary folder, for breaking one thing at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # copyfile, not copy2: some CSVs are read-only and a test must be able to edit them.
        shutil.copytree(DATA, root, copy_function=shutil.copyfile)

    def text(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> int:
        """Replace text that occurs exactly once; return the line where it was."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.write(name, text.replace(old, new))
        return text[: text.index(old)].count("\n") + 1

    def record_line(self, name: str, record: str) -> int:
        """The line where a YAML record (`- id: X` or `- number: N`) starts."""
        lines = self.text(name).splitlines()
        head = re.compile(rf"^- (?:id|number): {re.escape(record)}\s*$")
        found = [i for i, line in enumerate(lines) if head.match(line)]
        assert len(found) == 1, f"record {record} found {len(found)} times in {name}"
        return found[0] + 1

    def set_field(self, name: str, record: str, field: str, value: str | None) -> int:
        """Set (or with None remove) a top-level field of a YAML record; return its line."""
        lines = self.text(name).splitlines()
        start = self.record_line(name, record) - 1
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")),
                   len(lines))
        if field in {"id", "number"}:
            at = start
        else:
            at = next((i for i in range(start, end)
                       if re.match(rf"^(?:- |  ){re.escape(field)}:", lines[i])), -1)
            assert at >= 0, f"record {record} in {name} has no field {field}"
        stop = at + 1  # the value's continuation lines (folded text, nested lists)
        while stop < end and lines[stop].startswith("   "):
            stop += 1
        prefix = lines[at][: len(lines[at]) - len(lines[at].lstrip("- "))]
        new = [] if value is None else [f"{prefix}{field}: {value}"]
        self.write(name, "\n".join([*lines[:at], *new, *lines[stop:]]) + "\n")
        return at + 1

    def add_field(self, name: str, record: str, field: str, value: str) -> int:
        """Add a field right after a YAML record's first line; return its line."""
        lines = self.text(name).splitlines()
        at = self.record_line(name, record)
        lines.insert(at, f"  {field}: {value}")
        self.write(name, "\n".join(lines) + "\n")
        return at + 1

    def problems(self) -> list[Problem]:
        """Load the copy, which must fail, and return every problem reported."""
        with pytest.raises(DataError) as raised:
            load(self.root)
        return raised.value.problems


@pytest.fixture(scope="session")
def site_markdown() -> Callable[[str], str]:
    """Markdown to HTML with exactly the extensions and settings mkdocs.yml gives MkDocs."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions,
                           extension_configs=config.mdx_configs)

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    """A fresh copy of data/ at tmp_path/data, so messages name files as data/..."""
    return DataCopy(tmp_path / "data")


def find_problem(problems: list[Problem], file: str, line: int, record: str, field: str,
                 says: str) -> Problem:
    """The one problem at exactly that place saying that; it must carry a hint."""
    here = [p for p in problems if (p.file, p.line, p.record, p.field) == (file, line, record,
                                                                            field)]
    assert here, f"no problem at {file}:{line}: {record}: {field}; got:\n" + "\n".join(
        map(str, problems))
    assert any(says in p.problem for p in here), [str(p) for p in here]
    found = next(p for p in here if says in p.problem)
    assert found.hint, f"no hint in {found}"
    assert str(found) == f"{file}:{line}: {record}: {field}: {found.problem} ({found.hint})"
    return found
