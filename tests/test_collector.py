"""sitegen.collector and hooks/collector.py: Python's garbage collector runs less often while a
build runs (in the build's worker processes too), and as often as before once it is over."""

from __future__ import annotations

import gc
import inspect
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, load_hook
from mkdocs.config import load_config
from test_cli import FIXTURE

import sitegen.__main__ as cli
from sitegen import collector
from sitegen.workers import Workers

if TYPE_CHECKING:
    from collections.abc import Iterator

OURS = (500, 7, 9)  # thresholds no one else sets


@pytest.fixture(autouse=True)
def thresholds() -> Iterator[None]:
    """Each test starts from OURS and leaves the process's thresholds as they were."""
    before = gc.get_threshold()
    gc.set_threshold(*OURS)
    try:
        yield
    finally:
        collector._before.clear()
        gc.set_threshold(*before)


def test_collect_less_raises_the_thresholds_until_collect_as_before() -> None:
    collector.collect_less()
    collector.collect_less()  # a second build's on_config, say: the first call counts
    assert gc.get_threshold() == collector.THRESHOLDS
    collector.collect_as_before()
    assert gc.get_threshold() == OURS
    collector.collect_as_before()  # a build that stops before on_config: nothing to put back
    assert gc.get_threshold() == OURS


def test_a_block_puts_the_thresholds_back_unless_a_build_raised_them_first() -> None:
    with collector.less_often():
        assert gc.get_threshold() == collector.THRESHOLDS
    assert gc.get_threshold() == OURS
    collector.collect_less()
    with collector.less_often():
        pass
    assert gc.get_threshold() == collector.THRESHOLDS  # still the build's
    collector.collect_as_before()
    assert gc.get_threshold() == OURS


def test_a_worker_collects_as_often_as_the_process_that_starts_it() -> None:
    def seen_by_a_worker() -> tuple[int, int, int]:
        workers = Workers(1, "builtins")
        try:
            return tuple(workers.submit("eval", "__import__('gc').get_threshold()", {}).result())
        finally:
            workers.close()

    with collector.less_often():
        assert seen_by_a_worker() == collector.THRESHOLDS
    assert seen_by_a_worker() == OURS


def test_the_command_line_collects_less_while_it_runs(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    seen = []

    def load(data_dir: Path) -> None:
        seen.append(gc.get_threshold())
        raise cli.DataError([])

    monkeypatch.setattr(cli, "load", load)
    assert cli.main(["validate", "--data", str(tmp_path)]) == 1
    assert seen == [collector.THRESHOLDS]
    assert gc.get_threshold() == OURS


def test_the_hook_brackets_a_build_and_a_build_that_fails() -> None:
    hooks = load_hook("collector")
    hooks.on_config(None)
    assert gc.get_threshold() == collector.THRESHOLDS
    hooks.on_post_build(None)
    assert gc.get_threshold() == OURS
    hooks.on_config(None)
    hooks.on_build_error(RuntimeError("a page failed"))
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
