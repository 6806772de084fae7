"""MkDocs hooks: a thin adapter from MkDocs' events to the sitegen package.

All generation lives in sitegen (usable without MkDocs, see sitegen.site); these functions only
hand MkDocs what sitegen assembled: the generated files as virtual files, the hand-written pages
filled in, each page's head metadata and "Cite this page" block (for the theme to print), and
the redirect pages after the build.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from sitegen import memo, site_cache
from sitegen.errors import CitationConfigError, DataError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from sitegen.site import Assembled

_built: dict[str, Assembled] = {}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated file as a virtual file and fill the hand-written pages; nothing is
    written to content/."""
    root = Path(config.config_file_path).parent
    memo.configure(root / ".cache" / "memo")  # formatted citations, kept between builds
    settings = site_cache.Settings(
        root=root, docs_dir=Path(config.docs_dir).name, site_name=config.site_name,
        site_url=config.site_url, site_author=config.site_author,
        description=config.site_description or "", citation=config.extra.get("citation"))
    pages = files.documentation_pages()
    try:
        built = site_cache.assembled(settings, {f.src_uri: f.content_string for f in pages},
                                     root / ".cache" / "site")
    except (DataError, CitationConfigError) as exc:
        raise PluginError(str(exc)) from None
    _built["site"] = built
    same = site_cache.unchanged(built, _context(config, built))
    for file in pages:
        file.content_string = built.written[file.src_uri]
    generated = [File.generated(config, src_uri, content=content)
                 for src_uri, content in built.files.items()]
    for file in [*pages, *generated]:
        if file.src_uri in same and Path(file.abs_dest_path).is_file():
            # MkDocs asks this only in --dirty builds (make serve): a page or file that comes
            # out as in the last build, which is still there, is not rendered and written again.
            file.is_modified = _unmodified  # type: ignore[method-assign]
    for file in generated:
        files.append(file)
    return files


def _unmodified() -> bool:
    return False


def _context(config: MkDocsConfig, built: Assembled) -> str:
    """A hash of what shapes every page besides its own output: mkdocs.yml, the overrides, and
    the menu, which every page shows (the pages in it and the titles they are listed by)."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes())
    custom = config.theme.custom_dir
    for path in sorted(Path(custom).rglob("*")) if custom else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    pages = {**built.pages, **built.written}
    listed = _nav_files(config.nav) if config.nav else set(pages)
    for src_uri in sorted(pages):
        # Not the title itself (MkDocs takes it from the rendered page): a line that changes
        # when it does, the front matter's title or the first top-level heading.
        found = _TITLE.search(pages[src_uri]) if src_uri in listed else None
        digest.update(f"\0{src_uri}\0{found[0] if found else ''}".encode())
    return digest.hexdigest()


_TITLE = re.compile(r"^(?:title:[ \t]*\S.*|# .+)$", re.MULTILINE)


def _nav_files(nav: object) -> set[str]:
    """The page files a `nav:` setting lists, at any depth."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return set().union(*(_nav_files(item) for item in items))


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Date each page as its citation does, for the sitemap's lastmod (MkDocs' default is the
    build's date). Here, not per page: a --dirty build renders only the pages that changed,
    and its sitemap must still match a full build's."""
    updated = _built["site"].updated
    for file in files.documentation_pages():
        if file.page is not None and file.src_uri in updated:
            file.page.update_date = updated[file.src_uri]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig,
                     files: Files) -> str | None:
    """Give the page its citation metadata for the head, and its "Cite this page" block for
    the theme to put after the converted Markdown (both in overrides/main.html)."""
    built = _built["site"]
    head = built.heads.get(page.file.src_uri)
    if head:
        page.meta["sitegen_head"] = Markup(head)  # made by sitegen.cite_meta, data escaped
    block = built.block(page.file.src_uri)
    if block is None or not markdown.endswith(block + "\n"):
        return None  # not a page sitegen made, or another hook changed how it ends
    # The block is raw HTML that Python-Markdown passes through as it is, after parsing it
    # (and MkDocs and the search plugin after it): about 2 ms a page (benchmarks/PROFILE.md).
    page.meta["sitegen_cite"] = Markup(block)  # made by sitegen.cite.block_html, data escaped
    return markdown[:-len(block) - 1]


def on_post_build(config: MkDocsConfig) -> None:
    """Write the redirect pages that keep renamed records' old addresses working; keep what
    this build formatted for the next one."""
    site_dir = Path(config.site_dir)
    for rel_path, html in _built["site"].redirects.items():
        target = site_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    memo.save()
