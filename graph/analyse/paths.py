"""The shortest chain of relations between two named nodes: ``carekg path A B``.

Every IRI-to-IRI triple is an edge, followed in either direction, except the
links that say how the graph was made (``rdf:type``, provenance, selectors).
Among chains of equal length the one through carekg's own relations, then the
framework's, wins, so the answer is the same on every run.

The store is not loaded whole: a bidirectional breadth-first search asks the
store for the neighbours of one layer at a time, from whichever end costs
fewer triples to expand, until the two searches meet. The nodes on the
shortest chains (and only they) then form a small graph on which Dijkstra,
written as NetworkX runs it, picks the chain exactly as ``networkx.dijkstra_path``
would on the whole graph (``relation_graph``, the reference the tests compare
against).

>>> from carekg.graph.analyse.paths import path
>>> [step["label"] for step in path(bexley, "ICB", "qs8")][::2]
['Integrated Care Board', 'Governance, management and sustainability']
"""

from __future__ import annotations

from heapq import heappop, heappush
from itertools import count

from pyoxigraph import NamedNode

from carekg.graph.analyse.projection_sparql import cells, iri
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
_KEPT = (
    "  FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o)\n"
    f"  FILTER(?p NOT IN ({', '.join(f'<{p.value}>' for p in PATH_EXCLUDED)}))\n"
)
EDGES = "SELECT DISTINCT ?s ?p ?o WHERE {\n  ?s ?p ?o .\n" + _KEPT + "}\n"
# The nodes linked to the nodes of one layer, in either direction: only the two ends are
# read (turning a stored term back into text is most of a query's cost).
NEIGHBOURS = (
    "SELECT DISTINCT ?node ?other WHERE {\n  #VALUES\n"
    "  { ?node ?p ?other } UNION { ?other ?p ?node }\n"
    "  FILTER(isIRI(?other) && ?other != ?node)\n"
    f"  FILTER(?p NOT IN ({', '.join(f'<{p.value}>' for p in PATH_EXCLUDED)}))\n"
    "}\n"
)
# The relations out of the nodes of the shortest chains: every link between two of them.
RELATIONS_FROM = "SELECT DISTINCT ?s ?p ?o WHERE {\n  #VALUES\n  ?s ?p ?o .\n" + _KEPT + "}\n"
# What expanding a layer would cost: its triples, counted in the store without reading
# them, and only up to a limit (a count larger than the other end's decides nothing).
DEGREE = (
    "SELECT (COUNT(*) AS ?n) WHERE {\n  { SELECT ?p WHERE {\n    #VALUES\n"
    "    { ?node ?p ?o } UNION { ?s ?p ?node }\n  } LIMIT %d }\n}"
)
BATCH = 2000  # nodes per VALUES block, so a query's text stays small for a remote store
UNCOUNTED = 10**9

Row = tuple[float, str, str, str]  # (cost, predicate, subject, object): the preference order


def _edge_cost(predicate: str) -> float:
    # Every hop costs 1; a hop through a relation outside carekg's own costs a
    # little more, so equal-length chains prefer carekg's relations.
    return 1.0 if predicate.startswith(str(CKG)) else 1.0001


def _adjacency(rows) -> dict[str, dict[str, dict]]:
    """Each node's neighbours, from rows in preference order: the first relation of a pair wins.

    What ``networkx.Graph.add_edge`` builds (an undirected pair shares one dict
    of ``predicate``, ``subject`` and ``weight``), in the same order.
    """
    adjacency: dict[str, dict[str, dict]] = {}
    for cost, p, s, o in sorted(rows):
        if o not in adjacency.get(s, {}):
            edge = {"predicate": p, "subject": s, "weight": cost}
            adjacency.setdefault(s, {})[o] = edge
            adjacency.setdefault(o, {})[s] = edge
    return adjacency


def _dijkstra(adjacency: dict[str, dict[str, dict]], source: str, target: str) -> list[str]:
    """``networkx.dijkstra_path`` over ``adjacency`` (the same pushes, so the same ties).

    Written out so that ``path`` does not import NetworkX (a second of a
    command's start on a busy machine). ``target`` must be reachable.
    """
    done: dict[str, float] = {}
    seen: dict[str, float] = {source: 0}
    first: dict[str, str] = {}  # the node that first reached each at its final distance
    counter = count()
    fringe = [(0, next(counter), source)]
    while fringe:
        distance, _, node = heappop(fringe)
        if node in done:
            continue
        done[node] = distance
        if node == target:
            break
        for other, edge in adjacency[node].items():
            further = distance + edge["weight"]
            if other not in done and (other not in seen or further < seen[other]):
                seen[other] = further
                heappush(fringe, (further, next(counter), other))
                first[other] = node
    chain = [target]
    while chain[-1] in first:
        chain.append(first[chain[-1]])
    return chain[::-1]


def relation_graph(store):
    """The store's IRI-to-IRI relations as an undirected ``networkx.Graph``.

    Each edge keeps one relation: ``predicate``, ``subject`` (which end the
    triple starts from) and ``weight``. The whole store: ``path`` reads only
    the part it needs, and answers as Dijkstra on this graph would.
    """
    import networkx as nx

    graph = nx.Graph()
    for cost, p, s, o in sorted(
        (_edge_cost(iri(p)), iri(p), iri(s), iri(o)) for s, p, o in cells(store, EDGES)
    ):
        if not graph.has_edge(s, o):
            graph.add_edge(s, o, predicate=p, subject=s, weight=cost)
    return graph


def _chunks(nodes: list[str], name: str = "node"):
    """``nodes`` as bindings of the variable ``name``, a batch at a time."""
    for index in range(0, len(nodes), BATCH):
        yield {name: [NamedNode(n) for n in nodes[index : index + BATCH]]}


class _Neighbours:
    """Each node's neighbours, read from the store a layer at a time and kept."""

    def __init__(self, store):
        self.store = store
        self.next: dict[str, set[str]] = {}

    def cost(self, nodes: list[str], limit: int) -> int:
        """About how many triples expanding ``nodes`` reads, counted up to ``limit``."""
        todo = [n for n in nodes if n not in self.next]
        total = sum(len(self.next[n]) for n in nodes if n in self.next)
        for values in _chunks(todo):
            if total >= limit:
                break
            query = DEGREE % (limit - total)
            total += int(self.store.select(query, values)[0]["n"].value)
        return total

    def expand(self, nodes: list[str]) -> None:
        todo = [n for n in nodes if n not in self.next]
        for node in todo:
            self.next[node] = set()
        for values in _chunks(todo):
            for node, other in cells(self.store, NEIGHBOURS, values):
                self.next[iri(node)].add(iri(other))

    def relations(self, nodes: set[str]) -> list[Row]:
        """Every relation between two of ``nodes`` (each is a triple out of one of them)."""
        rows = []
        for values in _chunks(sorted(nodes), "s"):
            for s, p, o in cells(self.store, RELATIONS_FROM, values):
                s, p, o = iri(s), iri(p), iri(o)
                if o in nodes:
                    rows.append((_edge_cost(p), p, s, o))
        return rows


def _cheaper(links: _Neighbours, layers, costs: list) -> int:
    """The side whose last layer costs fewer triples to expand, counted only as far as needed.

    ``costs[side]`` is ``(count, exact)``: a count cut short at one more than the
    other side's exact count is only known to be larger.
    """
    small, large = sorted((0, 1), key=lambda side: len(layers[side][-1]))
    for side, other in ((small, large), (large, small)):
        if costs[side] is not None and costs[side][1]:
            continue
        known = costs[other]
        bound = known[0] if known is not None and known[1] else None
        if costs[side] is not None and bound is not None and costs[side][0] > bound:
            continue  # known already to cost more
        limit = UNCOUNTED if bound is None else bound + 1
        count = links.cost(layers[side][-1], limit)
        costs[side] = (count, count < limit)
    (count0, exact0), (count1, exact1) = costs
    if exact0 and exact1:
        return 0 if count0 <= count1 else 1
    return 0 if exact0 else 1


def _search(links: _Neighbours, start: str, goal: str, limit: int | None):
    """The layers of both searches and the nodes where they met, or None.

    ``limit`` is the most links a chain may have (None: no limit). The
    searches meet on the middle layer of every shortest chain: before the
    last expansion the two balls were disjoint, so every node that both now
    know lies in the last layer of each.
    """
    dist: tuple[dict[str, int], dict[str, int]] = ({start: 0}, {goal: 0})
    layers: tuple[list[list[str]], list[list[str]]] = ([[start]], [[goal]])
    costs: list = [None, None]
    while layers[0][-1] and layers[1][-1]:
        if limit is not None and len(layers[0]) + len(layers[1]) - 1 > limit:
            return None
        side = _cheaper(links, layers, costs)
        frontier = layers[side][-1]
        links.expand(frontier)
        depth = len(layers[side])
        new: list[str] = []
        for node in frontier:
            for other in sorted(links.next[node]):
                if other not in dist[side]:
                    dist[side][other] = depth
                    new.append(other)
        layers[side].append(new)
        costs[side] = None
        met = [n for n in new if n in dist[1 - side]]
        if met:
            return layers, met
    return None


def _on_shortest_chains(links: _Neighbours, layers, met: list[str]) -> set[str]:
    """The nodes of every shortest chain: the meeting layer and, traced back, both sides."""
    nodes = set(met)
    for side in (0, 1):
        current = set(met)
        # The meeting nodes are the last layer of both sides; the layers before were expanded.
        for layer in reversed(layers[side][:-1]):
            current = {n for n in layer if links.next[n] & current}
            nodes |= current
    return nodes


def _chain(links: _Neighbours, start: str, goal: str, limit: int | None):
    """The shortest chain from ``start`` to ``goal`` and its adjacency, or (None, None)."""
    found = _search(links, start, goal, limit)
    if found is None:
        return None, None
    nodes = _on_shortest_chains(links, *found)
    # Dijkstra on the nodes of the shortest chains, each node's neighbours in the
    # whole graph's order, breaks ties as it would on the whole graph.
    adjacency = _adjacency(links.relations(nodes))
    return _dijkstra(adjacency, start, goal), adjacency


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
    starts = resolve_node(store, a)
    if not starts:
        raise CarekgError(f"no node is named {a!r} (by label, IRI or id)")
    goals = resolve_node(store, b)
    if not goals:
        raise CarekgError(f"no node is named {b!r} (by label, IRI or id)")
    links = _Neighbours(store)
    best: list[str] | None = None
    graph = None
    for start in starts:
        for goal in goals:
            if start.value == goal.value:
                chain, chain_graph = [start.value], None
            else:
                # Only a strictly shorter chain can replace the one found already.
                limit = None if best is None else len(best) - 2
                if limit is not None and limit < 1:
                    continue
                chain, chain_graph = _chain(links, start.value, goal.value, limit)
                if chain is None:
                    continue
            if best is None or len(chain) < len(best):
                best, graph = chain, chain_graph
    if best is None:
        return []
    return _steps(store, best, graph)


def _steps(store, best: list[str], graph) -> list[dict]:
    labels = node_labels(store, best)
    steps = []
    for index, node in enumerate(best):
        predicate = direction = None
        if index + 1 < len(best):
            edge = graph[node][best[index + 1]]
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
