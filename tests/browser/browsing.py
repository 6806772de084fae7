"""What the browser tests share: the static server, the recorded visit, the page list.

The site is served by a tiny threaded server on 127.0.0.1, as a reader's browser would meet it:
folder addresses, gzip, a 404 page. Chromium is Debian's package, launched by its path.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Frame, Page, Request, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE_URL = str(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "text/csv")


def need(condition: bool, message: str) -> None:
    """Skip when a tool is missing locally, but fail in CI, where nothing may be skipped."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def arial_family() -> str:
    """The font family fontconfig, and so Chromium on Linux, draws `Arial` with ("" if unknown)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ""
    found = subprocess.run([fc_match, "-f", "%{family[0]}", "Arial"], capture_output=True,
                           text=True, check=False)
    return found.stdout.strip()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder like a static host: index.html for folders, gzip, 404.html."""

    extra: dict[str, bytes]  # extra pages (path -> HTML) set per server
    site_url: str  # the address the site is built for (mkdocs.yml's site_url), or ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read results
        return

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        if url_path in self.extra:
            return self._send(200, "text/html; charset=utf-8", self.extra[url_path], head)
        target = Path(self.translate_path(url_path))
        if target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        if not target.is_file():
            not_found = Path(self.directory) / "404.html"
            body = not_found.read_bytes() if not_found.is_file() else b"not found"
            return self._send(404, "text/html; charset=utf-8", body, head)
        ctype = self.guess_type(str(target))
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        body = target.read_bytes()
        if self.site_url and target.name == "sitemap.xml":
            # Material's instant navigation only follows links listed in the sitemap, matched
            # by scheme, host name and port; the sitemap names site_url. Served here as if the
            # site were deployed at this server's address, as it is at its real one.
            origin = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}/"
            body = body.replace(self.site_url.encode(), origin.encode())
        return self._send(200, ctype, body, head)

    def _send(self, status: int, ctype: str, body: bytes, head: bool) -> None:
        zipped = ("gzip" in self.headers.get("Accept-Encoding", "")
                  and ctype.startswith(COMPRESSIBLE))
        if zipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not head:
            # The browser may give up on a response (a page was left): nothing to serve then.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


@dataclass
class Server:
    """A running static server: its origin and the folder it serves."""

    origin: str
    root: Path
    extra: dict[str, bytes] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The absolute address of a site path such as '/timeline/'."""
        return self.origin + path


def serve(root: Path, site_url: str = "") -> Iterator[Server]:
    """Serve a folder on a free port of 127.0.0.1 until the generator is closed."""
    extra: dict[str, bytes] = {}
    handler = type("Handler", (_Handler,), {"extra": extra, "site_url": site_url})

    def factory(*args: Any) -> http.server.BaseHTTPRequestHandler:
        return handler(*args, directory=str(root))

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", root, extra)
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Visit:
    """What one browser context saw: problems are collected, not raised, so a test lists all."""

    context: BrowserContext
    allowed: tuple[str, ...]
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def new_page(self) -> Page:
        """A page whose console, errors and requests are recorded."""
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"{r.status} {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))
        return page

    def problems(self) -> list[str]:
        """Every console error, failed request and third-party request seen so far."""
        return ([f"console: {m}" for m in self.console_errors]
                + [f"failed: {m}" for m in self.failed]
                + [f"third-party request: {m}" for m in self.foreign])

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.console_errors.append(f"{msg.text} at {msg.location.get('url', '?')}")

    def _request_failed(self, request: Request) -> None:
        failure = request.failure or "?"
        # Chromium aborts what is still loading when a page is left or an iframe goes away;
        # that is the test moving on, not the site failing.
        if failure != "net::ERR_ABORTED":
            self.failed.append(f"{failure} {request.url}")

    def _block(self, route: Route) -> None:
        self.foreign.append(route.request.url)
        route.abort("blockedbyclient")


# A frame is drawn when its live view is in place and holds data marks: Vega's SVG renderer
# puts them in groups of role "mark"; a canvas must hold some non-transparent pixels.
DRAWN = """(frame) => {
  const live = frame.querySelector(".chart-live");
  if (!live || live.dataset.state !== "live" || !frame.classList.contains("is-live")) return 0;
  const svgMarks = live.querySelectorAll(
    "svg g.role-mark > path, svg g.role-mark > rect, svg g.role-mark > line, " +
    "svg g.role-mark > circle, svg g.role-mark > text, svg g.role-mark > g, " +
    "svg g.role-mark > image, svg g.role-mark > polygon").length;
  if (svgMarks) return svgMarks;
  const canvas = live.querySelector("canvas");
  if (!canvas || !canvas.width) return 0;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) return 1;
  return 0;
}"""


def wait_until_drawn(page: Page | Frame, where: str) -> int:
    """Bring every chart on the page into view (they draw when seen); wait for each to draw."""
    frames = page.locator(".chart-frame")
    count = frames.count()
    assert count > 0, f"{where}: no chart on the page"
    # Charts go live on the reader's first interaction (charts.js); a pointer move is one,
    # once the chart script is there to hear it (instant navigation may still be adding it).
    page.wait_for_function("() => window.sitegenCharts", timeout=15_000)
    page.evaluate("() => window.dispatchEvent(new PointerEvent('pointermove'))")
    for i in range(count):
        frame = frames.nth(i)
        try:
            frame.scroll_into_view_if_needed()
            page.wait_for_function(DRAWN, arg=frame.element_handle(), timeout=15_000)
        except Exception as exc:
            state = page.evaluate("() => Array.from(document.querySelectorAll("
                                  "'.chart-live')).map((b) => b.dataset.state)")
            raise AssertionError(f"{where}: chart {i + 1} of {count} did not draw "
                                 f"(state {state}): {exc}") from exc
    return count


# A phone as the browser tests open one (options for Browser.new_context): a 360 px screen.
PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}


# One page of every type a reader meets, by its stable address (see the issues' address lists).
PAGE_TYPES = {
    "home": "/",
    "narrative": "/smart-cities-in-asean/",
    "timeline": "/timeline/",
    "country": "/countries/philippines/",
    "partner": "/partners/japan/",
    "vendors": "/vendors/",
    "vendor": "/vendors/cisco/",
    "projects": "/projects/",
    "project": "/projects/new-clark-city/",
    "sources": "/sources/",
    "chart": "/charts/urban-population/",
    "embed": "/embed/urban-population/",
}
