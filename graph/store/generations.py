"""A store directory as numbered generations, so that writes are atomic and reads never fail.

::

    LOCATION/
      carekg-store          marks the folder as a carekg store
      current -> generations/000007-…   the generation readers open (a symlink)
      generations/000006-…  the previous one, kept a while for readers still on it
      generations/000007-…  an Oxigraph database, never changed once published
      write.lock            held (flock) by the one process writing

A write makes a new generation: a copy of the current one (Oxigraph's
``backup``: hard links to its immutable files, so it costs little), or an
empty one for a full rebuild. It changes the copy with the fast,
non-transactional ``bulk_extend`` and ``remove_graph``, flushes and compacts
it, then publishes it by renaming a new symlink over ``current``, one atomic
step. A write killed at any moment leaves ``current`` as it was; the
half-written generation is invisible and the next write removes it. Readers
open the generation ``current`` names and keep reading it even while a
write publishes the next one. Old generations are removed once two newer
ones exist and they are older than ``GRACE`` seconds.

A folder holding an Oxigraph database directly (the layout of carekg 0.1) is
read as it is and becomes a generation at its first write.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from carekg.graph.errors import CarekgError

MARKER = "carekg-store"
GRACE = 600.0  # seconds an old generation is kept for readers still using it
KEEP = 2  # generations kept besides the current one's predecessors within GRACE
OURS = {MARKER, "current", "generations", "write.lock", ".current.tmp"}


class Generations:
    """The generations of the store at ``root``."""

    def __init__(self, root: str | os.PathLike):
        # Resolved, so that it compares equal to where the ``current`` link points
        # whether the store was named by a relative path, an absolute one or a symlink.
        self.root = Path(root).resolve()
        self.folder = self.root / "generations"

    # --- what is there --------------------------------------------------------------------
    def legacy(self) -> bool:
        """Is the root itself an Oxigraph database (carekg 0.1's layout)?"""
        return (self.root / "CURRENT").is_file() and not (self.root / "current").exists()

    def is_store(self) -> bool:
        return (self.root / MARKER).is_file() or self.legacy()

    def current(self) -> Path | None:
        """The published generation, or None when nothing was ever written."""
        link = self.root / "current"
        if link.is_symlink() or link.exists():
            target = link.resolve()
            return target if (target / "CURRENT").is_file() else None
        return self.root if self.legacy() else None

    def check_writable_location(self) -> None:
        """Refuse a folder that is neither empty, missing nor a carekg store."""
        if self.root.exists() and not self.root.is_dir():
            raise CarekgError(f"{self.root} is a file, not a store directory")
        if self.root.is_dir() and not self.is_store() and any(self.root.iterdir()):
            raise CarekgError(
                f"{self.root} is a folder that holds other files, not a carekg store; "
                "give an empty or new folder"
            )

    # --- writing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the store's write lock; another writer gets a one-line error at once."""
        self.check_writable_location()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.root / MARKER).touch()
            handle = open(self.root / "write.lock", "a+")  # noqa: SIM115 - held until exit
        except OSError as exc:
            raise CarekgError(f"cannot write the store at {self.root}: {exc.strerror}") from None
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    raise CarekgError(
                        f"the store at {self.root} is being written by another carekg "
                        "process; try again"
                    ) from None
                raise
            self._remove_unpublished()
            yield
        finally:
            handle.close()  # releases the lock

    def new_generation(self) -> Path:
        """A fresh, not yet existing folder for the next generation."""
        numbers = [int(p.name.split("-")[0]) for p in self.folder.glob("[0-9]*-*")]
        number = max(numbers, default=0) + 1
        return self.folder / f"{number:06d}-{os.getpid()}-{time.time_ns() % 10**9:09d}"

    def publish(self, generation: Path) -> None:
        """Make ``generation`` the current one, in one atomic rename."""
        temporary = self.root / ".current.tmp"
        temporary.unlink(missing_ok=True)
        link = self.root / "current"
        if link.is_dir() and not link.is_symlink():
            # A copy of the store whose link was copied as a folder: file it as a generation.
            link.rename(self.folder / f"000000-copied-{time.time_ns()}")
        temporary.symlink_to(generation.relative_to(self.root))
        os.replace(temporary, self.root / "current")
        descriptor = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # the rename itself reaches the disk
        finally:
            os.close(descriptor)
        if self._has_legacy_files():
            self._remove_legacy_files()

    def collect(self) -> None:
        """Remove generations no reader should still need."""
        current = self.current()
        older = sorted(p for p in self.folder.iterdir() if p.is_dir() and p.resolve() != current)
        now = time.time()
        for generation in older[: max(0, len(older) - KEEP + 1)]:
            if now - generation.stat().st_mtime > GRACE:
                shutil.rmtree(generation, ignore_errors=True)

    def _remove_unpublished(self) -> None:
        """Generations newer than the current one were left by a killed write."""
        current = self.current()
        if not self.folder.is_dir():
            return
        for generation in self.folder.iterdir():
            generation = generation.resolve()
            if generation == current:
                continue  # never the published one, however it is named
            published = current is not None and current.parent == self.folder
            if not published or generation.name > current.name:
                shutil.rmtree(generation, ignore_errors=True)
        (self.root / ".current.tmp").unlink(missing_ok=True)

    def _has_legacy_files(self) -> bool:
        return (self.root / "CURRENT").is_file()

    def _remove_legacy_files(self) -> None:
        for entry in self.root.iterdir():
            if entry.name not in OURS and entry.is_file():
                entry.unlink(missing_ok=True)
