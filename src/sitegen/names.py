"""Country names as they read in English prose: with "the" where it belongs."""

from __future__ import annotations

import re

# Names that read with "the" in a sentence: plural names, and names built on a common noun.
_WITH_ARTICLE = re.compile(
    r"^(?:Philippines|Netherlands|Bahamas|Gambia|Maldives)$"
    r"|\b(?:Republic|Kingdom|States|Union|Islands|Emirates|Federation)$")


def in_text(name: str) -> str:
    """A country's name as it reads inside a sentence: "the Philippines", "Cambodia"."""
    return f"the {name}" if _WITH_ARTICLE.search(name) else name


def possessive(name: str) -> str:
    """The name in the possessive: "the Philippines' ", "Cambodia's"."""
    text = in_text(name)
    return f"{text}'" if text.endswith("s") else f"{text}'s"
