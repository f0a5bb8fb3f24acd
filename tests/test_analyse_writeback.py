"""Issue 10: the analysis written back into its own named graph, and graph exports."""

from __future__ import annotations

import csv
import gc
import io
import json

import networkx as nx
import pytest
from analyse_support import FINDING, PARTNER, build_fixture_store

from carekg.graph.analyse.structure import analysis
from carekg.graph.analyse.writeback import ANALYSIS_GRAPH
from carekg.graph.store import open_store
from conftest import Run

QUADS = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ANALYSIS_GRAPH.value}> {{ ?s ?p ?o }} }}"


@pytest.fixture
def fixture_store(tmp_path):
    return build_fixture_store(tmp_path / "store")


def analysis_quads(path) -> list[tuple[str, str, str]]:
    store = open_store(path)
    rows = sorted((str(r["s"]), str(r["p"]), str(r["o"])) for r in store.select(QUADS))
    store.close()
    gc.collect()
    return rows


def test_save_writes_gaps_and_scores_that_sparql_can_read(fixture_store):
    run = Run(fixture_store)
    result = run("analyse", "--save")
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stderr and ANALYSIS_GRAPH.value in result.stderr
    query = """
        SELECT ?kind ?reason ?quote WHERE {
          ?gap a ckg:UnaddressedRiskGap ; ckg:gapKind ?kind ; ckg:reason ?reason ;
               ckg:forCouncil "Testshire County Council" ; ckg:cites ?f .
          ?f oa:hasSelector/oa:exact ?quote .
        }"""
    rows = json.loads(run("sparql", query, "--format", "json").stdout)["results"]["bindings"]
    assert [r["kind"]["value"] for r in rows] == ["unaddressed-risk"]
    assert rows[0]["quote"]["value"].startswith("Decisions taken by the ICB")
    icb = PARTNER.format("t-icb")
    icb = run(
        "sparql", f"SELECT ?b WHERE {{ <{icb}> ckg:betweennessCentrality ?b }}", "--format", "csv"
    ).stdout
    assert icb.splitlines()[0] == "b" and float(icb.splitlines()[1]) >= 0
    community = run(
        "sparql", f"ASK {{ <{FINDING.format('t-peer', 10)}> ckg:community ?c }}", "--format", "json"
    ).stdout
    assert json.loads(community)["boolean"] is True
    query = (
        "SELECT ?r WHERE { ?x a ckg:SinglePointOfFailure ; ckg:about "
        f"<{PARTNER.format('t-icb')}> ; ckg:reason ?r }}"
    )
    failure = run("sparql", query, "--format", "csv").stdout
    assert "Remove Testshire ICB" in failure


def test_saving_again_replaces_the_graph_with_the_same_triples(fixture_store):
    run = Run(fixture_store)
    assert run("analyse", "--save").exit_code == 0
    first = analysis_quads(fixture_store)
    assert run("analyse", "--save").exit_code == 0
    assert analysis_quads(fixture_store) == first
    assert len(first) == len(set(first))
    gaps = [q for q in first if q[1].endswith("#gapKind")]
    assert len(gaps) == len({q[0] for q in gaps})


def test_saving_leaves_the_report_graphs_alone(fixture_store):
    store = open_store(fixture_store)
    before = store.quad_count()
    store.close()
    gc.collect()
    store = open_store(fixture_store, write=True)
    analysis(store, save=True)
    store.close()
    gc.collect()
    store = open_store(fixture_store)
    after = store.quad_count()
    store.close()
    assert after - before == len(analysis_quads(fixture_store))


# --- exports ----------------------------------------------------------------------------------
def test_graphml_opens_in_networkx_with_the_analysis(fixture_store, tmp_path):
    target = tmp_path / "testshire.graphml"
    result = Run(fixture_store)("export", "--format", "graphml", "-o", str(target))
    assert result.exit_code == 0, result.output
    loaded = nx.read_graphml(target)
    icb = loaded.nodes[PARTNER.format("t-icb")]
    assert icb["type"] == "partner" and icb["label"] == "Testshire ICB"
    assert "betweenness" in icb and "community" in icb
    risk = loaded.nodes[FINDING.format("t-peer", 2)]
    assert risk["kind"] == "risk" and risk["gaps"] >= 1 and "unaddressed-risk" in risk["gap_kinds"]
    assert loaded.has_edge(FINDING.format("t-peer", 2), PARTNER.format("t-icb"))


def test_gexf_and_csv_exports(fixture_store, tmp_path):
    run = Run(fixture_store)
    gexf = tmp_path / "g.gexf"
    assert run("export", "--format", "gexf", "-o", str(gexf)).exit_code == 0
    assert nx.read_gexf(gexf).number_of_nodes() > 20
    nodes = list(csv.DictReader(io.StringIO(run("export", "--format", "nodes-csv").stdout)))
    edges = list(csv.DictReader(io.StringIO(run("export", "--format", "edges-csv").stdout)))
    ids = {n["id"] for n in nodes}
    assert edges and all(e["source"] in ids and e["target"] in ids for e in edges)
    one = list(
        csv.DictReader(
            io.StringIO(run("export", "--format", "nodes-csv", "--report", "o-peer").stdout)
        )
    )
    assert {n["council"] for n in one if n["type"] == "finding"} == {"Otherborough Council"}


def test_rdf_export_refuses_a_scope(run):
    result = run("export", "--format", "ttl", "--council", "Bexley")
    assert result.exit_code == 2
