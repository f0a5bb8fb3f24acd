"""Nodes that reports share, described once: the minted graph (see docs/model.md).

A partner minted for a report (its council, its ICB, an organisation the text
names) and an outcome may be named by many reports. Their descriptions live in
one named graph, ``MINTED_GRAPH``, written by build and ingest, so that the
union of the graphs holds each label once. A report graph keeps only its
claims about the partners it minted: reified ``rdf:Statement`` nodes (name,
type, council) that are not asserted. The minted graph is recomputed from the
claims of every report graph at each build and ingest:

- ``skos:prefLabel``: the name most reports give; on a tie the shortest, then
  the first in code-point order. Every other name is a ``skos:altLabel``.
- ``ckg:partnerType``: the type most reports give, then the first by IRI.
- ``ckg:localTo``: every council a claim names; ``prov:wasGeneratedBy``: the
  ingest activity of every report that claims it.

A partner or outcome no report graph claims any longer is not described.

>>> from carekg.graph.model.namespaces import PARTNER, SKOS
>>> a, b = ID["report/a"], ID["report/b"]
>>> p = PARTNER["northmoor-icb"]
>>> claims = [(a, p, SKOS.prefLabel, Literal("Northmoor ICB")),
...           (b, p, SKOS.prefLabel, Literal("NHS Northmoor Integrated Care Board")),
...           (a, p, CKG.partnerType, PARTNER["type/icb"])]
>>> sorted((t.predicate.value.rsplit("#")[-1], t.object.value)
...        for t in minted_triples(claims, {}) if isinstance(t.object, Literal))
[('altLabel', 'NHS Northmoor Integrated Care Board'), ('prefLabel', 'Northmoor ICB')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from pyoxigraph import Literal, NamedNode, Triple

from carekg.graph.extract.report_graph import outcome_iri, partner_claims
from carekg.graph.model.namespaces import CKG, GRAPH, ID, PROV, RDF, RDFS, SKOS

MINTED_GRAPH = GRAPH.minted

# (report node, subject, predicate, object) of one reified claim.
Claim = tuple[NamedNode, NamedNode, NamedNode, NamedNode | Literal]

# Claims of the stored report graphs, one row per claim.
STORED_CLAIMS = """
SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?c a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
}
"""
# Outcomes the stored report graphs name, with their labels wherever they are.
STORED_OUTCOMES = """
SELECT DISTINCT ?g ?o ?label WHERE {
  VALUES ?link { ckg:threatens ckg:evidences }
  GRAPH ?g { ?f ?link ?o }
  ?o rdfs:label ?label .
}
"""


def report_of_graph(graph: str) -> NamedNode | None:
    """The report node whose graph is ``graph``, or None for another graph."""
    base = GRAPH["report/"].value
    return ID[f"report/{graph[len(base) :]}"] if graph.startswith(base) else None


def _best_label(names: Counter) -> str:
    return sorted(names, key=lambda n: (-names[n], len(n), n))[0]


def minted_triples(claims: Iterable[Claim], outcomes: Mapping[str, Counter]) -> list[Triple]:
    """The minted graph: each claimed partner and each named outcome described once.

    ``outcomes`` maps an outcome IRI to a count of the labels reports give it.
    """
    names: dict[NamedNode, Counter] = defaultdict(Counter)
    types: dict[NamedNode, Counter] = defaultdict(Counter)
    local: dict[NamedNode, set[str]] = defaultdict(set)
    reports: dict[NamedNode, set[str]] = defaultdict(set)
    for report, subject, predicate, value in claims:
        reports[subject].add(report.value)
        if predicate == SKOS.prefLabel:
            names[subject][value.value] += 1
        elif predicate == CKG.partnerType:
            types[subject][value.value] += 1
        elif predicate == CKG.localTo:
            local[subject].add(value.value)
    out: list[Triple] = []
    for partner in sorted(reports, key=lambda n: n.value):
        out.append(Triple(partner, RDF.type, CKG.Partner))
        if names[partner]:
            label = _best_label(names[partner])
            out.append(Triple(partner, SKOS.prefLabel, Literal(label)))
            out += [Triple(partner, SKOS.altLabel, Literal(n)) for n in sorted(names[partner])
                    if n != label]  # fmt: skip
        if types[partner]:
            kind = sorted(types[partner], key=lambda t: (-types[partner][t], t))[0]
            out.append(Triple(partner, CKG.partnerType, NamedNode(kind)))
        out += [Triple(partner, CKG.localTo, NamedNode(c)) for c in sorted(local[partner])]
        out += [Triple(partner, PROV.wasGeneratedBy, NamedNode(f"{r}/ingest"))
                for r in sorted(reports[partner])]  # fmt: skip
    for outcome in sorted(outcomes):
        node = NamedNode(outcome)
        out.append(Triple(node, RDF.type, CKG.Outcome))
        out.append(Triple(node, RDFS.label, Literal(_best_label(outcomes[outcome]))))
    return out


def minted_graph(prepared: Iterable, store=None) -> list[Triple]:
    """The minted graph for reports ``prepared`` now and, if ``store`` is given, the
    reports it holds that ``prepared`` does not replace.

    Each of ``prepared`` has ``report`` (a ``Report``) and ``findings``.
    """
    claims: list[Claim] = []
    outcomes: dict[str, Counter] = defaultdict(Counter)
    replaced: set[str] = set()
    for one in prepared:
        report = one.report
        replaced.add(report.graph.value)
        claims += [(report.iri, s, p, o) for s, p, o in partner_claims(report)]
        labels = {x for f in one.findings for x in (*f.threatens, *f.evidences)}
        for label in labels:
            outcomes[outcome_iri(label).value][label] += 1
    if store is not None:
        for row in store.select(STORED_CLAIMS):
            report = report_of_graph(row["g"].value)
            if report is not None and row["g"].value not in replaced:
                claims.append((report, row["s"], row["p"], row["o"]))
        for row in store.select(STORED_OUTCOMES):
            if report_of_graph(row["g"].value) and row["g"].value not in replaced:
                outcomes[row["o"].value][row["label"].value] += 1
    return minted_triples(claims, outcomes)


__all__ = ["MINTED_GRAPH", "minted_graph", "minted_triples", "report_of_graph"]
