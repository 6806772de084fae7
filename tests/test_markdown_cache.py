"""hooks/markdown_cache.py: a page converted in an earlier build is not converted again, and the
site comes out as MkDocs' own conversion makes it, warnings and their --strict failure included."""

from __future__ import annotations

import os
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from conftest import load_hook
from test_cli import EPOCH, MKDOCS, RENDERS, build_site, fixture_project, run, tree

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build
REUSED = re.compile(r"markdown: (\d+) pages converted, (\d+) as in the last build")
AHEAD = re.compile(r"\((\d+) of them ahead in (\d+) processes\)")
SEARCH = re.compile(r"search sections of (\d+) pages parsed, (\d+) ahead or as before")
CPUS = len(os.sched_getaffinity(0))


def counts(stderr: str) -> tuple[int, int]:
    """(converted, reused) from the hook's line in the build log."""
    found = REUSED.search(stderr)
    assert found, stderr
    return int(found[1]), int(found[2])


def ahead(stderr: str) -> tuple[int, int]:
    """(pages converted ahead, processes that converted them) from the hook's line."""
    found = AHEAD.search(stderr)
    assert found, stderr
    return int(found[1]), int(found[2])


def searched(stderr: str) -> tuple[int, int]:
    """(pages whose HTML the build parsed for search, pages whose sections it was handed)."""
    found = SEARCH.search(stderr)
    assert found, stderr
    return int(found[1]), int(found[2])


def without_the_hook(project: Path, hook: str = "markdown_cache.py") -> None:
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if hook not in line]
    assert len(kept) == len(lines) - 1
    config.write_text("".join(kept), encoding="utf-8")


def test_kept_conversions_build_the_site_mkdocs_itself_builds(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    first, second = build_site(project, tmp_path / "first", SOURCE_DATE_EPOCH=str(EPOCH)), \
        build_site(project, tmp_path / "second", SOURCE_DATE_EPOCH=str(EPOCH))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    converted, reused = counts(first.stderr)
    assert converted > 10 and reused == 0
    # A cold build converts every page in forked copies, one per CPU (two on CI's machine).
    assert ahead(first.stderr) == ((converted, min(CPUS, 2)) if CPUS > 1 else (0, 0))
    assert counts(second.stderr) == (0, converted)
    assert ahead(second.stderr) == (0, 0)
    # Search: parsed ahead by the copies, then kept; a few pages are left out of the index.
    indexed = sum(searched(first.stderr))
    assert 10 < indexed < converted
    assert searched(first.stderr) == ((0, indexed) if CPUS > 1 else (indexed, 0))
    assert searched(second.stderr) == (0, indexed)

    plain = fixture_project(tmp_path / "plain", fixture_renders)
    without_the_hook(plain)
    mkdocs_own = build_site(plain, tmp_path / "plain-site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert mkdocs_own.returncode == 0, mkdocs_own.stderr
    assert tree(tmp_path / "second") == tree(tmp_path / "first") == tree(tmp_path / "plain-site")


def test_a_kept_page_warns_again_so_strict_still_fails(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + "\nSee [the missing page](missing.md) and [a lost part](index.md#lost).\n",
                     encoding="utf-8")
    messages = ("contains a link 'missing.md', but the target is not found",
                "contains a link 'index.md#lost', but the doc 'index.md' does not contain")
    made, kept = (run(MKDOCS, "build", "--no-strict", "-d", tmp_path / name, cwd=project)
                  for name in ("made", "kept"))
    for lenient in (made, kept):
        assert lenient.returncode == 0, lenient.stderr
        assert all(message in lenient.stderr for message in messages), lenient.stderr
    assert counts(made.stderr)[1] == 0
    assert ahead(made.stderr)[0] == (counts(made.stderr)[0] if CPUS > 1 else 0)
    assert counts(kept.stderr) == (0, counts(made.stderr)[0])
    for lenient in (made, kept):  # logged by the build, not also by the copy that converted it
        assert all(lenient.stderr.count(message) == 1 for message in messages), lenient.stderr
    strict = build_site(project, tmp_path / "strict")
    assert strict.returncode != 0
    assert all(message in strict.stderr for message in messages), strict.stderr


def test_a_page_is_converted_again_when_a_file_its_links_need_appears(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the new page](new.md).\n",
                     encoding="utf-8")
    before = run(MKDOCS, "build", "--no-strict", "-d", tmp_path / "before", cwd=project)
    assert "contains a link 'new.md', but the target is not found" in before.stderr
    (project / "content" / "new.md").write_text("# New\n\nA page added later.\n",
                                                encoding="utf-8")
    after = run(MKDOCS, "build", "--strict", "-d", tmp_path / "after", cwd=project)
    assert after.returncode == 0, after.stderr
    assert counts(after.stderr)[1] == 0  # the set of files is part of every page's key
    html = (tmp_path / "after" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../new/"' in html


def test_on_one_cpu_mkdocs_converts_every_page_itself_and_the_site_is_the_same(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    cpu = str(min(os.sched_getaffinity(0)))
    one = run("taskset", "-c", cpu, MKDOCS, "build", "--strict",  # taskset: util-linux
              "-d", tmp_path / "one", cwd=project, SOURCE_DATE_EPOCH=str(EPOCH))
    assert one.returncode == 0, one.stderr
    assert ahead(one.stderr) == (0, 0) and counts(one.stderr)[0] > 10
    for kept in (project / ".cache").iterdir():  # all but the seeded renders: a cold build
        if kept.name not in RENDERS:
            shutil.rmtree(kept)
    every = run(MKDOCS, "build", "--strict", "-d", tmp_path / "every", cwd=project,
                SOURCE_DATE_EPOCH=str(EPOCH))
    assert every.returncode == 0, every.stderr
    assert tree(tmp_path / "one") == tree(tmp_path / "every")


def test_a_changed_page_is_indexed_from_its_new_html(tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    first = build_site(project, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence about quokkas.\n",
                     encoding="utf-8")
    again = build_site(project, tmp_path / "again", SOURCE_DATE_EPOCH=str(EPOCH))
    assert again.returncode == 0, again.stderr
    assert searched(again.stderr)[0] == 1  # only the page whose HTML changed is parsed
    plain = fixture_project(tmp_path / "plain", fixture_renders)
    shutil.copyfile(about, plain / "content" / "about.md")
    without_the_hook(plain)
    mkdocs_own = build_site(plain, tmp_path / "plain-site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert mkdocs_own.returncode == 0, mkdocs_own.stderr
    index = "search/search_index.json"
    made = (tmp_path / "again" / index).read_text(encoding="utf-8")
    assert "quokkas" in made
    assert made == (tmp_path / "plain-site" / index).read_text(encoding="utf-8")


def with_hook(project: Path, source: str) -> None:
    """Add a hook file to the project's mkdocs.yml, first in its list."""
    (project / "test_hook.py").write_text(source, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nhooks:\n" in text
    config.write_text(text.replace("\nhooks:\n", "\nhooks:\n  - test_hook.py\n"),
                      encoding="utf-8")


def test_a_page_that_fails_in_a_copy_fails_the_build_as_mkdocs_reports_it(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    with_hook(project, "def on_page_markdown(markdown, page, config, files):\n"
                       "    if page.file.src_uri == 'about.md':\n"
                       "        raise ValueError('about.md cannot be read')\n")
    failed = run(MKDOCS, "build", "-d", tmp_path / "site", cwd=project)
    assert failed.returncode != 0
    assert failed.stderr.count("Error reading page 'about.md': about.md cannot be read") == 1, \
        failed.stderr


def test_a_copy_that_dies_leaves_its_pages_to_the_build(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    with_hook(project, "import os\n"
                       "PARENT = os.getpid()\n"
                       "def on_page_markdown(markdown, page, config, files):\n"
                       "    if os.getpid() != PARENT and page.file.src_uri == 'about.md':\n"
                       "        os._exit(3)  # a forked copy, gone without a word\n")
    died = run(MKDOCS, "build", "--strict", "-d", tmp_path / "died", cwd=project,
               SOURCE_DATE_EPOCH=str(EPOCH))
    assert died.returncode == 0, died.stderr
    converted, _ = counts(died.stderr)
    if CPUS > 1:  # the other copy's share came back; the build converted the dead one's
        assert 0 < ahead(died.stderr)[0] < converted
    plain = fixture_project(tmp_path / "plain", fixture_renders)
    without_the_hook(plain)
    mkdocs_own = build_site(plain, tmp_path / "plain-site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert mkdocs_own.returncode == 0, mkdocs_own.stderr
    assert tree(tmp_path / "died") == tree(tmp_path / "plain-site")


def test_the_key_holds_the_source_of_extensions_that_have_no_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # sitegen.backlinks changes without a version number changing: its code is in the key.
    hook = load_hook("markdown_cache")
    package = tmp_path / "localmd"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "names.py"
    module.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    installed = ["footnotes", "pymdownx.superfences", "markdown.extensions.toc"]
    assert hook._unversioned(installed) == []  # their versions are in the key already
    before = hook._unversioned([*installed, "localmd.names"])
    assert len(before) == 1
    module.write_text("A = 2\n", encoding="utf-8")
    assert hook._unversioned(["localmd.names"]) != before
    assert len(hook._unversioned(["sitegen.backlinks"])) == 1


def test_after_a_settings_change_every_page_is_converted_ahead_again(
        tmp_path: Path, fixture_renders: Path) -> None:
    # A kept conversion made under other Markdown settings cannot be reused; its pages were
    # then converted one by one in MkDocs' loop instead of on every CPU, as in a cold build.
    project = fixture_project(tmp_path, fixture_renders)
    first = build_site(project, tmp_path / "first", SOURCE_DATE_EPOCH=str(EPOCH))
    assert first.returncode == 0, first.stderr
    converted, _ = counts(first.stderr)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "permalink: true" in text
    config.write_text(text.replace("permalink: true", 'permalink: "#"'), encoding="utf-8")
    second = build_site(project, tmp_path / "second", SOURCE_DATE_EPOCH=str(EPOCH))
    assert second.returncode == 0, second.stderr
    assert counts(second.stderr) == (converted, 0)
    assert ahead(second.stderr) == ((converted, min(CPUS, 2)) if CPUS > 1 else (0, 0))
    html = (tmp_path / "second" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' in html and ">#</a>" in html


def test_the_search_index_finds_a_sections_entry_as_material_does() -> None:
    # Material walks the table of contents depth first and takes the first entry with the id.
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    def entry(title: str, anchor: str, *children: dict[str, Any]) -> dict[str, Any]:
        return {"name": title, "id": anchor, "level": 1, "children": list(children)}

    tokens = [entry("A", "a", entry("B", "same", entry("C", "c")), entry("D", "d")),
              entry("E", "e", entry("F", "same")), entry("G", "same")]
    toc, other = get_toc(tokens), get_toc(tokens[1:])
    hook = load_hook("markdown_cache")
    find, index = hook._toc_finder(), SearchIndex(separator=" ")
    for table in (toc, toc, other, toc):  # a page's table is made once, and again for the next
        for anchor in ("a", "same", "c", "d", "e", "missing", None, ""):
            assert find(table, anchor) is index._find_toc_by_id(table, anchor), anchor
    assert find(toc, "same").title == "B"
    assert find(other, "same").title == "F"
    assert find(other, "a") is None
