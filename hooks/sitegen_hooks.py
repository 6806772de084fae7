"""MkDocs hooks: a thin adapter from MkDocs' events to the sitegen package.

All generation lives in sitegen (usable without MkDocs); these functions only load the data
once per build, hand MkDocs the generated pages as virtual files, fill the hand-written
chapters' inserts and footnotes, and give every page its citation (head metadata, "Cite this
page" block and files to download; see sitegen.cite).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from sitegen import charts, cite_pages, datapackage, memo, narrative, pages, site_files
from sitegen.cite_config import CitationConfigError, SiteInfo
from sitegen.dataset import Dataset, load
from sitegen.errors import DataError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_state: dict[str, Dataset] = {}
_cite: dict[str, cite_pages.SiteCitations] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data; stop the build with every problem listed if it is bad."""
    data_dir = Path(config.config_file_path).parent / "data"
    memo.configure(data_dir.parent / ".cache" / "memo")  # formatted citations, between builds
    try:
        _state["data"] = load(data_dir)
        site = SiteInfo.from_config(
            config.extra.get("citation"), site_name=config.site_name,
            site_url=config.site_url, root=data_dir.parent,
            description=config.site_description or "", docs_dir=Path(config.docs_dir).name)
    except (DataError, CitationConfigError) as exc:
        raise PluginError(str(exc)) from None
    _cite["site"] = cite_pages.SiteCitations(site, _state["data"])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page and asset as a virtual file; nothing is written to content/."""
    # Charts first: the pages' chart inserts reuse this build (and its site address).
    site = charts.Site(url=config.site_url or "/", name=config.site_name,
                       author=config.site_author or config.site_name)
    chart_files = {**charts.generate_pages(_state["data"], site=site),
                   **charts.build_assets(_state["data"], site=site)}
    for src_uri, chart_file in chart_files.items():
        files.append(File.generated(config, src_uri, content=chart_file))
    for src_uri, content in pages.generate_pages(_state["data"]).items():
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in site_files.assets().items():
        files.append(File.generated(config, src_uri, content=content))
    citations = _cite["site"]
    generated = {**citations.pages, **datapackage.files(_state["data"], citations.site)}
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    for page_file in files.documentation_pages():
        citations.add_page(page_file.src_uri, page_file.content_string)
    for src_uri, content in citations.files().items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill data inserts and citation footnotes in every page; add its 'Cite this page'."""
    markdown = narrative.expand(markdown, page.file.src_uri, _state["data"])
    page.meta["sitegen_head"] = _cite["site"].head(page.file.src_uri, markdown)
    return _cite["site"].with_block(markdown, page.file.src_uri)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the redirect pages that keep renamed records' old addresses working; keep what
    this build formatted for the next one."""
    site_dir = Path(config.site_dir)
    for rel_path, html in pages.redirect_pages(_state["data"], config.site_url or "/").items():
        target = site_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    memo.save()
