"""Country names in running text: "the Philippines", "the United States' ", "Cambodia's"."""

from __future__ import annotations

import pytest

from sitegen.names import in_text, possessive


@pytest.mark.parametrize(("name", "text", "owner"), [
    ("Philippines", "the Philippines", "the Philippines'"),
    ("United States", "the United States", "the United States'"),
    ("European Union", "the European Union", "the European Union's"),
    ("United Kingdom", "the United Kingdom", "the United Kingdom's"),
    ("Cambodia", "Cambodia", "Cambodia's"),
    ("Lao PDR", "Lao PDR", "Lao PDR's"),
])
def test_a_name_takes_the_article_it_reads_with(name: str, text: str, owner: str) -> None:
    assert (in_text(name), possessive(name)) == (text, owner)
