"""Short citations in running text: 'Okamoto 2022, Table 1' linked to the bibliography."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen import dates, paths
from sitegen.model import REPORT_ID, Cite, Source
from sitegen.render import md_escape

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

EN_DASH = "\u2013"
NBSP = "\u00a0"
# A hyphen (or a dash) between two page numbers: "303-320", "xii - xiv".
_RANGE = re.compile(r"(?<=\w)\s*[-\u2010-\u2015]+\s*(?=\w)")
# Markdown that shows a full stop at its end: "... n.d." or a link "[... n.d.](address)".
_ENDS_WITH_STOP = re.compile(r"\.(?:\]\([^()\s]*\))?$")


def short_label(source: Source) -> str:
    """Author-year label: 'Okamoto 2022', 'Villa and Wagener 2008', 'Atha et al. 2020'."""
    names = [a.literal or a.family or "" for a in source.author] or [source.title]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = dates.iso(source.issued)[:4] if source.issued else "n.d."
    return f"{who} {year}"


def page_locator(pages: str, space: str = NBSP) -> str:
    """Pages as a locator: 'p.\u00a05' for one page, 'pp.\u00a0303–320' (en dash) for a range
    or a list; the no-break space keeps 'p.' from ending a line alone on a page."""
    text = _RANGE.sub(EN_DASH, pages.strip())
    several = EN_DASH in text or "," in text or "&" in text or " and " in text
    return f"{'pp.' if several else 'p.'}{space}{text}"


def sentence_end(markdown: str) -> Markup:
    """The full stop that ends a sentence after this Markdown: none if it shows one already."""
    return Markup("" if _ENDS_WITH_STOP.search(markdown) else ".")


def source_link(data: Dataset, from_page: str, source_id: str) -> Markup:
    """A linked short label for a source."""
    source = data.get("sources", source_id)
    return paths.link(data, from_page, "sources", source_id, short_label(source))


def cite_markdown(data: Dataset, from_page: str, cite: Cite) -> Markup:
    """One citation as linked Markdown, following a report footnote to the works it cites."""
    out = [str(source_link(data, from_page, cite.source))]
    if cite.source == REPORT_ID:
        if cite.section:
            section = next(s for s in data.report.sections if s.id == cite.section)
            out.append(f"section {section.number}, {md_escape(section.label)}")
        if cite.table:
            out.append(f"Table {cite.table}")
        if cite.figure:
            out.append(f"Figure {cite.figure}")
        for number in cite.footnote:
            target = paths.rel(from_page, paths.SOURCES, f"footnote-{number}")
            text = f"[footnote {number}]({target})"
            works = [str(source_link(data, from_page, c.source))
                     + (f", {md_escape(page_locator(c.pages))}" if c.pages else "")
                     for c in data.footnote(number).cites]
            if works:
                text += f", citing {'; '.join(works)}"
            out.append(text)
    elif cite.pages:
        out.append(str(md_escape(page_locator(cite.pages))))
    return Markup(", ".join(out))


def cites_markdown(data: Dataset, from_page: str, cites: tuple[Cite, ...]) -> Markup:
    """Several citations, separated by semicolons, each once."""
    seen: dict[object, Cite] = {}
    for cite in cites:
        seen.setdefault(cite.locator_key, cite)
    text = "; ".join(cite_markdown(data, from_page, c) for c in seen.values())
    # A label can end in a full stop of its own ("Cisco n.d."): it ends the sentence too.
    return Markup(text + sentence_end(text))
