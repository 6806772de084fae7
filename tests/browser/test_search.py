"""Material's search, in the browser: words next to brackets and quotes can be found."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from browser.browsing import Server, Visit

pytestmark = pytest.mark.browser

# A word the page has only inside brackets: with Material's default separator ([\s\-]+) the
# index held "(Nusantara)" and "(RFID)", and a search for the word alone found nothing there.
BRACKETED = [("Nusantara", "smart-cities-in-asean/"), ("RFID", "emergence-and-spread/")]


@pytest.mark.parametrize(("word", "location"), BRACKETED)
def test_search_finds_a_word_written_in_brackets(
        visit: Callable[..., Visit], site: Server, built_site: Path,
        word: str, location: str) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].startswith(location)]
    assert any(f"({word})" in text for text in texts), f"{location} no longer has ({word})"

    record = visit(viewport={"width": 1280, "height": 900})
    page = record.new_page()
    page.goto(site.url("/"))
    # Material's status line: "Type to start searching" once its worker has built the index
    # (seconds when the whole suite shares two cores), then how many documents matched.
    meta = 'document.querySelector(".md-search-result__meta").textContent'
    page.wait_for_function(f"() => /type to start/i.test({meta})", timeout=60_000)
    # Typed key by key into the header's box (shown at this width): Material reads the query
    # on keyup, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially(word)
    page.wait_for_function(f"() => /matching/i.test({meta})", timeout=60_000)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    hrefs = [link.get_attribute("href") or "" for link in links.all()]
    assert any(location in href for href in hrefs), f"{word}: results {hrefs}"
    assert record.problems() == []
