"""Where a MkDocs build spends its time, per page and per component, without cProfile's overhead.

Runs `mkdocs build` in this process with MkDocs, Python-Markdown, Jinja and the plugins' events
wrapped by timers. A wrapped call pauses the clock of the call around it, so the components'
times are exclusive and add up to the whole build. Markdown is split by processor (each
preprocessor, block processor, tree processor, inline pattern and postprocessor, by its
registered name), then grouped (see `group`) for the table. Times are CPU seconds
(time.process_time, which counts the kernel's time writing files too), so that a busy machine
disturbs them less; run a few times and take medians.

Usage: python -m benchmarks.profile_build CONFIG [--site-dir DIR] [--json OUT] [--all]
(the project's hooks are imported from its own folder; put the worktree's src/ on PYTHONPATH.)
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import jinja2
import markdown
import mkdocs.commands.build as mkbuild
import mkdocs.plugins
import mkdocs.structure.files as mkfiles
import mkdocs.structure.pages as mkpages
import mkdocs.utils as mkutils
from mkdocs.config import load_config

from benchmarks.cputime import Clock
from benchmarks.project import count_pages

_clock = Clock()
_timed = _clock.timed


def _wrap(owner: object, attribute: str, name: str) -> None:
    setattr(owner, attribute, _timed(name, getattr(owner, attribute)))


def _wrap_registry(registry: Any, kind: str, method: str = "run") -> None:
    """Time every item of a Python-Markdown registry under its registered name."""
    for item_name, item in registry._data.items():
        if not getattr(item, "_profiled", False):
            setattr(item, method, _timed(f"md.{kind}:{item_name}", getattr(item, method)))
            item._profiled = True


def _instrument() -> None:
    """Wrap the parts of a build; Markdown's processors are wrapped per instance (one a page)."""
    convert = markdown.Markdown.convert

    def profiled_convert(self: Any, source: str) -> Any:
        _wrap_registry(self.preprocessors, "pre")
        _wrap_registry(self.parser.blockprocessors, "block")
        _wrap_registry(self.treeprocessors, "tree")
        _wrap_registry(self.inlinePatterns, "inline", "handleMatch")
        _wrap_registry(self.postprocessors, "post")
        if not getattr(self, "_profiled", False):
            self.serializer = _timed("md.serialize", self.serializer)
            self._profiled = True
        return convert(self, source)

    markdown.Markdown.convert = _timed("md.parser", profiled_convert)  # type: ignore[method-assign]
    _wrap(markdown.Markdown, "__init__", "md.new Markdown per page")
    for owner, attribute, name in (
            (mkpages.Page, "read_source", "read source, front matter"),
            (mkpages.Page, "render", "page render (rest)"),
            (mkpages.Page, "validate_anchor_links", "validate anchors"),
            (mkpages, "get_toc", "page toc"),
            (mkbuild, "get_context", "template context"),
            (mkbuild, "get_navigation", "navigation"),
            (mkbuild, "get_files", "gather files"),
            (mkbuild, "_build_theme_template", "theme templates (404, sitemap)"),
            (mkbuild, "_populate_page", "populate page (rest)"),
            (mkbuild, "_build_page", "build page (rest)"),
            (mkutils, "write_file", "write page files"),
            (mkutils, "clean_directory", "clean site dir"),
            (mkfiles.Files, "copy_static_files", "copy or write other files"),
            (mkfiles.Files, "add_files_from_theme", "gather files"),
            (jinja2.environment.Environment, "get_template", "jinja render")):
        _wrap(owner, attribute, name)
    render = jinja2.environment.Template.render

    def profiled_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        # Templates rendered inside a plugin's or hook's event are theirs, not the theme's.
        inside = next((s[0] for s in reversed(_clock.stack) if s[0].startswith("event:")), None)
        _clock.enter(f"jinja in {inside}" if inside and inside != "event:page_context"
               else "jinja render")
        try:
            return render(self, *args, **kwargs)
        finally:
            _clock.leave()

    jinja2.environment.Template.render = profiled_render  # type: ignore[method-assign]
    run_event = mkdocs.plugins.PluginCollection.run_event

    def profiled_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        _clock.enter(f"event:{name}")
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            _clock.leave()

    mkdocs.plugins.PluginCollection.run_event = profiled_event  # type: ignore[method-assign]


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    """Python's cycle collector runs inside whatever allocates: count it apart."""
    if phase == "start":
        _clock.enter("python gc")
    else:
        _clock.leave()


_GROUPS = (  # (group, test on the component's name); first match wins
    ("md: raw HTML blocks (md_in_html)", lambda k: k in (
        "md.pre:html_block", "md.block:markdown_block", "md.post:raw_html")),
    ("md: MkDocs raw-HTML id scan", lambda k: k == "md.pre:mkdocs_raw_html"),
    ("md: MkDocs link rewriting and checks", lambda k: k in (
        "md.tree:relpath", "md.tree:mkdocs_extract_anchors", "validate anchors")),
    ("md: inline (links, emphasis, refs)", lambda k: k.startswith(("md.tree:inline",
                                                                   "md.inline:"))),
    ("md: footnotes", lambda k: "footnote" in k),
    ("md: toc", lambda k: k in ("md.tree:toc", "page toc")),
    ("md: attr_list", lambda k: k == "md.tree:attr_list"),
    ("md: tables", lambda k: k == "md.block:table"),
    ("md: superfences", lambda k: k == "md.pre:fenced_code_block"),
    ("md: serialize, prettify, unescape", lambda k: k in (
        "md.serialize", "md.tree:prettify", "md.tree:unescape") or k.startswith("md.post")),
    ("md: new Markdown per page", lambda k: k == "md.new Markdown per page"),
    ("md: block parser, other processors", lambda k: k.startswith("md.")),
    ("search plugin: parse each page", lambda k: k == "event:page_context"),
    ("hooks or plugins: page_markdown", lambda k: k == "event:page_markdown"),
    ("hooks or plugins: files", lambda k: k == "event:files"),
    ("hooks or plugins: config", lambda k: k == "event:config"),
    ("post_build (search index, hooks)", lambda k: k == "event:post_build"),
    ("jinja: the theme's templates", lambda k: k == "jinja render"),
    ("jinja: hooks' templates (on_files)", lambda k: k == "jinja in event:files"),
    ("jinja: hooks' templates (other events)", lambda k: k.startswith("jinja in ")),
    ("write page HTML", lambda k: k == "write page files"),
    ("copy or write other files", lambda k: k == "copy or write other files"),
    ("read source, front matter", lambda k: k == "read source, front matter"),
    ("load config, import hooks", lambda k: k == "load config"),
    ("python gc (cycle collector)", lambda k: k == "python gc"),
)


def group(component: str) -> str:
    """The table's row for a component."""
    return next((g for g, test in _GROUPS if test(component)), "other MkDocs work")


def report(cpu: dict[str, float], pages: int, every: bool = False) -> str:
    """CPU ms per page by group (or by component), largest first."""
    rows: dict[str, float] = defaultdict(float)
    for name, seconds in cpu.items():
        rows[name if every else group(name)] += seconds
    total = sum(rows.values())
    lines = [f"{pages} pages, {total:.2f} s CPU, {1000 * total / pages:.2f} ms per page"]
    for name, seconds in sorted(rows.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<42}{1000 * seconds / pages:8.2f} ms/page"
                     f"{100 * seconds / total:6.1f}%")
    return "\n".join(lines)


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_build",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", type=Path)
    parser.add_argument("--site-dir", type=Path, default=Path("/tmp/profile-build-site"))
    parser.add_argument("--json", type=Path, help="write the components' CPU seconds here")
    parser.add_argument("--all", action="store_true", help="every component, not groups")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = args.config.resolve()
    os.chdir(config_file.parent)
    _instrument()
    gc.callbacks.append(_gc_timer)
    _clock.enter("load config")
    config = load_config(str(config_file), site_dir=str(args.site_dir.resolve()))
    config.plugins.on_startup(command="build", dirty=False)
    _clock.leave()
    _clock.enter("other MkDocs work")
    mkbuild.build(config)
    _clock.leave()
    config.plugins.on_shutdown()
    pages = count_pages(args.site_dir)
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "cpu": _clock.cpu, "calls": _clock.calls},
                                        indent=1), encoding="utf-8")
    print(report(_clock.cpu, pages, args.all))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
