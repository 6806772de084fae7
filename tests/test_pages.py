"""The generated reference pages, as Markdown: complete, linked, and data never markup."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import posixpath
import re
import shutil
from functools import cache
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from sitegen import dates, paths
from sitegen.__main__ import main
from sitegen.dataset import load
from sitegen.pages import Context, _periods, generate_pages, home_countries, projects_for
from sitegen.render import NOTE_BASES, counted, md_escape

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import DataCopy

    from sitegen.dataset import Dataset

# One string with everything that means something to Markdown, HTML, Jinja or a browser.
HOSTILE = ("Evil <script>alert('x')</script> {{ data }} {% raw %} [click](javascript:alert(1)) "
           "*em* _u_ `tick` | pipe | &amp; &lt;b&gt; <!-- insert table-1 --> [^fn12] "
           "<img src=x onerror=alert(1)> {: .cls } \\ end")
KINDS = ("countries", "partners", "places", "organisations", "projects", "events", "facts",
         "sources", "footnotes")


@pytest.fixture(scope="module")
def generated(data: Dataset) -> dict[str, str]:
    return generate_pages(data)


@cache
def _content_pages() -> frozenset[str]:
    docs = ROOT / "content"
    return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def to_html(site_markdown: Callable[[str], str], text: str) -> tuple[BeautifulSoup, dict[str, Any]]:
    body, meta = get_data(text)  # as MkDocs reads front matter
    return BeautifulSoup(site_markdown(body), "html.parser"), meta


def test_generation_is_quiet_and_deterministic(data: Dataset,
                                               caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.sitegen"):
        first = generate_pages(data)
    assert caplog.records == []
    assert generate_pages(data) == first


def test_every_record_has_a_page_or_an_anchor(
        data: Dataset, generated: dict[str, str], site_markdown: Callable[[str], str]) -> None:
    ids_on: dict[str, set[str]] = {}
    checked = 0
    for kind in KINDS:
        records = getattr(data, kind)
        assert records, kind
        for record in records:
            record_id = str(getattr(record, "id", None) or record.number)
            page, anchor = paths.record_page(data, kind, record_id)
            assert page in generated, f"{kind} {record_id}: no page {page}"
            if anchor:
                if page not in ids_on:
                    soup, _ = to_html(site_markdown, generated[page])
                    ids_on[page] = {str(t["id"]) for t in soup.select("[id]")}
                assert anchor in ids_on[page], f"{kind} {record_id}: no #{anchor} on {page}"
            checked += 1
    assert checked == sum(len(getattr(data, kind)) for kind in KINDS)


def test_one_page_per_country_partner_organisation_and_project(
        data: Dataset, generated: dict[str, str]) -> None:
    for kind in ("countries", "partners", "projects"):
        pages = {p for p in generated if p.startswith(f"{kind}/") and p != f"{kind}/index.md"}
        assert pages == {f"{kind}/{r.id}.md" for r in getattr(data, kind)}
    org_pages = {p for p in generated
                 if p.startswith(("vendors/", "organisations/")) and not p.endswith("index.md")}
    assert org_pages == {paths.record_page(data, "organisations", o.id)[0]
                         for o in data.organisations}
    assert {f"vendors/{o.id}.md" for o in data.vendors} <= org_pages


def test_the_timeline_has_every_event_once_in_order(
        data: Dataset, generated: dict[str, str], site_markdown: Callable[[str], str]) -> None:
    soup, _ = to_html(site_markdown, generated[paths.TIMELINE])
    shown = [str(h["id"]) for h in soup.select("#timeline-events article.tl-event .tl-title")]
    assert shown == [e.id for e in data.events]


def test_every_page_has_a_title_and_one_h1(generated: dict[str, str],
                                           site_markdown: Callable[[str], str]) -> None:
    for page, text in generated.items():
        soup, meta = to_html(site_markdown, text)
        assert isinstance(meta.get("title"), str), page
        assert meta["title"].strip(), page
        assert len(soup.select("h1")) == 1, page


def test_every_link_into_the_reference_pages_leads_to_one(
        generated: dict[str, str], site_markdown: Callable[[str], str]) -> None:
    # Links to pages other generators add (citations, charts, data) are checked on the built
    # site; here, every link into the folders and pages generate_pages makes must resolve.
    known = set(generated) | _content_pages()
    folders = {posixpath.dirname(p) for p in generated if "/" in p}
    checked = 0
    for page, text in generated.items():
        soup, _ = to_html(site_markdown, text)
        for a in soup.select("a[href]"):
            href = str(a["href"])
            if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                continue
            target = href.split("#")[0]
            if not target.endswith(".md"):
                continue  # downloads and assets are checked on the built site
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            if "/" in resolved and posixpath.dirname(resolved) not in folders:
                continue
            assert resolved in known, f"{page}: link to {href}"
            checked += 1
    assert checked > 1000


def test_generate_writes_every_page(data: Dataset, generated: dict[str, str],
                                    tmp_path: Path) -> None:
    assert main(["--data", str(data.root), "generate", str(tmp_path)]) == 0
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    assert set(generated) <= written
    timeline = (tmp_path / paths.TIMELINE).read_text(encoding="utf-8")
    assert all(f"{{ #{e.id} .tl-title }}" in timeline for e in data.events)
    # Whole pages for any front end: the "Cite this page" section, block and all, ends them
    # (the MkDocs hook leaves the block to the theme, which puts it in the same place).
    section = timeline[timeline.index("## Cite this page { #cite-this-page }"):]
    assert section.count('<div class="cite-block" id="cite"') == 1
    assert section.endswith("</div>\n")


def link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one (the renderer replaces, never rewrites)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def dangerous(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes that would run script or navigate to one, other than the
    site's own scripts (an empty element loading a file from assets/)."""
    found = [str(t)[:80] for t in soup.select("script, iframe, object, embed")
             if not (t.name == "script" and not t.get_text().strip()
                     and re.match(r"^(\.\./)*assets/[\w./-]+\.js$", str(t.get("src", ""))))]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                found.append(f"{tag.name}[{name}]")
            if name in {"href", "src"} and str(value).strip().lower().startswith("javascript:"):
                found.append(f"{tag.name}[{name}={value}]")
    return found


def folded(text: str) -> str:
    return " ".join(text.split())


def test_hostile_strings_in_the_data_files_show_as_text(
        data_copy: DataCopy, site_markdown: Callable[[str], str]) -> None:
    # Charts are rendered into a cache beside the data folder; start from the project's, linked
    # rather than copied, so that only the charts that show a changed string are drawn again.
    cache = ROOT / ".cache" / "charts"
    if cache.is_dir():
        shutil.copytree(cache, data_copy.root.parent / ".cache" / "charts",
                        copy_function=link_or_copy)
    quoted = json.dumps(HOSTILE)  # a JSON string is a valid YAML double-quoted scalar
    data_copy.set_field("events.yaml", "smart-growth-concept", "title", quoted)
    data_copy.set_field("events.yaml", "smart-growth-concept", "summary", quoted)
    data_copy.set_field("events.yaml", "smart-growth-concept", "notes", f"[{{text: {quoted}}}]")
    data_copy.set_field("organisations.yaml", "cisco", "name", quoted)
    data_copy.set_field("organisations.yaml", "cisco", "short_name", quoted)
    data_copy.set_field("countries.yaml", "indonesia", "summary", quoted)
    data_copy.set_field("facts.yaml", "ascn-pilot-cities", "label", quoted)
    data_copy.replace("sources.json", '"title": "Worlding Infrastructure in the Global South: '
                      "Philippine Experiments and the Art of Being ‘Smart’\"",
                      f'"title": {quoted}')
    hostile = load(data_copy.root)
    pages = generate_pages(hostile)
    cisco_page = paths.record_page(hostile, "organisations", "cisco")[0]
    where = {paths.TIMELINE: 3, cisco_page: 1, "countries/indonesia.md": 1, paths.NUMBERS: 1,
             paths.SOURCES: 1, paths.SECTION_INDEX["vendors"]: 1}
    for page, text in pages.items():
        soup, meta = to_html(site_markdown, text)
        assert dangerous(soup) == [], page
        if page in where:
            assert folded(soup.get_text()).count(folded(HOSTILE)) >= where[page], page
    _, meta = to_html(site_markdown, pages[cisco_page])
    assert meta["title"] == HOSTILE


hostile_text = st.lists(st.one_of(
    st.sampled_from(["<script>x</script>", "{{ a }}", "{% b %}", "[l](javascript:c)", "*e*",
                     "`t`", "|", "&amp;", "&#60;", "\n", "- ", "1. ", "# ", "[^fn1]", "<!--",
                     "-->", "{: #x }", "\\", ">", "~~~", "???"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            max_size=6)), min_size=1, max_size=8).map("".join).filter(lambda v: v.strip())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile_text, summary=hostile_text)
def test_any_event_text_survives_the_timeline_page_as_text(
        data: Dataset, site_markdown: Callable[[str], str], title: str, summary: str) -> None:
    event = data.events[5].model_copy(update={"title": title.strip(), "summary": summary.strip()})
    changed = dataclasses.replace(
        data, events=tuple(event if e.id == event.id else e for e in data.events),
        by_id={**data.by_id, "events": {**data.by_id["events"], event.id: event}})
    # The timeline's own template, as generate_pages renders it (without the chart inserts,
    # which would draw every chart again for each example; the test above covers those).
    markdown = Context(changed, paths.TIMELINE).render(
        "pages/timeline.md.j2", periods=_periods(changed.events))
    soup, _ = to_html(site_markdown, markdown)
    assert dangerous(soup) == []
    article = soup.select_one(f"article.tl-event:has(> [id='{event.id}'])")
    assert article is not None
    heading = article.select_one(".tl-title")
    assert heading is not None
    for permalink in heading.select("a.headerlink"):
        permalink.decompose()
    assert folded(heading.get_text()) == folded(title)
    assert folded(summary) in folded(article.get_text())


# Reader audit: what the reference pages claim must match the data they are made from.

def _section(text: str, heading: str) -> str:
    """The Markdown of one `## heading` section of a page, up to the next `## `."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def _plain(text: str) -> str:
    """Markdown with links reduced to their text and escapes dropped."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("\\", "")


def test_partner_engagements_list_only_events_that_involve_asean(
        data: Dataset, generated: dict[str, str]) -> None:
    members = {p.id for p in data.countries}
    table_1 = {r.event for t in data.report.tables if t.number == 1 for r in t.rows}
    listed_anywhere = set()
    for partner in data.partners:
        text = generated[f"partners/{partner.id}.md"]
        engagements = _section(text, "Engagement with ASEAN")
        history = _section(text, "Its own smart-city history")
        listed = set(re.findall(r"timeline\.md#([a-z0-9-]+)", engagements))
        listed_anywhere |= listed
        for event_id in listed:
            event = data.get("events", event_id)
            assert event_id in table_1 or members & set(event.countries) or \
                {"asean", "ascn"} & set(event.actors), (partner.id, event_id)
        # Nothing is lost: every event of the partner is under one heading or the other.
        mine = {e.id for e in data.events if partner.id in e.countries}
        in_history = set(re.findall(r"timeline\.md#([a-z0-9-]+)", history))
        assert listed | in_history == mine, partner.id
        assert not listed & in_history, partner.id
    assert table_1 <= listed_anywhere  # every row of Table 1 is some partner's engagement
    us = generated["partners/united-states.md"]
    glance = us[us.index("**Engagements with ASEAN and the ASCN:**"):].split("\n", 1)[0]
    assert "clinton-global-initiative-launch" not in glance
    assert "clinton-global-initiative-launch" not in _section(us, "Engagement with ASEAN")
    assert "clinton-global-initiative-launch" in _section(us, "Its own smart-city history")


def test_a_partner_s_history_line_reads_as_a_sentence(
        data: Dataset, generated: dict[str, str]) -> None:
    for partner in data.partners:
        text = generated[f"partners/{partner.id}.md"]
        line = _plain(next(x for x in text.splitlines()
                           if x.startswith("- **Its own smart-city history")))
        ids = list(dict.fromkeys(re.findall(  # an event's note link repeats its address
            r"timeline\.md#([a-z0-9-]+)", _section(text, "Its own smart-city history"))))
        if not ids:
            assert line.endswith("the report tells none."), partner.id
            continue
        events = sorted((data.get("events", i) for i in ids),
                        key=lambda e: dates.sort_key(e.date, e.approx))
        first = dates.in_sentence(events[0].date, events[0].approx)
        assert f"** {counted(len(events), 'event')}, " in line, (partner.id, line)
        assert f" {first}" in line, (partner.id, line)
    us = _plain(generated["partners/united-states.md"])
    assert "from the late 1960s to " in us


def test_decade_dates_are_never_shown_as_their_first_year(generated: dict[str, str]) -> None:
    bureau = generated["organisations/la-community-analysis-bureau.md"]
    line = next(x for x in bureau.splitlines() if x.startswith("- **Earliest date"))
    assert "late 1960s" in line and "1960]" not in line
    ibm = next(x for x in generated["vendors/ibm.md"].splitlines()
               if x.startswith("- **Earliest date"))
    assert "[1990s]" in ibm
    rows = {m[1]: m[0] for m in re.findall(r"^(\| \[[^\]]+\]\(([a-z0-9-]+)\.md\).*)$",
                                            generated["vendors/index.md"], re.MULTILINE)}
    assert "| 1990s |" in rows["ibm"] and "| 1990 |" not in rows["ibm"]
    orgs = generated["organisations/index.md"]
    assert "| late 1960s |" in next(x for x in orgs.splitlines()
                                   if "(la-community-analysis-bureau.md)" in x)
    projects = generated["projects/index.md"].splitlines()
    for project in ("barcelona-smart-city", "amsterdam-smart-city"):
        row = next(x for x in projects if f"({project}.md)" in x)
        assert "| 2000s |" in row and "| 2000 |" not in row, row


@pytest.mark.parametrize("country", ["brunei-darussalam", "lao-pdr"])
def test_a_country_named_only_in_footnote_1_is_not_said_to_be_named_in_an_event(
        data: Dataset, generated: dict[str, str], site_markdown: Callable[[str], str],
        country: str) -> None:
    soup, _ = to_html(site_markdown, generated[f"countries/{country}.md"])
    place = data.get("countries", country)
    assert "only" in place.summary and "footnote" in place.summary
    [admonition] = soup.select("div.admonition.info")
    box = " ".join(admonition.get_text(" ").split())
    assert "names this country in" not in box
    assert f"No dated event in the report is about {place.name} in particular" in box
    assert "one event about all ten ASEAN members together" in box
    [event] = [e for e in data.events if country in e.countries]
    assert {p.id for p in data.countries} <= set(event.countries)


def test_the_says_little_box_counts_only_events_that_single_the_country_out(
        data: Dataset, generated: dict[str, str]) -> None:
    members = {p.id for p in data.countries}
    for country in data.countries:
        text = generated[f"countries/{country.id}.md"]
        own = [e for e in data.events if country.id in e.countries
               and not members <= set(e.countries)]
        if '!!! info "The report says little here"' not in text:
            continue
        box = text[text.index('!!! info "The report says little here"'):].split("\n\n", 1)[0]
        if own:
            assert f"in {counted(len(own), 'dated event')} of its own" in box, country.id
        else:
            assert "No dated event in the report is about" in box, country.id


def test_no_organisation_gets_its_country_twice(generated: dict[str, str]) -> None:
    vietnam = _plain(generated["countries/vietnam.md"])
    assert "Ministry of Information and Communications (Vietnam)" in vietnam
    for page, text in generated.items():
        if page.startswith(("countries/", "partners/")):
            doubled = re.findall(r"\(([^()\n]+)\) \(\1\)", _plain(text))
            assert doubled == [], page


def test_thailand_target_notes_the_reports_two_versions(generated: dict[str, str]) -> None:
    text = generated[paths.NUMBERS]
    block = text[text.index('id="thailand-smart-cities-target"'):]
    block = block[:block.index("</div>")]
    assert "**more than 100 cities**" in block
    note = next(x for x in block.splitlines() if "Editorial note:" in x)
    assert "section 3" in note and "section 5" in note and "“more than 100”" in note


def test_notes_say_when_they_rest_on_general_knowledge(data: Dataset,
                                                       generated: dict[str, str]) -> None:
    timeline = generated["timeline.md"]
    based = [(e, n) for e in data.events for n in e.notes if n.basis]
    assert based
    for event, note in based:
        block = timeline[timeline.index(f"{{ #{event.id} "):]
        line = next(x for x in block.splitlines() if "Editorial note" in x)
        assert NOTE_BASES[note.basis] in line, event.id
    plain = [(e, n) for e in data.events for n in e.notes if not n.basis]
    for event, _ in plain:
        block = timeline[timeline.index(f"{{ #{event.id} "):].split("\n### ", 1)[0]
        assert NOTE_BASES["general-knowledge"] not in block, event.id


def test_the_sources_page_shows_every_footnote_s_notes(data: Dataset,
                                                       generated: dict[str, str]) -> None:
    page = generated["sources.md"]
    noted = [f for f in data.footnotes if f.notes]
    assert noted
    for footnote in noted:
        after = page[page.index(f'id="footnote-{footnote.number}"'):]
        block = after.split('<p id="footnote-', 1)[0]
        for note in footnote.notes:
            assert md_escape(note.text) in block, footnote.number


def test_what_the_report_only_implies_does_not_count_as_taking_part(
        data: Dataset, generated: dict[str, str]) -> None:
    # Rio's centre is told in the paragraph on IBM, Amata only invites foreign firms: neither
    # makes the United States, China, South Korea or Taiwan a country that "meets" there.
    implied: list[tuple[str, str]] = []
    for project in data.projects:
        stated = {data.get("organisations", p.id).home for p in project.organisations
                  if p.stated} | {i.country for i in project.involved_countries if i.stated}
        implied += [(project.id, h) for h in
                    {data.get("organisations", p.id).home for p in project.organisations
                     if not p.stated} | {i.country for i in project.involved_countries
                                         if not i.stated}
                    if h and h not in stated and h != project.country]
    assert ("rio-operations-centre", "united-states") in implied
    assert ("amata-smart-city-chonburi", "china") in implied
    for project_id, home in implied:
        assert project_id not in {p.id for p in projects_for(data, home)}
        assert home not in home_countries(data, data.get("projects", project_id))
        for path, heading in ((f"partners/{home}.md", "Projects it is involved in"),
                              (f"countries/{home}.md", "Projects")):
            if path in generated:
                assert f"projects/{project_id}.md" not in _section(generated[path], heading)
    amata = generated["projects/amata-smart-city-chonburi.md"]
    assert "invited, not that any has joined" in amata
    assert "these countries are involved" not in amata


def test_indexes_and_project_tables_mark_what_is_only_mentioned(
        data: Dataset, generated: dict[str, str]) -> None:
    mentioned = [(p, part.id) for p in data.projects for part in p.organisations
                 if not part.stated]
    assert mentioned
    projects = generated["projects/index.md"].splitlines()
    for project, org_id in mentioned:
        row = next(x for x in projects if f"({project.id}.md)" in x)
        cell = row[row.index(f"{org_id}.md)"):]
        assert cell.split(")", 1)[1].startswith(" (mentioned only)"), row
        page = generated[f"projects/{project.id}.md"]
        line = next(x for x in page.splitlines() if f"{org_id}.md)" in x and x.startswith("|"))
        assert "Mentioned only" in line
        org_page = next(v for k, v in generated.items() if k.endswith(f"/{org_id}.md"))
        item = next(x for x in org_page.splitlines() if f"projects/{project.id}.md)" in x)
        assert "mentioned only" in item


def test_numbers_keep_the_precision_of_their_dates(data: Dataset,
                                                   generated: dict[str, str]) -> None:
    # The report dates Rio's 30 agencies "late 2010" and IBM's study "the early 2000s".
    page = generated["numbers.md"]
    qualified = [f for f in data.facts if f.approx]
    assert qualified
    for fact in qualified:
        block = page[page.index(f'id="{fact.id}"'):].split('<div class="fact"', 1)[0]
        assert f"As of {dates.in_sentence(fact.date, fact.approx)}" in block, fact.id
    assert "As of the early 2000s" in page and "As of late 2010" in page


def test_profile_timelines_point_to_an_event_s_editorial_note(
        data: Dataset, generated: dict[str, str]) -> None:
    ascn = generated["organisations/ascn.md"].splitlines()
    noted = [e for e in data.events if e.notes and "ascn" in e.actors]
    assert noted
    for event in noted:
        line = next(x for x in ascn if x.startswith("- [") and f"#{event.id})" in x)
        assert line.endswith(f"([editorial note](../timeline.md#{event.id}))"), line
    plain = next(x for x in ascn if x.startswith("- [") and "editorial note" not in x)
    assert plain  # events without notes carry no link, and the list stays one item per line
