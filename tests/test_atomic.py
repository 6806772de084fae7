"""sitegen.atomic: a file is replaced whole or not at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sitegen import atomic

if TYPE_CHECKING:
    from pathlib import Path


def test_the_new_content_replaces_the_file_readable_by_all(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "entries.json"  # the folder is made too
    with atomic.written(target, "w", encoding="utf-8") as out:
        out.write("first")
    with atomic.written(target, "w", encoding="utf-8") as out:
        out.write("second")
        assert target.read_text(encoding="utf-8") == "first"  # not replaced until the end
    assert target.read_text(encoding="utf-8") == "second"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["entries.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "pages.pickle"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="interrupted"), atomic.written(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pages.pickle"]
