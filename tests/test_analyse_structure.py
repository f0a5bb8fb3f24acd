"""Issue 10: projection, centrality, communities, single points of failure and dependencies."""

from __future__ import annotations

import gc
import json
import random

import networkx as nx
import pytest
from analyse_support import FINDING, OUTCOME, PARTNER, build_fixture_store

from carekg.graph.analyse import failures
from carekg.graph.analyse.centrality import partner_centrality
from carekg.graph.analyse.communities import communities, membership
from carekg.graph.analyse.dependencies import dependency_chains, deps
from carekg.graph.analyse.projection import project
from carekg.graph.analyse.structure import analyse, analysis
from carekg.graph.errors import CarekgError
from carekg.graph.store import open_store
from conftest import Run


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    return build_fixture_store(tmp_path_factory.mktemp("testshire") / "store")


@pytest.fixture(scope="module")
def graph(fixture_store):
    store = open_store(fixture_store)
    projected = project(store)
    store.close()
    gc.collect()
    return projected


# --- the projection ---------------------------------------------------------------------------
def test_projection_types_nodes_and_edges(graph):
    risk = graph.nodes[FINDING.format("t-peer", 2)]
    assert risk["type"] == "finding" and risk["kind"] == "risk"
    assert risk["quality_statements"] == [8] and risk["theme"] == 4
    assert risk["council"] == "Testshire County Council" and risk["start"] == 64
    assert risk["text"] == "Decisions taken by the ICB reversed agreed place arrangements."
    assert graph.nodes[PARTNER.format("t-icb")]["partner_type"] == "icb"
    assert graph.nodes[FINDING.format("t-peer", 8)]["evidence_categories"] == ["people"]
    relations = {key for _, _, key in graph.edges(keys=True)}
    assert {"involves", "threatens", "evidences", "addresses", "leadsTo", "isPartOf"} <= relations
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert {"finding", "partner", "outcome", "report", "quality_statement", "theme"} <= types
    assert sum(1 for _, d in graph.nodes(data=True) if d["type"] == "quality_statement") == 9


def test_projection_of_one_report_or_council(fixture_store):
    store = open_store(fixture_store)
    one = project(store, report="t-cqc")
    council = project(store, council="TESTSHIRE")
    with pytest.raises(CarekgError):
        project(store, report="t-cqc", council="Testshire")
    store.close()
    reports = {d["report"] for _, d in one.nodes(data=True) if d["type"] == "finding"}
    assert reports == {"https://w3id.org/carekg/id/report/t-cqc"}
    councils = {d["council"] for _, d in council.nodes(data=True) if d["type"] == "finding"}
    assert councils == {"Testshire County Council"}
    # A partner only another council's findings name stays out.
    assert PARTNER.format("o-council") not in council


def test_projection_reads_the_store_in_a_few_queries(fixture_store):
    store = open_store(fixture_store)
    calls = []
    original = store.query_raw

    def counting(query, bindings=None):
        calls.append(query)
        return original(query, bindings)

    store.query_raw = counting
    project(store)
    store.close()
    assert len(calls) <= 6


# --- centrality and communities --------------------------------------------------------------
def test_partner_centrality_on_bexley(bexley_store):
    store = open_store(bexley_store)
    rows = partner_centrality(project(store))
    store.close()
    assert rows == sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["partner"]))
    assert all(0 <= r["betweenness"] <= 1 and 0 < r["degree"] <= 1 for r in rows)
    council = next(r for r in rows if r["partner"] == "London Borough of Bexley")
    assert council["findings"] >= 10 and council["betweenness"] > 0


def test_sampled_centrality_is_the_same_on_every_run(graph):
    first = partner_centrality(graph, sample=5)
    assert first == partner_centrality(graph, sample=5)
    assert all(row["approximate"] for row in first)


def test_communities_are_stable_and_separate_what_is_not_linked(graph):
    found = membership(graph)
    assert found == membership(graph)
    chain_a = {found[FINDING.format("t-peer", n)] for n in (10, 11, 12)}
    chain_b = {found[FINDING.format("t-peer", n)] for n in (13, 14, 15)}
    assert len(chain_a) == len(chain_b) == 1 and chain_a != chain_b
    described = communities(graph, found=found)
    assert [c["id"] for c in described] == [f"c{n}" for n in range(1, len(described) + 1)]
    assert described[0]["size"] >= described[-1]["size"]


# --- single points of failure ----------------------------------------------------------------
def test_removing_the_icb_leaves_its_outcome_unsupported(graph):
    found = failures.single_points_of_failure(graph)
    partners = {
        f["node"]: [o["id"] for o in f["outcomes"]] for f in found if f["type"] == "partner"
    }
    assert partners == {
        PARTNER.format("t-icb"): [OUTCOME.format("integrated-place-arrangements")],
        PARTNER.format("t-housing"): [OUTCOME.format("extra-care-housing")],
    }
    icb = next(f for f in found if f["node"] == PARTNER.format("t-icb"))
    assert icb["reason"] == (
        "Remove Testshire ICB and “integrated place arrangements” loses every supporting finding."
    )
    assert [q["id"] for q in icb["findings"]] == [FINDING.format("t-peer", 2)]
    assert icb["bridges"] == [[PARTNER.format("t-icb"), FINDING.format("t-peer", 2)]]
    # An outcome that two findings hold up has no single point of failure.
    cut = {o["id"] for f in found for o in f["outcomes"]}
    assert OUTCOME.format("safe-discharge") not in cut


def test_articulation_points_and_bridges_agree_with_networkx():
    rng = random.Random(7)
    for _ in range(30):
        undirected = nx.gnm_random_graph(40, rng.randint(40, 70), seed=rng.randint(0, 10**6))
        adjacency = {failures.GROUND: set()}
        for a, b in undirected.edges:
            a, b = f"n{a}", f"n{b}"
            adjacency.setdefault(a, set()).add(b)
            adjacency.setdefault(b, set()).add(a)
        for node in list(adjacency):
            if node != failures.GROUND and node in ("n0", "n1"):
                adjacency[failures.GROUND].add(node)
                adjacency[node].add(failures.GROUND)
        order, low, end, children = failures._search(adjacency)
        reached = nx.Graph()
        reached.add_edges_from((a, b) for a in order for b in adjacency[a] if b in order)
        points = {
            n
            for n, kids in children.items()
            if n != failures.GROUND and any(low[c] >= order[n] for c in kids)
        }
        if len(children[failures.GROUND]) > 1:
            points.add(failures.GROUND)
        bridges = {
            frozenset((n, c)) for n, kids in children.items() for c in kids if low[c] > order[n]
        }
        assert points == set(nx.articulation_points(reached))
        assert bridges == {frozenset(e) for e in nx.bridges(reached)}


# --- dependencies -----------------------------------------------------------------------------
def test_chains_run_from_partner_to_finding_to_outcome_with_quotes(graph):
    chains = dependency_chains(graph, PARTNER.format("t-icb"))
    first = chains["dependents"][0]
    assert [s["relation"] for s in first] == [None, "involved in", "threatens"]
    assert first[1]["label"].startswith("Decisions taken by the ICB")
    assert first[1]["source"] == {"document": "t-peer.txt", "start": 64, "end": 126}
    assert first[-1]["id"] == OUTCOME.format("integrated-place-arrangements")
    back = dependency_chains(graph, OUTCOME.format("extra-care-housing"))["depends_on"]
    assert [s["relation"] for s in back[0]] == [None, "threatened by", "involves"]
    assert back[0][-1]["label"] == "Testshire Homes"


def test_depth_limits_the_chains(graph):
    chains = dependency_chains(graph, FINDING.format("t-peer", 10), depth=1)
    assert [len(c) for c in chains["dependents"]] == [2]
    assert len(dependency_chains(graph, FINDING.format("t-peer", 10))["dependents"][0]) == 3
    with pytest.raises(CarekgError):
        dependency_chains(graph, "https://example.org/nothing")


def test_deps_by_name(fixture_store):
    store = open_store(fixture_store)
    answer = deps(store, "testshire homes")
    assert deps(store, "Homes")["node"]["label"] == "Testshire Homes"  # part of one name
    with pytest.raises(CarekgError, match="is part of 5 names"):
        deps(store, "testshire")  # ICB, Homes, Community Action...
    with pytest.raises(CarekgError, match="no partner, finding or outcome"):
        deps(store, "Nobody at all")
    store.close()
    assert answer["node"]["label"] == "Testshire Homes"


# --- the commands -----------------------------------------------------------------------------
def test_analyse_command_prints_three_parts(run):
    result = run("analyse")
    assert result.exit_code == 0, result.output
    for title in ("Partner centrality", "Communities", "Single points of failure"):
        assert title in result.stdout
    answer = json.loads(run("analyse", "--format", "json").stdout)
    assert set(answer) == {"centrality", "communities", "single_points_of_failure"}
    csv_text = run("analyse", "--format", "csv").stdout
    assert csv_text.startswith("part,") and "Communities" in csv_text


def test_analyse_refuses_to_save_a_part_of_the_store(run):
    result = run("analyse", "--save", "--council", "Bexley")
    assert result.exit_code == 1 and "whole store" in result.stderr


def test_deps_command(fixture_store):
    run = Run(fixture_store)
    result = run("deps", "Testshire ICB", "--depth", "2")
    assert result.exit_code == 0, result.output
    assert "What depends on Testshire ICB" in result.stdout
    assert "integrated place arrangements" in result.stdout
    answer = json.loads(run("deps", "t-housing", "--format", "json").stdout)
    assert answer["node"]["id"] == PARTNER.format("t-housing")
    missing = run("deps", "Nobody")
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no partner, finding")


def test_analysis_of_one_council(fixture_store):
    store = open_store(fixture_store)
    results = analysis(store, council="Otherborough")
    store.close()
    assert [r["partner"] for r in results["centrality"]] == ["Otherborough Council"]
    assert analyse(project(open_store(fixture_store)))["single_points_of_failure"]


def test_projection_quotes_match_the_findings_contract(bexley_store):
    from carekg.graph.analyse.projection import quote
    from carekg.graph.ask.findings import findings

    store = open_store(bexley_store)
    graph = project(store)
    expected = {f["id"]: f for f in findings(store)}
    store.close()
    assert expected
    for iri, finding in expected.items():
        got = quote(graph, iri)
        assert (got["text"], got["source"], got["kind"]) == (
            finding["text"],
            finding["source"],
            finding["kind"],
        )
        assert graph.nodes[iri]["quality_statements"] == finding["quality_statements"]
