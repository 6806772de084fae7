"""Typography across the built site: one style of quotation marks, separators that do not start
a line, and a note that several numbers share printed once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from pathlib import Path

    from sitegen.dataset import Dataset


def article_texts(site: Path) -> dict[str, str]:
    """Each page's article text, without code, scripts and styles."""
    texts = {}
    for path in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        if article is None:
            continue
        for tag in article.select("pre, code, script, style"):
            tag.decompose()
        texts["/" + str(path.parent.relative_to(site)).strip(".") + "/"] = article.get_text()
    return texts


def test_quotation_marks_are_typographic_everywhere(built_site: Path) -> None:
    # The data's text and the chapters mixed "straight" and “curly” marks, at times side by side.
    texts = article_texts(built_site)
    assert len(texts) > 100
    straight = {page: re.findall(r'.{0,30}".{0,30}', text) for page, text in texts.items()}
    assert {page: found for page, found in straight.items() if found} == {}
    assert sum(text.count("“") for text in texts.values()) > 50


def test_a_separator_dot_never_starts_a_line(built_site: Path) -> None:
    # "a · b": the space before the dot is a no-break space, so a line can end after the dot,
    # never before it.
    texts = article_texts(built_site)
    breakable = {page: re.findall(r".{0,20}[ \t\n]·", text) for page, text in texts.items()}
    assert {page: found for page, found in breakable.items() if found} == {}
    assert sum(text.count("\xa0·") for text in texts.values()) > 100


def test_a_note_several_numbers_share_is_printed_once(built_site: Path, data: Dataset) -> None:
    soup = BeautifulSoup((built_site / "numbers" / "index.html").read_text("utf-8"), "lxml")
    first: dict[str, str] = {}
    shared = 0
    for fact in data.facts:
        box = soup.select_one(f"div.fact[id='{fact.id}']")
        assert box is not None
        for note in fact.notes:
            notes = box.select("p.editorial-note")
            if note.text not in first:
                first[note.text] = fact.id
                continue
            shared += 1
            pointer = [p for p in notes if p.select_one(f"a[href='#{first[note.text]}']")]
            assert len(pointer) == 1, f"{fact.id}: no link to the note under {first[note.text]}"
            assert "applies here too" in pointer[0].get_text()
    assert shared >= 2  # the e-Conomy SEA note covers five numbers
