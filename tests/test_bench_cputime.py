"""benchmarks.cputime: CPU time per component, a call inside another counted once."""

from __future__ import annotations

import time

from benchmarks.cputime import Clock


def spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_an_inner_call_pauses_the_outer_ones_clock() -> None:
    clock = Clock()
    inner = clock.timed("inner", spin)

    def outer() -> None:
        spin(0.05)
        inner(0.1)

    start = time.process_time()
    clock.timed("outer", outer)()
    whole = time.process_time() - start
    assert 0.1 <= clock.cpu["inner"] < whole - 0.05
    assert 0.05 <= clock.cpu["outer"] < whole - 0.1
    assert abs(clock.cpu["inner"] + clock.cpu["outer"] - whole) < 0.01
    assert not clock.stack


def test_a_call_may_name_itself_and_count_for_several() -> None:
    clock = Clock()
    sized = clock.timed(lambda items: f"{len(items)} items", len, lambda items: len(items))
    sized([1, 2, 3])
    sized([4, 5, 6])
    sized([7])
    assert dict(clock.calls) == {"3 items": 6, "1 items": 1}
