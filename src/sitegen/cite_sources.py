"""The bibliography of /sources/: every source formatted in one style by the CSL processor, and
where on the site each one is cited, the narrative chapters' footnotes included."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from sitegen import cite_csl
from sitegen.cite import page_title
from sitegen.cite_csl import Request
from sitegen.model import REPORT_ID
from sitegen.narrative import FOOTNOTE_REF
from sitegen.narrative import _footnote_cites as footnote_cites

if TYPE_CHECKING:
    from pathlib import Path

    from sitegen.dataset import Dataset

# The one style of the bibliography. Chicago author-date matches the "Okamoto 2022" labels the
# site uses in running text and footnotes.
STYLE = "chicago"
_TAG = re.compile(r"(<[^>]+>)")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_ALLOWED = re.compile(r"^</?(i|b|sup|sub)>$|^<span style=\"font-variant:small-caps;\">$|^</span>$")


def _inline(text: str) -> str:
    # Like render.md_escape, but for a piece of a line: its spaces at either end are kept.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def to_markdown(entry_html: str, url: str | None) -> Markup:
    """A citeproc HTML entry as inline Markdown: its text escaped, its tags kept, its address
    linked."""
    out = []
    for part in _TAG.split(entry_html):
        if _TAG.fullmatch(part):
            if not _ALLOWED.match(part):
                raise ValueError(f"unexpected markup from the CSL processor: {part!r}")
            out.append(part)
        elif part:
            out.append(_inline(html.unescape(part)))
    text = "".join(out)
    if url:
        shown = _inline(url)
        # The address is validated to hold no spaces, quotes or angle brackets (model.Source).
        text = text.replace(shown, f'<a href="{escape(url)}">{shown}</a>', 1)
    return Markup(text)


def requests(data: Dataset) -> list[Request]:
    """What `entries` asks the CSL processor: each source in STYLE, in the sources' order."""
    # One at a time: as one bibliography the style would add "2019a/2019b" and reorder.
    return [Request((cite_csl.source_record(source),), STYLE) for source in data.sources]


def entries(data: Dataset) -> dict[str, Markup]:
    """Source id -> its bibliography entry (Markdown), formatted in STYLE."""
    return {source.id: to_markdown(cite_csl.formatted(request)[0], source.url)
            for source, request in zip(data.sources, requests(data), strict=True)}


def chapter_citations(data: Dataset, docs_dir: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Source id -> [(page, anchor, label)] of the hand-written pages whose footnotes cite it."""
    from sitegen.pages import sources_cited

    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    if not docs_dir.is_dir():
        return out
    # The chapters in the report's order, then the other pages by name.
    order = {f"{s.page}.md": s.number for s in data.report.sections}
    for path in sorted(docs_dir.rglob("*.md"), key=lambda p: (
            order.get(p.relative_to(docs_dir).as_posix(), 99), p.as_posix())):
        page = path.relative_to(docs_dir).as_posix()
        markdown = path.read_text(encoding="utf-8")
        title = page_title(markdown, page)
        seen: dict[str, str] = {}
        for label in dict.fromkeys(FOOTNOTE_REF.findall(markdown)):
            cites = footnote_cites(data, label)
            for source in sources_cited(data, cites or ()):
                seen.setdefault(source, label)
        for source, label in seen.items():
            # Python-Markdown's footnotes give the first reference the id "fnref:LABEL".
            out[source].append((page, f"fnref:{label}", title))
    return out


def citing(data: Dataset, docs_dir: Path,
           records: dict[str, list[tuple[str, str, str]]]) -> dict[str, list[tuple[str, str, str]]]:
    """Every place that cites each source: the chapters first, then the records."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for source, places in chapter_citations(data, docs_dir).items():
        out[source] += places
    for source, places in records.items():
        if source != REPORT_ID:
            out[source] += places
    return out
