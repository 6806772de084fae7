"""MkDocs hooks: a thin adapter from MkDocs' events to the sitegen package.

All generation lives in sitegen (usable without MkDocs); these functions only load the data
once per build, hand MkDocs the generated pages as virtual files, and fill the hand-written
chapters' inserts and footnotes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from sitegen import narrative, pages, site_files
from sitegen.dataset import Dataset, load
from sitegen.errors import DataError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_state: dict[str, Dataset] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data; stop the build with every problem listed if it is bad."""
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        _state["data"] = load(data_dir)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page and asset as a virtual file; nothing is written to content/."""
    for src_uri, content in pages.generate_pages(_state["data"]).items():
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in site_files.assets().items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill data inserts and citation footnotes in every page."""
    return narrative.expand(markdown, page.file.src_uri, _state["data"])


def on_post_build(config: MkDocsConfig) -> None:
    """Write the redirect pages that keep renamed records' old addresses working."""
    site_dir = Path(config.site_dir)
    for rel_path, html in pages.redirect_pages(_state["data"], config.site_url or "/").items():
        target = site_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
