"""Answers kept beside the store generation they were computed on.

A published generation never changes (see ``generations``), so an answer computed
on it stays true for as long as that generation is current. The next write
publishes a new generation, whose folder starts with no answers, and the old
folder goes, answers and all, when it is collected. Nothing here can therefore
serve an answer of older data.

Only what a caller names is kept (the saved queries, by ``show.results``, and the
question commands' printed answers, by the command line), not every query text a
user or a server is sent: the folder stays as small as the questions asked times
the formats asked for. Keeping is best effort: a
store on a read-only disk, or a full one, still answers, computing each time.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return b"answer"
>>> [remembered(folder, "saved query x, json", compute) for _ in range(2)]
[b'answer', b'answer']
>>> len(calls)
1
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

ANSWERS_FOLDER = "carekg-answers"  # in a generation's folder
# An answer larger than this is computed each time: it would cost more disk than the
# store itself, and reading it back would be no faster than the query.
MAX_KEPT_BYTES = 64 * 1024 * 1024
# All the answers one generation keeps: past this, further answers are computed each
# time. Commands take free arguments (a partner, a node), and someone asking about
# every partner in turn would otherwise keep a copy of the store's text per question.
MAX_FOLDER_BYTES = 256 * 1024 * 1024


def _file(generation: Path, key: str) -> Path:
    return generation / ANSWERS_FOLDER / hashlib.sha256(key.encode("utf-8")).hexdigest()


def remembered(generation: Path | None, key: str, compute: Callable[[], bytes]) -> bytes:
    """The answer kept under ``key`` in ``generation``'s folder, or ``compute()``'s,
    kept there for next time. ``generation`` None (no store written yet) keeps nothing.

    The key must say everything the answer depends on besides the data (the query's
    text, the format, the version of the code that wrote it). A kept answer is
    written whole under a temporary name and renamed, so a reader never sees part
    of one, even if the writer is killed.
    """
    if generation is None:
        return compute()
    path = _file(generation, key)
    try:
        return path.read_bytes()
    except OSError:
        pass  # not kept yet (or unreadable): compute it
    body = compute()
    if len(body) <= MAX_KEPT_BYTES and _room_for(path.parent, len(body)):
        _keep(path, body)
    return body


def remembered_text(generation: Path | None, key: str, compute: Callable[[], str]) -> str:
    """``remembered`` for text, kept as UTF-8. A kept file that is not UTF-8 (damaged
    on disk, say) is no answer: it is computed again and kept in its place.

    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> remembered_text(folder, "k", lambda: "réponse")
    'réponse'
    >>> _file(folder, "k").write_bytes(b"\\xff")
    1
    >>> remembered_text(folder, "k", lambda: "again")
    'again'
    >>> _file(folder, "k").read_bytes().decode("utf-8")
    'again'
    """
    body = remembered(generation, key, lambda: compute().encode("utf-8"))
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        text = compute()
        if generation is not None:
            _keep(_file(generation, key), text.encode("utf-8"))
        return text


def _room_for(folder: Path, size: int) -> bool:
    """Whether ``folder`` can take ``size`` more bytes within ``MAX_FOLDER_BYTES``."""
    try:
        with os.scandir(folder) as entries:
            used = sum(entry.stat().st_size for entry in entries if entry.is_file())
    except OSError:
        used = 0  # no folder yet: nothing kept
    return used + size <= MAX_FOLDER_BYTES


def _keep(path: Path, body: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(exist_ok=True)
        partial.write_bytes(body)
        os.replace(partial, path)
    except OSError:
        # A read-only or full disk: the answer is still right, only not kept.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
