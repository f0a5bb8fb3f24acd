"""One writer at a time on a SPARQL server: a lease each write holds in a graph of its own.

The embedded store's writers take a file lock (``generations``). A server shared by
several machines has none, and two writes at once would each work out the graph of the
partners that reports share (``MINTED_GRAPH``) without the other's reports, and each may
finish or drop what the other left. So a write to a server first takes the lease: one
resource in the graph ``LEASE`` (under ``STAGING``, so no carekg query sees it), named
by the write's run, with the time it last renewed the lease and where its process runs
(``process_space``).

Taking it is two requests: insert ours if the graph holds no lease (a conditional
``INSERT``), then read every holder. A server need not run the condition and the insert
as one step, so two writers may both insert; each keeps the lease only if it reads itself
as the one holder, and otherwise takes its own away. Whichever reads second sees the
other, so at most one goes on (the other tries again a few times, then stops with a
one-line error, as a second writer of the embedded store does at once).

A write renews the lease as it uploads and checks that it still holds it just before its
commit point. A lease not renewed for ``EXPIRES`` s is abandoned (the server drops it, and
any lease whose time is unreadable), as is one whose writer ran where this one runs and is
gone (killed, say): the next write takes it over at once.

Every value in the update text is an IRI or a literal serialised by pyoxigraph.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from carekg.graph.errors import CarekgError
from carekg.graph.store.base import STAGING

LEASE = NamedNode(STAGING + "lease")
RENEWED = NamedNode(STAGING + "lease#renewed")  # <run> lease#renewed <Unix seconds>
HOST = NamedNode(STAGING + "lease#host")  # <run> lease#host <process_space()>
EXPIRES = 600  # seconds without renewal after which a lease is abandoned
RENEW_EVERY = 60  # seconds between renewals while a write uploads
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TRIES = 4  # attempts to take the lease when two writers took it at the same moment

HOLDERS = (
    f"SELECT ?run ?renewed ?host WHERE {{ GRAPH {LEASE} {{\n"
    f"  ?run {RENEWED} ?renewed . OPTIONAL {{ ?run {HOST} ?host }}\n}} }}"
)


def process_space() -> str:
    """Where a process id names one process: the host name and, on Linux, the boot and
    the pid namespace.

    A host name alone is not enough: containers started from one image often share it,
    and each numbers its processes from 1, so a writer in one container would read a
    live writer in another as gone and take its lease (which that writer, checking
    before its commit point, would find lost, and its write refused).

    >>> process_space() == process_space()
    True
    """
    parts = [socket.gethostname()]
    # Elsewhere than Linux these are missing: the host name alone.
    with contextlib.suppress(OSError):
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text("ascii").strip())
    with contextlib.suppress(OSError):
        parts.append(os.readlink("/proc/self/ns/pid"))
    return " ".join(parts)


@dataclass(frozen=True)
class Holder:
    """One write that holds (or tried to take) the lease."""

    run: str
    renewed: int
    host: str

    def gone_from(self, host: str) -> bool:
        """Whether its writer ran in ``host`` (this ``process_space``) and is gone.

        >>> Holder(STAGING + f"1-{os.getpid()}-ab/", 100, "here").gone_from("here")
        False
        >>> Holder(STAGING + "1-1-ab/", 100, "elsewhere").gone_from("here")
        False
        """
        pid = _pid_of(self.run)
        return self.host == host and pid is not None and not _alive(pid)


def _pid_of(run: str) -> int | None:
    parts = run.removeprefix(STAGING).split("-")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def verdict(holders: list[Holder], run: str) -> str:
    """``held`` (``run`` is the one holder), ``raced`` (it and others) or ``taken``.

    >>> a, b = Holder("a", 1, "h"), Holder("b", 1, "h")
    >>> verdict([a], "a"), verdict([a, b], "a"), verdict([b], "a"), verdict([], "a")
    ('held', 'raced', 'taken', 'taken')
    """
    runs = {h.run for h in holders}
    if runs == {run}:
        return "held"
    return "raced" if run in runs else "taken"


class Lease:
    """The lease of one write (``run``), through the server's ``update`` and ``holders``."""

    def __init__(
        self,
        run: str,
        update: Callable[[str], None],
        holders: Callable[[], list[Holder]],
        location: str,
    ):
        self.run = NamedNode(run)
        self._update = update
        self._holders = holders
        self.location = location
        self.host = process_space()
        self._renewed = 0.0

    def take(self) -> None:
        """Hold the lease, or raise a one-line ``CarekgError`` if another write holds it."""
        for attempt in range(TRIES):
            now = time.time()
            self._update(_lapsed(now))
            gone = [h for h in self._holders() if h.gone_from(self.host)]
            if gone:
                self._update(" ;\n".join(_remove(NamedNode(h.run)) for h in gone))
            self._update(self._insert_if_free(now))
            holders = self._holders()
            state = verdict(holders, self.run.value)
            if state == "held":
                self._renewed = now
                return
            if state == "raced":
                self._update(_remove(self.run))
                time.sleep(random.uniform(0.2, 1.0) * (attempt + 1))
                continue
            others = [h for h in holders if h.run != self.run.value]
            raise CarekgError(self._busy(others))
        raise CarekgError(self._busy([]))

    def renew(self, *, confirm: bool = False) -> None:
        """Renew the lease if ``RENEW_EVERY`` s have passed; with ``confirm``, always, and
        raise if another write has taken it meanwhile (so this write must not commit)."""
        now = time.time()
        if not confirm and now - self._renewed < RENEW_EVERY:
            return
        stamp = Literal(int(now))
        self._update(
            f"DELETE {{ GRAPH {LEASE} {{ {self.run} {RENEWED} ?t }} }}\n"
            f"INSERT {{ GRAPH {LEASE} {{ {self.run} {RENEWED} {stamp} }} }}\n"
            f"WHERE {{ GRAPH {LEASE} {{ {self.run} {RENEWED} ?t }} }}"
        )
        self._renewed = now
        if confirm and verdict(self._holders(), self.run.value) != "held":
            raise CarekgError(
                f"the write to {self.location} lost its lease to another carekg write "
                f"(not renewed for {EXPIRES} s); nothing was committed"
            )

    def release(self) -> None:
        """Give the lease up (nothing happens if another write has taken it)."""
        self._update(_remove(self.run))

    def _insert_if_free(self, now: float) -> str:
        # Virtuoso ignores FILTER NOT EXISTS in an update's WHERE; a count it honours.
        return (
            f"INSERT {{ GRAPH {LEASE} {{ {self.run} {RENEWED} {Literal(int(now))} ; "
            f"{HOST} {Literal(self.host)} }} }}\n"
            f"WHERE {{ {{ SELECT (COUNT(?r) AS ?n)\n"
            f"  WHERE {{ GRAPH {LEASE} {{ ?r {RENEWED} ?t }} }} }} FILTER(?n = 0) }}"
        )

    def _busy(self, others: list[Holder]) -> str:
        since = ""
        if others:
            at = time.strftime("%H:%M:%S UTC", time.gmtime(max(h.renewed for h in others)))
            since = f" (lease renewed at {at}; it lapses {EXPIRES // 60} minutes after)"
        return (
            f"the store at {self.location} is being written by another carekg process"
            f"{since}; try again"
        )


def _lapsed(now: float) -> str:
    """The update that drops every lease not renewed for ``EXPIRES`` s, and any whose time
    is not a number (written by hand or by something else): none of them may block."""
    cutoff = Literal(int(now - EXPIRES))
    pattern = f"GRAPH {LEASE} {{ ?r {RENEWED} ?t ; ?p ?o }}"
    return (
        f"DELETE {{ {pattern} }} WHERE {{ {pattern}\n"
        f"  FILTER(datatype(?t) != {XSD_INTEGER} || ?t < {cutoff}) }}"
    )


def _remove(run: NamedNode) -> str:
    pattern = f"GRAPH {LEASE} {{ {run} ?p ?o }}"
    return f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}"


def holders_from_rows(rows) -> list[Holder]:
    """Holders from the rows of ``HOLDERS`` (pyoxigraph solutions); unreadable rows skipped
    (``_lapsed`` drops them from the server)."""
    out = []
    for row in rows:
        run, renewed, host = row["run"], row["renewed"], row["host"]
        if not isinstance(run, NamedNode):
            continue
        try:
            out.append(Holder(run.value, int(renewed.value), host.value if host else ""))
        except (AttributeError, ValueError):
            continue
    return out
