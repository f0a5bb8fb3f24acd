"""Every IRI namespace carekg uses, declared once.

carekg's own terms live under one stable namespace, ``CKG``; the instances it
mints (reports, findings, partners, framework concepts) live under ``BASE``.
Reused vocabularies: SKOS, PROV-O, W3C Web Annotation (OA), W3C ORG, Dublin
Core terms.

The module builds ``pyoxigraph.NamedNode`` objects and stays free of rdflib so
that importing it costs nothing at start-up.

>>> CKG.Finding.value
'https://w3id.org/carekg/ns#Finding'
>>> CQC["qs8"].value
'https://w3id.org/carekg/cqc/qs8'
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    """An IRI prefix; attribute or item access gives a ``NamedNode`` in it.

    Not a ``str`` subclass, so that ``DCTERMS.title`` is a term, not ``str.title``.
    """

    def __init__(self, iri: str):
        self._iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return NamedNode(self._iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._iri + name)

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"


BASE = "https://w3id.org/carekg/"

CKG = Namespace(BASE + "ns#")
CQC = Namespace(BASE + "cqc/")
CARE_ACT = Namespace(BASE + "care-act/")
PARTNER = Namespace(BASE + "partner/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")

# Prefixes pre-declared for SPARQL queries and used when serialising Turtle.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    "cqc": str(CQC),
    "careact": str(CARE_ACT),
    "partner": str(PARTNER),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
}

# Named graphs that are not reports.
ONTOLOGY_GRAPH = GRAPH.ontology
PARTNERS_GRAPH = GRAPH.partners
