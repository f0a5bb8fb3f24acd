"""The endpoint under load: 50 clients for 30 s on loopback, while an ingest runs and
slow-header clients hold connections open. Every answer must be a 200.

Figures (p50/p95 latency, requests) are printed for the record; nothing is timed.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import threading
import time
import urllib.parse
import urllib.request

import pytest
from test_endpoint import QS8, Server

from carekg.graph.pipeline import ingest
from carekg.graph.store import open_store
from conftest import FIXTURES, build_store

CLIENTS = 50
SECONDS = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("load") / "store")
    running = Server(store, tmp_path_factory.mktemp("logs") / "serve.log")
    running.store_path = store
    yield running
    running.stop()


def slow_header_client(url: str, stop: threading.Event) -> None:
    """Opens a connection and sends its headers one byte at a time, never finishing."""
    parts = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
    try:
        for byte in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: ":
            if stop.is_set():
                return
            sock.send(bytes([byte]))
            time.sleep(0.5)
    except OSError:
        return  # the server may close a client this slow: that is its right
    finally:
        sock.close()


def test_fifty_clients_while_an_ingest_runs(server, tmp_path):
    url = server.sparql + "?" + urllib.parse.urlencode({"query": QS8})
    stop = threading.Event()
    latencies: list[float] = []
    failures: list[str] = []

    def client() -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=60) as reply:
                    reply.read()
                    if reply.status != 200:
                        failures.append(str(reply.status))
            except Exception as exc:  # every failure counts, whatever its kind
                failures.append(repr(exc))
            latencies.append(time.monotonic() - started)

    slow = [threading.Thread(target=slow_header_client, args=(server.url, stop))
            for _ in range(5)]  # fmt: skip
    clients = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in slow + clients:
        thread.start()
    # An ingest into the served store, twice, while the clients ask.
    for name in ("cqc-assessment-northmoor-summary.md", "cqc-assessment-fenwick-safety.txt"):
        writer = open_store(server.store_path, write=True)
        ingest(writer, [FIXTURES / name])
        writer.close()
    time.sleep(max(0.0, SECONDS - 5))
    stop.set()
    for thread in slow + clients:
        thread.join(90)
    assert not failures, failures[:5]
    assert len(latencies) > CLIENTS * 5
    ordered = sorted(latencies)
    p50, p95 = statistics.median(ordered), ordered[int(len(ordered) * 0.95)]
    print(f"\n{len(ordered)} requests from {CLIENTS} clients: p50 {p50:.3f} s, p95 {p95:.3f} s")
    shutil.rmtree(tmp_path, ignore_errors=True)
