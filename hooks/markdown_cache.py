"""MkDocs hook: a page whose Markdown and surroundings are as in the last build is not converted
again; the HTML that build made is put back.

Python-Markdown is most of what MkDocs spends on a page (benchmarks/PROFILE.md). What a page
converts to is decided by its final Markdown, its place (source and address), the Markdown
settings and validation levels, the files its links resolve against, and the versions of the
packages that convert it; the key hashes all of these. A hit sets everything `Page.render` sets
(HTML, table of contents, title from the first heading, anchor ids, links to anchors that MkDocs
checks after the build) and logs again what converting the page warned about, so `--strict`
fails as it did. Each page keeps its latest conversion in .cache/markdown/.

MkDocs converts pages one at a time. When many pages have no kept conversion (a cold build),
forked copies of the build convert them first, one per CPU, and hand their conversions back as
kept ones; MkDocs' own loop then only puts them in place.

Material's search plugin then parses every page's final HTML into sections, which costs a
third as much again. What that parse found is kept too, keyed by a hash of the HTML it read,
and the forked copies make it for the pages they convert. The plugin then looks up each
section's entry in the page's table of contents, which it walked whole for every section;
here the look-up is a table made once per page.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import pickle
import sysconfig
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _populate_page
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from sitegen import atomic, forks
from sitegen.workers import cpus

try:
    from material.plugins.search.plugin import Parser
except ImportError:  # another theme: nothing to index
    Parser = None

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.toc import AnchorLink

# The packages whose code turns Markdown into a page's HTML.
PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "pygments", "mkdocs-material")
FORMAT = 1  # bump when the kept entry's shape changes
# Converting ahead pays for forking from this many pages on (about 15 ms each, 2 ms to fork).
AHEAD_FROM = 16

_state: dict[str, Any] = {}
log = logging.getLogger("mkdocs.hooks.markdown_cache")


class _Kept(logging.Handler):
    """Collects what MkDocs logs while one page converts."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def on_files(files: Files, config: MkDocsConfig) -> None:
    """A build starts: nothing is kept or reused until on_nav has made its key."""
    _state.pop("shared", None)


@event_priority(-100)  # after any other hook: the pages and files are final
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Hash what every page's conversion shares, load the kept conversions, and convert the
    pages none covers ahead if there are many."""
    _stop_capture()
    folder = Path(config.config_file_path).parent / ".cache" / "markdown"
    shared = [FORMAT, [_version(p) for p in PACKAGES], _unversioned(config.markdown_extensions),
              config.markdown_extensions,
              config.mdx_configs, dict(config.validation.links), config.use_directory_urls,
              sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)]
    text = json.dumps(shared, sort_keys=True, default=repr, separators=(",", ":"))
    if _state.get("folder") != folder:  # else the last build's, kept in memory (make serve)
        _state.update(folder=folder, kept=_load(folder / "pages.pickle"),
                      searched=_load(folder / "search.pickle"))
    _state.update(shared=hashlib.sha256(text.encode()).hexdigest(), made={}, reused=0,
                  pages={f.src_uri for f in files.documentation_pages()}, ahead={},
                  parsed={}, parsed_here=0)
    _convert_ahead(config, files)


@event_priority(-100)  # after any other handler: the Markdown is final
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Skip converting a page whose conversion is kept; otherwise note what it logs."""
    _stop_capture()
    if "shared" not in _state:  # a caller that runs page events without on_nav
        return
    key = hashlib.sha256("\0".join((_state["shared"], page.file.src_uri, page.file.dest_uri,
                                    page.url, markdown)).encode()).hexdigest()
    kept = _state["kept"].get(page.file.src_uri)
    if kept is not None and kept[0] == key:
        _state["made"][page.file.src_uri] = (kept[0], kept[1], _state["shared"])
        _state["reused"] += _state["ahead"].get(page.file.src_uri) != key
        # An attribute of this page only: MkDocs calls page.render(config, files) next.
        page.render = partial(_restore, page, kept[1])  # type: ignore[method-assign]
        return
    handler = _Kept()
    logging.getLogger("mkdocs").addHandler(handler)
    _state["capture"] = (page.file.src_uri, key, handler)


@event_priority(100)  # before any other handler: the HTML as the conversion made it
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Keep the conversion just made."""
    page.__dict__.pop("render", None)
    capture = _stop_capture()
    if capture is None or capture[0] != page.file.src_uri:
        return
    src_uri, key, handler = capture
    links = {to_file.src_uri: dict(anchors)
             for to_file, anchors in (page.links_to_anchors or {}).items()}
    _state["made"][src_uri] = (key, {
        "html": html, "toc": [_toc_entry(link) for link in page.toc],
        "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
        "links": links, "logged": handler.records}, _state["shared"])


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> None:
    """Have the search plugin take each page's sections from the last parse of the same HTML."""
    search = _search(config)
    if "shared" in _state and search is not None:
        index = search.search_index
        # Attributes of this build's index only (the plugin makes a new one every build).
        index.add_entry_from_context = partial(_index, index)
        index._find_toc_by_id = _toc_finder()


def _index(index: Any, page: Page) -> None:
    # Material's SearchIndex.add_entry_from_context (9.x), with the sections of the same HTML
    # kept from the last build or parsed ahead by a forked copy.
    if (page.meta.get("search") or {}).get("exclude"):
        return
    html = page.content or ""
    digest = _digest(html)
    kept = _state["searched"].get(page.file.src_uri)
    if kept is not None and kept[0] == digest:
        blob = kept[1]
    else:
        blob = _sections(html)
        _state["parsed_here"] += 1
    _state["parsed"][page.file.src_uri] = (digest, blob)
    for section in pickle.loads(blob):  # a copy: making entries changes untitled sections
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def _toc_finder() -> Callable[[Any, str | None], AnchorLink | None]:
    """Material's SearchIndex._find_toc_by_id (the first entry with that id, depth first),
    from a table made once per page: Material walks the whole table of contents for each of a
    page's sections, which on the pages listing every event costs seconds at 100x."""
    last: list[Any] = [None, {}]

    def find(toc: Any, anchor: str | None) -> AnchorLink | None:
        if last[0] is not toc:
            first: dict[str | None, AnchorLink] = {}
            _first_ids(toc, first)
            last[:] = [toc, first]
        found: AnchorLink | None = last[1].get(anchor)
        return found

    return find


def _first_ids(toc: Any, first: dict[str | None, AnchorLink]) -> None:
    for link in toc:
        first.setdefault(link.id, link)
        _first_ids(link.children, first)


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _sections(html: str) -> bytes:
    """The sections Material's search parser finds in a page's HTML, pickled."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return pickle.dumps(parser.data, protocol=pickle.HIGHEST_PROTOCOL)


def on_post_build(config: MkDocsConfig) -> None:
    """Write each page's latest conversion and search sections (pages not read in a --dirty
    build keep theirs)."""
    if _state.pop("shared", None) is None:
        return
    kept = {src_uri: entry for src_uri, entry in {**_state["kept"], **_state["made"]}.items()
            if src_uri in _state["pages"]}
    searched = {src_uri: entry for src_uri, entry
                in {**_state["searched"], **_state["parsed"]}.items()
                if src_uri in _state["pages"]}
    folder: Path = _state["folder"]
    _dump(folder / "pages.pickle", kept)
    _dump(folder / "search.pickle", searched)
    ahead = sum(_state["made"].get(src_uri, ("",))[0] == key
                for src_uri, key in _state["ahead"].items())
    log.info("markdown: %d pages converted, %d as in the last build (%d of them ahead in %d "
             "processes); search sections of %d pages parsed, %d ahead or as before; kept in %s",
             len(_state["made"]) - _state["reused"], _state["reused"], ahead,
             _state.get("processes", 0), _state["parsed_here"],
             len(_state["parsed"]) - _state["parsed_here"], folder)
    _state.update(kept=kept, searched=searched, made={}, reused=0, ahead={}, parsed={})


def on_build_error(error: Exception) -> None:
    """Stop noting log messages if a page failed to convert."""
    _stop_capture()


def _convert_ahead(config: MkDocsConfig, files: Files) -> None:
    """Convert the pages without a kept conversion (or with one made under other settings) in
    forked copies of this process, one per CPU, and keep what they make, so MkDocs' loop finds
    every page already converted."""
    # A kept conversion made with other settings (an extension, a package version) cannot be
    # reused: its page is converted ahead too, as in a cold build. Each entry ends with the
    # hash of the settings it was made with.
    shared = (_state["shared"],)
    todo = [f for f in files.documentation_pages()
            if tuple(_state["kept"].get(f.src_uri, ()))[2:3] != shared]
    processes = min(cpus(), len(todo) // AHEAD_FROM)
    if processes < 2 or not forks.can_fork():
        _state["processes"] = 0
        return
    shares: list[list[File]] = [[] for _ in range(processes)]
    loads = [0] * processes
    for file in sorted(todo, key=lambda f: len(f.content_string), reverse=True):
        least = loads.index(min(loads))  # the longest pages first, each to the lightest share
        shares[least].append(file)
        loads[least] += len(file.content_string)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the copies share this process's memory instead of touching every object
    try:
        started = []
        for share in shares:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_convert_share, args=(share, config, files, send),
                                      daemon=True)
            process.start()
            send.close()
            started.append((process, receive))
        for process, receive in started:
            try:
                made, searched = receive.recv()
            except EOFError:  # that copy failed: MkDocs' loop converts its pages as usual
                made, searched = {}, {}
            process.join()
            _state["kept"].update(made)
            _state["searched"].update(searched)
            _state["ahead"].update((src_uri, entry[0]) for src_uri, entry in made.items())
    finally:
        gc.unfreeze()
    _state["processes"] = processes


def _convert_share(share: list[File], config: MkDocsConfig, files: Files,
                   send: Connection) -> None:
    # In the forked copy: convert as MkDocs' loop would, logging nothing (the build logs each
    # page's messages when it puts the conversion in place), and send back what on_page_content
    # kept, with the sections the search plugin will find in the final HTML. A page that fails
    # is left to the build, which reports the failure.
    forks.quiet()
    indexed = _search(config) is not None
    made, searched = {}, {}
    for file in share:
        page = file.page or Page(None, file, config)
        try:
            _populate_page(page, config, files)
        except Exception:  # the build converts it again, and reports the failure
            continue
        if file.src_uri in _state["made"]:
            made[file.src_uri] = _state["made"][file.src_uri]
        if indexed and not (page.meta.get("search") or {}).get("exclude"):
            html = page.content or ""
            searched[file.src_uri] = (_digest(html), _sections(html))
    send.send((made, searched))
    send.close()


def _search(config: MkDocsConfig) -> Any:
    """Material's search plugin if it is on (and its parser is there to keep sections of)."""
    plugin = config.plugins.get("material/search")
    return plugin if Parser is not None and plugin is not None and plugin.config.enabled \
        else None


def _restore(page: Page, kept: dict[str, Any], config: MkDocsConfig, files: Files) -> None:
    # What Page.render sets, as the kept conversion had it.
    page.content = kept["html"]
    page.toc = get_toc(kept["toc"])
    page._title_from_render = kept["title"]
    page.present_anchor_ids = set(kept["anchors"])
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {files.get_file_from_path(src_uri): anchors  # type: ignore[misc]
                                 for src_uri, anchors in kept["links"].items()}
    for name, level, message in kept["logged"]:
        logging.getLogger(name).log(level, "%s", message)


def _toc_entry(link: AnchorLink) -> dict[str, Any]:
    # The token Python-Markdown's toc extension made, which get_toc turns back into the link.
    return {"name": link.title, "id": link.id, "level": link.level,
            "children": [_toc_entry(child) for child in link.children]}


def _stop_capture() -> tuple[str, str, _Kept] | None:
    capture: tuple[str, str, _Kept] | None = _state.pop("capture", None)
    if capture is not None:
        logging.getLogger("mkdocs").removeHandler(capture[2])
    return capture


def _dump(path: Path, kept: dict[str, Any]) -> None:
    with atomic.written(path) as out:  # a reader never sees half a file
        pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            kept = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _unversioned(extensions: list[Any]) -> list[str]:
    """Hashes of the Markdown extensions not installed as packages (sitegen's, in src/): their
    code changes without a version number changing."""
    installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    hashes = []
    for name in extensions:
        if not isinstance(name, str) or "." not in name:
            continue  # Python-Markdown's own short names
        spec = find_spec(name.split(":")[0])
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin and origin.is_file() and not any(origin.is_relative_to(i) for i in installed):
            hashes.append(hashlib.sha256(origin.read_bytes()).hexdigest())
    return hashes


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""
