"""Our own words: nothing in content/, data/ or the generated pages repeats the report for 12
words or more."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
from functools import cache
from types import ModuleType

import pytest
from conftest import DATA, ROOT

from sitegen.dataset import Dataset
from sitegen.loading import read_yaml
from sitegen.pages import generate_pages

SHARED = ROOT.parent / "shared"
COPYCHECK = SHARED / "tools" / "copycheck"


@pytest.fixture(scope="module")
def copycheck() -> ModuleType:
    """The shared copycheck script, imported so that this test uses its very algorithm."""
    if not COPYCHECK.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{COPYCHECK} is missing; CI must run the copying check")
        pytest.skip(f"{COPYCHECK} is not here (the shared folder sits beside the project); "
                    "CI runs this check")
    loader = importlib.machinery.SourceFileLoader("copycheck", str(COPYCHECK))
    spec = importlib.util.spec_from_loader("copycheck", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@cache
def report_shingles(copycheck: ModuleType) -> frozenset[tuple[str, ...]]:
    return frozenset(copycheck.shingles(copycheck.words(copycheck.REPORT.read_text("utf-8"))))


def copied_runs(copycheck: ModuleType, text: str) -> list[str]:
    """Runs of RUN or more words the text shares with the report."""
    report = report_shingles(copycheck)
    words = copycheck.words(text)
    run = copycheck.RUN
    return [" ".join(words[i:i + run]) for i in range(len(words) - run + 1)
            if tuple(words[i:i + run]) in report]


def our_prose_in_sources() -> list[tuple[str, str]]:
    """(where, text) for the prose we wrote in sources.json: notes and data-set origins."""
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    out = []
    for source in sources:
        for i, note in enumerate(source.get("notes", [])):
            out.append((f"sources.json: {source['id']}: notes[{i}].text", note["text"]))
        if source.get("origin"):
            out.append((f"sources.json: {source['id']}: origin", source["origin"]))
    return out


def footnote_prose() -> list[tuple[str, str]]:
    raw, problems = read_yaml(DATA / "footnotes.yaml", "data/footnotes.yaml")
    assert problems == []
    out: list[tuple[str, str]] = []
    for footnote in raw:
        number = footnote["number"]
        if footnote.get("gloss"):
            out.append((f"footnotes.yaml: {number}: gloss", footnote["gloss"]))
        for i, note in enumerate(footnote.get("notes") or []):
            out.append((f"footnotes.yaml: {number}: notes[{i}].text", note["text"]))
    return out


def test_copycheck_passes_on_content_and_data(copycheck: ModuleType) -> None:
    result = subprocess.run([sys.executable, str(COPYCHECK), "content", "data"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert " 0 copied runs" in result.stdout


def test_our_prose_in_sources_json_is_our_own(copycheck: ModuleType) -> None:
    prose = our_prose_in_sources() + footnote_prose()
    assert len(prose) > 20  # the notes and glosses exist: an empty check proves nothing
    copied = {where: runs for where, text in prose if (runs := copied_runs(copycheck, text))}
    assert copied == {}


def test_the_check_catches_a_copied_sentence(copycheck: ModuleType) -> None:
    # A control: twelve consecutive words of the report are flagged, and a retelling is not.
    words = copycheck.words(copycheck.REPORT.read_text("utf-8"))
    middle = len(words) // 2
    copied = " ".join(words[middle:middle + copycheck.RUN])
    assert copied_runs(copycheck, f"As the note says, {copied}.")
    assert copied_runs(copycheck, "A note we wrote ourselves about the address of a data set, "
                                  "in words the report does not use at all.") == []


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _quoted_by_intent(data: Dataset) -> list[str]:
    """Bibliographic data and record titles, which copycheck exempts too: every string of
    sources.json, the value of every key ending in `title` in data/*.yaml, and the rows of the
    report's tables as the site reproduces them (printed date, then title)."""
    strings: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key.endswith("title"):
            strings.append(node)

    for source in json.loads((DATA / "sources.json").read_text(encoding="utf-8")):
        strings += [v for k, v in source.items() if isinstance(v, str) and k != "notes"]
    for path in sorted(DATA.glob("*.yaml")):
        raw, _ = read_yaml(path, f"data/{path.name}")
        walk(raw)
    strings += [f"{row.printed_date} {data.get('events', row.event).title}"
                for table in data.report.tables for row in table.rows
                if row.event and row.printed_date]
    return strings


def _name_words(copycheck: ModuleType, data: Dataset) -> frozenset[str]:
    """Words of the names of places, projects and organisations, with the words that join a
    list of them: a run of nothing else is a list of names (the ten member states in order),
    not prose."""
    names = [r.name for kind in (data.countries, data.partners, data.places, data.projects,
                                 data.organisations) for r in kind]
    names += [p.location for p in data.projects if p.location]
    return frozenset(copycheck.words(" ".join(names))) | {"and", "the", "in"}


def prose_runs(copycheck: ModuleType, text: str, exempt: list[str],
               names: frozenset[str] = frozenset()) -> list[str]:
    """copied_runs over Markdown as a reader reads it: links reduced to their words (a link
    inside a sentence hid a copied run from copycheck), quotations and addresses left out."""
    text = "\n".join(x for x in text.splitlines() if not x.lstrip().startswith(">"))
    text = re.sub(r"https?://\S+", " ", _LINK.sub(r"\1", text))
    joined = " ".join(copycheck.words(text))
    for quote in sorted(exempt, key=len, reverse=True):
        words = copycheck.words(quote)
        if len(words) >= 3:
            joined = re.sub(rf"\b{re.escape(' '.join(words))}\b", " | ", joined)
    return [run for run in copied_runs(copycheck, joined) if not set(run.split()) <= names]


def test_no_page_repeats_the_report_once_its_links_are_read_as_words(
        copycheck: ModuleType, data: Dataset) -> None:
    exempt, names = _quoted_by_intent(data), _name_words(copycheck, data)
    pages = {f"content/{p.name}": p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "content").glob("*.md"))}
    pages |= {f"generated: {path}": text for path, text in generate_pages(data).items()}
    assert len(pages) > 80  # the chapters and every generated page
    copied = {where: runs for where, text in pages.items()
              if (runs := prose_runs(copycheck, text, exempt, names))}
    assert copied == {}


def test_a_copied_run_split_by_links_is_caught(copycheck: ModuleType) -> None:
    words = copycheck.words(copycheck.REPORT.read_text("utf-8"))
    middle = len(words) // 3
    run = words[middle:middle + copycheck.RUN]
    linked = " ".join(f"[{w}](page-{i}.md)" if i % 3 == 0 else w for i, w in enumerate(run))
    assert copied_runs(copycheck, linked) == []  # what the plain check saw
    assert prose_runs(copycheck, linked, [])
