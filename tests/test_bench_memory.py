"""benchmarks.memory: the peak memory of a process and every process it starts, counted once."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from test_cli import fixture_project

from benchmarks import memory, project

if TYPE_CHECKING:
    from pathlib import Path

MB = 1e6
# Holds `size` MB, touched so it is resident, until its input closes; with `fork`, a child does
# the same first, and with `share`, a forked child only reads the parent's memory.
HOLD = """
import os, sys
size, mode = int(sys.argv[1]), sys.argv[2]
data = bytearray(os.urandom(size * 1_000_000))
child = os.fork() if mode != "alone" else 1
if child == 0 and mode == "fork":
    data = bytearray(os.urandom(size * 1_000_000))  # the child's own memory
os.write(1, b"ready\\n")  # one write: atomic on a pipe, so parent and child never interleave
sys.stdin.read()
"""


def peak_of(size: int, mode: str) -> float:
    with subprocess.Popen([sys.executable, "-c", HOLD, str(size), mode], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline() == "ready\n"
        if mode != "alone":
            assert process.stdout.readline() == "ready\n"
        with memory.Peak(process.pid, interval=0.05) as peak:
            memory_now = memory.tree_pss_kb(process.pid)
        process.stdin.close()
    assert peak.kb >= memory_now * 0.9
    return peak.mb


def test_a_process_is_measured_by_what_it_holds() -> None:
    assert 150 <= peak_of(150, "alone") < 250


def test_a_forked_child_with_its_own_memory_adds_it() -> None:
    assert 300 <= peak_of(150, "fork") < 420


def test_memory_a_fork_shares_with_its_parent_counts_once() -> None:
    assert 150 <= peak_of(150, "share") < 250


def test_a_process_that_has_ended_holds_nothing() -> None:
    assert memory.available()  # Linux, as the benchmark's machine and CI
    with subprocess.Popen([sys.executable, "-c", "pass"]) as process:
        process.wait()
    assert memory.tree_pss_kb(process.pid) == 0


@pytest.mark.build
def test_a_timed_build_reports_its_peak_memory(tmp_path: Path, fixture_renders: Path) -> None:
    built = project.build(fixture_project(tmp_path, fixture_renders), tmp_path / "site")
    assert built.ok, built.log
    assert built.peak_mb > 50  # MkDocs, Material and sitegen loaded: well over 50 MB
