"""Themes that recur across councils, found in the reports' own words.

Method (key phrases and NetworkX communities over a phrase graph, chosen for
needing nothing beyond NetworkX and for naming each theme in the reports'
words):

1. each area for development and risk is read as its key phrases, pairs of
   adjacent content words ("unpaid carers", "occupational therapists");
2. a phrase is kept when findings of at least ``min_councils`` councils use
   it and no more than ``MAX_SHARE`` of all findings do (so that "social
   care" does not become a theme);
3. phrases used in the same findings are linked, weighted by how strongly
   they go together (co-occurrences over the geometric mean of their
   counts), and Louvain (fixed seed) groups them into themes;
4. each finding joins the theme its rarest phrases point to, and a theme is
   named by its three phrases used by the most councils.

>>> graph = synthetic_two_councils()
>>> [theme["name"] for theme in recurring_themes(graph)]
['carers assessments; unpaid carers']
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx

from carekg.graph.analyse.projection import findings_of_kind, quote
from carekg.graph.analyse.wording import phrases_as_written

PROBLEM_KINDS = ("area_for_development", "risk")
MAX_SHARE = 0.2
MIN_ASSOCIATION = 0.1
MAX_PHRASES = 12
SEED = 42


def _phrases_by_finding(graph: nx.MultiDiGraph, findings: list[str]):
    keyed: dict[str, set[str]] = {}
    spelt: dict[str, Counter[str]] = {}
    for finding in findings:
        pairs = phrases_as_written(graph.nodes[finding]["text"])
        keyed[finding] = {key for key, _ in pairs}
        for key, words in pairs:
            spelt.setdefault(key, Counter())[words] += 1
    return keyed, spelt


def _kept_phrases(graph, keyed, min_councils: int) -> tuple[dict[str, int], dict[str, set]]:
    uses: Counter[str] = Counter()
    councils: dict[str, set[str]] = {}
    for finding, keys in keyed.items():
        council = graph.nodes[finding]["council"] or graph.nodes[finding]["report"]
        for key in keys:
            uses[key] += 1
            councils.setdefault(key, set()).add(council)
    limit = max(20, MAX_SHARE * len(keyed))
    kept = {k: n for k, n in uses.items() if len(councils[k]) >= min_councils and n <= limit}
    return kept, councils


def _phrase_groups(keyed, kept: dict[str, int]) -> list[list[str]]:
    together: Counter[tuple[str, str]] = Counter()
    for keys in keyed.values():
        mine = sorted((k for k in keys if k in kept), key=lambda k: (kept[k], k))[:MAX_PHRASES]
        together.update(combinations(sorted(mine), 2))
    phrase_graph = nx.Graph()
    phrase_graph.add_nodes_from(sorted(kept))
    for (a, b), n in sorted(together.items()):
        strength = n / math.sqrt(kept[a] * kept[b])
        if n >= 2 and strength >= MIN_ASSOCIATION:
            phrase_graph.add_edge(a, b, weight=strength)
    phrase_graph.remove_nodes_from([n for n in list(phrase_graph) if not phrase_graph[n]])
    if phrase_graph.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(phrase_graph, weight="weight", seed=SEED)
    return sorted((sorted(g) for g in groups), key=lambda g: g[0])


def _assign(keyed, kept, groups) -> dict[int, list[str]]:
    group_of = {phrase: index for index, group in enumerate(groups) for phrase in group}
    members: dict[int, list[str]] = {}
    for finding, keys in sorted(keyed.items()):
        weights: Counter[int] = Counter()
        for key in keys:
            if key in group_of:
                weights[group_of[key]] += 1 / kept[key]
        if weights:
            best = min(weights, key=lambda g: (-weights[g], g))
            members.setdefault(best, []).append(finding)
    return members


def recurring_themes(
    graph: nx.MultiDiGraph, *, min_councils: int = 2, kinds=PROBLEM_KINDS, examples: int = 3
) -> list[dict]:
    """Themes found in the findings of at least ``min_councils`` councils, most widespread first.

    Keys: ``name`` (its top phrases, as the reports write them), ``phrases``
    (all of them), ``councils`` (how many), ``council_names``, ``findings``
    (how many), ``kinds`` (findings by kind) and ``examples`` (quotes from
    different councils, each with ``council``). Only ``kinds`` of finding
    are read: areas for development and risks unless told otherwise.
    """
    findings = findings_of_kind(graph, *kinds)
    keyed, spelt = _phrases_by_finding(graph, findings)
    kept, phrase_councils = _kept_phrases(graph, keyed, min_councils)
    groups = _phrase_groups(keyed, kept)
    themes = []
    for index, members in _assign(keyed, kept, groups).items():
        councils = sorted({graph.nodes[f]["council"] or graph.nodes[f]["report"] for f in members})
        if len(councils) < min_councils:
            continue
        ranked = sorted(groups[index], key=lambda p: (-len(phrase_councils[p]), -kept[p], p))
        written = [spelt[p].most_common(1)[0][0] for p in ranked]
        chosen: dict[str, str] = {}
        for finding in sorted(members, key=lambda f: (-len(keyed[f] & set(ranked[:3])), f)):
            council = graph.nodes[finding]["council"] or graph.nodes[finding]["report"]
            if council not in chosen and len(chosen) < examples:
                chosen[council] = finding
        themes.append(
            {
                "name": "; ".join(written[:3]),
                "phrases": written,
                "councils": len(councils),
                "council_names": councils,
                "findings": len(members),
                "kinds": dict(Counter(graph.nodes[f]["kind"] for f in members).most_common()),
                "examples": [{**quote(graph, f), "council": c} for c, f in chosen.items()],
            }
        )
    return sorted(themes, key=lambda t: (-t["councils"], -t["findings"], t["name"]))


def synthetic_two_councils() -> nx.MultiDiGraph:
    """A tiny graph of two councils' areas for development, for the examples."""
    graph = nx.MultiDiGraph()
    texts = {
        "A": [
            "Unpaid carers wait too long for carers assessments.",
            "Carers assessments for unpaid carers are often late.",
            "The transitions protocol is not agreed.",
        ],
        "B": [
            "Unpaid carers said carers assessments took months.",
            "Some unpaid carers had no carers assessments at all.",
            "Direct payments uptake is low.",
        ],
    }
    for council, lines in texts.items():
        for index, text in enumerate(lines):
            graph.add_node(
                f"urn:{council}{index}",
                type="finding",
                kind="area_for_development",
                text=text,
                label=text,
                council=council,
                report=f"urn:{council}",
                document=None,
                start=None,
                end=None,
            )
    return graph
