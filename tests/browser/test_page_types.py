"""Every page type in a real browser: clean console and network, phone width, axe-core."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from browser.browsing import AXE, PAGE_TYPES, PHONE, Server, Visit, need, wait_until_drawn
from sitegen.site_files import POLYFILL

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

# The outermost elements that reach past the phone's screen (their parent does not), other than
# fixed ones: these are what make a page scroll sideways, so the failure message names them.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const past = (el) => el.getBoundingClientRect().right > width + 0.5;
  return Array.from(document.body.querySelectorAll("*"))
    .filter((el) => past(el) && !past(el.parentElement))
    .filter((el) => getComputedStyle(el).position !== "fixed")
    .slice(0, 10)
    .map((el) => el.outerHTML.slice(0, 120) + " right=" +
         Math.round(el.getBoundingClientRect().right));
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " +
      (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300)),
  }));
}"""


def open_page(visit: Callable[..., Visit], site: Server, path: str, wait: str = "load",
              **options: Any) -> tuple[Visit, Page]:
    """A fresh context (options as for Browser.new_context) and the page, loaded."""
    record = visit(**options)
    page = record.new_page()
    response = page.goto(site.url(path), wait_until=wait)  # type: ignore[arg-type]
    assert response is not None and response.status == 200, f"{path}: {response}"
    return record, page


def assert_no_sideways_scroll(page: Page, page_path: str) -> None:
    """The page is no wider than the phone's screen; else name what reaches past it."""
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client == PHONE["viewport"]["width"]
    assert scroll <= client, f"{page_path} is {scroll}px wide: {page.evaluate(OVERFLOWING)}"


def test_page_does_not_scroll_sideways_on_a_phone_without_javascript(
        visit: Callable[..., Visit], site: Server, page_path: str) -> None:
    # With JavaScript, the phone's axe test below checks this too, once the charts are live.
    _, page = open_page(visit, site, page_path, java_script_enabled=False, **PHONE)
    assert_no_sideways_scroll(page, page_path)


# Every layout shift the page makes while loading (not those that follow the reader's input),
# with what moved, as Lighthouse sums them (cumulative layout shift).
LAYOUT_SHIFTS = """() => new Promise((done) => {
  const moved = [];
  let sum = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      sum += entry.value;
      moved.push(entry.sources.map((s) => s.node ? s.node.nodeName + "." + s.node.className : "?"));
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done([sum, moved]), 1000);
})"""


def test_page_does_not_shift_when_its_scripts_arrive_late(
        visit: Callable[..., Visit], site: Server, page_path: str) -> None:
    # On a slow phone the page paints before the scripts run; what they add must not push the
    # text the reader has started on (Lighthouse: "good" is under 0.1). Material's own table
    # wrapping moves a table a few pixels (0.004 on /vendors/), so the bar is 0.01: a filter box
    # inserted above the vendor table, as it once was, shifted it by 0.043.
    record = visit(viewport={"width": 375, "height": 812}, device_scale_factor=2,
                   is_mobile=True, has_touch=True)

    def late(route: Route) -> None:
        time.sleep(0.5)
        route.continue_()

    record.context.route("**/assets/**/*.js", late)
    page = record.new_page()
    page.goto(site.url(page_path), wait_until="load")
    shift, moved = page.evaluate(LAYOUT_SHIFTS)
    assert shift < 0.01, f"{page_path}: layout shift {shift:.3f}, moved: {moved}"
    assert record.problems() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_loads_cleanly_and_axe_finds_no_violation(
        visit: Callable[..., Visit], site: Server, page_path: str, scheme: str) -> None:
    # One visit per scheme: the load first (no console error, no failed request, nothing asked
    # of another server), then axe-core, then the load again, with the live charts drawn.
    record, page = open_page(visit, site, page_path, wait="networkidle", color_scheme=scheme)
    assert record.problems() == []
    assert record.requests[0] == site.url(page_path)
    need(AXE.is_file(), f"{AXE} is missing: run `npm ci` to install axe-core")
    assert page.evaluate(f"() => matchMedia('(prefers-color-scheme: {scheme})').matches")
    # Material pages pick their palette from the reader's system scheme (embeds have none).
    palette = page.evaluate("() => document.body.dataset.mdColorScheme || null")
    if page_path.startswith("/embed/"):
        assert palette is None
    else:
        assert palette == ("slate" if scheme == "dark" else "default")
    if page.locator(".chart-frame").count():
        wait_until_drawn(page, page_path)  # judge the live charts, not only their stand-ins
    page.add_script_tag(path=str(AXE))
    # Any impact: moderate and minor findings count too (Material's section menus once had
    # two nameless navigation landmarks, a moderate one).
    found = page.evaluate(AXE_RUN)
    assert found == [], f"{page_path} ({scheme}): {found}"
    assert record.problems() == []


def test_on_a_phone_axe_finds_no_violation_nor_a_sideways_scroll(
        visit: Callable[..., Visit], site: Server, page_path: str) -> None:
    # At phone width the static charts, wide tables and code blocks scroll sideways, and a box
    # that scrolls must take keyboard focus (scrollable-region-focusable): on a desktop
    # nothing scrolls and the check above cannot see it. Judged before the charts go live,
    # as a phone first shows them. Then, in the same visit, the page must not scroll sideways
    # once they are live, since they size themselves to the screen; and the visit, like the
    # desktop ones, must log no error and ask no other server. Without axe-core (locally) the
    # other checks still run before the test is skipped.
    record, page = open_page(visit, site, page_path, **PHONE)
    if AXE.is_file():
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(AXE_RUN)
        assert found == [], f"{page_path} (phone): {found}"
    if page.locator(".chart-frame").count():
        wait_until_drawn(page, page_path)
    assert_no_sideways_scroll(page, page_path)
    assert record.problems() == []
    need(AXE.is_file(), f"{AXE} is missing: run `npm ci` to install axe-core")


@pytest.mark.parametrize("path", ["/", "/charts/urban-population/"])
def test_a_browser_without_resize_observer_asks_no_other_server(
        visit: Callable[..., Visit], site: Server, path: str) -> None:
    # Safari before 13.1 has no ResizeObserver; Material's bundle would fetch a polyfill from
    # unpkg.com for it. The site's own copy must arrive first, and the theme must still work.
    record = visit()
    record.context.add_init_script("delete window.ResizeObserver")
    page = record.new_page()
    page.goto(site.url(path), wait_until="networkidle")
    assert record.problems() == []
    polyfill = site.url("/assets/" + POLYFILL)
    assert polyfill in record.requests
    assert page.evaluate("() => typeof ResizeObserver") == "function"
    # Material's bundle ran on it: the search dialog opens from the keyboard.
    page.keyboard.press("/")
    assert page.locator(".md-search__input").evaluate("el => el === document.activeElement")


def test_modern_browsers_do_not_load_the_polyfill(
        visit: Callable[..., Visit], site: Server) -> None:
    record, _ = open_page(visit, site, "/", wait="networkidle")
    assert not [url for url in record.requests if "resize-observer" in url]


def test_the_recorder_catches_what_it_should(
        visit: Callable[..., Visit], other_origin: Server) -> None:
    # The harness itself: a third-party font, a missing file and a script error must show.
    other_origin.extra["/broken/"] = (
        b'<!doctype html><html lang="en"><head><title>Broken</title>'
        b'<link rel="stylesheet" href="https://fonts.example.com/css2?family=Roboto">'
        b'</head><body><img src="/missing.png" alt="">'
        b"<script>console.error('boom'); undefined_function();</script></body></html>")
    record = visit()
    page = record.new_page()
    page.goto(other_origin.url("/broken/"), wait_until="networkidle")
    problems = record.problems()
    assert any(p.startswith("third-party request: https://fonts.example.com/") for p in problems)
    assert any(p.startswith("failed: 404 ") and p.endswith("/missing.png") for p in problems)
    assert any(p.startswith("console: boom") for p in problems)
    assert any("undefined_function" in p for p in problems)


def test_every_page_type_is_covered() -> None:
    # The page list is the contract of this suite: it must hold every type the issue names.
    assert {"narrative", "timeline", "country", "partner", "vendors", "vendor", "projects",
            "project", "sources", "chart", "embed"} <= PAGE_TYPES.keys()
