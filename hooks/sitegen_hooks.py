"""MkDocs hooks: a thin adapter from MkDocs' events to the sitegen package.

All generation lives in sitegen (usable without MkDocs, see sitegen.site); these functions only
load the data once per build, hand MkDocs the generated files as virtual files, fill each page's
inserts and footnotes, and give it its citation (head metadata and "Cite this page" block).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from sitegen import charts, memo, narrative, pages, site
from sitegen.cite_config import CitationConfigError, SiteInfo
from sitegen.dataset import Dataset, load
from sitegen.errors import DataError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_state: dict[str, Dataset] = {}
_info: dict[str, SiteInfo] = {}
_built: dict[str, site.Assembled] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data; stop the build with every problem listed if it is bad."""
    root = Path(config.config_file_path).parent
    memo.configure(root / ".cache" / "memo")  # formatted citations, kept between builds
    try:
        _state["data"] = load(root / "data")
        _info["site"] = SiteInfo.from_config(
            config.extra.get("citation"), site_name=config.site_name,
            site_url=config.site_url, root=root,
            description=config.site_description or "", docs_dir=Path(config.docs_dir).name)
    except (DataError, CitationConfigError) as exc:
        raise PluginError(str(exc)) from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated file as a virtual file; nothing is written to content/."""
    chart_site = charts.Site(url=config.site_url or "/", name=config.site_name,
                             author=config.site_author or config.site_name)
    written = {f.src_uri: f.content_string for f in files.documentation_pages()}
    built = site.assemble(_state["data"], _info["site"], chart_site, written)
    _built["site"] = built
    for src_uri, content in built.files.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill data inserts and citation footnotes in every page; add its 'Cite this page'."""
    citations = _built["site"].citations
    if page.file.generated_by is None:  # generated pages come out of sitegen already expanded
        markdown = narrative.expand(markdown, page.file.src_uri, _state["data"])
    page.meta["sitegen_head"] = citations.head(page.file.src_uri, markdown)
    return citations.with_block(markdown, page.file.src_uri)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the redirect pages that keep renamed records' old addresses working; keep what
    this build formatted for the next one."""
    site_dir = Path(config.site_dir)
    for rel_path, html in pages.redirect_pages(_state["data"], config.site_url or "/").items():
        target = site_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    memo.save()
