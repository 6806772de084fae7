"""The theme's partials overridden in overrides/partials/ are Material's own, of the installed
version, with only the change each one's opening comment gives: a Material upgrade that
changes a partial fails here instead of leaving the site on the old markup."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = Path(material.__file__).parent / "templates" / "partials"
OVERRIDES = ROOT / "overrides" / "partials"
# Each override: the lines it changes in Material's partial, as (removed, added) patterns.
CHANGES = {
    "search.html": ([r'^<div class="md-search" data-md-component="search" role="dialog">$'],
                    [r'^<div class="md-search" .* role="dialog" aria-label="\{\{ lang\.t\(']),
    "nav-item.html": ([], [r'^ +<span class="visually-hidden">\{\{ nav_item\.title \}\}</span>$']),
    "nav.html": ([], [r'^\{% macro as_is\(page\) %\}\{\{ caller\(\) \}\}\{% endmacro -%\}$',
                      r'^\{% set once = nav_once if nav_once is defined else as_is -%\}$',
                      r'^\{% call once\(page\) -%\}$', r'^\{%- endcall %\}$']),
}
COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)  # the override's own opening comment
GENERATED = re.compile(r"\A\{#-\n  This file was automatically generated - do not edit\n-#\}\n")


def changed_lines(name: str) -> tuple[list[str], list[str]]:
    """The lines removed from and added to Material's partial by our override."""
    theirs = GENERATED.sub("", (MATERIAL / name).read_text(encoding="utf-8")).splitlines()
    ours = COMMENT.sub("", (OVERRIDES / name).read_text(encoding="utf-8")).splitlines()
    diff = list(difflib.unified_diff(theirs, ours, lineterm="", n=0))[2:]
    return ([line[1:] for line in diff if line.startswith("-")],
            [line[1:] for line in diff if line.startswith("+")])


def test_every_override_is_listed() -> None:
    assert sorted(path.name for path in OVERRIDES.glob("*.html")) == sorted(CHANGES)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_an_override_changes_only_what_it_says(name: str) -> None:
    assert COMMENT.match((OVERRIDES / name).read_text(encoding="utf-8")), (
        f"{name}: say in an opening {{#- … -#}} comment what the override changes and why")
    removed, added = changed_lines(name)
    want_removed, want_added = CHANGES[name]
    assert len(removed) == len(want_removed) and len(added) == len(want_added), (
        f"{name} differs from Material's {material.__version__} partial in more than its "
        f"change: {removed=} {added=} (copy Material's partial again and redo the change)")
    for line, pattern in zip(removed + added, want_removed + want_added, strict=True):
        assert re.search(pattern, line), (name, line, pattern)
