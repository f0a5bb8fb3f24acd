"""Issue 13: ``path`` reads only the part of the store it needs, and answers as before.

The bounded search (bidirectional, a layer of neighbours per query) must give
the chain, relation and direction that Dijkstra gives on the whole relation
graph, for every pair of nodes, on Bexley and on the analysis fixture.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
from analyse_support import build_fixture_store

from carekg.graph.analyse import paths
from carekg.graph.ask.nodes import resolve_node
from carekg.graph.store import open_store


def _whole_graph_path(graph: nx.Graph, starts: list[str], goals: list[str]):
    """What ``path`` answered when it loaded every relation: the first shortest pair wins."""
    best = None
    for start in starts:
        for goal in goals:
            if start == goal:
                chain = [start]
            elif start in graph and goal in graph:
                try:
                    chain = nx.dijkstra_path(graph, start, goal, weight="weight")
                except nx.NetworkXNoPath:
                    continue
            else:
                continue
            if best is None or len(chain) < len(best):
                best = chain
    return best


def _steps(graph: nx.Graph, chain: list[str]) -> list[tuple]:
    steps = []
    for node, after in zip(chain, chain[1:], strict=False):
        edge = graph.edges[node, after]
        steps.append((node, edge["predicate"], "out" if edge["subject"] == node else "in"))
    return steps + [(chain[-1], None, None)]


@pytest.fixture(scope="module", params=["bexley", "testshire"])
def store(request, bexley_store, tmp_path_factory):
    if request.param == "bexley":
        opened = open_store(bexley_store)
    else:
        opened = open_store(build_fixture_store(tmp_path_factory.mktemp("paths") / "store"))
    yield opened
    opened.close()


def test_bounded_search_agrees_with_dijkstra_on_the_whole_graph(store):
    whole = paths.relation_graph(store)
    nodes = sorted(whole.nodes)
    pairs = random.Random(13).sample([(a, b) for a in nodes for b in nodes], 150)
    for a, b in pairs:
        expected = _whole_graph_path(whole, [a], [b])
        steps = paths.path(store, a, b)
        if expected is None:
            assert steps == [], (a, b)
            continue
        got = [(s["node"], s["predicate"], s["direction"]) for s in steps]
        assert got == _steps(whole, expected), (a, b)


@pytest.mark.parametrize(
    "a, b",
    [("icb", "qs8"), ("Housing", "The Mayor"), ("Strengths", "Working with people"), ("qs1", "s2")],
)
def test_names_with_several_nodes_pick_the_first_shortest_pair(store, a, b):
    starts = [n.value for n in resolve_node(store, a)]
    goals = [n.value for n in resolve_node(store, b)]
    if not starts or not goals:
        pytest.skip("not named in this store")
    whole = paths.relation_graph(store)
    expected = _whole_graph_path(whole, starts, goals)
    steps = paths.path(store, a, b)
    assert [s["node"] for s in steps] == (expected or [])
