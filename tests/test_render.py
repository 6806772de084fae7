"""Rendering: data strings are never markup, in Markdown, in HTML or in templates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup

from sitegen.model import Fact
from sitegen.render import (
    NOTE_BASES,
    counted,
    environment,
    fact_value,
    md_escape,
    one_decimal,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sitegen.dataset import Dataset

# Pieces that mean something to Markdown, its extensions, HTML, Jinja or a browser.
HOSTILE = [
    "<script>alert(1)</script>", "{{ data }}", "{% if x %}", "{# c #}", "[x](javascript:alert(1))",
    "![i](x.png)", "*emphasis*", "**strong**", "_under_", "`code`", "```", "~~~", "| a | b |",
    "&amp;", "&lt;b&gt;", "&#60;", "<!-- insert table-1 -->", "[^fn12]", "[^1]: note",
    "*[HTML]: abbr", "{ #id .class }", "{: .x }", "!!! note", "??? note", "- item", "+ item",
    "1. item", "# heading", "---", "===", ": definition", "> quote", "    indented", "\\", "\\*",
    "<a href='x'>a</a>", '"quoted"', "'single'", "<https://example.org>", "\n", "\n\n", "\t",
    "  \n", "<div markdown>", "</div>", "<p>", "\x02wzxhzdk:0\x03", "&", "<", ">",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=8)), max_size=8,
).map("".join)


def shown(value: str) -> str:
    """The text a reader should see: the input with its whitespace folded, controls dropped."""
    return " ".join(re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", value).split())


def visible_text(html: str) -> tuple[str, list[str]]:
    """The text of converted HTML, and the tags other than the paragraph around it."""
    soup = BeautifulSoup(html, "html.parser")
    tags = [t.name for t in soup.find_all(True) if t.name != "p"]
    return " ".join(soup.get_text().split()), tags


@settings(max_examples=300, deadline=None)
@given(hostile_text)
@example("- a list?")
@example("1. an ordered list?")
@example("??? note")
@example("x\n===")
@example("~~~\ncode\n~~~")
def test_md_escape_through_the_sites_markdown_is_the_text_itself(
        site_markdown: Callable[[str], str], value: str) -> None:
    html = site_markdown(str(md_escape(value)))
    text, tags = visible_text(html)
    assert text == shown(value)
    assert tags == [], html


@settings(max_examples=150, deadline=None)
@given(hostile_text.filter(shown))  # records' text fields are never empty
def test_md_escape_inside_a_table_cell_a_link_and_a_heading(
        site_markdown: Callable[[str], str], value: str) -> None:
    escaped = md_escape(value)
    markdown = (f"## {escaped} {{ #h }}\n\n| a | b |\n| --- | --- |\n| {escaped} | x |\n\n"
                f"[{escaped}](timeline.md)\n")
    soup = BeautifulSoup(site_markdown(markdown), "html.parser")
    want = shown(value)
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    heading = soup.select_one("h2#h")
    assert heading is not None
    assert " ".join(heading.get_text().split()) == want
    cells = soup.select("table tbody tr td")
    assert [" ".join(c.get_text().split()) for c in cells] == [want, "x"]
    links = soup.select("a[href]")
    assert [a["href"] for a in links] == ["timeline.md"]
    assert soup.select("script, img, abbr, code, em, strong, details, ul, ol, hr") == []


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_templates_escape_data_and_html_filter_escapes_for_html(value: str) -> None:
    env = environment()
    md = env.from_string("{{ v }}").render(v=value)
    assert md == str(md_escape(value))
    html = env.from_string("<p title='{{ v|attr }}'>{{ v|h }}</p>").render(v=value)
    soup = BeautifulSoup(html, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.p is not None
    assert soup.p.get_text().split() == value.split()
    assert str(soup.p["title"]).split() == value.split()


def test_md_escape_keeps_markup_that_is_already_safe() -> None:
    link = Markup("[Cisco](vendors/cisco.md)")
    assert md_escape(link) is link


def test_template_names_must_be_defined() -> None:
    with pytest.raises(UndefinedError):
        environment().from_string("{{ missing }}").render()


def test_jinja_syntax_in_data_is_not_evaluated() -> None:
    out = environment().from_string("{{ v }}").render(v="{{ 7 * 7 }} {% if 1 %}x{% endif %}")
    assert "49" not in out
    assert out == r"\{\{ 7 \* 7 \}\} \{% if 1 %\}x\{% endif %\}"


@pytest.mark.parametrize("address", [
    "javascript:alert(1) x", "https://a.example/<script>", 'https://a.example/"onmouseover',
])
def test_url_filter_refuses_addresses_that_could_break_out(address: str) -> None:
    with pytest.raises(ValueError, match="unsafe address"):
        environment().from_string("{{ u|url }}").render(u=address)


def _fact(value: float, unit: str, qualifier: str = "exact") -> Fact:
    return Fact.model_validate({
        "id": "f", "label": "l", "value": value, "unit": unit, "qualifier": qualifier,
        "kind": "count", "cite": [{"source": "okamoto-2022", "section": "asean"}]})


@pytest.mark.parametrize(("value", "unit", "qualifier", "words"), [
    (26, "cities", "exact", "26 cities"),
    (3e9, "usd", "about", "about USD 3 billion"),
    (1.5e6, "usd", "more-than", "more than USD 1.5 million"),
    (51, "percent", "exact", "51%"),
    (100, "local-governments", "at-least", "at least 100 local governments"),
    (2500, "usd", "up-to", "up to USD 2,500"),
])
def test_fact_value_in_words(value: float, unit: str, qualifier: str, words: str) -> None:
    assert fact_value(_fact(value, unit, qualifier)) == words


def test_one_decimal_rounds_as_the_charts_do(data: Dataset) -> None:
    # The charts print numbers with JavaScript's toFixed; a page's table beside them must
    # agree (Python's "%.1f" gave 78.2 for Brunei's 78.25, the chart 78.3).
    node = shutil.which("node")
    assert node, "install Node.js (apt-get install -y nodejs) to compare with JavaScript"
    values = sorted({float(r["urban_pct"]) for t in data.tables.values() for r in t.rows
                     if isinstance(r.get("urban_pct"), int | float)} | {-78.25, 0.05, 100.0})
    assert 78.25 in values, "the data no longer has a value that Python rounds differently"
    script = "const v = JSON.parse(require('fs').readFileSync(0, 'utf8'));" \
             "process.stdout.write(JSON.stringify(v.map((x) => x.toFixed(1))));"
    shown = subprocess.run([node, "-e", script], input=json.dumps(values), capture_output=True,
                           text=True, check=True, timeout=60).stdout
    assert [one_decimal(v) for v in values] == json.loads(shown)
    assert one_decimal(78.25) == "78.3" and f"{78.25:.1f}" == "78.2"


@pytest.mark.parametrize(("n", "words"), [
    (0, "no events"), (1, "one event"), (2, "two events"), (9, "nine events"),
    (10, "10 events"), (1200, "1,200 events"),
])
def test_counted_spells_small_numbers_in_prose(n: int, words: str) -> None:
    assert counted(n, "event") == words
    assert counted(n, "city", "cities").endswith("city" if n == 1 else "cities")


def test_chapters_word_the_general_knowledge_line_as_the_data_pages_do() -> None:
    # Chapters write their notes by hand; the line must read as sitegen prints it for data.
    root = Path(__file__).resolve().parents[1] / "content"
    said = re.compile(r"\*([^*]*rests on general knowledge[^*]*)\*")
    lines = [m for p in root.glob("*.md") for m in said.findall(p.read_text("utf-8"))]
    assert len(lines) >= 5
    assert set(lines) == {NOTE_BASES["general-knowledge"]}
