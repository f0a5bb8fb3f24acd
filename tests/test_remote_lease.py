"""One writer at a time on a SPARQL server: the lease of ``remote_lease``.

The lease speaks SPARQL only, so here an in-memory Oxigraph store plays the server (the
same update and query text a server gets); ``test_remote_store.py`` runs it on Virtuoso.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

import carekg.graph.store.remote_lease as remote_lease
from carekg.graph.errors import CarekgError
from carekg.graph.store.base import STAGING
from carekg.graph.store.remote_lease import (
    EXPIRES,
    HOLDERS,
    LEASE,
    RENEWED,
    Lease,
    holders_from_rows,
)


def _run(pid: int | None = None, tag: str = "a") -> str:
    return f"{STAGING}{int(time.time())}-{pid or os.getpid()}-{tag}/"


def _lease(server: Store, run: str) -> Lease:
    return Lease(run, server.update, lambda: _holders(server), "http://server/sparql")


def _holders(server: Store) -> list[str]:
    return holders_from_rows(server.query(HOLDERS))


def _runs(server: Store) -> set[str]:
    return {h.run for h in _holders(server)}


def _hold(server: Store, run: str, renewed: float, host: str) -> None:
    """Another writer's lease, written as that writer writes it."""
    _lease_like = Lease(run, server.update, lambda: [], "x")
    _lease_like.host = host
    server.update(_lease_like._insert_if_free(renewed))


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(remote_lease.time, "sleep", lambda seconds: None)


def test_one_writer_then_the_next():
    server = Store()
    first, second = _lease(server, _run(tag="first")), _lease(server, _run(tag="second"))
    first.take()
    with pytest.raises(CarekgError, match="being written by another carekg process") as caught:
        second.take()
    assert "\n" not in str(caught.value) and "lapses 10 minutes after" in str(caught.value)
    assert _runs(server) == {first.run.value}  # the refused one left nothing
    first.release()
    assert len(server) == 0
    second.take()
    assert _runs(server) == {second.run.value}


def test_a_lease_not_renewed_lapses():
    server = Store()
    old = _run(tag="old")
    _hold(server, old, time.time() - EXPIRES - 5, "another-host")
    lease = _lease(server, _run(tag="new"))
    lease.take()
    assert _runs(server) == {lease.run.value}


def test_a_fresh_lease_on_another_host_holds():
    server = Store()
    _hold(server, _run(tag="there"), time.time(), "another-host")
    with pytest.raises(CarekgError, match="another carekg process"):
        _lease(server, _run(tag="here")).take()


def test_a_lease_whose_writer_here_is_gone_is_taken_over_at_once():
    server = Store()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    killed = _run(int(gone.stdout), tag="killed")
    lease = _lease(server, _run(tag="next"))
    _hold(server, killed, time.time(), lease.host)
    lease.take()
    assert _runs(server) == {lease.run.value}


@pytest.mark.skipif(not os.path.exists("/proc/self/ns/pid"), reason="Linux pid namespaces")
def test_a_writer_in_another_container_of_the_same_name_is_not_taken_for_gone():
    # Same host name, another pid namespace (a container from the same image): its pid
    # means nothing here, so its lease holds until it lapses.
    server = Store()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lease = _lease(server, _run(tag="here"))
    name = lease.host.split()[0]
    assert lease.host.startswith(name) and lease.host != name  # Linux: boot and namespace
    elsewhere = f"{name} {lease.host.split()[1]} pid:[1]"
    _hold(server, _run(int(gone.stdout), tag="there"), time.time(), elsewhere)
    with pytest.raises(CarekgError, match="another carekg process"):
        lease.take()


def test_two_writers_at_the_same_moment_at_most_one_goes_on():
    """Both inserts land (the condition and the insert are not one step on Virtuoso): the
    writer that reads both backs off and takes its own away."""
    server = Store()
    rival = _run(tag="rival")
    lease = _lease(server, _run(tag="mine"))
    real = server.update

    def both_insert(text: str) -> None:
        real(text)
        if text.startswith("INSERT") and rival not in _runs(server):
            server.add(Quad(NamedNode(rival), RENEWED, Literal(int(time.time())), LEASE))

    lease._update = both_insert
    with pytest.raises(CarekgError, match="another carekg process"):
        lease.take()
    assert _runs(server) == {rival}  # the rival keeps it; mine is gone


def test_after_a_race_where_both_back_off_one_takes_it():
    server = Store()
    rival = Quad(NamedNode(_run(tag="rival")), RENEWED, Literal(int(time.time())), LEASE)
    lease = _lease(server, _run(tag="mine"))
    real, raced = server.update, []

    def race_once(text: str) -> None:
        real(text)
        if text.startswith("INSERT") and not raced:
            raced.append(True)
            server.add(rival)
        elif text.startswith("DELETE") and raced and len(raced) == 1:
            raced.append(True)
            server.remove(rival)  # the rival backed off too

    lease._update = race_once
    lease.take()
    assert _runs(server) == {lease.run.value}


def test_a_write_that_lost_its_lease_does_not_commit():
    server = Store()
    lease = _lease(server, _run(tag="slow"))
    lease.take()
    lease.renew()  # within RENEW_EVERY: nothing to do
    # Its lease lapsed and another write took it over.
    server.update(f"DROP GRAPH {LEASE}")
    _hold(server, _run(tag="other"), time.time(), "another-host")
    with pytest.raises(CarekgError, match="lost its lease"):
        lease.renew(confirm=True)


def test_renewal_moves_the_time_on():
    server = Store()
    lease = _lease(server, _run(tag="long"))
    lease.take()
    pattern = f"GRAPH {LEASE} {{ ?r {RENEWED} ?t }}"
    server.update(f"DELETE {{ {pattern} }} INSERT {{ GRAPH {LEASE} {{ ?r {RENEWED} 5 }} }} "
                  f"WHERE {{ {pattern} }}")  # fmt: skip
    lease.renew(confirm=True)
    (holder,) = _holders(server)
    assert time.time() - holder.renewed < 5


def test_a_broken_lease_blocks_nobody():
    """A lease time that is not a number (written by hand, or by another tool) is dropped,
    as a lapsed one is, with whatever else its run holds."""
    server = Store()
    junk = NamedNode(_run(tag="junk"))
    server.add(Quad(junk, RENEWED, Literal("tomorrow"), LEASE))
    server.add(Quad(junk, NamedNode(STAGING + "lease#host"), Literal("x"), LEASE))
    lease = _lease(server, _run(tag="mine"))
    lease.take()
    assert _runs(server) == {lease.run.value}
    assert not list(server.quads_for_pattern(junk, None, None, LEASE))
