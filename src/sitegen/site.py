"""Every generated file of the site, assembled in one place for any front end.

The MkDocs hook and `python -m sitegen generate` both call `assemble`, so what the command line
writes is exactly what MkDocs is handed: the generated pages, chart files, assets, citation
files and the data package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen import charts, cite_pages, datapackage, pages, site_files

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from sitegen.cite_config import SiteInfo
    from sitegen.dataset import Dataset

Content = str | bytes


@dataclass(frozen=True)
class Assembled:
    """The generated files (path under docs_dir -> content) and the site's citations."""

    files: dict[str, Content]
    citations: cite_pages.SiteCitations

    @property
    def pages(self) -> dict[str, str]:
        """The generated Markdown pages."""
        return {p: c for p, c in self.files.items() if p.endswith(".md") and isinstance(c, str)}


def assemble(data: Dataset, info: SiteInfo, chart_site: charts.Site,
             written: Mapping[str, str]) -> Assembled:
    """Every generated file; `written` holds the hand-written pages (path -> Markdown)."""
    citations = cite_pages.SiteCitations(info, data)
    # Charts first: the pages' chart inserts reuse this build (and its site address).
    files: dict[str, Content] = {**charts.generate_pages(data, site=chart_site),
                                 **charts.build_assets(data, site=chart_site)}
    files.update(pages.generate_pages(data))
    files.update(site_files.assets())
    files.update(citations.pages)
    files.update(datapackage.files(data, info))
    for src_uri, markdown in {**written, **_markdown(files)}.items():
        citations.add_page(src_uri, markdown)
    files.update(citations.files())
    return Assembled(files, citations)


def _markdown(files: Mapping[str, Content]) -> dict[str, str]:
    return {p: c for p, c in files.items() if p.endswith(".md") and isinstance(c, str)}


def read_written(docs_dir: Path) -> dict[str, str]:
    """The hand-written Markdown pages under docs_dir, by path relative to it."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs_dir.rglob("*.md"))}


def write(assembled: Assembled, outdir: Path) -> int:
    """Write every generated file under outdir, pages with their citation block; return
    how many pages were written."""
    for rel_path, content in assembled.files.items():
        target = outdir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif rel_path.endswith(".md"):
            target.write_text(assembled.citations.with_block(content, rel_path), encoding="utf-8")
        else:
            target.write_text(content, encoding="utf-8")
    return len(assembled.pages)
