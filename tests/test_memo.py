"""Derived text is computed once per input, kept on disk between processes, and pruned."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from sitegen import memo

if TYPE_CHECKING:
    from pathlib import Path


# Each test starts as a new process would: nothing configured, nothing in memory.
pytestmark = pytest.mark.usefixtures("fresh_memo")


def test_the_same_input_is_computed_once() -> None:
    calls: list[str] = []

    def compute() -> str:
        calls.append("x")
        return "formatted"

    entry = memo.key("v1", {"id": "a"}, "apa")
    assert memo.cached("test", entry, compute) == "formatted"
    assert memo.cached("test", entry, compute) == "formatted"
    assert calls == ["x"]
    assert memo.key("v1", {"id": "a"}, "apa") == entry
    assert memo.key("v2", {"id": "a"}, "apa") != entry


def test_results_survive_the_process_in_the_configured_folder(tmp_path: Path) -> None:
    memo.configure(tmp_path)
    entry = memo.key("input")
    memo.cached("test", entry, lambda: "kept")
    memo.save()
    memo._stores.clear()  # a later build, in a new process
    assert memo.cached("test", entry, lambda: pytest.fail("recomputed")) == "kept"


def test_save_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    memo.configure(tmp_path)
    memo.cached("test", memo.key("old"), lambda: "old")
    memo.save()
    memo.cached("test", memo.key("new"), lambda: "new")
    memo.save()
    stored = json.loads((tmp_path / "test.json").read_text(encoding="utf-8"))
    assert list(stored.values()) == ["new"]


def test_without_a_folder_nothing_is_written(tmp_path: Path) -> None:
    memo.cached("test", memo.key("x"), lambda: "y")
    memo.save()
    assert not any(tmp_path.iterdir())


def test_an_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "test.json").write_text("{not json", encoding="utf-8")
    memo.configure(tmp_path)
    assert memo.cached("test", memo.key("x"), lambda: "fresh") == "fresh"


def test_text_put_from_elsewhere_is_found_and_not_computed_again() -> None:
    first, second = memo.key("first"), memo.key("second")
    assert memo.missing("test", [first, second, first]) == [first, second]
    before = memo.computed("test")
    memo.put("test", first, "made in a worker")
    assert memo.missing("test", [first, second]) == [second]
    assert memo.cached("test", first, lambda: pytest.fail("recomputed")) == "made in a worker"
    assert memo.computed("test") == before
    memo.cached("test", second, lambda: "made here")
    assert memo.computed("test") == before + 1
