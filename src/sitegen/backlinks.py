"""A Python-Markdown extension: each back-link of a footnote names the place it returns to.

Python-Markdown gives a note cited in several places one back-link per place, all reading "↩"
with the same title, so a screen reader announced the chapter's first note as 22 identical
links. Each back-link gets a name of its own (`aria-label`, repeated as its tooltip) that says
which note it belongs to and, when there are several, which place of how many it returns to.
Markdown extensions run under MkDocs and its successor alike, so this lives in sitegen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown

# After the footnotes extension has added a back-link per place (its "footnote-duplicate"
# step runs at 15), before the tree is serialised.
PRIORITY = 14


def label(note: int, place: int, places: int) -> str:
    """The name of the back-link to one place where a note is cited."""
    if places == 1:
        return f"Back to note {note} in the text"
    return f"Back to note {note} in the text, place {place} of {places}"


class BacklinkNames(Treeprocessor):
    """Name every footnote back-link after its note and place."""

    def run(self, root: Element) -> None:
        """Label the back-links in each footnote list item, in document order."""
        for div in root.iter("div"):
            if div.get("class") != "footnote":
                continue
            for ol in div.iter("ol"):
                for note, item in enumerate(ol.findall("li"), start=1):
                    links = [a for a in item.iter("a") if a.get("class") == "footnote-backref"]
                    for place, link in enumerate(links, start=1):
                        name = label(note, place, len(links))
                        link.set("aria-label", name)
                        link.set("title", name)
                break  # the notes' own list; a list inside a note is not another one


class BacklinkExtension(Extension):
    """Register the back-link naming after the footnotes extension's own steps."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the tree step that names the back-links."""
        md.treeprocessors.register(BacklinkNames(md), "footnote-backlink-names", PRIORITY)


def makeExtension(**kwargs: Any) -> BacklinkExtension:
    """The extension, as Python-Markdown loads it by module name."""
    return BacklinkExtension(**kwargs)
