"""Stores of known structure for the analysis tests (tests/test_analyse_*.py).

``build_fixture_store`` loads the shipped ontology and partners plus a TriG file
from ``tests/fixtures/analysis/`` into a fresh embedded store, one named graph
per graph of the file.
"""

from __future__ import annotations

import gc
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, parse

from carekg.graph.pipeline import reference_graphs
from carekg.graph.store import open_store

ANALYSIS_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
TESTSHIRE = ANALYSIS_FIXTURES / "testshire.trig"

FINDING = "https://w3id.org/carekg/id/report/{}/finding/{}"
OUTCOME = "https://w3id.org/carekg/id/outcome/{}"
PARTNER = "https://w3id.org/carekg/partner/{}"
QS = "https://w3id.org/carekg/cqc/qs{}"


def build_fixture_store(path: Path, trig: Path = TESTSHIRE) -> Path:
    """A store at ``path`` holding the reference graphs and the graphs of ``trig``."""
    graphs = reference_graphs()
    with open(trig, "rb") as handle:
        for quad in parse(handle, format=RdfFormat.TRIG):
            graphs.setdefault(quad.graph_name, []).append(
                Triple(quad.subject, quad.predicate, quad.object)
            )
    store = open_store(path, write=True)
    store.replace_graphs(graphs, keep_only=True)
    store.close()
    del store
    gc.collect()
    return path
