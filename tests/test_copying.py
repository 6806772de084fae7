"""Our own words: nothing in content/ or data/ repeats the report for 12 words or more."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from functools import cache
from types import ModuleType

import pytest
from conftest import DATA, ROOT

from sitegen.loading import read_yaml

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
