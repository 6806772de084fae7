"""Every generated file of the site, assembled in one place for any front end.

The MkDocs hook and `python -m sitegen generate` both call `assemble`, so what the command line
writes is exactly what MkDocs is handed: the generated pages, chart files, assets, citation
files and the data package. Pages come out final: inserts filled, footnotes defined and the
"Cite this page" section appended, with their head metadata beside them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from sitegen.charts import Site
    from sitegen.cite_config import SiteInfo
    from sitegen.dataset import Dataset

Content = str | bytes
log = logging.getLogger("mkdocs.plugins.sitegen")


@dataclass(frozen=True)
class Assembled:
    """What sitegen adds to a site: generated files, the hand-written pages filled in, every
    page's head metadata, redirect pages, and the warnings that making them logged."""

    files: dict[str, Content]       # path under docs_dir -> content; pages are final Markdown
    written: dict[str, str]         # hand-written page path -> its final Markdown
    heads: dict[str, str]           # page path -> HTML for the page's <head>
    redirects: dict[str, str]       # path under the site -> HTML page
    # page path -> length of the "Cite this page" block (HTML) that ends its Markdown, before
    # the final newline; `block` gives the block itself
    blocks: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = field(default=())
    # page path -> the day its sources last changed (YYYY-MM-DD), as its citation dates it
    updated: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> dict[str, str]:
        """The generated Markdown pages."""
        return _markdown(self.files)

    def block(self, src_uri: str) -> str | None:
        """The "Cite this page" block that ends a page's Markdown, so that a front end may
        leave it out of the Markdown and put it in the page itself (hooks/sitegen_hooks.py);
        None for a page without one."""
        size = self.blocks.get(src_uri)
        markdown = self.written.get(src_uri) or self.files.get(src_uri)
        if size is None or not isinstance(markdown, str):
            return None
        return markdown[-size - 1:-1]

    def replay_warnings(self) -> None:
        """Log again what making this output warned about (an output kept from an earlier
        build must fail `--strict` the way making it did)."""
        for message in self.warnings:
            log.warning("%s", message)


def assemble(data: Dataset, info: SiteInfo, chart_site: Site,
             written: Mapping[str, str]) -> Assembled:
    """Every generated file; `written` holds the hand-written pages (path -> Markdown)."""
    with _warnings_kept() as warned:
        assembled = _assemble(data, info, chart_site, written)
    return replace(assembled, warnings=tuple(warned))


def _assemble(data: Dataset, info: SiteInfo, chart_site: Site,
              written: Mapping[str, str]) -> Assembled:
    # Imported here: a build whose output is kept (sitegen.site_cache) never needs them, and
    # Altair and the CSL processor take a good part of a second to import.
    from sitegen import (
        charts,
        cite,
        cite_pages,
        cite_prefetch,
        cite_sources,
        datapackage,
        narrative,
        pages,
        site_files,
    )

    # Citations are handed to the prefetch as soon as their records are known, and formatted
    # in worker processes while the charts and pages are made (a cold build's largest cost).
    with cite_prefetch.Prefetch() as prefetch:
        prefetch.add([cite.based_on_request(data)]).wait()  # every record's note quotes it
        citations = cite_pages.SiteCitations(info, data)
        sources = prefetch.add(cite_sources.requests(data))
        items = prefetch.add(citations.requests())
        # Charts first: the pages' chart inserts reuse this build (and its site address).
        files: dict[str, Content] = {**charts.generate_pages(data, site=chart_site),
                                     **charts.build_assets(data, site=chart_site)}
        sources.wait()
        files.update(pages.generate_pages(data))
        # The blocks of the pages made so far are formatted while the others are made.
        early = _markdown(files)
        early_blocks = prefetch.add(citations.page_requests(early))
        files.update(site_files.assets())
        items.wait()
        files.update(citations.pages)
        files.update(datapackage.files(data, info))
        filled = {src_uri: narrative.expand(markdown, src_uri, data)
                  for src_uri, markdown in written.items()}
        generated = _markdown(files)  # the generated pages, before their citation blocks
        later = {p: m for p, m in {**filled, **generated}.items() if p not in early}
        prefetch.add(citations.page_requests(later)).wait()
        early_blocks.wait()
    heads: dict[str, str] = {}
    final: dict[str, str] = {}
    blocks: dict[str, int] = {}
    for src_uri, markdown in {**filled, **generated}.items():
        heads[src_uri] = str(citations.head(src_uri, markdown))
        final[src_uri], block = citations.with_block(markdown, src_uri)
        blocks[src_uri] = len(block)
    files.update({p: final[p] for p in generated})
    files.update(citations.files())
    redirects = pages.redirect_pages(data, info.url)
    updated = {src_uri: info.last_updated(src_uri) for src_uri in heads}
    return Assembled(files, {p: final[p] for p in filled}, heads, redirects, blocks,
                     updated=updated)


def _markdown(files: Mapping[str, Content]) -> dict[str, str]:
    return {p: c for p, c in files.items() if p.endswith(".md") and isinstance(c, str)}


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _warnings_kept() -> Iterator[list[str]]:
    handler = _Kept()
    log.addHandler(handler)
    try:
        yield handler.messages
    finally:
        log.removeHandler(handler)


def read_written(docs_dir: Path) -> dict[str, str]:
    """The hand-written Markdown pages under docs_dir, by path relative to it."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs_dir.rglob("*.md"))}


def write(assembled: Assembled, outdir: Path) -> int:
    """Write every generated file under outdir; return how many pages were written."""
    for rel_path, content in assembled.files.items():
        target = outdir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return len(assembled.pages)
