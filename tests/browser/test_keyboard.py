"""Timeline filters, table sorting and filtering, used with the keyboard alone (Tab, arrows,
Enter, Space, typing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from browser.browsing import PHONE, Server, Visit
from sitegen.pages import CATEGORY_LABELS

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from sitegen.dataset import Dataset

pytestmark = pytest.mark.browser

VISIBLE_EVENTS = """() => Array.from(document.querySelectorAll("#timeline-events .tl-event"))
  .filter((e) => e.checkVisibility()).map((e) => e.querySelector(".tl-title").id)"""

# The places the page's table of contents lists and does not hide (on the timeline it sits in
# the site menu, under the page's own entry).
TOC_LISTED = """() => Array.from(document.querySelectorAll(".md-nav--secondary a.md-nav__link"))
  .filter((a) => !a.closest("li[hidden]")).map((a) => a.hash.slice(1))"""


def tab_to(page: Page, selector: str, key: str = "Tab", limit: int = 400) -> str:
    """Press Tab (or key) until focus is on an element matching selector; return its text."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return str(page.evaluate("() => document.activeElement.textContent"))
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element shows a focus ring (an outline or a box shadow)."""
    return bool(page.evaluate("""() => {
      const s = getComputedStyle(document.activeElement);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
      return outline || s.boxShadow !== "none";
    }"""))


def column(page: Page, table: str, index: int) -> list[str]:
    """The text of one column of a table, top to bottom, as shown now."""
    return list(page.evaluate(
        "([t, i]) => Array.from(document.querySelector(t).tBodies[0].rows)"
        ".map((r) => r.cells[i].textContent.trim())", [table, index]))


def test_timeline_filters_work_with_the_keyboard(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    record = visit()
    page = record.new_page()
    page.goto(site.url("/timeline/"))
    everything = page.evaluate(VISIBLE_EVENTS)
    assert sorted(everything) == sorted(e.id for e in data.events)

    tab_to(page, "#timeline-filters select[data-key=category]")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")  # the first category after "All"
    category = page.evaluate("() => document.activeElement.value")
    expected = [e.id for e in data.events if e.category == category]
    assert category and expected
    assert sorted(page.evaluate(VISIBLE_EVENTS)) == sorted(expected)
    status = page.locator("#timeline-status").text_content() or ""
    assert status.startswith(f"{len(expected)} of {len(data.events)}")
    # The table of contents lists only the events shown.
    listed = set(page.evaluate(TOC_LISTED))
    assert listed & set(everything) == set(expected), "the contents list hidden events"

    # A second filter narrows further: the country of the first matching event.
    country = next(c for e in data.events if e.category == category for c in e.countries)
    tab_to(page, "#timeline-filters select[data-key=countries]")
    assert page.evaluate("() => document.activeElement.value") == "", "starts at All"
    for _ in range(100):
        if page.evaluate("() => document.activeElement.value") == country:
            break
        page.keyboard.press("ArrowDown")
    both = [e.id for e in data.events if e.category == category and country in e.countries]
    assert sorted(page.evaluate(VISIBLE_EVENTS)) == sorted(both)

    # "Show all" with Enter, after narrowing again with the arrows; then with Space.
    tab_to(page, "#timeline-filters button")
    page.keyboard.press("Enter")
    assert len(page.evaluate(VISIBLE_EVENTS)) == len(data.events)
    tab_to(page, "#timeline-filters select[data-key=category]", key="Shift+Tab")
    page.keyboard.press("ArrowDown")
    assert len(page.evaluate(VISIBLE_EVENTS)) < len(data.events)
    tab_to(page, "#timeline-filters button")
    page.keyboard.press("Space")
    assert len(page.evaluate(VISIBLE_EVENTS)) == len(data.events)
    assert set(page.evaluate(TOC_LISTED)) >= set(everything)
    assert record.problems() == []


def test_timeline_filter_options_are_named_after_their_records(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    # The script names each option from the links in the events. Two events share their id
    # with an actor, and once named that actor "Cite this event" after the event's cite link.
    record = visit()
    page = record.new_page()
    page.goto(site.url("/timeline/"))
    options = page.evaluate("""() => Object.fromEntries(
      Array.from(document.querySelectorAll("#timeline-filters select")).map((s) => [
        s.dataset.key,
        Object.fromEntries(Array.from(s.options).slice(1).map((o) => [o.value, o.text]))]))""")

    def actor_name(org_id: str) -> str:
        org = data.get("organisations", org_id)
        return str(getattr(org, "short_name", None) or org.name)

    assert options["actors"] == {a: actor_name(a) for e in data.events for a in e.actors}
    assert options["countries"] == {c: data.place(c).name for e in data.events
                                    for c in e.countries}
    assert options["category"] == {e.category: CATEGORY_LABELS[e.category]
                                   for e in data.events}
    shared = {e.id for e in data.events} & set(options["actors"])
    assert shared, "no event shares an id with an actor: this test no longer covers the bug"
    assert record.problems() == []


def test_vendor_table_sorts_with_the_keyboard(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    record = visit()
    page = record.new_page()
    page.goto(site.url("/vendors/"))
    table = "article table"
    headers = page.evaluate(
        f"() => Array.from(document.querySelectorAll('{table} thead th'))"
        ".map((th) => th.textContent.trim())")
    names = column(page, table, 0)
    assert len(names) == sum(1 for o in data.organisations if o.vendor)

    label = tab_to(page, f"{table} th button")
    assert label.strip() == headers[0]
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert column(page, table, 0) == sorted(names, key=str.lower)
    assert page.locator(f"{table} th").first.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert column(page, table, 0) == sorted(names, key=str.lower, reverse=True)
    assert page.locator(f"{table} th").first.get_attribute("aria-sort") == "descending"

    # A numeric column sorts as numbers, rows without a value last.
    year = headers.index("First year in the report")
    for _ in range(year):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == headers[year]
    page.keyboard.press("Enter")
    years = column(page, table, year)
    # A decade reads "1990s" or "late 1960s" (never 1990) and sorts by its years.
    filled = [int(re.search(r"\d{4}", v)[0]) for v in years if v]
    assert filled == sorted(filled)
    assert "1990s" in years
    assert years[len(filled):] == [""] * (len(years) - len(filled))
    assert record.problems() == []



def test_a_qualified_decade_sorts_within_its_decade(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    # The organisations table has "late 1960s" (the LA Community Analysis Bureau): it sorts as
    # sitegen.dates.sort_key orders it, after the 1960s' start and before the 1970s.
    from sitegen import dates, pages

    record = visit()
    page = record.new_page()
    page.goto(site.url("/organisations/"))
    table = "article table"
    page.locator(f"{table} th button", has_text="First year in the report").click()
    shown = column(page, table, 3)
    orgs = [o for o in data.organisations if not o.vendor]
    firsts = sorted((f for f in map(lambda o: pages.first_date(data, o), orgs) if f),
                    key=lambda f: dates.sort_key(f.date[:4] if f.date[4:5] == "-" else f.date,
                                                 f.approx))
    assert any(f.approx and f.date.endswith("s") for f in firsts), "no qualified decade left"
    assert shown[:len(firsts)] == [dates.year_label(f.date, f.approx) for f in firsts]
    assert shown[len(firsts):] == [""] * (len(shown) - len(firsts))
    assert record.problems() == []

def test_vendor_table_filters_as_the_reader_types(
        visit: Callable[..., Visit], site: Server, data: Dataset) -> None:
    record = visit()
    page = record.new_page()
    page.goto(site.url("/vendors/"))
    table = "#vendors-table table"
    names = column(page, table, 0)
    # The filter sits in the box the page kept for it, just above the table.
    box = page.locator(".table-filter-box[data-target='#vendors-table']")
    assert box.locator("input[type=search]").count() == 1
    tab_to(page, ".table-filter-box input")
    assert focus_is_visible(page)
    word = sorted(names, key=len)[len(names) // 2].split()[0].lower()
    page.keyboard.type(word)
    shown = page.evaluate(
        "(t) => Array.from(document.querySelector(t).tBodies[0].rows)"
        ".filter((r) => !r.hidden).map((r) => r.textContent.toLowerCase())", table)
    rows = page.evaluate("(t) => Array.from(document.querySelector(t).tBodies[0].rows)"
                         ".map((r) => r.textContent.toLowerCase())", table)
    assert 0 < len(shown) < len(names) == sum(1 for o in data.organisations if o.vendor)
    assert shown == [r for r in rows if word in r]
    assert box.locator("[role=status]").inner_text().strip() == \
        f"{len(shown)} of {len(names)} rows"
    # The count is announced beside the field, not in its name (which stays as it was).
    assert page.get_by_role("searchbox", name="Filter rows", exact=True).count() == 1
    for _ in word:
        page.keyboard.press("Backspace")
    assert page.evaluate("(t) => document.querySelector(t).tBodies[0].rows.length", table) == \
        len(page.evaluate(
            "(t) => Array.from(document.querySelector(t).tBodies[0].rows)"
            ".filter((r) => !r.hidden)", table))
    assert record.problems() == []


FOCUSED_BOX = """() => {
  const r = document.activeElement.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, below: header.bottom,
          width: innerWidth, height: innerHeight,
          name: document.activeElement.getAttribute("aria-label")
                || document.activeElement.textContent.trim()};
}"""


def test_on_a_phone_every_tab_stop_is_on_screen_and_the_menu_opens_from_the_keyboard(
        visit: Callable[..., Visit], site: Server) -> None:
    # The closed drawer's links took focus off the screen, and its <label> button could not
    # be reached: a keyboard user could neither see where focus was nor open the menu.
    record = visit(**PHONE)
    page = record.new_page()
    page.goto(site.url("/about/"))
    off_screen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        box = page.evaluate(FOCUSED_BOX)
        if box["name"].startswith("Site menu"):
            break
        if box["right"] <= 0 or box["left"] >= box["width"]:
            off_screen.append(box)
    else:
        raise AssertionError("Tab never reached the menu button")
    assert off_screen == []
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
    page.wait_for_timeout(400)  # the drawer slides in
    box = page.evaluate(FOCUSED_BOX)
    assert 0 <= box["left"] < box["width"], box
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Site menu"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    assert record.problems() == []


IN_VIEW = """() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  const top = document.elementFromPoint(Math.max(r.left + r.width / 2, 0),
                                        Math.max(r.top + r.height / 2, 0));
  return [a.textContent.trim(), !!top && (top === a || a.contains(top) || top.contains(a))];
}"""
DRAWER_OPEN = "() => document.getElementById('__drawer').checked"


@pytest.mark.parametrize("path", ["/", "/introduction/", "/countries/"])
def test_on_a_phone_the_menu_s_tab_stops_are_all_in_view(
        visit: Callable[..., Visit], site: Server, path: str) -> None:
    # The drawer stacks panels: the links of a covered or closed one took focus out of sight,
    # and focus could leave the open drawer for the page behind its overlay.
    page = visit(**PHONE).new_page()
    page.goto(site.url(path))
    tab_to(page, "button.drawer-button")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer slides in
    stops = [page.evaluate(IN_VIEW)]
    while page.evaluate(DRAWER_OPEN) and len(stops) < 40:
        page.keyboard.press("Tab")
        if page.evaluate(DRAWER_OPEN):
            stops.append(page.evaluate(IN_VIEW))
    assert not page.evaluate(DRAWER_OPEN), "Tab never left the drawer"  # leaving closes it
    assert len(stops) > 3 and [s for s in stops if not s[1]] == [], stops


def test_on_a_phone_a_menu_section_opens_from_the_keyboard(
        visit: Callable[..., Visit], site: Server) -> None:
    page = visit(**PHONE).new_page()
    page.goto(site.url("/"))
    tab_to(page, "button.drawer-button")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    label = tab_to(page, ".md-nav--primary label.md-nav__link[for]")
    section = page.evaluate("() => document.activeElement.htmlFor")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("(id) => document.getElementById(id).checked", section), label
    page.keyboard.press("Tab")
    name, in_view = page.evaluate(IN_VIEW)
    assert in_view, name
    assert page.evaluate(
        "(id) => document.activeElement.closest(`nav[aria-labelledby='${id}_label']`) !== null",
        section), name  # focus went into the section's own panel


def test_on_a_phone_a_focused_sort_button_is_not_under_the_header(
        visit: Callable[..., Visit], site: Server) -> None:
    page = visit(**PHONE).new_page()
    page.goto(site.url("/vendors/"))
    tab_to(page, "article table th button")
    box = page.evaluate(FOCUSED_BOX)
    assert box["top"] >= box["below"] - 1, box


FILTER_BOX = """() => [document.querySelector(".table-filter-box").getBoundingClientRect().height,
  document.querySelector(".table-filter input").getBoundingClientRect().width,
  document.querySelector("#vendors-table").getBoundingClientRect().top]"""


@pytest.mark.parametrize("width", [320, 360])
def test_on_a_phone_typing_in_the_filter_moves_nothing(
        visit: Callable[..., Visit], site: Server, width: int) -> None:
    # The count appeared at the first letter typed: it wrapped onto a second line and pushed
    # the table down, and the field widened.
    page = visit(viewport={"width": width, "height": 740}).new_page()
    page.goto(site.url("/vendors/"))
    before = page.evaluate(FILTER_BOX)
    tab_to(page, ".table-filter-box input")
    page.keyboard.type("a")
    assert page.locator(".table-filter [role=status]").inner_text().endswith(" rows")
    assert page.evaluate(FILTER_BOX) == before
