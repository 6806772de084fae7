"""The Jinja2 environment: strict about undefined names, and data strings never markup."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from sitegen import dates, names
from sitegen.model import Cite, Fact, Note

# Characters Python-Markdown (with tables, footnotes and attr_list) gives a meaning to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
# A string may land at the start of a line, where these begin a block (a list, a rule, a
# setext heading, a definition, a fence, a pymdownx.details block): the first is made inert.
_BLOCK_START = re.compile(r"^(\d*)(\.(?= |$))|^()([-=:~?])")
# C0 controls are never prose, and Python-Markdown marks stashed raw HTML with \x02 and \x03.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Whitespace of any kind but the no-break space, which md_escape keeps.
_SPACES = re.compile(r"[^\S\u00a0]+")


def md_escape(value: object) -> Markup:
    """Make any data string inert in Markdown and HTML: it shows as the text it is."""
    if isinstance(value, Markup):
        return value
    # Entities for HTML's three; quotes stay as they are (attributes use the attr filter).
    text = _CONTROL.sub("", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A new line inside a data string must not start a Markdown block. A no-break space is
    # kept: it is there to hold two words on one line ('p.\u00a05').
    text = _SPACES.sub(" ", text).strip(" ")
    return Markup(_BLOCK_START.sub(lambda m: f"{m[1] or ''}&#{ord(m[2] or m[4])};", text,
                                   count=1))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md_escape(value)


def _url(value: str) -> Markup:
    # Addresses are validated to hold no spaces, quotes or angle brackets (model.Source.url).
    if re.search(r"[\s<>\"`]", value):
        raise ValueError(f"unsafe address {value!r}")
    return Markup(value)


def _attr(value: object) -> Markup:
    """A value for an HTML attribute: a string, or a list joined by spaces, HTML-escaped."""
    if isinstance(value, str | int):
        return Markup(escape(str(value)))
    return Markup(" ".join(str(escape(str(v))) for v in value))  # type: ignore[attr-defined]


def _attr_list_text(value: object) -> str:
    """Text for a quoted value in Python-Markdown's attr_list ({: key="value" }), which
    escapes it when it writes the HTML: no entities here, and no character that ends it."""
    return " ".join(str(value).replace('"', "\u201d").replace("}", ")").split())


_QUALIFIERS = {"exact": "", "about": "about ", "at-least": "at least ", "more-than": "more than ",
               "almost": "almost ", "up-to": "up to "}


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}".rstrip("0").rstrip(".")


def one_decimal(value: float) -> str:
    """A number to one decimal as the charts print it: '78.3' for 78.25."""
    # The charts round with JavaScript's toFixed: the float's exact value, an exact half up.
    # Python's "%.1f" rounds an exact half to even (78.25 -> 78.2), so a page's table said
    # 78.2 where its chart said 78.3.
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count in prose: 'no events', 'one event', 'nine events', '12 events'."""
    # Numbers below ten read as words in running text (the house style of most publishers).
    noun = singular if n == 1 else plural or singular + "s"
    return f"{_SMALL[n] if 0 <= n < len(_SMALL) else f'{n:,}'} {noun}"


def fact_value(fact: Fact) -> str:
    """A fact's value in words: 'about USD 3 billion', 'more than 100 cities', '51%'."""
    value, unit = fact.value, fact.unit
    if unit.lower() in {"usd", "us-dollars", "dollars"}:
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if value >= size:
                text = f"USD {_number(value / size)} {word}"
                break
        else:
            text = f"USD {_number(value)}"
    elif unit in {"percent", "%"}:
        text = f"{_number(value)}%"
    elif value >= 1e6:
        text = f"{_number(value / 1e6)} million {unit.replace('-', ' ')}"
    else:
        text = f"{_number(value)} {unit.replace('-', ' ')}"
    return _QUALIFIERS[fact.qualifier] + text


NOTE_BASES = {
    "general-knowledge": "This note rests on general knowledge, not on a source this site cites.",
}


def note_basis(note: Note) -> Markup:
    """What a note rests on, when that is not its citations: ' <em>…</em>', or nothing."""
    if note.basis is None:
        return Markup("")
    return Markup(' <em class="note-basis">{}</em>').format(NOTE_BASES[note.basis])


def _environment(**extra: Any) -> Environment:
    """Settings both environments share: strict names, autoescaping, tidy whitespace."""
    return Environment(loader=PackageLoader("sitegen", "templates"), undefined=StrictUndefined,
                       autoescape=True, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, **extra)


@cache
def environment() -> Environment:
    """The one template environment; Markdown templates escape for Markdown, HTML for HTML."""
    md_env = _environment(finalize=_finalize)
    md_env.filters["date"] = lambda d, approx=None: dates.display(d, approx)
    md_env.filters["iso"] = dates.iso
    md_env.filters["h"] = lambda v: Markup(escape(str(v)))
    md_env.filters["url"] = _url
    md_env.filters["cite"] = lambda d: Cite.model_validate(d)
    md_env.filters["fact_value"] = fact_value
    md_env.filters["attr"] = _attr
    md_env.filters["attr_list_text"] = _attr_list_text
    md_env.filters["one_decimal"] = one_decimal
    md_env.filters["counted"] = counted
    md_env.filters["basis"] = note_basis
    md_env.filters["in_text"] = names.in_text  # "the Philippines" inside a sentence
    md_env.filters["possessive"] = names.possessive
    return md_env


def render(template: str, **context: Any) -> str:
    """Render a template from sitegen/templates with the given context."""
    return environment().get_template(template).render(**context)


@cache
def html_environment() -> Environment:
    """The environment for HTML templates (*.html.j2): HTML escaping only, no Markdown."""
    return _environment()


def render_html(template: str, **context: Any) -> Markup:
    """Render an HTML template from sitegen/templates; the result is markup."""
    return Markup(html_environment().get_template(template).render(**context))
