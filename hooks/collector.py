"""MkDocs hook: Python's garbage collector runs less often while a build runs (sitegen.collector
says why). From the first handler of on_config to the last of on_post_build, so every other
hook, MkDocs' own work and the forked copies of the build (hooks/markdown_cache.py,
hooks/copy_ahead.py) are inside; between the rebuilds of `make serve` the defaults apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from sitegen import collector

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@event_priority(100)  # before any other handler: the whole build collects less
def on_config(config: MkDocsConfig) -> None:
    """A build starts."""
    collector.collect_less()


@event_priority(-100)  # after any other handler: the build is over
def on_post_build(config: MkDocsConfig) -> None:
    """The build is over."""
    collector.collect_as_before()


def on_build_error(error: Exception) -> None:
    """The build stopped."""
    collector.collect_as_before()
