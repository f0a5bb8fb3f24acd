"""What the view takes from the analysis: centrality, communities and gaps.

``carekg analyse --save`` (``graph/analyse/writeback.py``) keeps its results in
the named graph ``<https://w3id.org/carekg/graph/analysis>``: each gap a
``ckg:Gap`` with ``ckg:gapKind``, ``ckg:reason``, ``ckg:forCouncil``,
``ckg:about`` the nodes it concerns and ``ckg:cites`` the findings it quotes;
partner centrality (``ckg:betweennessCentrality``, ``ckg:degreeCentrality``)
and ``ckg:community`` as literals on nodes. The view reads that graph: a node
a gap is *about* gets a red dashed border and the gap's reason in its
tooltip; a finding a gap *cites* says so. When nothing is saved the view
still draws: every node's size then follows its number of links in the view,
no gap is marked, and ``Analysis.source`` says so.

>>> from carekg.graph.show.view_analysis import analysis_for
>>> from carekg.graph.show.view_scope import ViewOptions, scoped_graph
>>> result = analysis_for(bexley, scoped_graph(bexley, ViewOptions()))
>>> result.source
'degree in this view'
>>> max(result.centrality.values())
1.0
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from carekg.graph.model.namespaces import GRAPH

ANALYSIS_GRAPH = GRAPH["analysis"]

GAPS = """
SELECT ?gap ?kind ?reason ?council ?role ?node WHERE {
  GRAPH <%(graph)s> {
    ?gap a ckg:Gap .
    OPTIONAL { ?gap ckg:gapKind ?kind } OPTIONAL { ?gap ckg:reason ?reason }
    OPTIONAL { ?gap ckg:forCouncil ?council }
    OPTIONAL { { ?gap ckg:about ?node BIND("about" AS ?role) }
               UNION { ?gap ckg:cites ?node BIND("cites" AS ?role) } }
  }
}
"""
SCORES = """
SELECT ?node ?measure ?value WHERE {
  GRAPH <%(graph)s> {
    VALUES ?measure { ckg:betweennessCentrality ckg:degreeCentrality ckg:community }
    ?node ?measure ?value .
  }
}
"""


@dataclass
class Gap:
    """One saved gap: its kind, reason, council, the nodes it is about and the findings it cites."""

    iri: str
    kind: str = ""
    reason: str = ""
    council: str | None = None
    about: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The reason as the page shows it, with the kind of gap."""
        kind = self.kind.replace("-", " ").replace("_", " ")
        if self.reason and kind:
            return f"{self.reason} ({kind})"
        return self.reason or kind or "gap"

    @property
    def nodes(self) -> list[str]:
        return sorted({*self.about, *self.cites})


@dataclass
class Analysis:
    """Centrality (0 to 1 within each type of node), gaps by node, and where they came from.

    ``gaps`` gives, for each node a gap is about, the gaps' texts; ``cited``
    for each finding a gap cites; ``community`` each node's community id.
    """

    centrality: dict[str, float]
    gaps: dict[str, list[str]]
    source: str
    cited: dict[str, list[str]] = field(default_factory=dict)
    community: dict[str, str] = field(default_factory=dict)


def saved_gaps(store, councils: set[str] | None = None) -> list[Gap]:
    """The gaps saved in the analysis graph, sorted by IRI (empty when none are saved).

    With ``councils``, only the gaps found for one of them (and those for no council).
    """
    gaps: dict[str, Gap] = {}
    for row in store.select(GAPS % {"graph": ANALYSIS_GRAPH.value}):
        gap = gaps.setdefault(row["gap"].value, Gap(row["gap"].value))
        for name in ("kind", "reason", "council"):
            if row[name] is not None:
                setattr(gap, name, row[name].value)
        if row["node"] is not None:
            getattr(gap, row["role"].value).append(row["node"].value)
    for gap in gaps.values():
        gap.about, gap.cites = sorted(set(gap.about)), sorted(set(gap.cites))
    return [
        gaps[key]
        for key in sorted(gaps)
        if councils is None or gaps[key].council is None or gaps[key].council in councils
    ]


def _saved_measures(store) -> tuple[dict[str, float], dict[str, str]]:
    """Saved centrality (betweenness, else degree) and community, by node."""
    measures: dict[str, dict[str, float]] = defaultdict(dict)
    community: dict[str, str] = {}
    for row in store.select(SCORES % {"graph": ANALYSIS_GRAPH.value}):
        measure = row["measure"].value.rsplit("#", 1)[-1]
        if measure == "community":
            community[row["node"].value] = row["value"].value
        else:
            measures[measure][row["node"].value] = float(row["value"].value)
    between = measures.get("betweennessCentrality", {})
    chosen = between if any(between.values()) else measures.get("degreeCentrality", {})
    return chosen, community


def _normalise_by_type(graph, values: dict[str, float]) -> dict[str, float]:
    """Each value over the largest of its node type's, so every type spans 0 to 1."""
    top: dict[str, float] = defaultdict(float)
    for node, value in values.items():
        kind = graph.nodes[node]["type"]
        top[kind] = max(top[kind], value)
    out = {}
    for node, value in values.items():
        most = top[graph.nodes[node]["type"]]
        out[node] = round(value / most, 4) if most > 0 else 0.0
    return out


def analysis_for(store, graph, councils: set[str] | None = None) -> Analysis:
    """Centrality and gaps for the nodes of ``graph`` (a projection cut by the view).

    Partners are sized by their saved centrality when the analysis is saved;
    every other node (and every node when it is not) by its links in the view.
    ``councils`` keeps only the gaps found for those councils.
    """
    gaps: dict[str, list[str]] = defaultdict(list)
    cited: dict[str, list[str]] = defaultdict(list)
    for gap in saved_gaps(store, councils):
        for node in gap.about:
            if node in graph and gap.text not in gaps[node]:
                gaps[node].append(gap.text)
        for node in gap.cites:
            if node in graph and node not in gap.about and gap.text not in cited[node]:
                cited[node].append(gap.text)
    saved, community = _saved_measures(store)
    values = {node: float(graph.degree(node)) for node in graph}
    partners = [n for n in graph if graph.nodes[n]["type"] == "partner"]
    if saved and any(n in saved for n in partners):
        values.update({n: saved.get(n, 0.0) for n in partners})
    source = "saved analysis" if saved or gaps or cited else "degree in this view"
    return Analysis(_normalise_by_type(graph, values), dict(gaps), source, dict(cited),
                    {n: c for n, c in community.items() if n in graph})  # fmt: skip
