"""Crash safety: a write killed at any moment leaves the store old or new, never half.

A real `carekg ingest` of a generated corpus is SIGKILLed at random moments; after
each kill the store opens and holds either everything it held before or everything
the ingest adds. Readers running while the store is rebuilt see the old store or the
new one, never an error.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carekg.graph.ask.findings import findings
from carekg.graph.store import open_store
from conftest import ROOT, build_store

KILLS = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(out),
                    "--councils", "3", "--seed", "7"], check=True, capture_output=True)  # fmt: skip
    return sorted(p for p in out.rglob("*") if p.is_file())


def quads(store_path: Path) -> int:
    store = open_store(store_path)
    try:
        return store.quad_count()
    finally:
        store.close()


def ingest(store_path: Path, files: list[Path]) -> subprocess.Popen:
    command = [sys.executable, "-m", "carekg.cli", "--store", str(store_path), "ingest",
               *map(str, files)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_at_random_moments_leaves_old_or_new(tmp_path, corpus):
    store_path = build_store(tmp_path / "store")
    before = quads(store_path)
    probe = tmp_path / "probe"
    shutil.copytree(store_path, probe, symlinks=True)
    started = time.monotonic()
    assert ingest(probe, corpus).wait(120) == 0
    duration = time.monotonic() - started
    after = quads(probe)
    rng = random.Random(2026)
    seen = set()
    for _ in range(KILLS):
        process = ingest(store_path, corpus)
        time.sleep(rng.uniform(0.0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        count = quads(store_path)
        assert count in (before, after), (count, before, after)
        seen.add(count)
        if count == after:  # start again from the old store for the next kill
            store_path = build_store(tmp_path / f"store-{len(seen)}-{rng.random()}")
    assert before in seen  # some kills did land mid-write
    result = subprocess.run([sys.executable, "-m", "carekg.cli", "--store", str(store_path),
                             "validate"], capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_readers_never_fail_while_the_store_is_rebuilt(tmp_path, corpus):
    store_path = build_store(tmp_path / "store")
    command = [sys.executable, "-c", (
        "import sys\n"
        "from carekg.graph.pipeline import build\n"
        "from carekg.graph.store import open_store\n"
        "for i in range(6):\n"
        "    s = open_store(sys.argv[1], write=True)\n"
        "    build(s, sys.argv[2:] if i % 2 else None)\n"
        "    s.close()\n"
    ), str(store_path), *map(str, corpus[:3])]  # fmt: skip
    writer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reads = 0
    try:
        while writer.poll() is None or reads < 40:
            store = open_store(store_path)
            rows = findings(store, qs=8)
            assert rows and all(r["text"] for r in rows)
            store.close()
            reads += 1
            if reads > 400:
                break
    finally:
        writer.wait(300)
    assert writer.returncode == 0, writer.stderr.read().decode()
    assert reads >= 40
    os.sync()


def test_writes_through_a_relative_path_keep_the_store(tmp_path, monkeypatch):
    """The default store is ./.carekg/store: a relative path must work like an absolute one."""
    from carekg.graph.pipeline import build, ingest
    from conftest import FIXTURES

    monkeypatch.chdir(tmp_path)
    store = open_store(".carekg/store", write=True)
    build(store)
    reports = len(store.select("SELECT ?r WHERE { ?r a ckg:Report }"))
    ingest(store, [FIXTURES / "cqc-assessment-northmoor-summary.md"])
    store.close()
    again = open_store(".carekg/store", write=True)
    assert len(again.select("SELECT ?r WHERE { ?r a ckg:Report }")) == reports + 1
    again.drop_graphs([])
    assert len(again.select("SELECT ?r WHERE { ?r a ckg:Report }")) == reports + 1
    again.close()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_killed_ingest_leaves_no_worker_processes(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("CAREKG_WORKERS", "2")  # a pool even on a one-core machine
    build_store(tmp_path / "store")
    process = ingest(tmp_path / "store", corpus * 4)  # a batch big enough for the pool
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.05)
    if not workers:
        pytest.skip("the ingest finished before its workers could be seen")
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if Path(f"/proc/{w}/status").exists()
            and "State:\tZ" not in Path(f"/proc/{w}/status").read_text()]  # fmt: skip
    assert not left, f"workers {left} outlived their killed ingest"
