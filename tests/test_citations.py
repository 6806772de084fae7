"""Short citations in running text: page locators ("p. 5", "pp. 303–320") and no doubled full
stop after a label that ends in one ("Cisco n.d.")."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from sitegen import cite
from sitegen.citations import EN_DASH, NBSP, cite_markdown, cites_markdown, page_locator
from sitegen.dataset import Dataset
from sitegen.model import REPORT_ID, Cite

PAGE = "smart-cities-in-asean.md"
# A doubled full stop ("n.d..", "Co..") or one after a comma or semicolon; not an ellipsis.
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[,;]\.")


@pytest.mark.parametrize(("pages", "locator"), [
    ("5", "p. 5"),
    ("xii", "p. xii"),
    ("303-320", f"pp. 303{EN_DASH}320"),
    ("4 - 5", f"pp. 4{EN_DASH}5"),
    (f"886{EN_DASH}887", f"pp. 886{EN_DASH}887"),
    ("5, 7", "pp. 5, 7"),
])
def test_a_page_is_p_and_a_range_is_pp_with_an_en_dash(pages: str, locator: str) -> None:
    assert page_locator(pages, " ") == locator


def shown(markdown: str, convert: Callable[[str], str]) -> str:
    return BeautifulSoup(convert(markdown), "html.parser").get_text()


def test_page_ranges_in_running_text_and_in_citation_notes(data: Dataset) -> None:
    source = next(s.id for s in data.sources if s.id != REPORT_ID)
    one, span = Cite(source=source, pages="5"), Cite(source=source, pages="303-320")
    # On the page the locator holds to its number (a no-break space): "p." never ends a line.
    assert str(cite_markdown(data, PAGE, one)).endswith(", p.\u00a05")
    assert str(cite_markdown(data, PAGE, span)).endswith(f", pp.\u00a0303{EN_DASH}320")
    assert cite.plain_cites(data, (one,)).endswith(", p. 5")
    assert cite.plain_cites(data, (span,)).endswith(f", pp. 303{EN_DASH}320")


def test_every_footnote_cites_its_works_with_proper_page_locators(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    checked = 0
    for footnote in data.footnotes:
        note = Cite(source=REPORT_ID, section=footnote.section, footnote=(footnote.number,))
        text = shown(str(cites_markdown(data, PAGE, (note,))), site_markdown)
        assert not DOUBLED.search(text), text
        assert not re.search(r"\bp\.\s\w+\s*[-\u2010-\u2015]", text), text  # a range is "pp."
        assert not re.search(r"\bpp?\. ", text), text  # the locator keeps its number
        assert not re.search(r"\d-\d", text), text  # ... with an en dash
        for work in footnote.cites:
            if work.pages:
                assert page_locator(work.pages, NBSP) in text
                checked += 1
    assert checked, "no footnote of the data cites pages: the test checks nothing"


def test_no_citation_of_any_source_ends_in_a_doubled_full_stop(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    for source in data.sources:
        if source.id == REPORT_ID:
            continue
        text = shown(str(cites_markdown(data, PAGE, (Cite(source=source.id),))), site_markdown)
        assert text.endswith(".") and not DOUBLED.search(text), (source.id, text)
        if not source.issued:  # "... n.d.": its own full stop ends the sentence
            assert text.endswith(" n.d."), text


def test_the_sources_page_lists_footnotes_with_locators_and_single_stops(
        data: Dataset, site_markdown: Callable[[str], str]) -> None:
    from sitegen import pages

    page = BeautifulSoup(site_markdown(pages.generate_pages(data)["sources.md"]), "html.parser")
    listed = {int(p["id"].removeprefix("footnote-")): p.get_text()
              for p in page.select("p[id^=footnote-]")}
    assert sorted(listed) == sorted(f.number for f in data.footnotes)
    undated = [f.number for f in data.footnotes if f.gloss and f.cites
               and not data.get("sources", f.cites[-1].source).issued]
    assert undated, "no glossed footnote ends with an undated work: the stop is not tested"
    for footnote in data.footnotes:
        text = listed[footnote.number]
        assert not DOUBLED.search(text), text
        assert not re.search(r"\bp\. \w+\s*[-\u2010-\u2015]|\d-\d", text), text
        for work in footnote.cites:
            if work.pages:
                assert page_locator(work.pages, NBSP) in text, text
