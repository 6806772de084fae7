"""Bytes a reader's browser loads for each type of page: HTML, CSS, JS, images, data.

The built site is served gzipped on 127.0.0.1 (benchmarks.static_server) and opened in
Debian's Chromium through Playwright, a fresh profile per page, on a phone-sized screen; the
page is scrolled to the end so that lazily loaded charts load too. Every request the page made
is counted, with the size of its file raw and gzip-compressed. What counts is what the browser
asked for, so code a script loads later (the Vega runtime, Material's search index) is counted,
and code that is only linked from a page that never loads it is not.

Per page type the heaviest pages (by HTML size) are measured; chart pages (a page that holds a
chart: an element with a `data-spec`) and pages without charts are summed apart. Chart code
is any file under assets/charts/.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from benchmarks.project import GENERATOR
from benchmarks.static_server import gzip_size, serving

CHROMIUM = Path("/usr/bin/chromium")
CHART_CODE = "assets/charts/"
HAS_CHART = re.compile(rb"\bdata-spec=")
KINDS = {".html": "html", ".css": "css", ".js": "js", ".png": "images", ".svg": "images",
         ".jpg": "images", ".webp": "images", ".ico": "images", ".gif": "images",
         ".json": "data", ".xml": "data", ".csv": "data", ".woff2": "fonts"}


def site_pages(site: Path) -> list[str]:
    """Every page of the built site (MkDocs' pages and the chart embed pages), as folders."""
    out = []
    for path in sorted(site.rglob("index.html")):
        with path.open("rb") as handle:
            head = handle.read(4096)
        if GENERATOR.search(head) or b"data-chart-embed" in head:
            folder = path.parent.relative_to(site).as_posix()
            out.append("" if folder == "." else folder)
    return out


def page_type(folder: str, chapters: set[str]) -> str:
    """What kind of page a folder holds: home, chapter, or section plus index or page."""
    if not folder:
        return "home"
    parts = folder.split("/")
    if parts[0] in chapters:
        return "chapter"
    return parts[0] if len(parts) == 1 else f"{parts[0]}/*"


def _kind(url_path: str, resource: str) -> str:
    if resource == "document":
        return "html"
    return KINDS.get(posixpath.splitext(url_path)[1].lower(), "other")


def _file(site: Path, url: str, base: str) -> Path | None:
    if not url.startswith(base):
        return None  # a request that left the site: counted by the browser tests, not here
    path = unquote(urlsplit(url).path)
    target = site / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def _load(browser: Any, url: str) -> list[tuple[str, str]]:
    """The (url, resource type) of every request one fresh visit of the page makes."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    page.on("requestfinished", lambda r: requests.append((r.url, r.resource_type)))
    page.goto(url, wait_until="load")
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, int(height) + 800, 800):  # scroll through, so lazy charts load
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    return requests


def measure(site: Path, chapters: set[str], per_type: int = 2) -> dict[str, Any]:
    """Measure the heaviest pages of each type; return per-page figures and the summaries."""
    from playwright.sync_api import sync_playwright

    by_type: dict[str, list[str]] = defaultdict(list)
    for folder in site_pages(site):
        by_type[page_type(folder, chapters)].append(folder)
    sizes: dict[Path, int] = {}
    pages = []
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        for kind, folders in sorted(by_type.items()):
            heaviest = sorted(folders, key=lambda f: -(site / f / "index.html").stat().st_size)
            for folder in heaviest[:per_type]:
                html = (site / folder / "index.html").read_bytes()
                totals: dict[str, dict[str, int]] = defaultdict(lambda: {"raw": 0, "gzip": 0})
                chart_code = []
                for url, resource in _load(browser, base + (folder + "/" if folder else "")):
                    file = _file(site, url, base)
                    if file is None:
                        continue
                    rel = file.relative_to(site).as_posix()
                    chart_code += [rel] if rel.startswith(CHART_CODE) else []
                    bucket = totals[_kind(rel, resource)]
                    bucket["raw"] += file.stat().st_size
                    bucket["gzip"] += gzip_size(file, sizes)
                pages.append({"page": "/" + folder + ("/" if folder else ""), "type": kind,
                              "chart": bool(HAS_CHART.search(html)), "bytes": dict(totals),
                              "chart_code": sorted(set(chart_code))})
        browser.close()
    return {"pages": pages, "summary": summarise(pages)}


def summarise(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Per type the largest figures seen; chart code on chart-free pages; JS on chart pages."""
    types: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for page in pages:
        for kind, size in page["bytes"].items():
            best = types[page["type"]].setdefault(kind, {"raw": 0, "gzip": 0})
            best["raw"], best["gzip"] = max(best["raw"], size["raw"]), max(best["gzip"],
                                                                           size["gzip"])
    js = [p["bytes"].get("js", {"gzip": 0})["gzip"] for p in pages if p["chart"]]
    leaks = [p["page"] for p in pages if not p["chart"] and p["chart_code"]]
    return {"types": dict(types), "chart_pages": sum(p["chart"] for p in pages),
            "plain_pages": sum(not p["chart"] for p in pages),
            "max_js_gzip_chart_pages": max(js, default=0),
            "chart_code_on_plain_pages": leaks}
