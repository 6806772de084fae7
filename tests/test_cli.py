"""The command line and the build: clear messages and no traceback for bad data, a failed build
leaves the previous site alone, and the same input gives the same bytes."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, DataCopy

from sitegen.__main__ import main

BAD_DATA = ROOT / "tests" / "bad_data"
FIXTURE = ROOT / "tests" / "fixtures" / "site"
BUILD_SITE = ROOT / "scripts" / "build_site.sh"
MKDOCS = Path(sys.executable).parent / "mkdocs"
PROBLEM_LINE = re.compile(r"^  (?P<file>[^:]+):(?P<line>\d+): (?P<record>[^:]+): (?P<field>[^:]+): "
                          r"(?P<problem>.+) \((?P<hint>[^()]+(?:\([^()]*\)[^()]*)*)\)$")


def run(*args: str | Path, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, check=False)


def validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "sitegen", "validate", "--data", data_dir)


def problem_lines(output: str) -> list[re.Match[str]]:
    """The problem lines of a report; every indented line must have the documented shape."""
    lines = [line for line in output.splitlines() if line.startswith("  ")]
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    return [m for m in matches if m]


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert not re.search(r'File ".*", line \d+', stream)


# The command line

def test_validate_accepts_the_real_data() -> None:
    result = validate(ROOT / "data")
    assert result.returncode == 0, result.stderr
    assert re.search(r"data is valid: \d+ records", result.stderr)


def test_data_folder_may_be_given_before_or_after_the_command(data_copy: DataCopy) -> None:
    data_copy.write("places.yaml", "")
    assert main(["validate", "--data", str(data_copy.root)]) == 1
    assert main(["--data", str(data_copy.root), "validate"]) == 1
    assert main(["validate", "--data", str(ROOT / "data")]) == 0


def test_a_missing_data_folder_is_one_clear_message(tmp_path: Path) -> None:
    result = validate(tmp_path / "nowhere")
    assert result.returncode == 1
    assert_no_traceback(result)
    [line] = problem_lines(result.stderr)
    assert line["problem"] == "is not a folder"


def load_case(name: str) -> dict[str, Any]:
    case = yaml.safe_load((BAD_DATA / name / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(case, dict)
    assert set(case) == {"description", "edit", "expect"}, name
    return case


def apply(data_copy: DataCopy, edit: dict[str, Any]) -> int:
    """Make a case's one change; return the line it starts on."""
    name = edit["file"]
    if edit.get("delete"):
        (data_copy.root / name).unlink()
        return 1
    if "content" in edit:
        data_copy.write(name, edit["content"])
        return 1
    if "append" in edit:
        text = data_copy.text(name).rstrip("\n") + "\n\n"
        data_copy.write(name, text + edit["append"])
        return text.count("\n") + 1
    if "find" in edit:
        return data_copy.replace(name, edit["find"], edit["replace"])
    if "add_field" in edit:
        return data_copy.add_field(name, edit["record"], edit["add_field"], str(edit["value"]))
    value = edit["value"]
    return data_copy.set_field(name, edit["record"], edit["field"],
                               None if value is None else str(value))


CASES = sorted(p.name for p in BAD_DATA.iterdir() if (p / "case.yaml").is_file())


def test_the_corpus_covers_every_kind_of_mistake() -> None:
    assert len(CASES) >= 20
    readme = (BAD_DATA / "README.md").read_text(encoding="utf-8")
    assert "case.yaml" in readme


@pytest.mark.parametrize("name", CASES)
def test_bad_data_gives_one_clear_message_and_no_traceback(name: str, data_copy: DataCopy) -> None:
    case = load_case(name)
    edit, expect = case["edit"], case["expect"]
    at = apply(data_copy, edit)
    line = {"edit": at, "record": None}.get(expect["line"], expect["line"])
    if line is None:
        line = data_copy.record_line(edit["file"], edit["record"])
    result = validate(data_copy.root)
    assert result.returncode == 1, f"{name}: {result.stderr}"
    assert_no_traceback(result)
    found = problem_lines(result.stderr)
    assert len(found) == 1, f"{name}: expected one problem:\n{result.stderr}"
    [m] = found
    assert (m["file"], int(m["line"]), m["record"], m["field"]) == (
        f"data/{expect['file']}", line, str(expect["record"]), str(expect["field"])), name
    assert m["problem"].startswith(expect["problem"]), (name, m["problem"])
    assert m["hint"].strip(), name
    assert re.search(r"^ERROR: 1 problem in the data:$", result.stderr, re.MULTILINE)


def test_three_independent_problems_are_reported_in_one_run(data_copy: DataCopy) -> None:
    for name in ("bad-date-words", "unknown-field", "csv-malformed-number"):
        apply(data_copy, load_case(name)["edit"])
    result = validate(data_copy.root)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert [m["file"] for m in problem_lines(result.stderr)] == [
        "data/events.yaml", "data/organisations.yaml", "data/urban_population_share.csv"]
    assert "3 problems in the data:" in result.stderr


# The build, on the tiny fixture site and on the real site

# The caches a cold build spends most of its time filling: vl-convert's chart renders and
# citeproc's formatted citations (conftest's `fixture_renders` holds the fixture site's).
RENDERS = ("charts", "memo")


def fixture_project(tmp_path: Path, renders: Path | None = None) -> Path:
    """A copy of the fixture site using the real hooks; with `renders`, its RENDERS kept."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "../../../hooks/sitegen_hooks.py" in text
    config.write_text(text.replace("../../../hooks/", f"{ROOT / 'hooks'}/"), encoding="utf-8")
    for name in RENDERS if renders is not None else ():
        shutil.copytree(renders / name, project / ".cache" / name)
    return project


def build_site(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run("sh", BUILD_SITE, site, cwd=project, MKDOCS=str(MKDOCS),
               CONFIG=str(project / "mkdocs.yml"), **env)


def break_fixture(project: Path) -> None:
    events = project / "data" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert text.count('date: "2018-04"') == 1
    assert text.count("countries: [japan]") == 1
    events.write_text(text.replace('date: "2018-04"', 'date: "2018-13"')
                      .replace("countries: [japan]", "countries: [atlantis]"), encoding="utf-8")


EPOCH = 1_600_000_000  # 13 September 2020


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once with scripts/build_site.sh and a fixed SOURCE_DATE_EPOCH."""
    tmp_path = tmp_path_factory.mktemp("fixture")
    site = tmp_path / "site"
    site.mkdir()
    (site / "from-the-previous-build.html").write_text("old", encoding="utf-8")
    result = build_site(fixture_project(tmp_path), site, SOURCE_DATE_EPOCH=str(EPOCH))
    assert result.returncode == 0, result.stdout + result.stderr
    # The new build replaced the old site whole, and left no temporary folder behind.
    assert not (site / "from-the-previous-build.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    return site


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_the_fixture_site_builds_with_the_real_hooks(fixture_site: Path) -> None:
    rows = soup_of(fixture_site, "introduction").select("figure#table-1 table tbody tr")
    assert [r.select("td")[0].get_text(" ", strip=True).split(" ")[0] for r in rows] == [
        "2018.04", "2019.10"]
    home = soup_of(fixture_site, "")
    assert len(home.select("div.footnote li")) == 3
    assert any(str(a["href"]).endswith("sources/#footnote-1")
               for a in home.select("div.footnote a"))
    timeline = soup_of(fixture_site, "timeline")
    assert [str(h["id"]) for h in timeline.select("article.tl-event .tl-title")] == [
        "ascn-launch", "japan-meeting"]
    assert (fixture_site / "vendors" / "nec" / "index.html").is_file()
    assert (fixture_site / "countries" / "indonesia" / "index.html").is_file()


@pytest.mark.build
def test_dates_in_the_output_come_from_source_date_epoch(fixture_site: Path) -> None:
    sitemap = (fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    # Each page's lastmod is the day the page says it was updated: without git history, the
    # fixture's release date (tests/fixtures/site/mkdocs.yml), not the build's.
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-01-01"}
    with gzip.open(fixture_site / "sitemap.xml.gz", "rt", encoding="utf-8") as handle:
        assert handle.read() == sitemap
    # MkDocs dates the compressed copy by its newest page.
    header_mtime = int.from_bytes((fixture_site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert datetime.fromtimestamp(header_mtime, UTC).date().isoformat() == "2026-01-01"


@pytest.mark.build
def test_broken_data_stops_the_strict_build_with_the_problems_and_no_traceback(
        tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    break_fixture(project)
    result = run(MKDOCS, "build", "--strict", "--site-dir", tmp_path / "out", cwd=project)
    assert result.returncode != 0
    assert_no_traceback(result)
    output = result.stdout + result.stderr
    assert "2 problems in the data:" in output
    assert [(m["file"], m["record"], m["field"]) for m in problem_lines(output)] == [
        ("data/events.yaml", "ascn-launch", "date"),
        ("data/events.yaml", "japan-meeting", "countries[0]")]


@pytest.mark.build
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    break_fixture(project)
    result = build_site(project, site)
    assert result.returncode != 0
    assert_no_traceback(result)
    assert "japan-meeting: countries[0]" in result.stdout + result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_two_builds_of_the_real_site_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """The session's build (conftest, or SITEGEN_SITE from `make site`) against a fresh one made
    the way `make site` makes it, into another folder, moments later."""
    site = tmp_path / "site"
    result = run("sh", BUILD_SITE, site, MKDOCS=str(MKDOCS))
    assert result.returncode == 0, result.stderr
    a, b = tree(built_site), tree(site)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"
    assert len(a) > 100
    # Pages are dated by the commits that changed their sources (tests/test_metadata.py), and
    # the compressed sitemap by its newest page: never by the clock.
    lastmod = re.findall(r"<lastmod>([^<]+)</lastmod>", a["sitemap.xml"].decode())
    header_mtime = int.from_bytes(a["sitemap.xml.gz"][4:8], "little")
    assert datetime.fromtimestamp(header_mtime, UTC).date().isoformat() == max(lastmod)
