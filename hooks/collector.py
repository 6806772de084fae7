"""MkDocs hook: while `make serve` rebuilds the site, Python's garbage collector runs less
often (sitegen.collector says why, and why only there). From the first handler of on_config to
the last of on_post_build, so every other hook and MkDocs' own work are inside; between
rebuilds the defaults apply. At exit, whatever the command, the site's objects are left to the
operating system instead of being collected one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from sitegen import collector

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_startup(command: str, dirty: bool) -> None:
    """Note the command: `serve` collects less in its builds, `build` does not."""
    collector.serving(command)
    collector.exit_without_collecting()


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
