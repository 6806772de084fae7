"""The copy buttons of the citation blocks, in a real browser (Debian's Chromium)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_each_format_gets_a_working_copy_button(served: str, browser: Browser) -> None:
    # `browser` is the session's shared Chromium (tests/conftest.py): Playwright's sync API
    # allows only one running instance per thread.
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{served}/projects/new-clark-city/")
    buttons = page.locator("#cite .cite-copy")
    buttons.first.wait_for()
    assert buttons.count() == 6
    labels = [buttons.nth(i).get_attribute("aria-label") for i in range(6)]
    assert labels[0] == "Copy APA (7th edition) citation"
    assert labels[3:] == ["Copy BibTeX", "Copy RIS", "Copy CSL-JSON"]
    buttons.first.click()
    page.locator("#cite .cite-status", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-apa").inner_text().strip()
    assert copied.startswith("ASEAN Smart Cities Explainer team. (")
    # The style line also goes as HTML: its italic title survives a paste into a word processor.
    html = page.evaluate("""async () => {
      const [item] = await navigator.clipboard.read();
      return await (await item.getType("text/html")).text();
    }""")
    assert "<i>New Clark City</i>" in html
    assert " ".join(BeautifulSoup(html, "lxml").get_text().split()) == " ".join(copied.split())
    page.locator("#cite summary", has_text="BibTeX").click()
    page.locator("#cite-bib .cite-copy").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("@online{")
    types = page.evaluate("async () => (await navigator.clipboard.read())[0].types")
    assert types == ["text/plain"]  # a file's text is copied as plain text only
    assert errors == []
    context.close()
