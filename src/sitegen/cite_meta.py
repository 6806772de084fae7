"""What reference managers and search engines read in a page's head, made from its CSL record.

How Zotero's "Embedded Metadata" translator reads a page decides what goes here. It picks the item
type from Highwire tags first (citation_technical_report_institution -> report,
citation_journal_title -> journal article), then from Dublin Core / Open Graph statements
(og:type "website" -> web page); a lone citation_title makes it *guess* a journal article, and it
never reads JSON-LD. So:

- an ordinary page has no citation_* tags: DC.title, DC.creator, DC.date, og:site_name (the
  website title) and og:type "website" make it a web page item with the right fields;
- the page about the report (REPORT_PAGE) has the Highwire tags of a technical report
  (institution, number, series, ISBN), which make it a report item.

JSON-LD (schema.org) is for search engines; the canonical link is Material's own.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sitegen.cite_config import SiteInfo
    from sitegen.cite_csl import CSLRecord

REPORT_PAGE = "report.md"


def _number(report: Mapping[str, Any]) -> str:
    """The report's number: its own, or its number in the series it belongs to."""
    return str(report.get("number") or report.get("collection-number") or "")


def _series(report: Mapping[str, Any]) -> str:
    """The series a report belongs to: a report numbered within its series carries the
    series' name as its kind (sitegen.cite_csl.source_record)."""
    if report.get("collection-title"):
        return str(report["collection-title"])
    return str(report["genre"]) if report.get("genre") and report.get("number") else ""


def _parts(record: CSLRecord, key: str) -> list[int]:
    value = record.get(key) or {}
    return [int(p) for p in (value.get("date-parts") or [[]])[0]]


def iso_date(record: CSLRecord, key: str = "issued") -> str:
    """A CSL date as ISO 8601 at its own precision (DC.date, schema.org)."""
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in
                    enumerate(_parts(record, key)))


def highwire_date(record: CSLRecord, key: str = "issued") -> str:
    """A CSL date as Highwire wants it: YYYY/MM/DD (or YYYY/MM, YYYY)."""
    return iso_date(record, key).replace("-", "/")


def name_text(name: dict[str, str]) -> str:
    """A CSL name as reference managers read it: 'Family, Given', or a body's name followed
    by a comma."""
    # Zotero splits a name without a comma at its last space, so "ASEAN Smart Cities
    # Explainer team" became a person named "team". With a comma it reads the name as
    # "Family, Given", and the trailing one (which it trims) leaves the whole name as the
    # family name, with no given name (zotero/translators RDF.js, Embedded Metadata.js;
    # Zotero.Utilities.cleanAuthor).
    if "literal" in name:
        return name["literal"] + ","
    return f"{name['family']}, {name['given']}" if name.get("given") else name["family"] + ","


def _meta(attr: str, key: str, value: object) -> str:
    return f'<meta {attr}="{escape(key)}" content="{escape(str(value))}">'


def _json_ld(data: dict[str, Any]) -> str:
    # "</" cannot end the script element early once "/" is escaped.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _person(name: dict[str, str]) -> dict[str, str]:
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    return {"@type": "Person", "familyName": name["family"], "givenName": name.get("given", ""),
            "name": " ".join(p for p in (name.get("given"), name["family"]) if p)}


def report_json_ld(report: CSLRecord) -> dict[str, Any]:
    """The report as a schema.org Report."""
    out: dict[str, Any] = {
        "@type": "Report", "name": report["title"],
        "author": [_person(n) for n in report.get("author", [])],
        "datePublished": iso_date(report), "url": report.get("URL"),
    }
    if number := _number(report):
        out["reportNumber"] = number
    if series := _series(report):
        out["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series}
    if report.get("publisher"):
        out["publisher"] = {"@type": "Organization", "name": report["publisher"]}
    if report.get("ISBN"):
        out["identifier"] = {"@type": "PropertyValue", "propertyID": "ISBN",
                             "value": report["ISBN"]}
    return out


def head_html(site: SiteInfo, record: CSLRecord, description: str,
              report: CSLRecord, about_report: bool = False,
              oembed: str | None = None) -> Markup:
    """Dublin Core, Open Graph, JSON-LD and, where they fit, Highwire tags for a page, and
    the link to its oEmbed record if it has one (a chart's page: its front matter names it)."""
    url = record["URL"]
    tags = [
        '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">',
        '<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/">',
    ]
    if oembed:
        # Sites that read oEmbed are given the address readers copy: the chart's page. The
        # trailing space keeps `rel` the one token "alternate" for readers of HTML, but out of
        # Material's `link[rel=alternate]` (an exact match): its script takes every such link
        # for a language version and fetches a sitemap.xml beside it (a 404 here).
        tags.append(f'<link rel="alternate " type="application/json+oembed" '
                    f'href="{escape(oembed)}" title="{escape(record["title"])}">')
    # The work the page describes: the report itself on its own page, else the page.
    work = report if about_report else record
    tags.append(_meta("name", "DC.title", work["title"]))
    tags += [_meta("name", "DC.creator", name_text(n)) for n in work.get("author", [])]
    tags += [_meta("name", "DC.contributor", name_text(n)) for n in work.get("editor", [])]
    tags.append(_meta("name", "DC.date", iso_date(work)))
    if about_report:
        if report.get("publisher"):
            tags.append(_meta("name", "DC.publisher", report["publisher"]))
        if report.get("ISBN"):
            tags.append(_meta("name", "DC.identifier", f"ISBN {report['ISBN']}"))
        tags.append(_meta("name", "DC.relation", url))
    else:
        tags.append(_meta("name", "DCTERMS.available", iso_date(record, "available-date")))
        tags.append(_meta("name", "DCTERMS.modified", iso_date(record)))
        tags.append(_meta("name", "DC.identifier", url))
        tags.append(_meta("name", "DC.publisher", site.settings.publisher or site.name))
        tags.append(_meta("name", "DC.rights", site.settings.licence))
        tags.append(_meta("name", "DCTERMS.license", site.settings.licence_url))
        # "Based on" the report. Not DC.source: Zotero takes that as the website title.
        tags.append(_meta("name", "DC.relation", report.get("URL") or report["title"]))
    tags.append(_meta("name", "DC.language", site.language))
    tags.append(_meta("name", "DC.description", description))
    tags += [
        _meta("property", "og:type", "website"),
        _meta("property", "og:site_name", site.name),
        _meta("property", "og:title", record["title"]),
        _meta("property", "og:url", url),
        _meta("property", "og:description", description),
        _meta("property", "og:locale", "en_US"),
    ]
    if about_report:
        tags += _highwire_report(report)
    page: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "WebPage", "@id": url, "url": url,
        "name": record["title"], "headline": record["title"], "description": description,
        "inLanguage": site.language, "version": site.settings.version,
        "datePublished": iso_date(record, "available-date"), "dateModified": iso_date(record),
        "author": [_person(n) for n in record.get("author", [])],
        "license": site.settings.licence_url,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
        "isBasedOn": report_json_ld(report),
    }
    if record.get("editor"):
        page["editor"] = [_person(n) for n in record["editor"]]
    if about_report:
        page["mainEntity"] = report_json_ld(report)
    tags.append(_json_ld(page))
    return Markup("\n".join(tags))


def _highwire_report(report: CSLRecord) -> list[str]:
    tags = [_meta("name", "citation_title", report["title"])]
    tags += [_meta("name", "citation_author", name_text(n)) for n in report.get("author", [])]
    tags.append(_meta("name", "citation_date", highwire_date(report)))
    if report.get("publisher"):
        tags.append(_meta("name", "citation_technical_report_institution", report["publisher"]))
        tags.append(_meta("name", "citation_publisher", report["publisher"]))
    if number := _number(report):
        tags.append(_meta("name", "citation_technical_report_number", number))
    if series := _series(report):
        tags.append(_meta("name", "citation_series_title", series))
    if report.get("ISBN"):
        tags.append(_meta("name", "citation_isbn", report["ISBN"]))
    if report.get("URL"):
        tags.append(_meta("name", "citation_public_url", report["URL"]))
    tags.append(_meta("name", "citation_language", "en"))
    return tags
