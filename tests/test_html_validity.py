"""The W3C Nu HTML Checker (vnu-jar from npm) finds no error in the HTML the build produces."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class KnownIssue:
    """An error that comes from Material's own templates, not from ours: why it is accepted."""

    message: str  # a regex on the checker's message
    extract: str  # text that must be in the offending markup, naming Material's element
    reason: str


MATERIAL_ISSUES = (
    KnownIssue(
        r"^Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "Material's base.html puts autocomplete=off on its drawer and search toggle checkboxes "
        "so Firefox does not restore their state on back navigation."),
    KnownIssue(
        r"^Bad value “” for attribute “tabindex” on element “label”",
        'class="md-nav__link',
        "Material's partials/nav-item.html renders tabindex=\"\" on the labels of navigation "
        "sections that are not collapsible."),
    KnownIssue(
        r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        'class="md-nav__title" for="__toc"',
        "Material's partials/toc.html labels its title for the #__toc toggle, which it renders "
        "only beside the page's own item in the navigation; generated record pages are "
        "deliberately not in the navigation (it must not grow with the data), so it is absent."),
)


def known(message: dict[str, str]) -> KnownIssue | None:
    """The Material issue a checker message is, if it is one."""
    for issue in MATERIAL_ISSUES:
        if re.search(issue.message, message.get("message", "")) and \
                issue.extract in message.get("extract", ""):
            return issue
    return None


def check(files: list[Path]) -> list[dict[str, str]]:
    """Run the checker once on all files; its error messages."""
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU), VNU.is_file())) if not ok]
    if missing:
        message = f"{', '.join(missing)} missing: install Java and run `npm ci` for vnu-jar"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is a failure)", pytrace=False)
        pytest.skip(message)
    result = subprocess.run(
        [str(java), "-Xss1024k", "-jar", str(VNU), "--format", "json", "--errors-only",
         *map(str, files)], capture_output=True, text=True, check=False)
    # vnu exits 1 when it found errors; its JSON report goes to stderr.
    report = json.loads(result.stderr or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def where(message: dict[str, str], site: Path) -> str:
    """file:line of a message, the file relative to the site."""
    url = unquote(message.get("url", "?")).removeprefix("file:")
    return f"{url.removeprefix(str(site.resolve()) + '/')}:{message.get('lastLine', '?')}"


def test_every_page_is_valid_html(built_site: Path) -> None:
    files = sorted(built_site.rglob("*.html"))
    assert len(files) > 50
    messages = check(files)
    ours = [f"{where(m, built_site)}: {m['message']} :: {m.get('extract', '').strip()[:160]}"
            for m in messages if known(m) is None]
    assert ours == []


def test_the_checker_reports_our_mistakes(tmp_path: Path) -> None:
    # A page with an error of ours (a duplicate id) and a Material-only issue: only ours stays.
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<p id="x">a</p><p id="x">b</p></body></html>', encoding="utf-8")
    messages = check([page])
    assert [known(m) is None for m in messages] == [False, True]
    assert "Duplicate ID" in messages[1]["message"]
