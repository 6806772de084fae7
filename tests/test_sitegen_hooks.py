"""hooks/sitegen_hooks.py: each page's "Cite this page" block goes to the theme, not through
Python-Markdown, and only when the page still ends with it."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from conftest import load_hook

from sitegen.site import Assembled

BLOCK = '<div class="cite-block" id="cite" data-search-exclude>\n<p>A &amp; B</p>\n</div>'
PAGE = f"# Title\n\nText.\n\n## Cite this page {{ #cite-this-page }}\n\n{BLOCK}\n"


@pytest.fixture
def hooks() -> ModuleType:
    module = load_hook("sitegen_hooks")
    module._built["site"] = Assembled(files={"t.md": PAGE}, written={}, heads={"t.md": "<meta>"},
                                      redirects={}, blocks={"t.md": len(BLOCK)},
                                      updated={"t.md": "2026-11-20"})
    return module


def page(src_uri: str = "t.md") -> Any:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta={})


def test_the_block_leaves_the_markdown_for_the_theme(hooks: ModuleType) -> None:
    shown = page()
    markdown = hooks.on_page_markdown(PAGE, shown, None, None)
    assert markdown == "# Title\n\nText.\n\n## Cite this page { #cite-this-page }\n\n"
    assert shown.meta["sitegen_cite"] == BLOCK
    assert hasattr(shown.meta["sitegen_cite"], "__html__")  # not escaped again by the theme
    assert shown.meta["sitegen_head"] == "<meta>"


def test_a_page_that_no_longer_ends_with_its_block_keeps_it(hooks: ModuleType) -> None:
    # Another hook appended to the page: the block stays in the Markdown, where it was.
    shown = page()
    assert hooks.on_page_markdown(PAGE + "\nMore.\n", shown, None, None) is None
    assert "sitegen_cite" not in shown.meta
    other = page("other.md")  # a page sitegen did not make
    assert hooks.on_page_markdown(PAGE, other, None, None) is None
    assert other.meta == {}


def test_every_page_is_dated_by_its_sources_before_any_is_rendered(hooks: ModuleType) -> None:
    # In on_nav, not per page: a --dirty build renders only changed pages, and the sitemap
    # lists them all (tests/test_serve.py compares it with a full build's).
    dated, other = page("t.md"), page("other.md")
    for shown in (dated, other):
        shown.update_date = "2026-11-26"  # MkDocs' default: the build's date
    files = SimpleNamespace(documentation_pages=lambda: [
        SimpleNamespace(src_uri=p.file.src_uri, page=p) for p in (dated, other)])
    nav = object()
    assert hooks.on_nav(nav, None, files) is nav
    assert (dated.update_date, other.update_date) == ("2026-11-20", "2026-11-26")
