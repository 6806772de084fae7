"""BibTeX, RIS and CSL-JSON files parse with independent parsers and keep title, authors,
date and address."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares as mw
from pylatexenc.latex2text import LatexNodes2Text

from sitegen import cite, cite_csl, cite_pages
from sitegen.cite_config import read_mkdocs_yaml
from sitegen.cite_export import all_formats, note_text, to_bibtex, to_csl_json, to_ris
from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
TRICKY = {
    "id": "tricky", "type": "webpage",
    "title": "Cities & towns: 100% of {braces}, under_scores, #hash and ~tilde",
    "author": [{"family": "Söderström", "given": "Ola"}, {"literal": "Bain & Company"}],
    "editor": [{"family": "Le", "given": "Duy Tien"}],
    "container-title": "A Site", "issued": {"date-parts": [[2021, 3, 7]]},
    "URL": "https://example.org/a_b/?q=1&r=2#frag", "version": "1.2.3",
}


def records(data: Dataset) -> list[dict[str, Any]]:
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    page = cite.page_record(site, data, "timeline.md", "Timeline", "Every event.")
    report = cite_csl.source_record(data.get("sources", "okamoto-2022"))
    return [page, report, TRICKY]


def parse_bibtex(text: str) -> dict[str, Any]:
    library = bibtexparser.parse_string(text, append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts(), mw.LatexDecodingMiddleware()])
    assert not library.failed_blocks, library.failed_blocks
    assert len(library.entries) == 1
    return {f.key: f.value for f in library.entries[0].fields} | {
        "ENTRYTYPE": library.entries[0].entry_type, "ID": library.entries[0].key}


def bib_name(parts: Any) -> dict[str, str]:
    # bibtexparser's LaTeX decoding skips split names, so pylatexenc (its own decoder) does it.
    family = LatexNodes2Text().latex_to_text(" ".join(parts.last))
    given = LatexNodes2Text().latex_to_text(" ".join(parts.first))
    return {"family": family, "given": given} if given else {"literal": family}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_bibtex_round_trips_title_authors_date_and_url(data: Dataset, index: int) -> None:
    record = records(data)[index]
    entry = parse_bibtex(to_bibtex(record))
    assert entry["ID"] == record["id"]
    assert entry["title"].strip("{}") == record["title"]
    assert [bib_name(a) for a in entry["author"]] == record["author"]
    parts = record["issued"]["date-parts"][0]
    assert entry["year"] == str(parts[0])
    assert entry["date"] == "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    # url is a verbatim field in biblatex: read it as written, without LaTeX decoding.
    raw = bibtexparser.parse_string(to_bibtex(record)).entries[0]
    assert raw.fields_dict["url"].value == record["URL"]


def test_bibtex_entry_types_are_the_ones_reference_managers_map(data: Dataset) -> None:
    page, report, _ = records(data)
    assert parse_bibtex(to_bibtex(page))["ENTRYTYPE"] == "online"
    report_entry = parse_bibtex(to_bibtex(report))
    assert report_entry["ENTRYTYPE"] == "report"
    assert report_entry["institution"] == report["publisher"]
    assert report_entry["number"] == "20"
    assert report_entry["isbn"] == "978-4-910833-02-6"
    assert parse_bibtex(to_bibtex(page))["version"] == page["version"]
    assert parse_bibtex(to_bibtex(page))["note"].startswith("Based on: Okamoto, Masaaki. 2022.")


def ris_name(text: str) -> dict[str, str]:
    if ", " in text:
        family, given = text.split(", ", 1)
        return {"family": family, "given": given}
    return {"literal": text}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_ris_round_trips_title_authors_date_and_url(data: Dataset, index: int) -> None:
    record = records(data)[index]
    text = to_ris(record)
    assert text.endswith("ER  -\r\n") and "\r\n" in text
    (entry,) = rispy.loads(text)
    assert entry["title"] == record["title"]
    assert [ris_name(a) for a in entry["authors"]] == [
        {k: v for k, v in n.items()} for n in record["author"]]
    parts = record["issued"]["date-parts"][0]
    assert entry["year"] == str(parts[0])
    assert entry["date"].split("/")[: len(parts)] == [
        f"{p:02d}" if i else str(p) for i, p in enumerate(parts)]
    assert entry["urls"] == [record["URL"]]


def test_ris_types_and_fields(data: Dataset) -> None:
    page, report, tricky = records(data)
    (entry,) = rispy.loads(to_ris(page))
    assert entry["type_of_reference"] == "ELEC"
    assert entry["secondary_title"] == page["container-title"]
    assert entry["edition"] == page["version"]
    assert entry["notes"][0].startswith("Based on: Okamoto")
    (entry,) = rispy.loads(to_ris(report))
    assert entry["type_of_reference"] == "RPRT"
    assert entry["volume"] == "20"
    assert entry["issn"] == "978-4-910833-02-6"  # rispy names SN "issn"; it holds the ISBN
    (entry,) = rispy.loads(to_ris(tricky))
    assert entry["secondary_authors"] == ["Le, Duy Tien"]


def test_csl_json_file_is_the_record(data: Dataset) -> None:
    for record in records(data):
        loaded = json.loads(to_csl_json(record))
        assert loaded == [cite_csl.clean(record)]


def test_the_formats_follow_the_record_as_it_is_now() -> None:
    # The three texts are kept per process, keyed by the record's content in its key order.
    record = dict(TRICKY)
    first = all_formats(record)
    assert first == {"bib": to_bibtex(record), "ris": to_ris(record),
                     "json": to_csl_json(record)}
    record["title"] = "A changed title"
    again = all_formats(record)
    assert all("A changed title" in text for text in again.values())
    reordered = all_formats(dict(reversed(list(TRICKY.items()))))
    assert reordered["json"] == to_csl_json(dict(reversed(list(TRICKY.items()))))
    assert reordered["json"] != first["json"]


# A RIS line: a tag (two capitals, or a capital and a digit), two spaces, a hyphen, and a space
# and the value unless it is empty ("ER  -").
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  -(?: \S[^\r\n]*)?")


def real_files(data: Dataset) -> dict[str, str]:
    """Every download file the generator makes for the real data: the report's, the events'
    and numbers', and the cite files of every page in the docs folder."""
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    _, files = cite_pages.build(site, data)
    citer = cite.Citer(site, data)
    docs = site.root / site.docs_dir
    for path in sorted(docs.rglob("*.md")):
        citer.add_page(path.relative_to(docs).as_posix(), path.read_text(encoding="utf-8"))
    return {**files, **citer.files()}


def test_every_line_of_every_ris_file_is_a_tag_line(data: Dataset) -> None:
    files = {name: text for name, text in real_files(data).items() if name.endswith(".ris")}
    for folder in ("cite/events/", "cite/facts/", "report/"):
        assert any(name.startswith(folder) for name in files), folder
    for name, text in files.items():
        assert text.endswith("\r\n"), name
        lines = text[: -len("\r\n")].split("\r\n")
        bad = [line for line in lines if not RIS_LINE.fullmatch(line)]
        assert not bad, (name, bad)
        assert lines[0].startswith("TY  - "), name
        assert lines[-1] == "ER  -" and lines.count("ER  -") == 1, name
        (entry,) = rispy.loads(text)
        assert entry["type_of_reference"] == lines[0].split("  - ")[1]


def test_an_items_notes_are_one_n1_in_ris_and_one_line_in_bibtex(data: Dataset) -> None:
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    event = next(e for e in data.events if e.cite)
    record = cite.item_record(site, data, page="timeline.md", anchor=event.id,
                              title=event.title, genre="Timeline entry", cites=event.cite)
    based_on, sources = record["note"].split("\n")  # CSL-JSON: one line per note
    assert based_on.startswith("Based on: ") and sources.startswith("Sources: ")
    assert json.loads(to_csl_json(record))[0]["note"] == record["note"]
    ris = [line for line in to_ris(record).split("\r\n") if line.startswith("N1  - ")]
    assert ris == [f"N1  - {note_text(record['note'])}"]
    (entry,) = rispy.loads(to_ris(record))
    assert entry["notes"] == [note_text(record["note"])]
    note = parse_bibtex(to_bibtex(record))["note"]
    assert "\n" not in note
    assert note.startswith("Based on: ") and note.endswith(sources)


@pytest.mark.parametrize(("note", "one_line"), [
    ("Based on: A report.\nSources: Okamoto 2022", "Based on: A report. Sources: Okamoto 2022"),
    ("Based on: A report\nSources: X", "Based on: A report. Sources: X"),
    ("Why?\n\n  Sources: X  ", "Why? Sources: X"),
    ("One note only.", "One note only."),
])
def test_notes_join_as_sentences(note: str, one_line: str) -> None:
    assert note_text(note) == one_line


def test_line_breaks_in_any_field_do_not_break_ris_lines() -> None:
    record = {**TRICKY, "title": "Two\nlines", "abstract": "First line\r\nsecond line",
              "note": "A\nB"}
    lines = to_ris(record).split("\r\n")[:-1]
    assert all(RIS_LINE.fullmatch(line) for line in lines), lines
    assert "TI  - Two lines" in lines and "AB  - First line second line" in lines
