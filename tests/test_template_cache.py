"""hooks/template_cache.py: the theme's compiled templates are kept between builds, and the
site they build is the one MkDocs builds compiling them afresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from test_cli import EPOCH, build_site, fixture_project, tree
from test_markdown_cache import without_the_hook

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.build
def test_compiled_templates_are_kept_and_build_the_same_site(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    for name in ("first", "second"):
        built = build_site(project, tmp_path / name, SOURCE_DATE_EPOCH=str(EPOCH))
        assert built.returncode == 0, built.stderr
    kept = list((project / ".cache" / "jinja").glob("*.cache"))
    assert len(kept) > 10  # base.html, main.html and Material's partials

    plain = fixture_project(tmp_path / "plain", fixture_renders)
    without_the_hook(plain, "template_cache.py")
    fresh = build_site(plain, tmp_path / "fresh", SOURCE_DATE_EPOCH=str(EPOCH))
    assert fresh.returncode == 0, fresh.stderr
    assert not (plain / ".cache" / "jinja").exists()
    assert tree(tmp_path / "second") == tree(tmp_path / "first") == tree(tmp_path / "fresh")
