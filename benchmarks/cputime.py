"""CPU time by component, exclusive: a timed call inside another pauses the outer one's clock,
so the components' times add up to the whole. Times are time.process_time (every thread of
the process, and the kernel's time on its behalf), which a busy machine disturbs less than
wall time."""

from __future__ import annotations

import time
from collections import defaultdict
from functools import wraps
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


class Clock:
    """CPU seconds and calls per component name."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[list[Any]] = []  # [component, CPU clock when it (re)started]

    def enter(self, name: str, calls: int = 1) -> None:
        """Start timing `name`, pausing the component it runs inside."""
        now = time.process_time()
        if self.stack:
            self.cpu[self.stack[-1][0]] += now - self.stack[-1][1]
        self.stack.append([name, now])
        self.calls[name] += calls

    def leave(self) -> None:
        """Stop timing the innermost component; its caller's clock runs again."""
        now = time.process_time()
        name, start = self.stack.pop()
        self.cpu[name] += now - start
        if self.stack:
            self.stack[-1][1] = now

    def timed(self, name: str | Callable[..., str], function: Callable[..., Any],
              calls: Callable[..., int] | None = None) -> Callable[..., Any]:
        """`function`, timed under `name` (or the name `name(*args)` gives for each call),
        each call counting as one or as `calls(*args)`."""

        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.enter(name if isinstance(name, str) else name(*args),
                       1 if calls is None else calls(*args))
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return wrapper
