"""The structural gap rule: one subject, several groups of findings that never meet.

Kept apart from ``gap_rules`` because it reads the communities
(``communities.membership``) that ``gaps.find_gaps`` computes once for all
councils and hands to each ``Unit``.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.communities import membership
>>> from carekg.graph.analyse.gaps import units_of
>>> graph = project(bexley)
>>> [unit] = units_of(graph)
>>> unit.communities = membership(graph)
>>> [g["kind"] for g in disconnected_communities(graph, unit)][:1]
['structural']
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

from carekg.graph.analyse.communities import COMMUNITY_RELATIONS
from carekg.graph.analyse.gap_rules import Unit, make_gap
from carekg.graph.analyse.projection import in_links, label, out_links, targets

# Communities with at least this many of a unit's findings are compared...
MIN_COMMUNITY = 3
# ...and two that share partners or quality statements are far apart at most this many links.
FEW_LINKS = 1
# Partner types in nearly every report: sharing them says nothing.
EVERYWHERE = {"council", "regulator", "peer-review", "cqc", "lga"}


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _community_facts(graph: nx.MultiDiGraph, unit: Unit):
    groups: dict[str, list[str]] = {}
    for finding in unit.findings:
        cid = unit.communities.get(finding)
        if cid is not None:
            groups.setdefault(cid, []).append(finding)
    groups = {c: fs for c, fs in groups.items() if len(fs) >= MIN_COMMUNITY}
    edges = {
        edge
        for finding in unit.findings
        for edge in [
            *((finding, t, k) for t, k in out_links(graph, finding)),
            *((s, finding, k) for s, k in in_links(graph, finding)),
        ]
        if edge[2] in COMMUNITY_RELATIONS
    }
    links: Counter[tuple[str, str]] = Counter()
    for s, t, _ in edges:
        ends = unit.communities.get(s), unit.communities.get(t)
        if ends[0] and ends[1] and ends[0] != ends[1]:
            links[tuple(sorted(ends))] += 1
    return groups, links


def _subjects(graph: nx.MultiDiGraph, findings: list[str]) -> set[str]:
    """What a group of findings is about: its partners (not the council itself, the
    regulator or the peer team, who are in every report) and the quality statements
    that at least half of its findings concern."""
    partners = {
        p
        for f in findings
        for p in targets(graph, f, "involves")
        if graph.nodes[p].get("partner_type") not in EVERYWHERE
    }
    statements = Counter(q for f in findings for q in targets(graph, f, "qualityStatement"))
    return partners | {q for q, n in statements.items() if 2 * n >= len(findings)}


def disconnected_communities(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Structural gaps: a subject that groups of findings share but that never link them.

    The findings fall into communities (see ``communities``). When two or
    more communities concern the same partner, or are mainly about the same
    quality statement, but each pair of them is joined by at most one link,
    the reports discuss one subject in separate places that never refer to
    each other: the council's work on it may be in silos, and its own account
    of it is not joined up. One gap per shared subject, quoting each group.
    """
    groups, links = _community_facts(graph, unit)
    holders: dict[str, list[str]] = {}
    for cid in sorted(groups, key=lambda c: int(c[1:])):
        for subject in _subjects(graph, groups[cid]):
            holders.setdefault(subject, []).append(cid)
    found = []
    for subject in sorted(holders, key=lambda n: (graph.nodes[n]["type"], n)):
        apart = nx.Graph()
        apart.add_nodes_from(holders[subject])
        apart.add_edges_from(
            (a, b)
            for a, b in combinations(holders[subject], 2)
            if links[(min(a, b), max(a, b))] > FEW_LINKS
        )
        parts = sorted(
            (sorted(c, key=lambda x: int(x[1:])) for c in nx.connected_components(apart)),
            key=lambda c: int(c[0][1:]),
        )
        if len(parts) < 2:
            continue
        sizes = _names([str(sum(len(groups[c]) for c in part)) for part in parts])
        reason = (
            f"{label(graph, subject)} comes up in {len(parts)} separate groups of findings "
            f"in {unit.where} ({sizes} findings) with at most one link between any two: "
            "the reports treat it in places that never refer to each other, which may "
            "mean work in silos."
        )
        cited = [f for part in parts for f in _touching(graph, groups[part[0]], {subject})[:2]]
        found.append(make_gap(graph, unit, "structural", "few-links", [subject], reason, cited))
    return found


def _touching(graph: nx.MultiDiGraph, findings: list[str], shared: set[str]) -> list[str]:
    return [f for f in findings if shared & set(graph.succ[f])]
