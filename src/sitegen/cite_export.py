"""A CSL-JSON record written as BibTeX (biblatex), RIS and CSL-JSON, for reference managers."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from sitegen.cite_csl import CSLRecord, clean

# CSL type -> (biblatex entry type, RIS type). Zotero, Mendeley and EndNote map these to
# web page, report, data set and so on.
TYPES: dict[str, tuple[str, str]] = {
    "webpage": ("online", "ELEC"),
    "report": ("report", "RPRT"),
    "dataset": ("dataset", "DATA"),
    "book": ("book", "BOOK"),
    "article-journal": ("article", "JOUR"),
    "chapter": ("incollection", "CHAP"),
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_TEX_SPECIAL = re.compile(r"([&%$#_{}])")
_SENTENCE_END = (".", "?", "!")


def note_text(note: str) -> str:
    """A record's note on one line, as BibTeX's note and RIS's N1 carry it.

    In CSL-JSON the note keeps one line per note ("Based on: ..." and "Sources: ..."), which
    Zotero shows as lines of Extra. RIS has no continuation lines (a line without a tag is
    malformed), and Zotero makes each N1 a separate note, so the lines become sentences of
    one N1 line: one note, with all of it, in Zotero, EndNote and Mendeley alike.
    """
    out = ""
    for line in (part.strip() for part in note.splitlines()):
        if line:
            joint = "" if not out else " " if out.endswith(_SENTENCE_END) else ". "
            out += joint + line
    return out


def _one_line(value: str) -> str:
    # Any field of RIS but the note: a line break in it is only a space.
    return " ".join(value.split())


def _tex(value: str) -> str:
    # Braces, backslashes and the characters TeX gives a meaning to are escaped; the rest stays
    # UTF-8, which biber and every current reference manager read.
    value = value.replace("\\", r"\textbackslash{}")
    value = _TEX_SPECIAL.sub(r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _bib_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _tex(name["literal"]) + "}"  # a body: double braces keep it one name
    family, given = _tex(name.get("family", "")), _tex(name.get("given", ""))
    return f"{family}, {given}" if given else family


def _date(record: CSLRecord, key: str) -> list[int]:
    value = record.get(key) or {}
    parts = value.get("date-parts") or [[]]
    return [int(p) for p in parts[0]]


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))


def to_bibtex(record: CSLRecord, key: str | None = None) -> str:
    """The record as one biblatex entry (also read by BibTeX-only tools for the common fields)."""
    entry_type = TYPES.get(record["type"], ("misc", "GEN"))[0]
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        if record.get(role):
            fields.append((role, " and ".join(_bib_name(n) for n in record[role])))
    # Double braces keep the title's capitals in styles that change case (biblatex-apa).
    fields.append(("title", "{" + _tex(record["title"]) + "}"))
    plain = {
        "container-title": "organization" if entry_type == "online" else "booktitle",
        "collection-title": "series", "number": "number", "collection-number": "number",
        "publisher": "publisher",
        "publisher-place": "location", "genre": "type", "version": "version",
        "ISBN": "isbn", "note": "note", "abstract": "abstract",
    }
    if entry_type == "report" and record.get("publisher"):
        plain["publisher"] = "institution"  # biblatex names a report's publisher so
    for csl, bib in plain.items():
        if record.get(csl):
            value = str(record[csl])
            fields.append((bib, _tex(note_text(value) if csl == "note" else value)))
    issued = _date(record, "issued")
    if issued:
        fields.append(("date", _iso(issued)))
        fields.append(("year", str(issued[0])))
        if len(issued) > 1:
            fields.append(("month", _MONTHS[issued[1] - 1]))
    if _date(record, "accessed"):
        fields.append(("urldate", _iso(_date(record, "accessed"))))
    if record.get("URL"):
        fields.append(("url", record["URL"]))  # a verbatim field in biblatex: not escaped
    if record.get("language"):
        language = str(record["language"])
        fields.append(("langid", {"en": "english"}.get(language, language)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key or record['id']},\n{body}\n}}\n"


def _ris_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]


def to_ris(record: CSLRecord) -> str:
    """The record as one RIS entry; lines end CR LF as the format asks."""
    lines: list[tuple[str, str]] = [("TY", TYPES.get(record["type"], ("misc", "GEN"))[1])]
    lines += [("AU", _ris_name(n)) for n in record.get("author", [])]
    lines += [("A2" if record["type"] == "webpage" else "ED", _ris_name(n))
              for n in record.get("editor", [])]
    lines.append(("TI", record["title"]))
    tags = {"container-title": "T2", "collection-title": "T3", "publisher": "PB",
            "publisher-place": "CY", "number": "SN" if record["type"] == "report" else "IS",
            "version": "ET", "genre": "M3", "ISBN": "SN", "abstract": "AB", "URL": "UR",
            "language": "LA"}
    if record["type"] == "report":
        tags["number"] = "VL"  # RIS keeps a report's number in VL (EndNote and Zotero read it)
        tags["collection-number"] = "VL"
    for csl, tag in tags.items():
        if record.get(csl):
            lines.append((tag, str(record[csl])))
    issued = _date(record, "issued")
    if issued:
        lines.append(("PY", str(issued[0])))
        padded = [*issued, 0, 0][:3]
        lines.append(("DA", "/".join(f"{p:02d}" if p else "" for p in padded) + "/"))
    if _date(record, "accessed"):
        lines.append(("Y2", _iso(_date(record, "accessed")).replace("-", "/")))
    if record.get("note"):
        lines.append(("N1", note_text(record["note"])))
    lines.append(("ER", ""))
    # One line per tag: a line break inside a value would leave a line without a tag.
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\r\n" for tag, value in lines)


def to_csl_json(record: CSLRecord) -> str:
    """The record as a CSL-JSON file: an array of one item, as Zotero and pandoc read it."""
    text = json.dumps([clean(record)], ensure_ascii=False, indent=2)
    # Dates on one line: "date-parts": [[2026, 11, 25]] reads better than nine lines.
    text = re.sub(r"\[\s*((?:-?\d+,\s*)*-?\d+)\s*\]",
                  lambda m: "[" + ", ".join(re.split(r",\s*", m[1])) + "]", text)
    text = re.sub(r"\[\s*(\[[^\[\]]*\])\s*\]", r"[\1]", text)
    return text + "\n"


def all_formats(record: CSLRecord) -> dict[str, Any]:
    """BibTeX, RIS and CSL-JSON texts of a record, keyed by file extension."""
    return dict(_all_formats(json.dumps(record, ensure_ascii=False)))


@functools.lru_cache(maxsize=1 << 12)
def _all_formats(compact: str) -> tuple[tuple[str, str], ...]:
    # Kept per process, keyed by the record's text in its own key order (which the CSL-JSON
    # file keeps): a `make serve` rebuild formats again only the records that changed.
    record = json.loads(compact)
    return (("bib", to_bibtex(record)), ("ris", to_ris(record)), ("json", to_csl_json(record)))
