"""Charts in a real browser: every one draws, also across instant navigation, and an embedded
chart on another site's page tells that page its height."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from browser.browsing import PHONE, SITE_URL, Server, Visit, wait_until_drawn

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

def chart_paths(site: Path) -> list[str]:
    """Every chart page's address, from the built site."""
    return sorted(f"/charts/{p.parent.name}/" for p in (site / "charts").glob("*/index.html"))


def snippet_height(site: Path, path: str) -> tuple[str, int]:
    """A chart page's chart id, and the height its embed snippet gives the iframe."""
    soup = BeautifulSoup((site / path.strip("/") / "index.html").read_text("utf-8"), "lxml")
    code = next(c.get_text() for c in soup.select("pre code")
                if c.get_text().startswith("<iframe"))
    return path.strip("/").split("/")[-1], int(
        BeautifulSoup(code, "lxml").select_one("iframe")["height"])


def click_link_to(page: Page, site: Server, path: str) -> None:
    """Click a visible link on the page that leads to path, as a reader would."""
    links = page.locator("a[href]:visible")
    index = links.evaluate_all(
        "(links, target) => links.findIndex((a) => a.href.split('#')[0] === target)",
        site.url(path))
    assert index >= 0, f"no visible link to {path} on {page.url}"
    links.nth(index).click()
    wait_for_page(page, site, path)


def wait_for_page(page: Page, site: Server, path: str) -> None:
    """Wait until the page shown is path: with instant navigation the address changes first
    and the content only once it has been fetched and swapped in."""
    page.wait_for_url(site.url(path) + "*")
    page.wait_for_function("(href) => document.querySelector('link[rel=canonical]').href === href",
                           arg=SITE_URL + path.lstrip("/"))


def test_every_chart_draws_also_after_instant_navigation(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    paths = chart_paths(built_site)
    assert len(paths) >= 8, paths
    record = visit()
    page = record.new_page()
    page.goto(site.url("/charts/"))
    # Instant navigation swaps pages without reloading: this survives only if it works.
    page.evaluate("() => { window.__sameDocument = true; }")
    drawn = {}
    for path in paths:
        click_link_to(page, site, path)
        drawn[path] = wait_until_drawn(page, path)
        assert page.evaluate("() => window.__sameDocument === true"), f"{path} reloaded"
        click_link_to(page, site, "/charts/")
    # And from a chart page into the narrative, where the report's Figure 1 is drawn too.
    click_link_to(page, site, "/charts/urban-population/")
    wait_until_drawn(page, "/charts/urban-population/ again")
    retelling = page.locator("p.chart-meta a[href*='introduction']")
    retelling.first.click()
    wait_for_page(page, site, "/introduction/")
    wait_until_drawn(page, "/introduction/")
    assert page.evaluate("() => window.__sameDocument === true"), "the chapter reloaded"
    assert record.problems() == []
    assert len(drawn) == len(paths)


def test_embedded_chart_reports_its_height_to_another_origin(
        visit: Callable[..., Visit], site: Server, other_origin: Server,
        built_site: Path) -> None:
    chart_page = BeautifulSoup((built_site / "charts/urban-population/index.html").read_text(
        encoding="utf-8"), "html.parser")
    snippets = [c.get_text() for c in chart_page.select("pre code")
                if "<iframe" in c.get_text()]
    assert len(snippets) == 1, "the chart page shows one embed snippet"
    # The snippet as a reader pastes it, but pointing at this test server instead of site_url.
    snippet = snippets[0].replace(SITE_URL.rstrip("/"), site.origin)
    assert site.origin + "/embed/urban-population/" in snippet
    other_origin.extra["/host/"] = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
        "<script>window.__messages = []; addEventListener('message', (e) => "
        "__messages.push({origin: e.origin, data: e.data}));</script></head>"
        f"<body><h1>Another site</h1><p>An article that embeds a chart.</p>{snippet}"
        "</body></html>").encode()
    record = visit(viewport={"width": 900, "height": 1000})
    page = record.new_page()
    page.goto(other_origin.url("/host/"))

    # The iframe is lazy, so the host page's load event does not wait for it.
    handle = page.locator("iframe").element_handle()
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_url(site.url("/embed/urban-population/"))
    wait_until_drawn(frame, "the embedded chart")
    # The embed page reports its height from the site's origin; the host's snippet applies it.
    page.wait_for_function(
        """(origin) => {
          const got = __messages.filter((m) => m.origin === origin &&
            m.data && m.data.type === "sitegen-chart-height");
          const iframe = document.querySelector("iframe");
          return got.length > 0 &&
            iframe.style.height === got[got.length - 1].data.height + "px";
        }""", arg=site.origin, timeout=10_000)
    reported = page.evaluate("() => __messages[__messages.length - 1].data.height")
    inner = frame.evaluate("() => document.documentElement.getBoundingClientRect().height")
    assert abs(reported - inner) <= 1
    box = page.locator("iframe").bounding_box()
    assert box is not None and abs(box["height"] - reported) <= 1
    # Nothing inside the frame is cut off or needs scrolling.
    assert frame.evaluate("() => document.documentElement.scrollHeight <= innerHeight + 1")
    assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert record.problems() == []


def test_every_chart_in_chapters_and_profiles_draws(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    pages = sorted(
        site_path for site_path, file in (
            ("/" + f.parent.relative_to(built_site).as_posix() + "/", f)
            for f in built_site.rglob("index.html"))
        if not site_path.startswith(("/charts/", "/embed/"))
        and 'class="chart-frame"' in file.read_text(encoding="utf-8"))
    # The report's Figure 1 in the introduction, and a small chart on every member's profile.
    assert "/introduction/" in pages
    assert sum(p.startswith("/countries/") for p in pages) == 10
    record = visit()
    page = record.new_page()
    for path in pages:
        page.goto(site.url(path))
        wait_until_drawn(page, path)
    assert record.problems() == []


NAMES = """() => Array.from(document.querySelectorAll(".chart-frame")).map((frame) => {
  const named = (svg) => svg && [svg.getAttribute("role"), svg.getAttribute("aria-labelledby")];
  return [named(frame.querySelector(".chart-static svg")),
          named(frame.querySelector(".chart-live svg"))];
})"""


@pytest.mark.parametrize("path", ["/charts/ascn-pilot-cities/", "/countries/cambodia/",
                                  "/embed/who-builds-where/"])
def test_a_live_chart_keeps_the_static_one_s_name(
        visit: Callable[..., Visit], site: Server, path: str) -> None:
    # Once Vega draws, the static SVG is hidden; the live drawing must be the same named image,
    # not Vega's unnamed marks and axis ticks (WCAG 1.1.1).
    page = visit().new_page()
    page.goto(site.url(path))
    wait_until_drawn(page, path)
    names = page.evaluate(NAMES)
    assert names and all(live == static and static[0] == "img" and static[1]
                         for static, live in names), names
    title = page.evaluate("(id) => document.getElementById(id).textContent", names[0][1][1])
    live = page.locator(".chart-live svg").first
    assert live.is_visible()
    assert page.get_by_role("img", name=title, exact=True).filter(visible=True).count() == 1


def test_vega_loads_only_once_the_reader_interacts(
        visit: Callable[..., Visit], site: Server) -> None:
    page = visit().new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url("/charts/ascn-pilot-cities/"))
    page.wait_for_load_state("networkidle")
    # Loading on a slow phone: the static chart is shown and no chart code is fetched yet.
    assert not [u for u in requested if "/assets/charts/vega-" in u]
    assert page.locator(".chart-frame svg").count() > 0
    assert wait_until_drawn(page, "after a pointer move") > 0
    assert [u for u in requested if "/assets/charts/vega-" in u]


LIVE_WIDTHS = """() => Array.from(document.querySelectorAll(".chart-live svg"))
  .map((svg) => [Math.round(svg.getBoundingClientRect().width),
                 Math.round(svg.closest(".md-typeset").getBoundingClientRect().width)])"""


def test_live_charts_grow_back_when_the_window_widens(
        visit: Callable[..., Visit], site: Server) -> None:
    # Material sizes figures to their content (`width: fit-content`); a chart that sizes itself
    # to its figure could then only shrink: narrowed once, it stayed narrow when widened again.
    record = visit(viewport={"width": 1280, "height": 900})
    page = record.new_page()
    page.goto(site.url("/smart-cities-in-asean/"))
    count = wait_until_drawn(page, "/smart-cities-in-asean/")
    wide = page.evaluate(LIVE_WIDTHS)
    assert len(wide) == count >= 3
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(f"() => ({LIVE_WIDTHS})().every(([w, column]) => w <= column)")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(f"() => ({LIVE_WIDTHS})().every(([w, column]) => w > 0.9 * column)",
                           timeout=10_000)
    assert [w for w, _ in page.evaluate(LIVE_WIDTHS)] == [w for w, _ in wide]
    assert record.problems() == []


DATA_TABLE = """() => {
  const box = document.querySelector(".chart-table");
  box.scrollTop = 400; box.scrollLeft = 400;
  const head = box.querySelector("thead th:nth-child(2)").getBoundingClientRect();
  const year = box.querySelector("tbody tr:nth-child(20) th").getBoundingClientRect();
  const caption = box.querySelector("caption").getBoundingClientRect();
  const own = box.getBoundingClientRect();
  box.scrollTop = 0; box.scrollLeft = 0;
  const start = box.querySelector("caption").getBoundingClientRect();
  return {scrolls: [box.scrollHeight > box.clientHeight, box.scrollWidth > box.clientWidth],
          headTop: Math.round(head.top - own.top), yearLeft: Math.round(year.left - own.left),
          captionRight: Math.round(start.right - own.right),
          captionLeft: Math.round(caption.left - own.left)};
}"""


def test_a_chart_s_data_table_keeps_its_heads_in_view_on_a_phone(
        visit: Callable[..., Visit], site: Server) -> None:
    # Material made the table itself scroll inside the box, so the box's sticky column heads
    # scrolled away with the rows, and the caption ran off the screen.
    page = visit(**PHONE).new_page()
    page.goto(site.url("/charts/urban-population/"))
    page.evaluate("() => { document.querySelector('details.chart-data').open = true; }")
    table = page.evaluate(DATA_TABLE)
    assert table["scrolls"] == [True, True]
    assert abs(table["headTop"]) <= 1 and abs(table["yearLeft"]) <= 1, table
    assert table["captionRight"] <= 1 and abs(table["captionLeft"]) <= 1, table


def test_an_embed_snippet_starts_tall_enough_for_its_chart(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    # A host page that strips the snippet's script (many CMSs do) keeps the iframe at the
    # snippet's height: the chart, its notes and its credit must fit in it at full width.
    # Tall enough that no page is squeezed into it (a short frame squeezes the chart).
    page = visit(viewport={"width": 800, "height": 2000}).new_page()
    short = {}
    for path in chart_paths(built_site):
        chart_id, height = snippet_height(built_site, path)
        page.goto(site.url(f"/embed/{chart_id}/"))
        tall = "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
        first = page.evaluate(tall)  # the static drawing, until the reader interacts
        wait_until_drawn(page, path)
        needed = max(first, page.evaluate(tall))
        if not needed <= height <= needed + 80:
            short[chart_id] = (height, needed)
    assert short == {}, "snippet height, height needed at 800 px: " + repr(short)


def test_in_a_phone_s_short_frame_the_credit_stays_in_view(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    # The snippet's height is made for 800 px. A host that strips the snippet's script leaves
    # a phone's iframe (about 304 px wide) at that height, shorter than the page it shows:
    # the chart's box scrolls instead, so the title, notes and credit (licence, link back)
    # are all in view.
    record = visit(viewport={"width": 304, "height": 600})
    page = record.new_page()
    squeezed = []
    for path in chart_paths(built_site):
        chart_id, height = snippet_height(built_site, path)
        page.set_viewport_size({"width": 304, "height": height})
        page.goto(site.url(f"/embed/{chart_id}/"))
        seen = page.evaluate("""() => {
          const credit = document.querySelector(".credit").getBoundingClientRect();
          const frame = document.querySelector(".chart-frame");
          return {creditBottom: credit.bottom, h1Top: document.querySelector("h1")
                    .getBoundingClientRect().top, inner: innerHeight,
                  pageScrolls: document.documentElement.scrollHeight > innerHeight + 1,
                  boxScrolls: frame.scrollHeight > frame.clientHeight + 1};
        }""")
        assert seen["creditBottom"] <= seen["inner"] + 1 and seen["h1Top"] >= 0, (chart_id, seen)
        assert not seen["pageScrolls"], (chart_id, seen)
        if seen["boxScrolls"]:
            squeezed.append(chart_id)
    # The snippet's height is short for a phone: some charts do need the squeeze.
    assert "who-builds-where" in squeezed, squeezed
    assert record.problems() == []


# The texts of each live view on the page that stick out of its box (those hidden by Vega's
# overlap removal aside), with how far they stick out on the left and on the right.
TEXT_OUTSIDE = """() => Array.from(document.querySelectorAll(".chart-live svg")).flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll("text")).filter((t) => t.getAttribute("opacity") !== "0")
    .map((t) => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
    .map(([text, r]) => [text, Math.round(box.left - r.left), Math.round(r.right - box.right)]);
})"""


def test_on_a_phone_no_chart_text_is_cut_at_the_edges(
        visit: Callable[..., Visit], site: Server, built_site: Path) -> None:
    # One chart of each kind (the profiles are drawn alike), and the targets where a reader
    # also meets them: in their chapter and embedded on another site.
    paths = [p for p in chart_paths(built_site) if "/urbanisation-" not in p]
    paths += ["/charts/urbanisation-cambodia/", "/smart-cities-in-asean/", "/embed/targets/"]
    record = visit(**PHONE)
    page = record.new_page()
    cut = {}
    for path in paths:
        page.goto(site.url(path))
        wait_until_drawn(page, path)
        cut[path] = page.evaluate(TEXT_OUTSIDE)
    assert {path: texts for path, texts in cut.items() if texts} == {}
    assert record.problems() == []


# Where the live map's land lies in its box, and the box in the chart's frame.
MAP_BOXES = """() => {
  const frame = document.querySelector(".chart-frame");
  const svg = frame.querySelector(".chart-live svg");
  const land = svg.querySelector("g.role-mark.layer_0_marks");
  return [frame, svg, land].map((e) => {
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, width: r.width, height: r.height};
  });
}"""


def test_on_a_phone_the_live_map_fills_its_box(
        visit: Callable[..., Visit], site: Server) -> None:
    record = visit(**PHONE)
    page = record.new_page()
    for path in ("/charts/ascn-pilot-cities/", "/embed/ascn-pilot-cities/"):
        page.goto(site.url(path))
        wait_until_drawn(page, path)
        frame, svg, land = page.evaluate(MAP_BOXES)
        assert svg["width"] < 360
        # No empty bands above and below the land, and none left under the live view by the
        # frame that held the taller static render.
        assert land["top"] - svg["top"] < 12 and svg["bottom"] - land["bottom"] < 12, (
            path, svg, land)
        assert abs(frame["height"] - svg["height"]) <= 1, (path, frame, svg)
    assert record.problems() == []


BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


@pytest.mark.parametrize(("reader", "query", "expected"), [
    ("dark", "", "rgb(255, 255, 255)"),  # a dark-mode reader on a light host's page
    ("dark", "?scheme=auto", "rgb(18, 18, 18)"),
    ("light", "?scheme=auto", "rgb(255, 255, 255)"),
    ("light", "?scheme=dark", "rgb(18, 18, 18)"),
])
def test_an_embed_is_light_unless_its_address_asks_otherwise(
        visit: Callable[..., Visit], site: Server, reader: str, query: str,
        expected: str) -> None:
    # An embed followed the reader's setting, so a dark-mode reader saw a black box inside a
    # white article; the host cannot know that setting, so light is the default.
    record = visit(color_scheme=reader)
    page = record.new_page()
    page.goto(site.url(f"/embed/targets/{query}"))
    assert page.evaluate(BACKGROUND) == expected
    text = page.evaluate("() => getComputedStyle(document.querySelector('h1')).color")
    assert text != expected  # the text is drawn in the scheme's own colour
    assert record.problems() == []
