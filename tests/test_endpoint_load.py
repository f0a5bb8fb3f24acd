"""The endpoint under load: 50 clients for 30 s on loopback, while ingests run and
slow-header clients hold connections open, on the bundled Bexley store and on a
store built from the benchmark's synthetic corpus (bench/make_corpus.py). Every
answer must be a 200.

The load itself is bench/load.py's (``python bench/load.py --store DIR`` runs it on
any store, the 150-council one included); figures (p50/p95 latency, requests) are
printed for the record, nothing is timed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from test_endpoint import Server

from carekg.graph.pipeline import build, ingest
from carekg.graph.store import open_store
from conftest import FIXTURES, build_store

BENCH = Path(__file__).resolve().parent.parent / "bench"
CLIENTS = 50
SECONDS = 30
CORPUS_COUNCILS = 8


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # registered first: dataclasses look the module up
    return module


load = _module("load")
make_corpus = _module("make_corpus")


def _ingest_each(store: Path, files: list[Path]):
    def run() -> list[dict]:
        for path in files:
            writer = open_store(store, write=True)
            ingest(writer, [path])
            writer.close()
        return [{"file": p.name, "exit": 0} for p in files]

    return run


def _check(result) -> None:
    print(
        f"\n{result.requests} requests from {result.clients} clients: "
        f"p50 {result.p50_s:.3f} s, p95 {result.p95_s:.3f} s, max {result.max_s:.3f} s"
    )
    assert not result.failures, result.failures[:5]
    assert result.requests > CLIENTS * 5
    assert all(figures["requests"] > 0 for figures in result.per_query.values())


def test_fifty_clients_on_bexley_while_two_ingests_run(tmp_path):
    store = build_store(tmp_path / "store")
    server = Server(store, tmp_path / "serve.log")
    try:
        files = [
            FIXTURES / "cqc-assessment-northmoor-summary.md",
            FIXTURES / "cqc-assessment-fenwick-safety.txt",
        ]
        result = load.run_load(
            server.sparql, clients=CLIENTS, seconds=SECONDS, during=_ingest_each(store, files)
        )
    finally:
        server.stop()
    _check(result)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A store of the synthetic corpus's first councils, and two files held back."""
    root = tmp_path_factory.mktemp("corpus")
    make_corpus.write_corpus(root / "corpus", CORPUS_COUNCILS, seed=1)
    files = sorted((root / "corpus").glob("*/*"))
    store = open_store(root / "store", write=True)
    build(store, files[:-2])
    store.close()
    return root / "store", files[-2:]


def test_fifty_clients_on_the_benchmark_corpus_while_two_ingests_run(corpus_store, tmp_path):
    store, held_back = corpus_store
    server = Server(store, tmp_path / "serve.log")
    try:
        result = load.run_load(
            server.sparql, clients=CLIENTS, seconds=SECONDS, during=_ingest_each(store, held_back)
        )
    finally:
        server.stop()
    _check(result)
    assert all(one["exit"] == 0 for one in result.ingests)
