"""MkDocs hook: the files that are not pages are written by a forked copy of the build, on
another CPU, while MkDocs renders the pages.

MkDocs writes every file that is not a page (the theme's assets, the chart downloads and the
citation downloads: about 840 files for the real site, 47,000 at 100x the data) one at a time,
before it renders any page. That is mostly kernel time, and on this project's disk it varies
from about 2 s to 14 s at 100x (benchmarks/RESULTS.md, fix 22). Here MkDocs' own
`Files.copy_static_files` runs in a forked copy of the process, and the build goes on to the
pages at once. `on_post_build` waits for the copy before any other hook reads or writes the
site; if the copy failed, MkDocs' copy runs again here and fails as it would have.

Nothing changes where a fork is unsafe or useless (`sitegen.forks.can_fork`): on one CPU, on
Windows, and whenever another Python thread is alive, as in `mkdocs serve`'s rebuilds.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import sys
from functools import partial
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from sitegen import forks

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.copy_ahead")
_state: dict[str, Any] = {}


@event_priority(-200)  # after every other on_env: the files are final
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Have this build's files written in a forked copy when MkDocs asks for them."""
    if not forks.can_fork():
        return env
    copy = files.copy_static_files

    def copy_ahead(dirty: bool = False, **options: Any) -> None:
        included = options.get("inclusion", InclusionLevel.is_included)
        count = sum(not file.is_documentation_page() and included(file.inclusion)
                    for file in files)
        context = multiprocessing.get_context("fork")
        # Frozen objects are not walked by the collector, so neither process's collections
        # touch (and so copy) the memory the two share while the copy runs.
        gc.freeze()
        process = context.Process(target=_copy, args=(copy, dirty, options), daemon=True)
        try:
            process.start()
        except OSError:  # no fork to be had (out of processes or memory): copy here
            gc.unfreeze()
            copy(dirty, **options)
            return
        _state["copying"] = (process, partial(copy, dirty, **options), count)

    # This build's Files only; MkDocs calls it right after on_env.
    files.copy_static_files = copy_ahead  # type: ignore[method-assign]
    return env


def _copy(copy: Callable[..., None], dirty: bool, options: dict[str, Any]) -> None:
    # In the forked copy: MkDocs' own copy, logging nothing (the build's log is the parent's),
    # exit status 1 on any failure, which the build then meets again itself.
    gc.disable()
    forks.quiet()
    try:
        copy(dirty, **options)
    except BaseException:  # the build copies again, and reports what fails
        sys.exit(1)


# First, ahead of partial_rebuild's (100): no hook may read or write the site, nor remove a
# folder it finds empty, before every file is there.
@event_priority(110)
def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the forked copy; copy here if it failed."""
    copying = _wait()
    if copying is None:
        return
    process, copy_here, count = copying
    if process.exitcode == 0:
        log.info("files: %d written by a forked copy while the pages were rendered", count)
        return
    log.info("files: the forked copy stopped (exit status %s); writing the %d files here",
             process.exitcode, count)
    copy_here()


def on_build_error(error: Exception) -> None:
    """Let the copy finish, so no file appears in the site after the build has stopped."""
    _wait()


def _wait() -> tuple[Any, Callable[[], None], int] | None:
    copying: tuple[Any, Callable[[], None], int] | None = _state.pop("copying", None)
    if copying is not None:
        copying[0].join()
        gc.unfreeze()
    return copying
