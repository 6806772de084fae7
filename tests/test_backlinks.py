"""sitegen.backlinks: every footnote back-link has a name of its own, saying which note it
belongs to and which of the note's places in the text it returns to."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import markdown
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

TEXT = """\
A claim.[^b] Another.[^a] Again.[^b] And again.[^b]

[^a]: A note cited once.

    - with a list inside
    - of two items

[^b]: A note cited three times.
"""


def backlinks(html: str | BeautifulSoup) -> list[tuple[str, str, str]]:
    """(note id, href, name) of every back-link, in document order."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    return [(str(li["id"]), str(a["href"]), str(a.get("aria-label")))
            for li in soup.select("div.footnote > ol > li")
            for a in li.select("a.footnote-backref")]


def test_each_back_link_names_its_note_and_place(site_markdown: Callable[[str], str]) -> None:
    found = backlinks(site_markdown(TEXT))
    # Notes are numbered as the list shows them (by definition: a, then b).
    assert found == [
        ("fn:a", "#fnref:a", "Back to note 1 in the text"),
        ("fn:b", "#fnref:b", "Back to note 2 in the text, place 1 of 3"),
        ("fn:b", "#fnref2:b", "Back to note 2 in the text, place 2 of 3"),
        ("fn:b", "#fnref3:b", "Back to note 2 in the text, place 3 of 3"),
    ]
    soup = BeautifulSoup(site_markdown(TEXT), "lxml")
    assert all(a["title"] == a["aria-label"] for a in soup.select("a.footnote-backref"))


def test_without_the_extension_the_names_are_the_same() -> None:
    # What the extension is for: Python-Markdown alone gives the three places one name.
    plain = markdown.markdown(TEXT, extensions=["footnotes"])
    assert {name for _, _, name in backlinks(plain)} == {"None"}
    titles = Counter(a["title"] for a in
                     BeautifulSoup(plain, "lxml").select("a.footnote-backref"))
    assert max(titles.values()) == 3


def test_every_back_link_on_the_site_has_a_name_of_its_own(built_site: Path) -> None:
    pages = 0
    for path in sorted(built_site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        found = backlinks(soup)
        if not found:
            continue
        pages += 1
        names = [name for _, _, name in found]
        assert len(set(names)) == len(names), path
        for number, li in enumerate(soup.select("div.footnote > ol > li"), start=1):
            for a in li.select("a.footnote-backref"):
                assert str(a["aria-label"]).startswith(f"Back to note {number} in the text"), \
                    (path, li["id"])
    assert pages > 20
