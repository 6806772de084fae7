"""With JavaScript off, the full timeline, the full tables and the static charts are there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from browser.browsing import PAGE_TYPES, Server, Visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from sitegen.dataset import Dataset

pytestmark = pytest.mark.browser

SHOWN = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((e) => e.checkVisibility())"""


def shown(page: Page, selector: str, attribute: str = "id") -> list[str]:
    """A value (an attribute, or 'text') of every element matching selector that is shown."""
    take = "e.textContent.trim()" if attribute == "text" else f"e.getAttribute('{attribute}')"
    return list(page.evaluate(f"(s) => ({SHOWN})(s).map((e) => {take})", selector))


@pytest.fixture
def no_js(visit: Callable[..., Visit], site: Server) -> Callable[[str], Page]:
    """Open site pages in a context with JavaScript disabled."""
    record = visit(java_script_enabled=False)
    page = record.new_page()

    def open_path(path: str) -> Page:
        response = page.goto(site.url(path))
        assert response is not None and response.status == 200
        assert page.evaluate("() => typeof window.document$") == "undefined", "JS ran"
        return page

    return open_path


def test_full_timeline_without_javascript(no_js: Callable[[str], Page], data: Dataset) -> None:
    page = no_js("/timeline/")
    ids = shown(page, "#timeline-events .tl-event .tl-title")
    assert ids == [e.id for e in data.events]
    # Every event says what kind it is in words, not by colour alone.
    categories = shown(page, "#timeline-events .tl-event .tl-cat", "text")
    assert len(categories) == len(data.events) and all(categories)
    # The filter controls need JavaScript: without it the bar only says that the list is whole.
    assert page.locator("#timeline-filters select, #timeline-filters button").count() == 0
    assert "every event is listed" in page.locator("#timeline-filters").inner_text()


def test_full_tables_without_javascript(no_js: Callable[[str], Page], data: Dataset) -> None:
    page = no_js("/vendors/")
    vendors = [o for o in data.organisations if o.vendor]
    # The filter needs JavaScript: without it its box only says that the table is whole.
    assert page.locator(".table-filter-box input").count() == 0
    assert "every vendor is listed" in page.locator(".table-filter-box").inner_text()
    assert len(shown(page, "article table tbody tr")) == len(vendors)
    names = shown(page, "article table tbody tr td:first-child", "text")
    assert sorted(names) == sorted(o.name for o in vendors)

    page = no_js("/projects/")
    assert len(shown(page, "article table tbody tr")) == len(data.projects)

    page = no_js("/projects/new-clark-city/")
    table2 = next(t for t in data.report.tables if t.number == 2)
    assert len(shown(page, "#table-2 table tbody tr")) == len(table2.rows)

    page = no_js("/sources/")
    ids = set(shown(page, "article [id]"))
    assert {s.id for s in data.sources} <= ids


STATIC_CHARTS = """() => Array.from(document.querySelectorAll(".chart-frame")).map((f) => {
  const svg = f.querySelector(".chart-static svg");
  const title = svg && svg.querySelector("title");
  return {
    shown: !!svg && svg.checkVisibility(),
    role: svg && svg.getAttribute("role"),
    name: title ? title.textContent.trim() : "",
    marks: svg ? svg.querySelectorAll("g.role-mark > *").length : 0,
    live: f.querySelector(".chart-live").checkVisibility(),
  };
})"""


def test_static_charts_without_javascript(no_js: Callable[[str], Page]) -> None:
    for path in (PAGE_TYPES["chart"], PAGE_TYPES["embed"], PAGE_TYPES["narrative"],
                 PAGE_TYPES["country"]):
        page = no_js(path)
        charts = page.evaluate(STATIC_CHARTS)
        assert charts, f"{path}: no chart"
        for chart in charts:
            assert chart["shown"] and chart["marks"] > 0, f"{path}: {chart}"
            assert chart["role"] == "img" and chart["name"], f"{path}: no text alternative"
            assert not chart["live"], f"{path}: an empty live slot is shown"
    # The chart index shows a picture of every chart, loaded from the site.
    page = no_js("/charts/")
    images = page.evaluate("""() => Array.from(document.querySelectorAll("article img"))
        .map((i) => ({src: i.getAttribute("src"), width: i.naturalWidth}))""")
    assert len(images) >= 8
    assert [i for i in images if not i["width"]] == []
