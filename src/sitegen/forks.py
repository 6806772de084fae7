"""Forked copies of the running build, for the MkDocs hooks whose work needs its live state
(configuration, files, pages, plugins), which only a fork copies. sitegen's own workers are
not forks (sitegen.workers says why)."""

from __future__ import annotations

import logging
import multiprocessing
import threading

from sitegen.workers import cpus


def can_fork() -> bool:
    """Whether a forked copy of this process can work beside it now: two CPUs or more, a
    platform that forks (not Windows), and no other Python thread alive. A fork copies only
    the calling thread, so a lock another thread holds (a server's, a pool's) would stay held
    in the copy; MkDocs' build and `mkdocs serve`'s first build have none, its rebuilds do."""
    return (cpus() > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def quiet() -> None:
    """In a forked copy: drop every log record, since the build's log is the parent's."""
    loggers = [logging.getLogger(), *(logger for logger in logging.root.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger) and logger.handlers)]
    for logger in loggers:
        # A handler that drops everything: with none at all, logging's last resort would print.
        logger.handlers[:] = [logging.NullHandler()]
