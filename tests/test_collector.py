"""sitegen.collector and hooks/collector.py: Python's garbage collector runs less often while
`mkdocs serve` builds the site (in the build's worker processes too), as often as before between
its builds, and as Python's defaults say in `mkdocs build`; at exit it leaves what is left to the
operating system."""

from __future__ import annotations

import gc
import inspect
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, load_hook
from mkdocs.config import load_config
from test_cli import FIXTURE

from sitegen import collector
from sitegen.workers import Workers, _environment

if TYPE_CHECKING:
    from collections.abc import Iterator

OURS = (500, 7, 9)  # thresholds no one else sets


@pytest.fixture(autouse=True)
def thresholds() -> Iterator[None]:
    """Each test starts from OURS in a process that serves the site, and leaves the process's
    thresholds and command as they were."""
    before, serving = gc.get_threshold(), list(collector._serving)
    gc.set_threshold(*OURS)
    collector.serving("serve")
    try:
        yield
    finally:
        collector._before.clear()
        collector._serving[:] = serving
        gc.set_threshold(*before)


def test_collect_less_raises_the_thresholds_until_collect_as_before() -> None:
    collector.collect_less()
    collector.collect_less()  # a second on_config before the first build ended: the first counts
    assert gc.get_threshold() == collector.THRESHOLDS
    collector.collect_as_before()
    assert gc.get_threshold() == OURS
    collector.collect_as_before()  # a build that stops before on_config: nothing to put back
    assert gc.get_threshold() == OURS


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_only_mkdocs_serve_collects_less(command: str) -> None:
    collector.serving(command)
    collector.collect_less()
    assert gc.get_threshold() == OURS
    collector.collect_as_before()
    assert gc.get_threshold() == OURS


def test_a_worker_collects_as_often_as_the_process_that_starts_it() -> None:
    def seen_by_a_worker() -> tuple[int, int, int]:
        workers = Workers(1, "builtins")
        try:
            return tuple(workers.submit("eval", "__import__('gc').get_threshold()", {}).result())
        finally:
            workers.close()

    collector.collect_less()
    assert seen_by_a_worker() == collector.THRESHOLDS
    collector.collect_as_before()
    assert seen_by_a_worker() == OURS


@pytest.mark.parametrize(("command", "during"), [("serve", collector.THRESHOLDS),
                                                 ("build", OURS)])
def test_the_hook_brackets_each_build_of_mkdocs_serve(command: str,
                                                      during: tuple[int, int, int]) -> None:
    first = load_hook("collector")
    first.on_startup(command=command, dirty=command == "serve")
    for hooks in (first, load_hook("collector")):  # serve loads its hooks again for a rebuild
        hooks.on_config(None)
        assert gc.get_threshold() == during
        hooks.on_post_build(None)
        assert gc.get_threshold() == OURS
    first.on_config(None)
    first.on_build_error(RuntimeError("a page failed"))
    assert gc.get_threshold() == OURS


@pytest.mark.parametrize("config", [ROOT / "mkdocs.yml", FIXTURE / "mkdocs.yml"],
                         ids=["site", "fixture"])
def test_the_hook_runs_first_and_last_in_every_build(config: Path) -> None:
    # MkDocs orders each event's handlers by priority: the whole build runs between these two.
    plugins = load_config(str(config)).plugins

    def ours(handler: object) -> bool:
        return Path(inspect.getfile(handler)).resolve() == ROOT / "hooks" / "collector.py"

    first, last = plugins.events["config"][0], plugins.events["post_build"][-1]
    assert ours(first) and ours(last)
    assert (first.__name__, last.__name__) == ("on_config", "on_post_build")
    assert sum(map(ours, plugins.events["build_error"])) == 1


# A cycle with a finaliser freed while the process runs, one still held at exit, and an exit
# handler registered after the request (so it runs before the objects are frozen).
EXITING = """
import atexit, gc, os, sys
from sitegen import collector

class Noisy:
    def __init__(self, name): self.name, self.me = name, self
    def __del__(self, write=os.write): write(1, f"freed {self.name}\\n".encode())

if sys.argv[1] == "asked":
    collector.exit_without_collecting()
    collector.exit_without_collecting()
kept = Noisy("at exit")
Noisy("while running")
gc.collect()
atexit.register(print, "exit handlers ran", flush=True)
"""


@pytest.mark.parametrize(("asked", "lines"), [
    ("asked", ["freed while running", "exit handlers ran"]),
    ("not asked", ["freed while running", "exit handlers ran", "freed at exit"]),
])
def test_exit_without_collecting_leaves_only_the_last_collection_out(asked: str,
                                                                     lines: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", EXITING, asked], capture_output=True,
                          text=True, check=True, env=_environment())
    assert done.stdout.splitlines() == lines
    assert done.stderr == ""


def test_exit_without_collecting_changes_nothing_before_the_exit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[object] = []

    def unregister(func: object) -> None:
        registered[:] = [f for f in registered if f is not func]

    monkeypatch.setattr(collector.atexit, "register", registered.append)
    monkeypatch.setattr(collector.atexit, "unregister", unregister)
    frozen = gc.get_freeze_count()
    for _ in range(3):
        collector.exit_without_collecting()
    assert registered == [gc.freeze]  # once per process
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    assert gc.get_threshold() == OURS


@pytest.mark.parametrize("command", ["build", "serve", "gh-deploy"])
def test_the_hook_asks_every_command_to_exit_without_collecting(
        command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(collector, "exit_without_collecting", lambda: asked.append(True))
    load_hook("collector").on_startup(command=command, dirty=False)
    assert asked == [True]
