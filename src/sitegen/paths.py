"""Where every record lives on the site: one place that decides addresses."""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

# Page files (relative to docs_dir) of the reference sections.
TIMELINE = "timeline.md"
SOURCES = "sources.md"
NUMBERS = "numbers.md"
SECTION_INDEX = {
    "countries": "countries/index.md",
    "partners": "partners/index.md",
    "vendors": "vendors/index.md",
    "organisations": "organisations/index.md",
    "projects": "projects/index.md",
}


def record_page(data: Dataset, kind: str, record_id: str) -> tuple[str, str]:
    """The page file and anchor ('' for a page of its own) where a record is shown."""
    if kind == "events":
        return TIMELINE, record_id
    if kind == "sources":
        return SOURCES, record_id
    if kind == "footnotes":
        return SOURCES, f"footnote-{record_id}"
    if kind == "facts":
        return NUMBERS, record_id
    if kind == "organisations":
        org = data.get("organisations", record_id)
        return (f"vendors/{record_id}.md" if org.vendor else f"organisations/{record_id}.md"), ""
    if kind in {"countries", "partners", "projects"}:
        return f"{kind}/{record_id}.md", ""
    if kind == "places":
        return SECTION_INDEX["countries"], record_id
    if kind == "all_places":
        for sub in ("countries", "partners", "places"):
            if record_id in data.by_id[sub]:
                return record_page(data, sub, record_id)
    raise KeyError(f"no page for {kind} {record_id}")


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one page file to another (and an anchor on it), as MkDocs resolves it."""
    if to_page == from_page:
        target = posixpath.basename(to_page)
    else:
        target = _relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


# Pages link to the same few hundred pages over and over, and relpath makes both paths
# absolute each time: kept per process, for builds and `make serve`'s rebuilds alike.
_relpath = functools.lru_cache(maxsize=1 << 14)(posixpath.relpath)


def link(data: Dataset, from_page: str, kind: str, record_id: str, text: str) -> Markup:
    """A Markdown link to a record, its text escaped."""
    from sitegen.render import md_escape

    page, anchor = record_page(data, kind, record_id)
    return Markup(f"[{md_escape(text)}]({rel(from_page, page, anchor)})")
