"""The read-only store, re-opened when its files change (a build in another process).

A read-only Oxigraph handle is a snapshot of the store when it was opened; a
``build`` or ``ingest`` elsewhere rewrites the files, so the view compares the
directory's file list (names, sizes, times) on each use and re-opens on change.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from carekg.graph.store import open_store


class StoreView:
    """The current read-only store at ``location``."""

    IGNORED = ("LOG", "LOCK")  # RocksDB's info log and lock file: not data

    def __init__(self, location: str | os.PathLike):
        self.path = Path(location)
        self._lock = threading.Lock()
        self._store = None
        self._signature = None

    def signature(self) -> tuple | None:
        """What the store's files look like now; None while they are being rewritten."""
        try:
            entries = []
            for entry in os.scandir(self.path):
                if entry.name.startswith(self.IGNORED):
                    continue
                stat = entry.stat()
                entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
            return tuple(sorted(entries))
        except OSError:
            return None  # being rewritten: open again next time

    def get(self):
        """The store as it is now (raises ``CarekgError`` when there is none)."""
        signature = self.signature()
        with self._lock:
            if self._store is None or signature is None or signature != self._signature:
                self._store = open_store(self.path)  # read-only
                self._signature = signature
            return self._store
