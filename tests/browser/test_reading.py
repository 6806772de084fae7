"""Reading the chapters on a phone: a footnote marker stays on its sentence's line, a heading's
permalink takes no line of its own, the markers are still big enough to tap, a note's hidden
back-links take no room, and a followed note shows them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.browsing import AXE, PHONE, Server, Visit, need

pytestmark = pytest.mark.browser

CHAPTERS = ["/", "/introduction/", "/smart-cities-in-asean/", "/emergence-and-spread/",
            "/conflict-cooperation-compartmentalisation/", "/conclusion/", "/timeline/",
            "/projects/new-clark-city/"]
# An element that sits lower than the last character of the text just before it has been
# pushed to the next line on its own.
ALONE = """(selector) => {
  const alone = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.closest("sup") || el;
    let before = box.previousSibling;
    while (before && before.nodeType === 1 && before.matches("sup")) {
      before = before.previousSibling;
    }
    if (!before || before.nodeType !== 3 || !before.data.trim()) continue;
    const end = before.data.trimEnd().length;
    const range = document.createRange();
    range.setStart(before, end - 1);
    range.setEnd(before, end);
    const last = range.getBoundingClientRect(), own = el.getBoundingClientRect();
    if (last.height && own.top + own.height / 2 > last.bottom) {
      alone.push(el.outerHTML.slice(0, 80));
    }
  }
  return alone;
}"""
TARGET_SIZE = """async () => (await axe.run(document, {runOnly: ["target-size"]}))
  .violations.flatMap((v) => v.nodes.map((n) => n.html.slice(0, 80) + " " +
                                              n.failureSummary.slice(0, 120)))"""


@pytest.mark.parametrize("path", CHAPTERS)
def test_markers_and_permalinks_stay_on_their_line(
        visit: Callable[..., Visit], site: Server, path: str) -> None:
    need(AXE.is_file(), f"{AXE} is missing: run `npm ci` to install axe-core")
    page = visit(**PHONE).new_page()
    page.goto(site.url(path))
    assert page.locator("article .footnote-ref").count() > 0
    # As inline blocks, markers let a line break before them: "…and Vietnam." / "2".
    assert page.evaluate(ALONE, "article .footnote-ref") == []
    assert page.evaluate(ALONE, "article .headerlink") == []
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(TARGET_SIZE) == []


# How much taller each note is than it would be without its back-links, which are hidden until
# the note is hovered, followed or focused.
EXTRA_ROOM = """() => [...document.querySelectorAll(".footnote > ol > li")].map((li) => {
  const copy = li.cloneNode(true);
  copy.removeAttribute("id");
  copy.querySelectorAll(".footnote-backref").forEach((a) => a.remove());
  li.after(copy);
  const extra = li.getBoundingClientRect().height - copy.getBoundingClientRect().height;
  copy.remove();
  return [li.id, li.querySelectorAll(".footnote-backref").length, extra];
})"""

MARKED = """(id) => document.getElementById(id)?.classList.contains("is-target")"""
SHOWN = """(id) => [...document.getElementById(id).querySelectorAll(".footnote-backref")]
  .every((a) => a.getBoundingClientRect().width > 4)"""


@pytest.mark.parametrize("path", ["/emergence-and-spread/", "/timeline/"])
def test_hidden_back_links_take_no_room(visit: Callable[..., Visit], site: Server,
                                        path: str) -> None:
    page = visit(**PHONE).new_page()
    page.goto(site.url(path))
    notes = page.evaluate(EXTRA_ROOM)
    assert len(notes) > 10 and any(links > 1 for _, links, _ in notes)
    assert [note for note, _, extra in notes if extra > 0.5] == []
    # Followed from its marker, as a reader does, a note cited more than once shows every way
    # back. (Material's instant navigation may fetch the page again first, so wait for it.)
    cited = next(note for note, links, _ in notes if links > 1)
    assert page.locator(f'[id="{cited}"] .footnote-backref').count() > 1
    page.locator(f'a.footnote-ref[href$="#{cited}"]').first.click()
    page.wait_for_function(SHOWN, arg=cited, timeout=15000)
    # reference.js marks the followed place itself too: a page Material's instant navigation
    # rebuilt can leave no element matching :target (seen on /timeline/, one run in ten).
    page.wait_for_function(MARKED, arg=cited, timeout=15000)
    page.locator(f'[id="{cited}"] .footnote-backref').first.click()
    page.wait_for_function(MARKED, arg=cited.replace("fn:", "fnref:", 1), timeout=15000)
    assert page.locator(".is-target").count() == 1
