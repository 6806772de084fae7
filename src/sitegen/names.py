"""Country names: as the site spells them, and as they read in English prose ("the Philippines")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

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


def site_names(data: Dataset) -> dict[str, str]:
    """The site's name for each member's ISO code ("Vietnam", where the World Bank has
    "Viet Nam"): charts and tables show these, and the source files keep the World Bank's."""
    return {str(c.iso3): c.name for c in data.countries if c.iso3}
