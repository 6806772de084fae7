"""Capture the site as plain files: what our hooks give MkDocs, written out once.

Runs the project's MkDocs configuration up to the point where every page's Markdown is final
(on_config, on_files, on_page_markdown: every plugin and hook, as in a real build), then writes
each page with its front matter, and every other file, under PROJECT/plain/. Building that
folder without the hooks costs what MkDocs alone costs for the same pages.

Usage: python -m benchmarks.plain PROJECT
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from benchmarks.project import PLAIN_DOCS


def capture(project: Path) -> int:
    """Write every page and file of the project's site as plain files; return the page count."""
    os.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    out = project / PLAIN_DOCS
    shutil.rmtree(out, ignore_errors=True)
    pages = 0
    for file in files:
        if file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
            continue
        target = out / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not file.is_documentation_page():
            target.write_bytes(file.content_bytes)
            continue
        page = Page(None, file, config)
        page.read_source(config)
        markdown = config.plugins.on_page_markdown(page.markdown or "", page=page,
                                                   config=config, files=files)
        # Markup (the hooks' head tags) is a str subclass that safe_dump does not know.
        meta = {k: str(v) if isinstance(v, str) else v for k, v in page.meta.items()}
        front = yaml.safe_dump(meta, allow_unicode=True, width=10_000)
        target.write_text(f"---\n{front}---\n\n{markdown}" if page.meta else markdown,
                          encoding="utf-8")
        pages += 1
    config.plugins.on_shutdown()
    return pages


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plain", description=__doc__)
    parser.add_argument("project", type=Path)
    args = parser.parse_args()
    count = capture(args.project.resolve())
    print(f"wrote {count} pages to {args.project / PLAIN_DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
