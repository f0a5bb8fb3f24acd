"""Finding a node by what a person calls it: a label, an IRI, a prefixed name or an id.

>>> from carekg.graph.ask.nodes import resolve_node
>>> [n.value for n in resolve_node(bexley, "ICB")]
['https://w3id.org/carekg/partner/icb']
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from carekg.graph.ask.fragments import SLUG
from carekg.graph.model.namespaces import CARE_ACT, CKG, CQC, ID, PARTNER, PREFIXES
from carekg.graph.model.text import compact

_PNAME = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_][A-Za-z0-9._/~-]*)")


def _iri(value: str) -> NamedNode | None:
    """``value`` as an IRI node, or None when it is not a valid absolute IRI."""
    try:
        return NamedNode(value)
    except ValueError:
        return None


# Nodes with a label equal to ?want ignoring case, asked one predicate at a time, best
# first: each label must be read to compare it, and a match by preferred label (a few
# thousand) spares reading every section heading's rdfs:label.
NODE_BY_LABEL = """
SELECT DISTINCT ?node WHERE {
  #VALUES
  ?node PREDICATE ?label .
  FILTER(isIRI(?node) && LCASE(STR(?label)) = LCASE(STR(?want)))
}
"""
LABEL_RANKS = ("skos:prefLabel", "skos:altLabel", "rdfs:label")

NODE_EXISTS = """
SELECT DISTINCT ?node WHERE {
  #VALUES
  { ?node ?p ?o } UNION { ?s ?p ?node }
}
"""

NODE_LABELS = """
SELECT ?node ?pref ?label ?quote ?notation WHERE {
  #VALUES
  OPTIONAL { ?node skos:prefLabel ?pref }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node oa:hasSelector ?sel . ?sel oa:exact ?quote }
  OPTIONAL { ?node skos:notation ?notation }
}
"""


def _candidate_iris(name: str) -> list[NamedNode]:
    """Nodes ``name`` can spell directly: an IRI, a prefixed name, or a bare id."""
    out = []
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", name):
        node = _iri(name)
        if node is not None:
            out.append(node)
        return out
    match = _PNAME.fullmatch(name)
    if match and match.group(1) in PREFIXES:
        node = _iri(PREFIXES[match.group(1)] + match.group(2))
        if node is not None:
            out.append(node)
    if SLUG.fullmatch(name):
        lowered = name.lower()
        for namespace in (PARTNER, CQC, CARE_ACT, CKG):
            out.append(namespace[name])
            if lowered != name:
                out.append(namespace[lowered])
        out.append(ID[name])
    return out


def resolve_node(store, name: str) -> list[NamedNode]:
    """The nodes ``name`` stands for, best match first.

    An IRI, a prefixed name (``cqc:qs8``) or a bare id (``icb``, ``qs8``, ``s42``)
    that names an existing node wins; otherwise the nodes whose
    ``skos:prefLabel``, else ``skos:altLabel``, else ``rdfs:label`` equals
    ``name`` ignoring case. Several nodes share the best rank when, for example,
    each report has a section headed "Strengths".

    """
    name = " ".join(name.split())
    if not name:
        return []
    candidates = _candidate_iris(name)
    if candidates:
        rows = store.select(NODE_EXISTS, {"node": candidates})
        found = {row["node"].value for row in rows}
        direct = [c for c in dict.fromkeys(candidates) if c.value in found]
        if direct:
            return direct[:1]
    for predicate in LABEL_RANKS:
        query = NODE_BY_LABEL.replace("PREDICATE", predicate)
        rows = store.select(query, {"want": Literal(name)})
        if rows:
            return sorted({row["node"] for row in rows}, key=lambda n: n.value)
    return []


def node_labels(store, nodes: list[str]) -> dict[str, str]:
    """A readable label per node: its name, label, quote or notation, else its short IRI."""
    if not nodes:
        return {}
    found: dict[str, list] = {}
    for row in store.select(NODE_LABELS, {"node": [NamedNode(n) for n in nodes]}):
        options = found.setdefault(row["node"].value, [None, None, None, None])
        for index, key in enumerate(("pref", "label", "quote", "notation")):
            if row[key] is not None and options[index] is None:
                options[index] = row[key].value
    return {node: next((o for o in found.get(node, []) if o), compact(node)) for node in nodes}
