"""Files written aside and renamed into place, so a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def written(target: Path, mode: str = "wb", **options: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside `target`; on a clean exit, rename it to `target`.

    A build running at the same time, or a later one after this one failed, finds the old
    file or the new one, never a part. On an error the temporary file is removed and `target`
    is left as it was. `options` go to `open` (e.g. encoding for text mode).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, mode, **options) as out:
            yield out
        # mkstemp makes the file 0600; the caches are shared like any other file of the project.
        Path(temp).chmod(0o644)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
