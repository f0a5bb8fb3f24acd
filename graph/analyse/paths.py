"""The shortest chain of relations between two named nodes: ``carekg path A B``.

Every IRI-to-IRI triple is an edge, followed in either direction, except the
links that say how the graph was made (``rdf:type``, provenance, selectors).
NetworkX finds the shortest chain; among chains of equal length the one
through carekg's own relations, then the framework's, wins, so the answer is
the same on every run.

>>> from carekg.graph.analyse.paths import path
>>> [step["label"] for step in path(bexley, "ICB", "qs8")][::2]
['Integrated Care Board', 'Governance, management and sustainability']
"""

from __future__ import annotations

from carekg.graph.ask.nodes import node_labels, resolve_node
from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import CKG, OA, PROV, RDF, RDFS
from carekg.graph.model.text import compact

# Links that say how the graph was made, not what it says: never part of a path.
PATH_EXCLUDED = [
    RDF.type,
    RDF.subject,
    RDF.predicate,
    RDF.object,
    OA.hasSelector,
    PROV.wasGeneratedBy,
    PROV.wasAssociatedWith,
    PROV.wasDerivedFrom,
    PROV.used,
    RDFS.isDefinedBy,
]

EDGES = (
    "SELECT DISTINCT ?s ?p ?o WHERE {\n"
    "  ?s ?p ?o .\n"
    "  FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o)\n"
    f"  FILTER(?p NOT IN ({', '.join(f'<{p.value}>' for p in PATH_EXCLUDED)}))\n"
    "}\n"
)


def _edge_cost(predicate: str) -> float:
    # Every hop costs 1; a hop through a relation outside carekg's own costs a
    # little more, so equal-length chains prefer carekg's relations.
    return 1.0 if predicate.startswith(str(CKG)) else 1.0001


def relation_graph(store):
    """The store's IRI-to-IRI relations as an undirected ``networkx.Graph``.

    Each edge keeps one relation: ``predicate``, ``subject`` (which end the
    triple starts from) and ``weight``.
    """
    import networkx as nx

    graph = nx.Graph()
    rows = sorted(
        ((r["s"].value, r["p"].value, r["o"].value) for r in store.select(EDGES)),
        key=lambda t: (_edge_cost(t[1]), t[1], t[0], t[2]),
    )
    for s, p, o in rows:
        if not graph.has_edge(s, o):  # the first, preferred relation between two nodes
            graph.add_edge(s, o, predicate=p, subject=s, weight=_edge_cost(p))
    return graph


def path(store, a: str, b: str) -> list[dict]:
    """The shortest chain of relations between the nodes named ``a`` and ``b``.

    ``a`` and ``b`` are labels (preferred, alternative or ``rdfs:label``, any
    case), IRIs, prefixed names or ids such as ``icb`` or ``qs8``. Returns the
    steps from ``a`` to ``b``: ``step``, ``node`` (IRI), ``label``, and for
    every step but the last the ``predicate`` (IRI) and ``direction`` leading
    to the next node (``out``: this node is the triple's subject; ``in``: its
    object). An empty list means no chain links them. Raises ``CarekgError``
    when a name matches no node.
    """
    import networkx as nx

    starts = resolve_node(store, a)
    if not starts:
        raise CarekgError(f"no node is named {a!r} (by label, IRI or id)")
    goals = resolve_node(store, b)
    if not goals:
        raise CarekgError(f"no node is named {b!r} (by label, IRI or id)")
    graph = relation_graph(store)
    best: list[str] | None = None
    for start in starts:
        for goal in goals:
            if start.value == goal.value:
                chain = [start.value]
            elif start.value in graph and goal.value in graph:
                try:
                    chain = nx.dijkstra_path(graph, start.value, goal.value, weight="weight")
                except nx.NetworkXNoPath:
                    continue
            else:
                continue
            if best is None or len(chain) < len(best):
                best = chain
    if best is None:
        return []
    labels = node_labels(store, best)
    steps = []
    for index, node in enumerate(best):
        predicate = direction = None
        if index + 1 < len(best):
            edge = graph.edges[node, best[index + 1]]
            predicate = edge["predicate"]
            direction = "out" if edge["subject"] == node else "in"
        steps.append(
            {
                "step": index,
                "node": node,
                "label": labels.get(node, compact(node)),
                "predicate": predicate,
                "direction": direction,
            }
        )
    return steps
