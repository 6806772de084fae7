"""MkDocs hook: make a rebuild that renders only some pages leave the site a full build makes.

`make serve` runs `mkdocs serve --dirty`: sitegen_hooks marks every page and file whose output
did not change as unmodified, and MkDocs renders only the others. Two things every page shows
would then go wrong, and this hook puts them right:

- the navigation: a page MkDocs did not read has no title, so the menu would say "None". Pages
  not rendered get their front matter read and the title they were last rendered with;
- the search index: Material's plugin merges the previous index with the new entries only for
  the first page rendered (and for the home page drops every other page). The index is made
  again from the previous entries of the pages not rendered and this build's entries of those
  rendered, in page order, as a full build makes it;
- files a record no longer makes: a --dirty build does not empty the site folder, so the page
  of a deleted record would stay. What the last build into the same folder wrote and this one
  does not is removed.

In a build that renders every page it changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs import utils
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

_build: dict[str, Any] = {}
_titles: dict[str, str] = {}  # page file -> the title it was last rendered with
_written: dict[str, set[str]] = {}  # site folder -> the files the last build there wrote


def _search(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("material/search")
    return plugin if plugin is not None and plugin.config.enabled else None


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def on_files(files: Files, config: MkDocsConfig) -> None:
    """Note the pages of this build, in the order a full build indexes them, and the index the
    last build wrote (the search plugin keeps it across `--dirty` rebuilds)."""
    _build.clear()
    search = _search(config)
    previous = search.search_index_prev if search is not None else None
    _build["previous"] = list(previous.entries) if previous is not None else []
    # As Page.url has them (the home page's is "", its file's "./").
    _build["order"] = {("" if f.url in (".", "./") else f.url): i
                       for i, f in enumerate(files.documentation_pages())}
    _build["rendered"] = set()
    _build["dests"] = {f.dest_uri for f in files
                       if not f.inclusion.is_excluded()}  # type: ignore[no-untyped-call]


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Give the pages MkDocs will not read their front matter and last rendered title."""
    for page in nav.pages:
        if page.file.is_modified():
            continue
        page.read_source(config)
        if page.file.src_uri in _titles:
            page.title = _titles[page.file.src_uri]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> None:
    """Note each page rendered, and the list the search plugin collects this build's entries in
    (its merge replaces that list, so the reference keeps only the new entries)."""
    if page.title:
        _titles[page.file.src_uri] = page.title
    search = _search(config)
    if search is not None:
        _build.setdefault("fresh", search.search_index.entries)
        _build["rendered"].add(page.url)


@event_priority(100)  # before sitegen_hooks writes redirect pages, which may take a page's place
def on_post_build(config: MkDocsConfig) -> None:
    """Remove what the last build wrote and this one did not; after a partial rebuild, write
    the index a full build would have written."""
    site_dir = Path(config.site_dir)
    current = _build.get("dests", set())
    for dest in sorted(_written.get(str(site_dir), set()) - current):
        _remove(site_dir, dest)
    _written[str(site_dir)] = current
    search = _search(config)
    if search is None:
        return
    rendered, order = _build.get("rendered", set()), _build.get("order", {})
    previous = _build.get("previous", [])
    if previous and len(rendered) < len(order):
        kept = [e for e in previous if _page(e) not in rendered and _page(e) in order]
        entries = kept + list(_build.get("fresh", []))
        entries.sort(key=lambda e: order.get(_page(e), len(order)))  # stable: sections in order
        search.search_index.entries = entries
        data = search.search_index.generate_search_index(None)
        utils.write_file(data.encode("utf-8"),
                         str(Path(config.site_dir) / "search" / "search_index.json"))


def _remove(site_dir: Path, dest: str) -> None:
    path = site_dir / dest
    if path.is_file():
        path.unlink()
    for folder in path.parents:  # and the folders it leaves empty
        if (folder == site_dir or not folder.is_relative_to(site_dir) or not folder.is_dir()
                or any(folder.iterdir())):
            break
        folder.rmdir()
