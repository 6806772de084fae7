"""sitegen.forks: when a forked copy of the build may work beside it, and a copy that logs
nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from sitegen import forks

# A script whose loggers print, then fall quiet: nothing of the second message may appear, not
# even through logging's last resort (for a logger whose handlers are all gone).
QUIET = """
import logging, sys
from sitegen import forks
logging.basicConfig(stream=sys.stderr, format="%(name)s: %(message)s")
own = logging.getLogger("mkdocs")
own.addHandler(logging.StreamHandler(sys.stderr))
own.propagate = False
for name in ("mkdocs", "mkdocs.plugins.sitegen", "other"):
    logging.getLogger(name).warning("before")
forks.quiet()
for name in ("mkdocs", "mkdocs.plugins.sitegen", "other"):
    logging.getLogger(name).error("after")
"""


def test_a_copy_falls_quiet_on_every_logger() -> None:
    done = subprocess.run([sys.executable, "-c", QUIET], capture_output=True, text=True,
                          check=True)
    assert done.stderr.count("before") == 3, done.stderr
    assert "after" not in done.stderr


def test_no_fork_while_another_thread_is_alive() -> None:
    alone = forks.can_fork()
    assert alone == (len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not forks.can_fork()
    finally:
        release.set()
        other.join()
