"""Every address in the built site resolves, and no page loads anything from a third party.

Walks every HTML file (and the sitemap, stylesheets and static SVGs) of the real build: each
internal link, anchor, footnote, download, redirect and embed address must name a file that
exists and, with a fragment, an id on that page. Links to cited works in <a href> may leave the
site; nothing the browser fetches by itself (scripts, styles, images, fonts, frames) may.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE = urlsplit(SITE_URL)
# Attributes that hold an address, by element; srcset holds several.
ADDRESS_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
    "object": ("data",), "input": ("src",), "form": ("action",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link> relations for which the browser fetches the address by itself (HTML's resource and
# hint relations); others (canonical, alternate, license, schema.DC...) only name a page.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest",
                "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                "prerender", "apple-touch-icon-precomposed", "expect"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:")


@dataclass(frozen=True)
class Address:
    """One address found in the site: where, in which element and attribute, and what."""

    page: str  # site path of the page it is on, e.g. /timeline/
    where: str  # e.g. a[href]
    value: str

    def __str__(self) -> str:
        return f"{self.page}: {self.where}={self.value!r}"


def site_path(site: Path, file: Path) -> str:
    """The address path a file is served at: folders for index.html pages."""
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


@functools.cache
def parse(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids_in(file: Path) -> frozenset[str]:
    page = parse(file)
    named = {a["name"] for a in page.select("a[name]") if isinstance(a["name"], str)}
    return frozenset({str(t["id"]) for t in page.select("[id]")} | named)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def addresses_in(site: Path, file: Path) -> list[Address]:
    """Every address in one HTML file, embed snippets and redirects included."""
    page = site_path(site, file)
    found = list(_attribute_addresses(page, parse(file)))
    for meta in parse(file).select("meta[http-equiv=refresh i]"):
        url = str(meta.get("content", "")).partition("url=")[2].strip()
        if url:
            found.append(Address(page, "meta[http-equiv=refresh]", url))
    # Embed snippets are shown as code for readers to copy: their addresses must work too.
    for code in parse(file).select("code, textarea"):
        text = code.get_text()
        if "<iframe" in text or "<script" in text:
            snippet = BeautifulSoup(text, "html.parser")
            found += [Address(page, f"snippet {a.where}", a.value)
                      for a in _attribute_addresses(page, snippet)]
    for style in parse(file).select("style, [style]"):
        css = style.get_text() if style.name == "style" else str(style["style"])
        found += [Address(page, f"{style.name} css url()", u) for u in CSS_URL.findall(css)]
    return found


def _attribute_addresses(page: str, soup: BeautifulSoup) -> list[Address]:
    out = []
    for name, attrs in ADDRESS_ATTRS.items():
        for tag in soup.find_all(name):
            assert isinstance(tag, Tag)
            for attr in attrs:
                value = tag.get(attr)
                if not isinstance(value, str) or not value.strip():
                    continue
                rel = " ".join(tag.get("rel") or []) if name == "link" else ""
                where = f"{name}[{attr}]" + (f"[rel={rel}]" if rel else "")
                values = ([v.strip().split(" ")[0] for v in value.split(",")]
                          if attr == "srcset" else [value.strip()])
                out += [Address(page, where, v) for v in values]
    return out


def is_fetched_by_browser(address: Address) -> bool:
    """Whether the browser loads this address on its own (not a link a reader follows)."""
    if address.where.startswith(("a[", "area[", "form[", "snippet a[", "meta[")):
        return False
    if address.where.startswith("link[") or address.where.startswith("snippet link["):
        rels = set(address.where.partition("[rel=")[2].rstrip("]").lower().split())
        return bool(rels & FETCHED_RELS)
    return True


def resolve(site: Path, address: Address) -> tuple[Path | None, str] | None:
    """The file and fragment an address names on this site; None when it leaves the site."""
    url = urljoin(SITE_URL.rstrip("/") + address.page, address.value)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (SITE.scheme, SITE.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(SITE.path):
        return None, ""
    rel = path[len(SITE.path):]
    target = site / rel
    if rel == "" or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() else None), unquote(parts.fragment)


def all_addresses(site: Path) -> list[Address]:
    return [a for f in html_files(site) for a in addresses_in(site, f)
            if not a.value.startswith(IGNORED_SCHEMES)]


def broken(site: Path, addresses: list[Address]) -> list[tuple[Address, str]]:
    """Every on-site address whose file, or whose fragment on that page, does not exist."""
    out = []
    for address in addresses:
        resolved = resolve(site, address)
        if resolved is None:
            continue
        target, fragment = resolved
        if target is None:
            out.append((address, "no such file"))
        elif fragment and target.suffix == ".html" and fragment not in ids_in(target):
            out.append((address, f"no id {fragment!r} in {site_path(site, target)}"))
    return out


def third_party(addresses: list[Address]) -> list[Address]:
    """Addresses on another host that the browser would fetch by itself."""
    return [a for a in addresses
            if urlsplit(urljoin(SITE_URL, a.value)).netloc not in ("", SITE.netloc)
            and is_fetched_by_browser(a)]


@pytest.fixture(scope="module")
def addresses(built_site: Path) -> list[Address]:
    found = all_addresses(built_site)
    assert len(found) > 1000, "too few addresses: is the site empty?"
    return found


def test_every_internal_address_resolves(built_site: Path, addresses: list[Address]) -> None:
    assert [f"{a}: {why}" for a, why in broken(built_site, addresses)] == []


def test_every_footnote_reference_has_its_note_and_back(built_site: Path) -> None:
    checked = 0
    for file in html_files(built_site):
        page = parse(file)
        for ref in page.select("a.footnote-ref"):
            note = str(ref["href"]).lstrip("#")
            assert note in ids_in(file), f"{site_path(built_site, file)}: no footnote {note}"
            checked += 1
        for back in page.select("a.footnote-backref"):
            assert str(back["href"]).lstrip("#") in ids_in(file)
    assert checked > 100


def test_nothing_is_fetched_from_a_third_party(built_site: Path,
                                               addresses: list[Address]) -> None:
    foreign = [str(a) for a in third_party(addresses)]
    for css in built_site.rglob("*.css"):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8")):
            if urlsplit(url).netloc:
                foreign.append(f"{css.relative_to(built_site)}: url({url})")
    for svg in built_site.rglob("*.svg"):
        for url in re.findall(r"""(?:xlink:)?href=["'](https?:[^"']+)""",
                              svg.read_text(encoding="utf-8")):
            foreign.append(f"{svg.relative_to(built_site)}: {url}")
    assert foreign == []


def test_the_sitemap_lists_only_pages_that_exist(built_site: Path) -> None:
    tree = ElementTree.parse(built_site / "sitemap.xml")
    locs = [(loc.text or "").strip() for loc in tree.iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 50
    missing = []
    for loc in locs:
        resolved = resolve(built_site, Address("/", "sitemap loc", loc))
        if resolved is None or resolved[0] is None:
            missing.append(loc)
    assert missing == []


def test_the_checker_catches_what_it_should(tmp_path: Path) -> None:
    # The walker itself: a broken link, a missing anchor and a CDN script must all be found.
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
        '<link rel="stylesheet" href="https://fonts.example.com/css">'
        '<p id="here"><a href="a/">ok</a> <a href="a/#there">ok</a> <a href="b/">broken</a>'
        ' <a href="#nowhere">no anchor</a> <a href="https://example.com/">cited work</a>'
        ' <script src="https://cdn.example.net/x.js"></script></p>'
        '<pre><code>&lt;iframe src="' + SITE_URL + 'gone/"&gt;&lt;/iframe&gt;</code></pre>',
        encoding="utf-8")
    (site / "a" / "index.html").write_text('<h1 id="there">A</h1>', encoding="utf-8")
    found = all_addresses(site)
    assert [a.value for a, _ in broken(site, found)] == ["b/", "#nowhere", SITE_URL + "gone/"]
    assert [a.value for a in third_party(found)] == [
        "https://fonts.example.com/css", "https://cdn.example.net/x.js"]
