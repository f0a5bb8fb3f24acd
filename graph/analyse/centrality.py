"""Which partners hold the system together: degree and betweenness centrality.

Centrality is measured on the partner projection, an undirected graph of
partners, risks and outcomes, small even for the whole nation (findings are
folded into its links; quality statements are left out, since as nine hubs
every council shares they would join everything to everything):

- two partners are linked when a finding involves both;
- a partner is linked to each risk that involves it or that a finding
  involving it leads to, and to each outcome its findings threaten or evidence;
- a risk is linked to the outcomes it threatens and the risks it leads to.

``degree`` is a partner's share of the other nodes it is linked to;
``betweenness`` the share of shortest paths between other nodes that pass
through it: a partner high on betweenness is the one that joins other
partners, risks and outcomes that would otherwise be apart. Beyond
``EXACT_LIMIT`` nodes betweenness is estimated from ``SAMPLE`` source nodes
drawn with a fixed seed, so reruns agree.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.centrality import partner_centrality
>>> rows = partner_centrality(project(bexley))
>>> rows[0]["partner"], rows[0]["findings"]
('London Borough of Bexley', 20)
"""

from __future__ import annotations

from collections import deque
from itertools import combinations
from random import Random

import networkx as nx

from carekg.graph.analyse.projection import in_links, label, out_links

EXACT_LIMIT = 1000
SAMPLE = 200
SEED = 42


def partner_projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected partner/risk/outcome graph, built in a stable order."""
    edges: set[tuple[str, str]] = set()

    def link(a: str, b: str) -> None:
        if a != b:
            edges.add((min(a, b), max(a, b)))

    for node, data in graph.nodes(data=True):
        if data.get("type") != "finding":
            continue
        out = out_links(graph, node)
        partners = [t for t, k in out if k == "involves"]
        risks = [t for t, k in out if k == "leadsTo" and graph.nodes[t].get("kind") == "risk"]
        if data["kind"] == "risk":
            risks.append(node)
            for target, key in out:
                if key == "threatens" or (key == "leadsTo" and target in risks):
                    link(node, target)
        reached = risks + [t for t, k in out if k in ("threatens", "evidences")]
        for partner in partners:
            for other in reached:
                link(partner, other)
        for a, b in combinations(sorted(partners), 2):
            link(a, b)
    projection = nx.Graph()
    projection.add_nodes_from(
        sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "partner")
    )
    projection.add_edges_from(sorted(edges))
    return projection


def betweenness_centrality(graph: nx.Graph, *, k: int | None, seed: int) -> dict[str, float]:
    """``networkx.betweenness_centrality(graph, k=k, seed=seed)``, the same floats, faster.

    Brandes' algorithm as NetworkX runs it (the same sources, each node's
    neighbours in the same order, the same sums in the same order), on lists
    indexed by number and with only the nodes each search reaches set up: at
    national scale NetworkX's per-source set-up of every node was most of
    the time.
    """
    from networkx.algorithms.centrality.betweenness import _rescale

    nodes = list(graph)
    index = {node: number for number, node in enumerate(nodes)}
    neighbours = [[index[other] for other in graph._adj[node]] for node in nodes]
    if k is not None and k == len(nodes):
        k = None
    sources = range(len(nodes)) if k is None else [index[n] for n in Random(seed).sample(nodes, k)]
    total = [0.0] * len(nodes)
    for source in sources:
        _accumulate(total, source, neighbours)
    found = dict(zip(nodes, total, strict=True))
    sampled = None if k is None else [nodes[s] for s in sources]
    return _rescale(found, len(nodes), normalized=True, directed=False, endpoints=False,
                    sampled_nodes=sampled)  # fmt: skip


def _accumulate(total: list[float], source: int, neighbours: list[list[int]]) -> None:
    """One source's share of every node's betweenness, added to ``total``."""
    order, parents = [], {source: []}
    sigma, dist = {source: 1.0}, {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        order.append(node)
        next_dist, paths = dist[node] + 1, sigma[node]
        for other in neighbours[node]:
            if other not in dist:
                queue.append(other)
                dist[other] = next_dist
                sigma[other] = 0.0
                parents[other] = []
            if dist[other] == next_dist:
                sigma[other] += paths
                parents[other].append(node)
    delta = dict.fromkeys(order, 0)
    while order:
        node = order.pop()
        coeff = (1 + delta[node]) / sigma[node]
        for parent in parents[node]:
            delta[parent] += sigma[parent] * coeff
        if node != source:
            total[node] += delta[node]


def partner_centrality(
    graph: nx.MultiDiGraph, *, sample: int | None = None, seed: int = SEED
) -> list[dict]:
    """Each partner that a finding involves, with its degree and betweenness centrality.

    Keys: ``id``, ``partner`` (label), ``partner_type``, ``findings`` (how
    many findings involve it), ``risks`` (how many risks involve it or follow
    from its findings), ``degree``, ``betweenness`` (both from 0 to 1, rounded
    to 4 places) and ``approximate`` (True when betweenness was sampled).
    ``sample`` forces sampling from that many nodes. Most between first.
    """
    projection = partner_projection(graph)
    size = projection.number_of_nodes()
    k = sample if sample is not None else (SAMPLE if size > EXACT_LIMIT else None)
    if k is not None and k >= size:
        k = None
    betweenness = betweenness_centrality(projection, k=k, seed=seed)
    degree = nx.degree_centrality(projection) if size > 1 else {n: 0.0 for n in projection}
    rows = []
    for partner in projection.nodes:
        findings = [s for s, key in in_links(graph, partner) if key == "involves"]
        if not findings:
            continue
        risks = {n for n in projection[partner] if graph.nodes[n].get("kind") == "risk"}
        rows.append(
            {
                "id": partner,
                "partner": label(graph, partner),
                "partner_type": graph.nodes[partner].get("partner_type_label"),
                "findings": len(findings),
                "risks": len(risks),
                "degree": round(degree[partner], 4),
                "betweenness": round(betweenness[partner], 4),
                "approximate": k is not None,
            }
        )
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["partner"]))
