"""Single points of failure: the partners, findings and links that outcomes hang on.

The support graph says what holds each outcome up. It is undirected, with one
extra node, the ground, that stands for "holds without help":

- a partner is linked to the ground, and to each finding that involves it;
- a finding with no partner and no cause (nothing ``leadsTo`` it) is linked to
  the ground: it stands on its own;
- a finding is linked to the findings it leads to, and to the outcomes it
  threatens or evidences.

An outcome is supported while a path links it to the ground. An articulation
point is a node whose removal cuts some outcomes off the ground: "remove the
ICB and these outcomes lose every supporting finding". A bridge is a single
link whose removal does the same; each entry lists the bridges from its node
into what it cuts off (the one link that everything beyond hangs on). Both
come from one depth-first search (Tarjan's low-link method), so the cost
grows with the graph, not its square.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.failures import single_points_of_failure
>>> found = single_points_of_failure(project(bexley))
>>> [(f["label"], [o["label"] for o in f["outcomes"]]) for f in found if f["type"] == "partner"]
[('Housing', ['availability of extra care housing'])]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import networkx as nx

from carekg.graph.analyse.projection import in_links, label, out_links, quote

GROUND = "ground:"
SUPPORT_RELATIONS = ("involves", "leadsTo", "threatens", "evidences")


def support_graph(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The undirected support graph as adjacency sets, with ``GROUND``."""
    adjacency: dict[str, set[str]] = {GROUND: set()}

    def link(a: str, b: str) -> None:
        adjacency.setdefault(a, set()).add(b)
        adjacency.setdefault(b, set()).add(a)

    for node, data in graph.nodes(data=True):
        if data.get("type") != "finding":
            continue
        out = out_links(graph, node)
        partners = [t for t, k in out if k == "involves"]
        causes = [s for s, k in in_links(graph, node) if k == "leadsTo"]
        for partner in partners:
            link(GROUND, partner)
            link(partner, node)
        if not partners and not causes:
            link(GROUND, node)
        for target, key in out:
            if key in ("leadsTo", "threatens", "evidences") and target != node:
                link(node, target)
    return adjacency


def _search(adjacency: dict[str, set[str]]):
    """Depth-first search from the ground: preorder numbers, low links, subtree ends."""
    order: dict[str, int] = {GROUND: 0}
    low: dict[str, int] = {GROUND: 0}
    end: dict[str, int] = {}
    parent: dict[str, str | None] = {GROUND: None}
    children: dict[str, list[str]] = {GROUND: []}
    stack = [(GROUND, iter(sorted(adjacency[GROUND])))]
    while stack:
        node, neighbours = stack[-1]
        advanced = False
        for other in neighbours:
            if other not in order:
                order[other] = low[other] = len(order)
                parent[other] = node
                children[node].append(other)
                children[other] = []
                stack.append((other, iter(sorted(adjacency[other]))))
                advanced = True
                break
            if other != parent[node]:
                low[node] = min(low[node], order[other])
        if not advanced:
            stack.pop()
            end[node] = len(order)  # the subtree of node is preorder [order, end)
            if parent[node] is not None:
                low[parent[node]] = min(low[parent[node]], low[node])
    return order, low, end, children


def _outcomes_in(outcomes: list[int], start: int, stop: int) -> list[int]:
    """The preorder numbers of outcomes in ``[start, stop)``; ``outcomes`` is sorted."""
    return outcomes[bisect_left(outcomes, start) : bisect_right(outcomes, stop - 1)]


def _supporting(graph: nx.MultiDiGraph, outcomes: list[str], pool: set[str]) -> list[str]:
    """The findings of ``pool`` from which a chain of links reaches one of ``outcomes``."""
    seen: set[str] = set()
    frontier = list(outcomes)
    while frontier:
        node = frontier.pop()
        for source, key in in_links(graph, node):
            if (
                key in ("leadsTo", "threatens", "evidences")
                and source in pool
                and source not in seen
            ):
                seen.add(source)
                frontier.append(source)
    return sorted(seen)


def _entry(graph, node: str, bridges: list[str], outcomes, findings) -> dict:
    names = ", ".join(f"“{label(graph, o)}”" for o in outcomes)
    verb = "loses" if len(outcomes) == 1 else "lose"
    what = label(graph, node)
    kind = graph.nodes[node].get("type")
    if kind == "finding":
        what = f"the {graph.nodes[node]['kind'].replace('_', ' ')} “{what}”"
    return {
        "type": kind,
        "node": node,
        "label": label(graph, node),
        "outcomes": [{"id": o, "label": label(graph, o)} for o in outcomes],
        "findings": [quote(graph, f) for f in findings],
        "bridges": [[node, other] for other in bridges],
        "reason": f"Remove {what} and {names} {verb} every supporting finding.",
    }


def single_points_of_failure(graph: nx.MultiDiGraph) -> list[dict]:
    """The partners, findings and links whose removal leaves outcomes unsupported.

    Each entry: ``type`` (``partner`` or ``finding``), ``node`` (IRI),
    ``label``, ``outcomes`` (``{"id", "label"}`` that lose every supporting
    finding), ``findings`` (quotes of the findings cut off with them, the node
    itself first when it is a finding), ``bridges`` (``[node, other]`` links
    that alone hold up what is cut off) and ``reason``. Partners come first,
    then findings; more outcomes first.
    """
    adjacency = support_graph(graph)
    order, low, end, children = _search(adjacency)
    by_order = {position: node for node, position in order.items()}
    outcomes = sorted(
        p for n, p in order.items() if graph.nodes.get(n, {}).get("type") == "outcome"
    )
    found = []
    for node, kids in children.items():
        if node == GROUND:
            continue
        if graph.nodes[node].get("type") not in ("partner", "finding"):
            continue
        cut = [
            c for c in kids if low[c] >= order[node] and _outcomes_in(outcomes, order[c], end[c])
        ]
        if not cut:
            continue
        cut_outcomes = sorted(
            by_order[p] for c in cut for p in _outcomes_in(outcomes, order[c], end[c])
        )
        pool = {by_order[p] for c in cut for p in range(order[c], end[c])} | {node}
        supporting = _supporting(graph, cut_outcomes, pool)
        supporting = (
            [node, *[f for f in supporting if f != node]] if node in supporting else supporting
        )
        bridges = [c for c in cut if low[c] > order[node]]
        found.append(_entry(graph, node, bridges, cut_outcomes, supporting))
    rank = {"partner": 0, "finding": 1}
    return sorted(found, key=lambda e: (rank.get(e["type"], 2), -len(e["outcomes"]), e["label"]))
