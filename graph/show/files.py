"""Writing output files so that a reader never sees half of one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from carekg.graph.errors import CarekgError


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A crash leaves the old file (or none), never a half-written one. A path
    that is a device or a pipe (``/dev/stdout``, a fifo) is written into as it
    is: renaming over it would replace the device itself. A symbolic link
    keeps pointing at the file, which is the one replaced.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode  # follows links
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CarekgError(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise CarekgError(f"cannot write {path}: it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        _write_into(path, data)
        return
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.is_dir():
        raise CarekgError(f"cannot write {path}: folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it visible
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CarekgError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_into(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise CarekgError(f"cannot write {path}: {exc.strerror or exc}") from None
