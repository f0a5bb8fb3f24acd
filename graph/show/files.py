"""Writing output files so that a reader never sees half of one."""

from __future__ import annotations

import os
from pathlib import Path

from carekg.graph.errors import CarekgError


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A crash leaves the old file (or none), never a half-written one.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise CarekgError(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CarekgError(f"cannot write {path}: {exc.strerror or exc}") from None
