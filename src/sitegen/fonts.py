"""The system fonts the charts are measured and drawn with, as a hash for cache keys.

vl-convert can lay out a chart's text with the fonts installed on the machine (the charts name
system fonts, as the site does). `sitegen.vlconvert` hides them on Linux, but where it cannot
(fontdb reads no fontconfig file on macOS or Windows), a render kept from before a font was
added, removed or updated could differ from a fresh one. The caches that hold renders put this
hash in their key.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

# Where vl-convert's font database (fontdb) looks on Linux, per user and system-wide.
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa"}


@cache
def fingerprint() -> str:
    """A hash of every font file's path, size and modification time (read once per process)."""
    digest = hashlib.sha256(b"fonts")
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]
