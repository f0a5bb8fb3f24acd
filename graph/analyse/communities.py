"""Groups of findings that hang together: Louvain communities with a fixed seed.

The community graph is undirected: findings, the partners they involve and the
outcomes they threaten or evidence, linked by ``involves``, ``leadsTo``,
``addresses``, ``listItemOf``, ``threatens`` and ``evidences``. Quality
statements, themes and duties are left out: they are the framework every
finding hangs on, and as hubs they would make every community one quality
statement. Findings with none of these links belong to no community.

Communities are numbered ``c1``, ``c2``... by size, largest first; the seed
makes the same graph give the same communities on every run.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.communities import communities
>>> found = communities(project(bexley))
>>> found[0]["id"], found[0]["size"] >= found[-1]["size"]
('c1', True)
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from carekg.graph.analyse.projection import label, out_links

COMMUNITY_RELATIONS = ("involves", "leadsTo", "addresses", "listItemOf", "threatens", "evidences")
SEED = 42


def community_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph communities are found in, built in a stable order."""
    edges = sorted(
        (min(s, t), max(s, t))
        for s, t, key in graph.edges(keys=True)
        if key in COMMUNITY_RELATIONS and s != t
    )
    undirected = nx.Graph()
    for s, t in edges:
        if undirected.has_edge(s, t):
            undirected[s][t]["weight"] += 1
        else:
            undirected.add_edge(s, t, weight=1)
    return undirected


def membership(graph: nx.MultiDiGraph, *, seed: int = SEED) -> dict[str, str]:
    """Each node of the community graph and the id of its community (``c1``...)."""
    undirected = community_graph(graph)
    if undirected.number_of_edges() == 0:
        return {}
    groups = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    ordered = sorted((sorted(group) for group in groups), key=lambda g: (-len(g), g[0]))
    return {node: f"c{index}" for index, group in enumerate(ordered, 1) for node in group}


def _describe(graph: nx.MultiDiGraph, cid: str, members: list[str]) -> dict:
    findings = [n for n in members if graph.nodes[n].get("type") == "finding"]
    partners = Counter()
    statements = Counter()
    councils = Counter()
    for finding in findings:
        data = graph.nodes[finding]
        statements.update(data["quality_statements"])
        councils[data["council"] or data["report"]] += 1
        for target, key in out_links(graph, finding):
            if key == "involves":
                partners[label(graph, target)] += 1
    top_partners = [name for name, _ in partners.most_common(3)]
    top_statements = [number for number, _ in statements.most_common(3)]
    name = ", ".join(top_partners) or "no partner"
    if top_statements:
        name += " · QS " + ", ".join(str(n) for n in top_statements)
    return {
        "id": cid,
        "name": name,
        "size": len(members),
        "findings": len(findings),
        "kinds": dict(Counter(graph.nodes[f]["kind"] for f in findings).most_common()),
        "partners": [{"partner": p, "findings": n} for p, n in partners.most_common()],
        "quality_statements": sorted(statements),
        "councils": sorted(councils),
        "outcomes": sorted(label(graph, n) for n in members if graph.nodes[n]["type"] == "outcome"),
        "members": members,
    }


def communities(
    graph: nx.MultiDiGraph, *, seed: int = SEED, found: dict[str, str] | None = None
) -> list[dict]:
    """The communities of the graph, largest first, each described in words.

    Keys: ``id`` (``c1``...), ``name`` (its three most named partners and
    quality statements), ``size`` (nodes), ``findings``, ``kinds`` (findings
    by kind), ``partners`` (``{"partner", "findings"}``, most named first),
    ``quality_statements``, ``councils``, ``outcomes`` and ``members`` (IRIs).
    ``found`` is a membership already computed with ``membership``.
    """
    found = membership(graph, seed=seed) if found is None else found
    groups: dict[str, list[str]] = {}
    for node, cid in found.items():
        groups.setdefault(cid, []).append(node)
    return [
        _describe(graph, cid, sorted(groups[cid]))
        for cid in sorted(groups, key=lambda c: int(c[1:]))
    ]
