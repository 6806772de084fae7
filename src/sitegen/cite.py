"""Citing the site: one CSL-JSON record per page (and per event, number or chart), its styles,
files to download and the "Cite this page" block.

Addresses: a page at /a/b/ has its files at /a/b/cite.bib, /a/b/cite.ris and /a/b/cite.json
(the home page's at /cite.bib ...). A timeline event or a number is cited from /cite/events/#ID
or /cite/facts/#ID, with files at /cite/events/ID.bib and so on; the record's own URL is the
item's place on its page (/timeline/#ID, /numbers/#ID). "Based on" the report: CSL has no such
field, so it goes into `note` ("Based on: ..."), which Zotero shows as Extra and BibTeX and RIS
carry as note / N1.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import Markup, escape

from sitegen import cite_csl, dates
from sitegen.cite_config import SiteInfo, url_path
from sitegen.cite_csl import STYLES, CSLRecord, Request
from sitegen.cite_export import all_formats
from sitegen.cite_meta import REPORT_PAGE, head_html

if TYPE_CHECKING:
    from sitegen.dataset import Dataset
    from sitegen.model import Cite

# Item pages: kind -> (page file, heading, genre of the items, the page they sit on).
ITEM_PAGES = {
    "events": ("cite/events.md", "Cite a timeline event", "Timeline entry", "timeline.md"),
    "facts": ("cite/facts.md", "Cite a number", "Data point", "numbers.md"),
}
_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)
_H1 = re.compile(r"^#\s+(.+?)\s*(\{.*\})?\s*$", re.MULTILINE)
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:", re.MULTILINE)


def front_matter(markdown: str) -> dict[str, Any]:
    """The YAML front matter of a Markdown page ({} if it has none)."""
    match = _FRONT.match(markdown)
    if not match:
        return {}
    # libyaml's loader: this runs for every page of every build.
    meta = yaml.load(match[1], Loader=yaml.CSafeLoader)
    return meta if isinstance(meta, dict) else {}


def page_title(markdown: str, fallback: str) -> str:
    """The title MkDocs and Material show: front matter first, then the first heading."""
    meta = front_matter(markdown)
    if meta.get("title"):
        return str(meta["title"])
    body = _FRONT.sub("", markdown, count=1)
    match = _H1.search(body)
    return match[1].strip() if match else fallback


def _day_parts(day: str) -> dict[str, Any]:
    return {"date-parts": [[int(p) for p in day.split("-")]]}


# id(data) -> (data, its 'based on' note); the data is kept so that its id stays its own.
_BASED_ON: dict[int, tuple[Dataset, str]] = {}


def report_record(data: Dataset) -> CSLRecord:
    """The report itself as a CSL-JSON record."""
    return cite_csl.source_record(data.get("sources", data.report.source))


def based_on_request(data: Dataset) -> Request:
    """What `based_on` asks the CSL processor: the report in Chicago style."""
    return Request((report_record(data),), "chicago")


def based_on(data: Dataset) -> str:
    """The 'based on' note every record of the site carries: the report, in Chicago style."""
    if id(data) not in _BASED_ON:
        (entry,) = cite_csl.formatted(based_on_request(data))
        _BASED_ON[id(data)] = (data, "Based on: " + cite_csl.plain_text(entry))
    return _BASED_ON[id(data)][1]


def _record(site: SiteInfo, data: Dataset, *, record_id: str, title: str, url: str,
            updated: str, description: str = "", genre: str | None = None,
            extra_note: str = "") -> CSLRecord:
    names = cite_csl.names
    record: CSLRecord = {
        "id": record_id, "type": "webpage", "title": title,
        "author": names(site.settings.authors), "editor": names(site.settings.editors),
        "container-title": site.name, "publisher": site.settings.publisher,
        "genre": genre, "issued": _day_parts(updated),
        "available-date": _day_parts(site.settings.first_published),
        "URL": url, "version": site.settings.version, "language": site.language,
        "abstract": description,
        "note": "\n".join(n for n in (based_on(data), extra_note) if n),
    }
    return cite_csl.clean(record)


def page_record(site: SiteInfo, data: Dataset, src_uri: str, title: str,
                description: str = "", genre: str | None = None) -> CSLRecord:
    """The CSL-JSON record of a page: the site's authors, its title, address, version, dates.

    `genre` says what the page is when it is more than a page ("Chart"); a page sets it with
    `citation_genre:` in its front matter.
    """
    slug = url_path(src_uri).strip("/").replace("/", "-") or "home"
    return _record(site, data, record_id=f"{site.settings.key}-{slug}", title=title,
                   url=site.page_url(src_uri), updated=site.last_updated(src_uri),
                   description=description, genre=genre)


def item_record(site: SiteInfo, data: Dataset, *, page: str, anchor: str, title: str,
                genre: str, description: str = "", cites: tuple[Cite, ...] = ()) -> CSLRecord:
    """The record of one thing on a page (an event, a number, a table row, a chart)."""
    extra = f"Sources: {plain_cites(data, cites)}" if cites else ""
    return _record(site, data, record_id=f"{site.settings.key}-{anchor}", title=title,
                   url=f"{site.page_url(page)}#{anchor}", updated=site.last_updated(page),
                   description=description, genre=genre, extra_note=extra)


def csl_for_chart(site: SiteInfo, data: Dataset, *, chart_id: str, title: str, page: str,
                  description: str = "", cites: tuple[Cite, ...] = ()) -> CSLRecord:
    """The record of a chart, for the charts' own "cite" links: its anchor on `page` is chart_id.

    Pair it with `formats(record)` for the styles and `files_for(record, folder)` for the .bib,
    .ris and .json files.
    """
    return item_record(site, data, page=page, anchor=chart_id, title=title, genre="Chart",
                       description=description, cites=cites)


def plain_cites(data: Dataset, cites: tuple[Cite, ...]) -> str:
    """Citations as plain text: 'Okamoto 2022, section 3, footnote 30; World Bank 2023'."""
    from sitegen.citations import page_locator, short_label

    out = []
    for cite in dict.fromkeys(cites):
        parts = [short_label(data.get("sources", cite.source))]
        if cite.section:
            number = next(s.number for s in data.report.sections if s.id == cite.section)
            parts.append(f"section {number}")
        parts += [f"Table {cite.table}"] if cite.table else []
        parts += [f"Figure {cite.figure}"] if cite.figure else []
        parts += [f"footnote {n}" for n in cite.footnote]
        parts += [page_locator(cite.pages, " ")] if cite.pages else []  # plain text in files
        out.append(", ".join(parts))
    return "; ".join(out)


def style_requests(record: CSLRecord) -> list[Request]:
    """What `formats` asks the CSL processor: the record alone in each style, as HTML."""
    return [Request((record,), key) for key in STYLES]


def formats(record: CSLRecord) -> dict[str, str]:
    """The record formatted by citeproc-py in each style, as HTML: {'apa': ..., ...}."""
    return {request.style: cite_csl.formatted(request)[0]
            for request in style_requests(record)}


def files_for(record: CSLRecord, stem: str) -> dict[str, str]:
    """The .bib, .ris and .json files of a record at `stem` + extension."""
    return {f"{stem}.{ext}": text for ext, text in all_formats(record).items()}


def block_html(record: CSLRecord, *, prefix: str, downloads: str, intro: str) -> Markup:
    """The citation block: three styles and three formats, each copyable, and the downloads.

    Works without JavaScript (plain text and <details>); cite.js adds the copy buttons.
    `downloads` is the address of the files without extension, relative to the page.
    """
    styled = formats(record)
    exports = all_formats(record)
    # Kept out of the search index: the same words on every page made it several times larger,
    # and every page loads the index (benchmarks/RESULTS.md).
    out = [f'<div class="cite-block" id="{prefix}" data-search-exclude>',
           f'<p class="cite-intro">{intro}</p>',
           '<dl class="cite-styles">']
    for key, (_, label) in STYLES.items():
        # The entry is citeproc's HTML: only <i>/<b> tags, data escaped (cite_csl._escaped).
        out.append(f'<dt>{escape(label)}</dt><dd><p class="cite-text" id="{prefix}-{key}" '
                   f'data-cite-copy data-cite-label="{escape(label)} citation">{styled[key]}</p>'
                   '</dd>')
    out.append("</dl>")
    for ext, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")):
        text = html.escape(exports[ext].replace("\r\n", "\n").rstrip("\n"), quote=False)
        # The id is on <details>: Material's script renames the ids of code blocks.
        out.append(f'<details class="cite-export" id="{prefix}-{ext}"><summary>{label}</summary>'
                   f'<pre class="no-copy cite-code" data-cite-copy data-cite-label="{label}">'
                   f'<code>{text}</code></pre></details>')
    name = escape(record["id"])
    links = "&nbsp;· ".join(
        f'<a href="{escape(downloads)}.{ext}" download="{name}.{ext}" type="{mime}">'
        f'{label} (.{ext})</a>'
        for ext, label, mime in (("bib", "BibTeX", "application/x-bibtex"),
                                 ("ris", "RIS", "application/x-research-info-systems"),
                                 ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json")))
    out.append(f'<p class="cite-downloads">Download for a reference manager: {links}</p>')
    out.append("</div>")
    return Markup("\n".join(out))


@dataclass(frozen=True)
class PageCitation:
    """Everything a page needs for citing it: its record, head metadata and block."""

    src_uri: str
    record: CSLRecord
    description: str
    head: Markup

    def block(self, site: SiteInfo) -> Markup:
        """The 'Cite this page' block (HTML), which ends the page under its heading."""
        updated = dates.display(cite_csl_iso(self.record))
        here = url_path(self.src_uri).rstrip("/") or "."
        report = posixpath.relpath(url_path(REPORT_PAGE).rstrip("/"), here) + "/"
        intro = (f"Version {escape(site.settings.version)}, last updated "
                 f"{escape(updated)}. The text is licensed {escape(site.settings.licence)}. "
                 f'For the report\'s own findings, cite <a href="{escape(report)}">the report'
                 "</a> itself.")
        return block_html(self.record, prefix="cite", downloads="cite", intro=intro)


def cite_csl_iso(record: CSLRecord) -> str:
    """The record's issued date as ISO text."""
    return "-".join(f"{p:02d}" if i else str(p)
                    for i, p in enumerate(record["issued"]["date-parts"][0]))


class Citer:
    """Makes and keeps the citation of every page of one build."""

    def __init__(self, site: SiteInfo, data: Dataset) -> None:
        self.site, self.data = site, data
        self.pages: dict[str, PageCitation] = {}
        self._made: dict[str, PageCitation] = {}

    def add_page(self, src_uri: str, markdown: str) -> PageCitation:
        """Make (once) the citation of a page from its Markdown source, and add the page to
        those whose files `files` gives, in the order they are added."""
        if src_uri not in self.pages:
            self.pages[src_uri] = self.citation(src_uri, markdown)
        return self.pages[src_uri]

    def citation(self, src_uri: str, markdown: str) -> PageCitation:
        """Make (once) the citation of a page from its Markdown source, without adding it."""
        if src_uri not in self._made:
            meta = front_matter(markdown)
            title = page_title(markdown, self.site.name)
            description = str(meta.get("description") or self.site.description).strip()
            genre = str(meta["citation_genre"]) if meta.get("citation_genre") else None
            record = page_record(self.site, self.data, src_uri, title, description, genre)
            head = head_html(self.site, record, description, report_record(self.data),
                             about_report=src_uri == REPORT_PAGE,
                             oembed=str(meta["oembed"]) if meta.get("oembed") else None)
            self._made[src_uri] = PageCitation(src_uri, record, description, head)
        return self._made[src_uri]

    def files(self) -> dict[str, str]:
        """The download files of every page added: folder/cite.bib, .ris and .json."""
        out: dict[str, str] = {}
        for src_uri, page in self.pages.items():
            out.update(files_for(page.record, url_path(src_uri) + "cite"))
        return out

    def section(self, markdown: str, src_uri: str) -> tuple[str, str]:
        """The page's Markdown with its 'Cite this page' section at the end, and the block
        that ends it (the Markdown ends with the block and one newline)."""
        block = str(self.pages[src_uri].block(self.site))
        if _FOOTNOTE_DEF.search(markdown):
            # Footnotes would otherwise come after the block; this is the footnotes
            # extension's own placeholder for where they go.
            markdown = markdown.rstrip("\n") + "\n\n///Footnotes Go Here///\n"
        heading = "## Cite this page { #cite-this-page }"
        return markdown.rstrip("\n") + f"\n\n{heading}\n\n{block}\n", block
