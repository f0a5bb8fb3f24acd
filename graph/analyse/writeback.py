"""The analysis written back into the store, in a named graph of its own.

``save_analysis`` replaces the graph ``<https://w3id.org/carekg/graph/analysis>``
wholly, in one transaction: every gap as a ``ckg:Gap`` (and its kind's class)
with ``ckg:gapKind``, ``ckg:gapDetail``, ``ckg:reason``, ``ckg:forCouncil``,
``ckg:about`` the nodes it concerns and ``ckg:cites`` the findings it quotes;
every single point of failure as a ``ckg:SinglePointOfFailure``; partner
centrality (``ckg:degreeCentrality``, ``ckg:betweennessCentrality``) and each
node's ``ckg:community`` as literals on the nodes themselves. Gap IRIs are
hashes of what the gap is, and nothing records the time, so saving the same
store twice writes the same triples. ``carekg build`` drops the graph with
everything else; rerun the analysis after a build.

>>> from carekg.graph.analyse.writeback import analysis_triples
>>> from carekg.graph.analyse.structure import analyse
>>> from carekg.graph.analyse.projection import project
>>> graph = project(bexley)
>>> triples = analysis_triples(graph, analyse(graph))
>>> triples == analysis_triples(graph, analyse(graph))
True
"""

from __future__ import annotations

import hashlib

import networkx as nx
from pyoxigraph import Literal, NamedNode, Triple

from carekg.graph.model.namespaces import CKG, GRAPH, ID, PROV, RDF, XSD

ANALYSIS_GRAPH = GRAPH["analysis"]
ACTIVITY = ID["analysis"]
GAP_CLASSES = {
    "coverage": CKG.CoverageGap,
    "unaddressed-risk": CKG.UnaddressedRiskGap,
    "area-without-action": CKG.AreaWithoutActionGap,
    "unevidenced-outcome": CKG.UnevidencedOutcomeGap,
    "problem-only-partner": CKG.ProblemOnlyPartnerGap,
    "evidence-category": CKG.EvidenceCategoryGap,
    "structural": CKG.StructuralGap,
}


def _number(value: float) -> Literal:
    return Literal(f"{value:.4f}", datatype=XSD.double)


def _gap_triples(gap: dict) -> list[Triple]:
    node = NamedNode(gap["id"])
    out = [
        Triple(node, RDF.type, CKG.Gap),
        Triple(node, RDF.type, GAP_CLASSES[gap["kind"]]),
        Triple(node, CKG.gapKind, Literal(gap["kind"])),
        Triple(node, CKG.gapDetail, Literal(gap["detail"])),
        Triple(node, CKG.reason, Literal(gap["reason"])),
        Triple(node, CKG.forCouncil, Literal(gap["council"])),
        Triple(node, PROV.wasGeneratedBy, ACTIVITY),
    ]
    out += [Triple(node, CKG.about, NamedNode(a["id"])) for a in gap["about"]]
    out += [Triple(node, CKG.cites, NamedNode(e["id"])) for e in gap["evidence"]]
    return out


def _failure_triples(failure: dict) -> list[Triple]:
    key = "\n".join([failure["node"], *(o["id"] for o in failure["outcomes"])])
    node = ID[f"analysis/failure/{hashlib.sha1(key.encode()).hexdigest()[:16]}"]
    out = [
        Triple(node, RDF.type, CKG.SinglePointOfFailure),
        Triple(node, CKG.about, NamedNode(failure["node"])),
        Triple(node, CKG.reason, Literal(failure["reason"])),
        Triple(node, PROV.wasGeneratedBy, ACTIVITY),
    ]
    out += [Triple(node, CKG.cutsOff, NamedNode(o["id"])) for o in failure["outcomes"]]
    out += [Triple(node, CKG.cites, NamedNode(f["id"])) for f in failure["findings"]]
    return out


def analysis_triples(graph: nx.MultiDiGraph, results: dict) -> list[Triple]:
    """The triples of the analysis graph, in a stable order.

    ``results`` is what ``structure.analyse`` returns, with ``gaps`` (from
    ``gaps.find_gaps``) added when gaps are to be saved.
    """
    triples = [
        Triple(ACTIVITY, RDF.type, PROV.Activity),
        Triple(ACTIVITY, PROV.wasAssociatedWith, CKG["carekg-analyse"]),
    ]
    for row in results.get("centrality", []):
        partner = NamedNode(row["id"])
        triples.append(Triple(partner, CKG.degreeCentrality, _number(row["degree"])))
        triples.append(Triple(partner, CKG.betweennessCentrality, _number(row["betweenness"])))
    for node, cid in sorted(results.get("membership", {}).items()):
        if node in graph:
            triples.append(Triple(NamedNode(node), CKG.community, Literal(cid)))
    for failure in results.get("single_points_of_failure", []):
        triples += _failure_triples(failure)
    for gap in results.get("gaps", []):
        triples += _gap_triples(gap)
    return sorted(set(triples), key=str)


def save_analysis(store, graph: nx.MultiDiGraph, results: dict) -> int:
    """Replace the analysis graph with ``results``; the number of triples written."""
    triples = analysis_triples(graph, results)
    store.replace_graphs({ANALYSIS_GRAPH: triples})
    return len(triples)
