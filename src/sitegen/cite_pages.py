"""Generated pages for citing: the page about the report, and the pages that cite single events
and numbers; with the files they offer for download."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen import cite, dates
from sitegen.cite_csl import STYLES
from sitegen.cite_meta import REPORT_PAGE
from sitegen.model import REPORT_ID
from sitegen.pages import Context
from sitegen.render import fact_value

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sitegen.cite_config import SiteInfo
    from sitegen.cite_csl import CSLRecord, Request
    from sitegen.dataset import Dataset

REPORT_FILES = f"report/{REPORT_ID}"  # /report/okamoto-2022.bib, .ris, .json


@dataclass(frozen=True)
class Item:
    """One citable thing on a page: its anchor there, its record and its formatted styles."""

    anchor: str
    title: str
    record: CSLRecord
    styles: dict[str, Markup]


def item_records(site: SiteInfo, data: Dataset, kind: str) -> list[tuple[str, str, CSLRecord]]:
    """The citable events or numbers: the anchor, title and record of each."""
    _, _, genre, page = cite.ITEM_PAGES[kind]
    if kind == "events":
        things = [(e.id, e.title, e.summary, e.cite) for e in data.events]
    else:
        # The title says the value as /numbers/ does, target year included ("… by 2025").
        things = [(f.id, f"{f.label}: {fact_value(f)}"
                   + (f" by {dates.display(f.target_date)}" if f.target_date else ""), "", f.cite)
                  for f in data.facts]
    return [(anchor, title, cite.item_record(site, data, page=page, anchor=anchor, title=title,
                                             genre=genre, description=description, cites=cites))
            for anchor, title, description, cites in things]


def items(site: SiteInfo, data: Dataset, kind: str,
          records: list[tuple[str, str, CSLRecord]] | None = None) -> list[Item]:
    """The citable events or numbers, each with its record and styles (`records`: their
    item_records, if made already)."""
    if records is None:
        records = item_records(site, data, kind)
    return [Item(anchor, title, record, {k: Markup(v) for k, v in cite.formats(record).items()})
            for anchor, title, record in records]


def item_page_link(kind: str, from_page: str, anchor: str) -> Markup:
    """The address of an item's citation, relative to a page (for the 'Cite' links)."""
    from sitegen import paths

    return Markup(paths.rel(from_page, cite.ITEM_PAGES[kind][0], anchor))


def build(site: SiteInfo, data: Dataset,
          records: Mapping[str, list[tuple[str, str, CSLRecord]]] | None = None,
          ) -> tuple[dict[str, str], dict[str, str]]:
    """The report page and the item citation pages (Markdown keyed by page file), and the
    files they offer for download (text keyed by path under the site); `records` holds the
    items' item_records by kind, if made already."""
    out: dict[str, str] = {}
    files = cite.files_for(cite.report_record(data), REPORT_FILES)
    report = cite.report_record(data)
    intro = Markup(
        "The report itself, as its publisher issued it. Zotero, Mendeley and EndNote save "
        "this page as a report.")
    block = cite.block_html(report, prefix="cite-report", downloads=REPORT_ID,
                            intro=intro)
    chapters = {}
    for section in data.report.sections:
        path = site.root / site.docs_dir / f"{section.page}.md"
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        chapters[section.id] = cite.page_title(text, section.label)
    out[REPORT_PAGE] = Context(data, REPORT_PAGE).render(
        "pages/report.md.j2", source=data.get("sources", data.report.source), block=block,
        record=report, chapters=chapters)
    for kind, (page, heading, _genre, target) in cite.ITEM_PAGES.items():
        found = items(site, data, kind, records[kind] if records is not None else None)
        out[page] = Context(data, page).render(
            "pages/cite-items.md.j2", heading=heading, items=found, kind=kind,
            target=target, folder=kind, labels={k: v[1] for k, v in STYLES.items()})
        for item in found:
            files.update(cite.files_for(item.record, f"{page[: -len('.md')]}/{item.anchor}"))
    return out, files


class SiteCitations:
    """The citations of one build: every page's record, head metadata, block and files."""

    def __init__(self, site: SiteInfo, data: Dataset) -> None:
        self.site, self.data = site, data
        self.citer = cite.Citer(site, data)
        self._items = {kind: item_records(site, data, kind) for kind in cite.ITEM_PAGES}

    def requests(self) -> list[Request]:
        """What `pages` will ask the CSL processor: the report's and every item's styles."""
        records = [cite.report_record(self.data)]
        records += [record for found in self._items.values() for _, _, record in found]
        return [request for record in records for request in cite.style_requests(record)]

    def page_requests(self, pages: Mapping[str, str]) -> list[Request]:
        """What these pages' 'Cite this page' blocks will ask the CSL processor (Markdown
        keyed by page file, as `with_block` will be given it)."""
        return [request for src_uri, markdown in pages.items()
                for request in cite.style_requests(self.citer.citation(src_uri, markdown).record)]

    @cached_property
    def _built(self) -> tuple[dict[str, str], dict[str, str]]:
        return build(self.site, self.data, self._items)

    @property
    def pages(self) -> dict[str, str]:
        """The report page and the item citation pages, as Markdown keyed by page file."""
        return self._built[0]

    def files(self) -> dict[str, str]:
        """Every file to download: the pages' cite.bib/.ris/.json, the report's, the items'."""
        return {**self.citer.files(), **self._built[1]}

    def head(self, src_uri: str, markdown: str) -> Markup:
        """The metadata for the page's head."""
        return self.citer.add_page(src_uri, markdown).head

    def with_block(self, markdown: str, src_uri: str) -> tuple[str, str]:
        """The page's Markdown with its 'Cite this page' section appended, and the block
        (HTML) that ends it."""
        self.citer.add_page(src_uri, markdown)
        return self.citer.section(markdown, src_uri)
