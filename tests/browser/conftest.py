"""Browser fixtures: the built site served over HTTP, a second origin, recorded visits.

A second server on another port is a page of a different origin that embeds the charts in
iframes. The browser itself (fixture `browser`) is in tests/conftest.py, shared with every
browser test: Playwright's sync API runs one instance per thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from browser.browsing import (
    PAGE_TYPES,
    SITE_URL,
    Server,
    Visit,
    serve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Server]:
    """The built site, served over HTTP with gzip on 127.0.0.1."""
    yield from serve(built_site, SITE_URL)


@pytest.fixture(scope="session")
def other_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second server on another port: a different origin that hosts embedding pages."""
    yield from serve(tmp_path_factory.mktemp("host"))


@pytest.fixture
def visit(browser: Browser, site: Server, other_origin: Server) -> Iterator[
        Callable[..., Visit]]:
    """Open a fresh browser context (options as for Browser.new_context) that records problems.

    Every request to an origin other than the site (and the embedding test page) is recorded
    and blocked, so a stray CDN or font request fails the test instead of hanging it.
    """
    opened: list[Visit] = []

    def open_context(**options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("service_workers", "block")
        context = browser.new_context(**options)
        record = Visit(context, (site.origin + "/", other_origin.origin + "/"))
        # Only addresses outside the two local origins are intercepted (a regex the browser
        # matches itself), so ordinary requests pay nothing for the check.
        local = "|".join(re.escape(o) for o in record.allowed)
        context.route(re.compile(f"^(?!(?:{local}|data:|blob:|about:))"), record._block)
        opened.append(record)
        return record

    yield open_context
    for record in opened:
        record.context.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `page_path` over every page type, with the type as the test id."""
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
