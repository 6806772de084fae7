"""MkDocs hook: the menu is rendered once for all the pages that share it, not once a page.

Material draws the whole menu into every page, and it was about half of what the theme's
templates cost a page (benchmarks/RESULTS.md, fix 35). The menu a page shows depends on
the page only through two things: which menu entries are active (the page itself and its
sections, when it is in the menu), and the links, which are relative to the page's address.
A page that is not in the menu (a vendor's, a project's, a country's, a chart's page) has no
active entry, and its links are the same as those of every other such page in the same
folder, unless a menu entry lies inside the page's own folder. For those pages the menu's
HTML is kept, per folder, for the rest of the build; overrides/partials/nav.html asks for it
through `nav_once`. Every other page's menu is rendered as Material renders it.
"""

from __future__ import annotations

import logging
import posixpath
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.hooks.nav_once")
_nav: dict[str, Any] = {}


@event_priority(-100)  # after any other handler: the menu is final
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Note every address this build's menu links to."""
    urls = [getattr(item, "url", None) for item in _walk(nav.items)]  # a section has none
    extra: dict[str, Any] = dict(config.extra or {})
    urls += [config.theme.get("logo"), extra.get("homepage")]
    _nav["links"] = [_parts(url) for url in urls if isinstance(url, str)]


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the templates `nav_once`, with a memo of this build's menus."""
    links = _nav.pop("links", None)
    if links is None:  # no menu noted for this build: every page renders its own
        return env
    menus: dict[tuple[str, ...], Any] = {}
    _nav["counts"] = counts = {"kept": 0}

    def nav_once(page: Any, caller: Callable[[], Any]) -> Any:
        """The menu's HTML for this page: kept per folder for pages not in the menu."""
        folder = _folder(page, links)
        if folder is None:
            return caller()
        if folder in menus:
            counts["kept"] += 1
        else:
            menus[folder] = caller()
        return menus[folder]

    env.globals["nav_once"] = nav_once
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Say how many pages took a menu rendered for another."""
    counts = _nav.pop("counts", None)
    if counts is not None:
        log.info("menus: %d pages took the menu of another page in their folder",
                 counts["kept"])


def _folder(page: Any, links: list[list[str]]) -> tuple[str, ...] | None:
    """The folder whose pages share this page's menu, or None if the page's menu is its own."""
    if not isinstance(page, Page):
        return None
    # As mkdocs.utils.get_relative_url takes the page's address: a last part with a dot is
    # a file, whose folder is the address.
    folder, _, last = page.url.rpartition("/")
    own = _parts(folder if "." in last else page.url)
    # A menu entry inside the page's own folder is linked differently from it than from the
    # folder's other pages. That covers the pages in the menu too, which link to themselves
    # (and whose entry and sections are active on that page only).
    if not own or any(link[:len(own)] == own for link in links):
        return None
    return tuple(own[:-1])


def _parts(url: str) -> list[str]:
    # As mkdocs.utils._norm_parts: the address's parts, normalised.
    path = posixpath.normpath("/" + url)[1:]
    return path.split("/") if path else []


def _walk(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_walk(item.children or []))
    return out
