"""The SPARQL endpoint under load (issue 14): many clients, slow-header clients, and
ingests into the served store while they ask.

    python bench/load.py --store DIR [--clients 50] [--seconds 30] [--slow 5]
                         [--ingest FILE ...] [--out bench/load-results.json]

Starts ``carekg serve`` on loopback (a port the system picks) over the store, runs
``--clients`` threads that each send one query after another for ``--seconds``
seconds, cycling through ``QUERIES`` (cheap lookups and national questions), and
``--slow`` clients that send their headers one byte every half second and never
finish. With ``--ingest`` the store is copied first and ``carekg ingest`` runs on
those files (one process after another, as a user would) while the clients ask.
Prints requests, p50/p95/max latency and every failure, and writes them as JSON.

Every answer must be a 200: the exit status is 1 otherwise. Nothing here is a
timed assertion; the figures are for the record (README, "Limits and guarantees").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

STARTUP_S = 60  # a big store takes a while to open on a busy machine
QUERIES = {
    "qs8-label": "SELECT ?n ?label WHERE { cqc:qs8 ckg:number ?n ; skos:prefLabel ?label }",
    "qs8-findings": (
        "SELECT ?finding ?text WHERE { ?finding ckg:qualityStatement cqc:qs8 ; "
        "oa:hasSelector/oa:exact ?text } LIMIT 50"
    ),
    "risks-per-report": (
        "SELECT ?report (COUNT(?risk) AS ?n) WHERE { ?risk a ckg:Risk ; "
        "dcterms:isPartOf ?report } GROUP BY ?report ORDER BY DESC(?n) LIMIT 10"
    ),
}


@dataclass
class LoadResult:
    """What the clients saw."""

    clients: int
    seconds: float
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    p50_s: float | None = None
    p95_s: float | None = None
    max_s: float | None = None
    per_query: dict[str, dict] = field(default_factory=dict)
    ingests: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.requests > 0 and not self.failures


class Endpoint:
    """A ``carekg serve`` subprocess on loopback."""

    def __init__(self, store: Path, log: Path):
        self.log = log
        command = [
            sys.executable,
            "-m",
            "carekg.cli",
            "--store",
            str(store),
            "serve",
            "--port",
            "0",
        ]
        with open(log, "wb") as stderr:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
            )
        self.url = self._wait_until_up()
        self.sparql = self.url + "sparql"

    def _wait_until_up(self) -> str:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"carekg serve exited: {self.log.read_text()}")
            found = re.search(r" at (http://[^/\s]+/) ", self.log.read_text())
            if found:
                try:
                    with urllib.request.urlopen(found.group(1) + "health", timeout=5) as reply:
                        if reply.status == 200:
                            return found.group(1)
                except (urllib.error.URLError, ConnectionError):
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"carekg serve did not answer within {STARTUP_S} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def slow_header_client(url: str, stop: threading.Event) -> None:
    """Opens a connection and sends its headers one byte at a time, never finishing."""
    parts = urllib.parse.urlsplit(url)
    try:
        sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
    except OSError:
        return
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


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted samples."""
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    if not ordered:
        return {"requests": 0}
    return {
        "requests": len(ordered),
        "p50_s": statistics.median(ordered),
        "p95_s": _percentile(ordered, 0.95),
        "max_s": ordered[-1],
    }


def _ingest(store: Path, files: list[Path]) -> list[dict]:
    """``carekg ingest`` of each file into the served store, one process after another."""
    done = []
    for path in files:
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "carekg.cli", "--store", str(store), "ingest", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        done.append(
            {
                "file": path.name,
                "exit": run.returncode,
                "seconds": round(time.monotonic() - started, 2),
                "stderr": run.stderr.strip()[-300:] if run.returncode else "",
            }
        )
    return done


def run_load(
    endpoint: str,
    *,
    clients: int = 50,
    seconds: float = 30.0,
    slow: int = 5,
    during=None,
) -> LoadResult:
    """``clients`` threads asking ``endpoint`` (its /sparql URL) for ``seconds`` seconds.

    ``during``, if given, is called once the clients run and returns a list of
    records kept as ``ingests`` (the load runs at least ``seconds`` seconds in all).
    """
    base = endpoint.rsplit("sparql", 1)[0]
    urls = [
        (name, endpoint + "?" + urllib.parse.urlencode({"query": text}))
        for name, text in QUERIES.items()
    ]
    stop = threading.Event()
    samples: dict[str, list[float]] = {name: [] for name in QUERIES}
    failures: list[str] = []

    def client(offset: int) -> None:
        turn = offset
        while not stop.is_set():
            name, url = urls[turn % len(urls)]
            turn += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=120) as reply:
                    reply.read()
                    if reply.status != 200:
                        failures.append(f"{name}: HTTP {reply.status}")
            except Exception as exc:  # every failure counts, whatever its kind
                failures.append(f"{name}: {exc!r}")
            samples[name].append(time.monotonic() - started)

    threads = [threading.Thread(target=slow_header_client, args=(base, stop)) for _ in range(slow)]
    threads += [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    ingests = during() if during else []
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(150)
    everything = [s for values in samples.values() for s in values]
    result = LoadResult(
        clients, round(time.monotonic() - started, 1), failures=failures, ingests=ingests
    )
    overall = _summary(everything)
    result.requests = overall["requests"]
    result.p50_s, result.p95_s, result.max_s = (
        overall.get("p50_s"),
        overall.get("p95_s"),
        overall.get("max_s"),
    )
    result.per_query = {name: _summary(values) for name, values in samples.items()}
    return result


def copy_store(store: Path, target: Path) -> Path:
    """A copy of a store folder (its ``current`` link kept a link) to write into."""
    shutil.copytree(store, target, symlinks=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a built carekg store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--slow", type=int, default=5, help="slow-header clients (5)")
    parser.add_argument(
        "--ingest",
        type=Path,
        nargs="*",
        default=[],
        help="report files to ingest into a copy of the store meanwhile",
    )
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="carekg-load-"))
    store = copy_store(options.store, work / "store") if options.ingest else options.store
    endpoint = Endpoint(store, work / "serve.log")
    try:
        result = run_load(
            endpoint.sparql,
            clients=options.clients,
            seconds=options.seconds,
            slow=options.slow,
            during=(lambda: _ingest(store, options.ingest)) if options.ingest else None,
        )
    finally:
        endpoint.stop()
        shutil.rmtree(work, ignore_errors=True)
    record = {"store": str(options.store), "loadavg": list(os.getloadavg()), **asdict(result)}
    print(
        f"{result.requests} requests from {result.clients} clients in {result.seconds} s: "
        f"p50 {result.p50_s or 0:.3f} s, p95 {result.p95_s or 0:.3f} s, "
        f"max {result.max_s or 0:.3f} s, {len(result.failures)} failures"
    )
    for name, figures in result.per_query.items():
        print(f"  {name}: {json.dumps(figures)}")
    for one in result.ingests:
        print(f"  ingest {one['file']}: exit {one['exit']} in {one['seconds']} s")
    for failure in result.failures[:10]:
        print(f"  failure: {failure}")
    if options.out:
        options.out.write_text(json.dumps(record, indent=1) + "\n")
    ingests_ok = all(one["exit"] == 0 for one in result.ingests)
    return 0 if result.ok and ingests_ok else 1


if __name__ == "__main__":
    sys.exit(main())
