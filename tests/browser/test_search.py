"""Material's search, in the browser: words next to brackets and quotes can be found, and a
name written as one word is searched as one word."""

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


def index_texts(built_site: Path) -> dict[str, str]:
    """Each search document's text by its location."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    return {d["location"]: d["text"] for d in index["docs"]}


def search(visit: Callable[..., Visit], site: Server, query: str) -> list[str]:
    """The locations Material's search lists for a query typed into the header's box."""
    record = visit(viewport={"width": 1280, "height": 900})  # the box is in the header
    page = record.new_page()
    page.goto(site.url("/"))
    # Material's status line: "Type to start searching" once its worker has built the index
    # (seconds when the whole suite shares two cores), then how many documents matched.
    meta = 'document.querySelector(".md-search-result__meta").textContent'
    page.wait_for_function(f"() => /type to start/i.test({meta})", timeout=60_000)
    # Key by key: Material reads the query on keyup, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially(query)
    page.wait_for_function(f"() => /matching/i.test({meta})", timeout=60_000)
    # The worker answers each keystroke in turn, so the list first shown may be an earlier
    # prefix's, replaced while it is read: read it whole, in one call, until it has stayed the
    # same for a second.
    read = ("() => [" + meta + ", ...Array.from(document.querySelectorAll("
            "'.md-search-result__item a.md-search-result__link'), "
            "a => a.getAttribute('href') || '')]")
    reads = [page.evaluate(read)]
    while len(reads) < 5 or any(earlier != reads[-1] for earlier in reads[-5:]):
        assert len(reads) < 120, f"search results for {query!r} kept changing: {reads[-1]}"
        page.wait_for_timeout(250)
        reads.append(page.evaluate(read))
    hrefs: list[str] = reads[-1][1:]
    assert record.problems() == []
    return [href.removeprefix(site.url("/")) for href in hrefs]


@pytest.mark.parametrize(("word", "location"), BRACKETED)
def test_search_finds_a_word_written_in_brackets(
        visit: Callable[..., Visit], site: Server, built_site: Path,
        word: str, location: str) -> None:
    texts = [t for loc, t in index_texts(built_site).items() if loc.startswith(location)]
    assert any(f"({word})" in text for text in texts), f"{location} no longer has ({word})"
    found = search(visit, site, word)
    assert any(href.startswith(location) for href in found), f"{word}: results {found}"


def test_a_name_written_as_one_word_is_searched_as_one_word(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    # Material's suggested camelCase split made this a search for "smart" or "america":
    # 112 pages, most of them without the name.
    word = "SmartAmerica"
    having = {loc.split("#")[0] for loc, text in index_texts(built_site).items()
              if word in text}
    assert "organisations/nist/" in having
    found = {href.split("#")[0] for href in search(visit, site, word.lower())}
    assert "organisations/nist/" in found
    assert found <= having, f"pages without {word}: {sorted(found - having)}"
