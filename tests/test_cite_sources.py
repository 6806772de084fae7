"""/sources/: the whole bibliography in one CSL style, each entry with links back to every place
that cites it; and every footnote and source link on the site resolves."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from sitegen import cite_csl, cite_sources
from sitegen.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_entries_are_the_processors_chicago_output(data: Dataset, site_markdown) -> None:  # type: ignore[no-untyped-def]
    entries = cite_sources.entries(data)
    assert set(entries) == {s.id for s in data.sources}
    for source in data.sources:
        html = site_markdown(f'<p class="csl-entry" markdown>{entries[source.id]}</p>')
        shown = BeautifulSoup(html, "html.parser").get_text()
        expected = cite_csl.plain_text(cite_csl.format_record(
            cite_csl.source_record(source), "chicago"))
        assert shown == expected, source.id
        if source.url:
            link = BeautifulSoup(html, "html.parser").find("a")
            assert link is not None and link["href"] == source.url


# A doubled full stop ("n.d..", "Co..”", "Co.</i>.") or one after a comma or semicolon; an
# ellipsis is not one.
DOUBLED = re.compile(r"(?<!\.)\.[”’]?\.(?!\.)|[,;][”’]?\.")


def test_no_entry_has_doubled_punctuation(data: Dataset, site_markdown) -> None:  # type: ignore[no-untyped-def]
    for source_id, entry in cite_sources.entries(data).items():
        html = site_markdown(f'<p class="csl-entry" markdown>{entry}</p>')
        text = BeautifulSoup(html, "html.parser").get_text()
        assert not DOUBLED.search(text), (source_id, text)
    for source in data.sources:  # and in the other styles
        for key in cite_csl.STYLES:
            text = cite_csl.plain_text(cite_csl.format_record(
                cite_csl.source_record(source), key))
            assert not DOUBLED.search(text), (source.id, key, text)


def test_markup_other_than_the_processors_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected markup"):
        cite_sources.to_markdown('A <a href="x">b</a>', None)


def test_chapter_footnotes_are_traced_to_the_works_they_cite(data: Dataset) -> None:
    places = cite_sources.chapter_citations(data, ROOT / "content")
    # Footnote 30 of the report cites Kong and Woods (2021); the chapters cite it as [^fn30].
    kong = data.footnote(30).cites[0].source
    assert ("smart-cities-in-asean.md", "fnref:fn30", "Smart City in ASEAN") in places[kong]
    # Every chapter cites the report, through its section labels at least.
    chapters = {s.page + ".md" for s in data.report.sections}
    assert chapters <= {page for page, _, _ in places["okamoto-2022"]}


def test_sources_page_has_every_source_at_its_id(built_site: Path, data: Dataset) -> None:
    page = soup(built_site / "sources" / "index.html")
    for source in data.sources:
        entry = page.select_one(f"div.source-entry#{source.id}")
        assert entry is not None, source.id
        text = entry.select_one("p.csl-entry").get_text()
        assert re.sub(r"\W", "", source.title.lower())[:20] in re.sub(r"\W", "", text.lower())
    cited = page.select("div.source-entry p.cited-in a")
    assert len(cited) > len(data.sources)


def targets(built_site: Path, page_dir: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link in a built page leads to (None if external)."""
    if urlparse(href).scheme or href.startswith("mailto:"):
        return None
    base = "file://" + str(page_dir) + "/"
    url = urlparse(urljoin(base, href))
    path = Path(unquote(url.path))
    if path.is_dir() or str(url.path).endswith("/"):
        path = path / "index.html"
    return path, unquote(url.fragment)


def test_every_footnote_and_source_link_resolves(built_site: Path) -> None:
    checked = 0
    cache: dict[Path, set[str]] = {}
    for html in built_site.rglob("index.html"):
        page = soup(html)
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect left at a renamed record's old address
        links = page.select(".footnote a, a.footnote-ref, .cited-in a, a[href*='sources/#'],"
                            " a[href^='#fn'], .cite-downloads a, .cite-intro a,"
                            " .cite-item-links a, a.cite-link")
        for link in links:
            found = targets(built_site, html.parent, link["href"])
            if found is None:
                continue
            path, fragment = found
            assert path.is_file(), f"{html}: {link['href']} -> missing {path}"
            if fragment:
                if path not in cache:
                    cache[path] = {t["id"] for t in soup(path).select("[id]")}
                assert fragment in cache[path], f"{html}: {link['href']} -> no #{fragment}"
            checked += 1
    assert checked > 1000
