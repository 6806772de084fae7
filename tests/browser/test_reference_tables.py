"""The reference pages' tables and filters as a phone shows them: sorting keeps columns in view,
names do not break inside words, controls look like controls, and what the reader set survives
a link to a place on the same page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from browser.browsing import PHONE, Server, Visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from sitegen.dataset import Dataset

pytestmark = pytest.mark.browser

SORTABLE = ["/countries/", "/partners/", "/projects/", "/organisations/", "/vendors/"]
TABLE_WIDTH = """() => { const t = document.querySelector(".sortable table");
  return [t.scrollWidth, t.closest(".md-typeset__scrollwrap, .sortable").clientWidth]; }"""
# Words of the table's links that the browser has broken over two lines.
SPLIT_WORDS = """() => {
  const split = [];
  for (const link of document.querySelectorAll(".sortable table tbody a")) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects())
          .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""
EDGE = """(selector) => { const s = getComputedStyle(document.querySelector(selector));
  return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor, s.backgroundColor]; }"""


def opened(visit: Callable[..., Visit], site: Server, path: str, **options: Any) -> Page:
    page = visit(**PHONE, **options).new_page()
    response = page.goto(site.url(path))
    assert response is not None and response.status == 200
    return page


@pytest.mark.parametrize("path", SORTABLE)
def test_sort_buttons_do_not_widen_a_table_on_a_phone(
        visit: Callable[..., Visit], site: Server, path: str) -> None:
    plain = opened(visit, site, path, java_script_enabled=False).evaluate(TABLE_WIDTH)
    page = opened(visit, site, path)
    page.wait_for_selector(".sortable th button")
    enhanced = page.evaluate(TABLE_WIDTH)
    # The buttons once took the header cells' display and minimum width: every column grew,
    # and on /countries/ the last one went out of sight.
    assert enhanced[0] <= plain[0] + 1, f"{path}: {plain[0]}px without JS, {enhanced[0]}px with"
    if plain[0] <= plain[1]:
        assert enhanced[0] <= enhanced[1], f"{path}: fits without JS but not with it"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_names_in_a_narrow_table_break_between_words(
        visit: Callable[..., Visit], site: Server, javascript: bool) -> None:
    page = opened(visit, site, "/vendors/", java_script_enabled=javascript)
    assert page.locator(".sortable table tbody a").count() > 20
    assert page.evaluate(SPLIT_WORDS) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filter_controls_are_drawn_as_controls(
        visit: Callable[..., Visit], site: Server, scheme: str) -> None:
    for path, selector in (("/vendors/", ".table-filter input"),
                           ("/timeline/", "#timeline-filters button")):
        page = opened(visit, site, path, color_scheme=scheme)
        style, width, colour, background = page.evaluate(EDGE, selector)
        # A field with no edge on the page's own background showed as bare text.
        assert style == "solid" and width >= 1, f"{path} {selector}: {style} {width}px"
        assert colour != background


def follow(page: Page, path: str) -> None:
    """Click a link to another page of the site, as the reader would (instant navigation)."""
    page.evaluate("""(path) => { const a = document.createElement("a"); a.href = path;
      document.querySelector("article").appendChild(a); a.click(); }""", path)


def events_in(data: Dataset, country: str) -> int:
    return sum(1 for e in data.events if country in e.countries)


def test_timeline_filters_survive_a_link_within_the_page(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    page = opened(visit, site, "/timeline/")
    counts = {c.id: events_in(data, c.id) for c in data.countries}
    country = min((c for c in counts if counts[c]), key=lambda c: counts[c])
    page.select_option("#timeline-filters select[data-key=countries]", country)
    status = f"{counts[country]} of {len(data.events)} events shown"
    assert page.inner_text("#timeline-status") == status
    # Material's instant navigation fetches the page again for the first link to a place on
    # it, which rebuilds the page; the reader's choice is put back.
    with page.expect_response(site.url("/timeline/")):
        page.click("a[href$='#table-1']")
    page.wait_for_function(
        "(s) => document.querySelector('#timeline-status').textContent === s", arg=status)
    assert page.input_value("#timeline-filters select[data-key=countries]") == country
    # A visit from another page starts afresh.
    follow(page, "/countries/")
    page.wait_for_function("() => !document.querySelector('#timeline-filters')")
    follow(page, "/timeline/")
    page.wait_for_selector("#timeline-filters select")
    assert page.input_value("#timeline-filters select[data-key=countries]") == ""
    assert page.inner_text("#timeline-status") == ""


def test_table_filter_and_sort_survive_a_link_within_the_page(
        visit: Callable[..., Visit], site: Server) -> None:
    page = opened(visit, site, "/vendors/")
    page.fill(".table-filter input", "japan")
    page.dispatch_event(".table-filter input", "input")
    page.click(".sortable th:nth-child(5) button")
    page.click(".sortable th:nth-child(5) button")  # descending
    shown = page.evaluate("() => Array.from(document.querySelectorAll('.sortable tbody tr'))"
                          ".filter((r) => !r.hidden).map((r) => r.cells[0].textContent)")
    assert 0 < len(shown) < page.locator(".sortable tbody tr").count()
    # Back from the footnotes to the table: a note's back-link shows when the note is hovered.
    page.hover(".footnote > ol > li >> nth=0")
    with page.expect_response(site.url("/vendors/")):
        page.click("a.footnote-backref >> nth=0")
    page.wait_for_function("() => document.querySelector('.table-filter input') && "
                           "document.querySelector('.table-filter input').value === 'japan'")
    again = page.evaluate("() => Array.from(document.querySelectorAll('.sortable tbody tr'))"
                          ".filter((r) => !r.hidden).map((r) => r.cells[0].textContent)")
    assert again == shown
    assert page.get_attribute(".sortable th:nth-child(5)", "aria-sort") == "descending"
