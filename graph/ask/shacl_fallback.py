"""pySHACL, for the shapes that ``shape_checks`` cannot translate to SPARQL.

Such a shape is checked one report graph at a time, so that memory stays bounded
by a report rather than the whole store. Each run sees the graphs that are not
reports (ontology, partners), the report graph, and every triple, in any graph,
reachable forward from the report graph's nodes: a finding's values and their
types, a partner's label held by another report, the class hierarchy. A focus
node seen by several runs gives the same results in each: they are merged, not
repeated. What a run cannot see are triples that only point *into* its nodes
from other reports (a constraint counting the findings of every report that
involve one partner); the shipped shapes are all translated, and
tests/test_validation.py fails if one is not.

``pyshacl_violations`` is also the oracle that the tests compare the SPARQL
checks with.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, serialize

from carekg.graph.ask.shape_checks import Violation
from carekg.graph.model.namespaces import GRAPH

REPORT_GRAPHS = str(GRAPH) + "report/"
COMPONENT_SUFFIX = "ConstraintComponent"


def pyshacl_violations(data, shapes) -> list[Violation]:
    """pySHACL's results for an rdflib data graph and shapes graph, as ``Violation`` objects."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True
    )
    if conforms:
        return []
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):

        def one(predicate, result=result):
            value = report.value(result, predicate)
            return None if value is None else str(value)

        component = one(SH.sourceConstraintComponent) or ""
        violations.append(
            Violation(
                focus=one(SH.focusNode) or "?",
                path=one(SH.resultPath),
                message=one(SH.resultMessage) or "constraint not met",
                severity=(one(SH.resultSeverity) or "Violation").rsplit("#", 1)[-1],
                value=one(SH.value),
                component=component.rsplit("#", 1)[-1].removesuffix(COMPONENT_SUFFIX) or None,
            )
        )
    return violations


def shapes_only(shapes_path: Path, keep: list) -> object:
    """The shapes graph with every shape that has targets, except ``keep``, deactivated."""
    import rdflib
    from rdflib.namespace import SH

    from carekg.graph.ask.shape_model import read_shapes

    graph = rdflib.Graph().parse(str(shapes_path), format="turtle")
    kept = {shape.value for shape in keep}
    for shape in read_shapes(shapes_path).shapes:
        if shape.node.value not in kept:
            node = rdflib.URIRef(shape.node.value)
            graph.set((node, SH.deactivated, rdflib.Literal(True)))
    return graph


def _graph_of(store, graph: str | None) -> bytes:
    """One named graph (or, for None, the default graph) as N-Triples."""
    if graph is None:
        triples = store.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    else:
        triples = store.query_raw(
            "CONSTRUCT { ?s ?p ?o } WHERE { #VALUES\n GRAPH ?g { ?s ?p ?o } }",
            {"g": NamedNode(graph)},
        )
    return serialize(triples, format=RdfFormat.N_TRIPLES)


def _merge(runs: list[list[Violation]]) -> list[Violation]:
    """Results of several runs, each distinct result as often as the run that has it most."""
    most: Counter = Counter()
    for run in runs:
        for violation, n in Counter(map(_key, run)).items():
            most[violation] = max(most[violation], n)
    return [Violation(*key) for key, n in most.items() for _ in range(n)]


def _key(v: Violation) -> tuple:
    return (v.focus, v.path, v.message, v.severity, v.value, v.component)


BATCH = 500  # subjects asked for at once while following a report's links


def _reachable(store, graph: str) -> bytes:
    """The triples of ``graph`` and every triple reachable forward from its nodes, as N-Triples."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE { #VALUES\n ?s ?p ?o }"
    own = list(
        store.query_raw(
            "CONSTRUCT { ?s ?p ?o } WHERE { #VALUES\n GRAPH ?g { ?s ?p ?o } }",
            {"g": NamedNode(graph)},
        )
    )
    queued = {n for t in own for n in (t.subject, t.object) if isinstance(n, NamedNode)}
    frontier, parts = list(queued), [serialize(own, format=RdfFormat.N_TRIPLES)]
    while frontier:
        batch, frontier = frontier[:BATCH], frontier[BATCH:]
        triples = list(store.query_raw(query, {"s": batch}))
        parts.append(serialize(triples, format=RdfFormat.N_TRIPLES))
        for t in triples:
            if isinstance(t.object, NamedNode) and t.object not in queued:
                queued.add(t.object)
                frontier.append(t.object)
    return b"".join(parts)


def fallback(store, shapes_path: Path, shapes: list, *, per_graph: bool) -> list[Violation]:
    """pySHACL's results for ``shapes`` on the store (per report graph) or on one graph."""
    import rdflib

    shapes_graph = shapes_only(shapes_path, [s.node for s in shapes])
    if not per_graph:
        data = rdflib.Graph().parse(data=_graph_of(store, None), format="nt")
        return pyshacl_violations(data, shapes_graph)
    names = store.named_graphs()
    reference = b"".join(_graph_of(store, g) for g in names if not g.startswith(REPORT_GRAPHS))
    reports = [g for g in names if g.startswith(REPORT_GRAPHS)] or [None]
    runs = []
    for report in reports:
        data = rdflib.Graph().parse(data=reference, format="nt")
        if report is not None:
            data.parse(data=_reachable(store, report), format="nt")
        runs.append(pyshacl_violations(data, shapes_graph))
    return _merge(runs)
