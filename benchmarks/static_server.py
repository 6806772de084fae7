"""A local static server for a built site that compresses text with gzip, as a web host would.

Used to measure what a reader's browser loads (benchmarks.weight) and to run Lighthouse.
It listens on 127.0.0.1 only, on a free port, in a background thread.
"""

from __future__ import annotations

import gzip
import io
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# File types a web host compresses (images other than SVG are compressed already).
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".bib", ".ris")


def gzip_size(path: Path, cache: dict[Path, int] | None = None) -> int:
    """Bytes the file takes on the wire: gzip level 6 for text types, as is for the rest."""
    if cache is not None and path in cache:
        return cache[path]
    data = path.read_bytes()
    size = len(gzip.compress(data, 6, mtime=0)) if path.suffix in COMPRESSED else len(data)
    if cache is not None:
        cache[path] = size
    return size


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files from the site folder; text types gzip-compressed when the client asks."""

    def send_head(self) -> Any:
        """Like the base class, but compressed (and cacheable) where a host would do so."""
        path = self.translate_path(self.path)
        if self.path.split("?")[0].endswith("/"):
            path = path.rstrip("/") + "/index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not path.endswith(COMPRESSED):
            return super().send_head()
        try:
            with open(path, "rb") as handle:  # noqa: PTH123 - mirrors the base class
                body = gzip.compress(handle.read(), 6, mtime=0)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the benchmark prints its own summary."""


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1; yield its base address."""
    handler = partial(GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
