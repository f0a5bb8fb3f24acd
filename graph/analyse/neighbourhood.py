"""The part of the projection one node's dependency chains can reach: ``deps`` at any scale.

``deps`` follows at most ``depth`` links of dependence (``involves``,
``leadsTo``, ``threatens``, ``evidences``, ``addresses``) each way from one
node. Projecting every finding in the store to walk a few of them costs
seconds at national scale, so ``around`` asks the store for the links of one
layer of nodes at a time, both ways, and then projects only the findings it
met (``project(findings=...)``): their nodes, data and links are those of the
whole projection, so the chains are the same.

Anything the part cannot answer exactly falls back to the whole projection
(``None``): a node reached whose type only a link gives (no class in the
store), whose place in the graph then hangs on findings beyond the part.

>>> from carekg.graph.analyse.neighbourhood import around
>>> graph = around(bexley, "https://w3id.org/carekg/partner/icb", depth=2)
>>> graph.nodes["https://w3id.org/carekg/partner/icb"]["label"]
'Integrated Care Board'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from carekg.graph.analyse.projection_sparql import (
    FINDING_TO_FINDING,
    RELATIONS,
    cells,
    iri,
    local_name,
    scope_of,
)

if TYPE_CHECKING:
    import networkx as nx

# The projection (and with it NetworkX, a tenth of a second to import) is imported
# only where a graph is built: deps that ends in a refusal never needs one.

# (points along the flow of dependence?) for each relation deps follows.
ALONG = {
    "involves": False,
    "leadsTo": True,
    "threatens": True,
    "evidences": True,
    "addresses": False,
}
CLASSES = "ckg:Strength ckg:AreaForDevelopment ckg:Risk ckg:Recommendation ckg:Context"
TYPED = "ckg:QualityStatement ckg:Theme ckg:CareActDuty ckg:Partner ckg:Outcome"
FLOW_LINKS = """
SELECT DISTINCT ?node ?p ?other ?way WHERE {
  #VALUES
  { ?node ?p ?other . BIND("out" AS ?way) } UNION { ?other ?p ?node . BIND("in" AS ?way) }
  FILTER(?p IN (PREDICATES))
}
""".replace("PREDICATES", ", ".join(f"ckg:{name}" for name in ALONG))
# Those of some nodes (?node) that findings in scope link to by some relations: the
# nodes the whole projection holds through findings.
LINKED = """
SELECT DISTINCT ?node WHERE {
  #VALUES
  ?finding ?p ?node .
  FILTER(?p IN (%(predicates)s))
  ?finding a ?class .
  FILTER(?class IN (CLASSES))
  %(scope)s
  ?finding dcterms:isPartOf ?report .
  ?report a ckg:Report .
}
""".replace("CLASSES", CLASSES.replace(" ", ", "))
# The nodes whose label may contain a name: those with a class above and the targets of
# involves, threatens or evidences, with their preferred and rdfs labels (scans joined
# by hash). Any label holding the name in lower case may; so may any label that is not
# ASCII (whose case folding Python and SPARQL may do differently), any empty label and
# no label at all (where the IRI's last part stands in). Python then decides exactly
# from the few nodes left, which saves reading every label of the store into Python.
CANDIDATES = r"""
SELECT DISTINCT ?node WHERE {
  #VALUES
  {
    SELECT ?node ?text WHERE {
      {
        SELECT DISTINCT ?node WHERE {
          { VALUES ?class { TYPED } ?node a ?class }
          UNION { VALUES ?p { ckg:involves ckg:threatens ckg:evidences } ?finding ?p ?node }
        }
      }
      OPTIONAL {
        SELECT ?node ?text WHERE { { ?node skos:prefLabel ?text } UNION { ?node rdfs:label ?text } }
      }
    }
  }
  FILTER(!BOUND(?text) || STRLEN(?text) = 0 || CONTAINS(LCASE(STR(?text)), ?want)
         || REGEX(STR(?text), "[^\\x00-\\x7F]"))
}
""".replace("TYPED", TYPED)
# What decides about some nodes: their classes above, labels, and whether a finding
# involves, threatens or evidences them.
FACTS_OF = """
SELECT DISTINCT ?node ?fact ?value WHERE {
  #VALUES
  { VALUES ?value { TYPED } ?node a ?value . BIND("class" AS ?fact) }
  UNION { ?node skos:prefLabel ?value . BIND("label" AS ?fact) }
  UNION { ?node rdfs:label ?value . BIND("rdfs_label" AS ?fact) }
  UNION {
    VALUES ?p { ckg:involves ckg:threatens ckg:evidences } ?finding ?p ?node .
    BIND("target" AS ?fact)
  }
}
""".replace("TYPED", TYPED)


def _links(store, nodes: list[str]) -> list[tuple[str, str, str, str]]:
    """``(node, relation, other, way)`` for every flow link of ``nodes``."""
    if not nodes:
        return []
    rows = cells(store, FLOW_LINKS, {"node": [NamedNode(n) for n in nodes]})
    prefix = len("https://w3id.org/carekg/ns#")
    return [(iri(n), iri(p)[prefix:], iri(o), w.strip('"')) for n, p, o, w in rows]


def _cone(store, start: str, depth: int) -> set[str]:
    """Every node within ``depth`` links of ``start``, downstream or upstream."""
    seen = {True: {start}, False: {start}}  # downstream, upstream
    frontier = {True: [start], False: [start]}
    for _ in range(depth):
        asked = sorted(set(frontier[True]) | set(frontier[False]))
        by_node: dict[str, list[tuple[str, str, str]]] = {}
        for node, relation, other, way in _links(store, asked):
            by_node.setdefault(node, []).append((relation, other, way))
        for downstream in (True, False):
            new = []
            for node in frontier[downstream]:
                for relation, other, way in by_node.get(node, []):
                    # Downstream runs along the flow out of a node and against it into one.
                    along = ALONG[relation] == ((way == "out") == downstream)
                    if along and other not in seen[downstream]:
                        seen[downstream].add(other)
                        new.append(other)
            frontier[downstream] = new
    return seen[True] | seen[False]


def linked(store, nodes, report: str | None, council: str | None, relations=RELATIONS,
           limit: str = "") -> set:  # fmt: skip
    """Those of ``nodes`` that a finding in scope links to by one of ``relations``
    (``limit``: a LIMIT clause, when the first found is enough)."""
    if not nodes:
        return set()
    scope, bindings = scope_of(store, report, council)
    query = LINKED % {"scope": scope, "predicates": ", ".join(f"ckg:{r}" for r in relations)}
    values = {**bindings, "node": [NamedNode(n) for n in sorted(nodes)]}
    return {iri(n) for (n,) in cells(store, query + limit, values)}


# Nodes the projection holds whether or not a finding links to them: the framework,
# reports and findings.
HELD_UNLINKED = """
SELECT ?class WHERE {
  #VALUES
  ?node a ?class .
  FILTER(?class IN (ckg:QualityStatement, ckg:Theme, ckg:CareActDuty, ckg:Report, CLASSES))
}
LIMIT 1
""".replace("CLASSES", CLASSES.replace(" ", ", "))


def may_hold(store, node: str, report: str | None = None, council: str | None = None) -> bool:
    """False when no projection of the scope holds ``node``, which ``around`` need not build.

    Only the framework, reports and findings are held for themselves; anything
    else only when a finding in scope links to it.
    """
    if cells(store, HELD_UNLINKED, {"node": NamedNode(node)}):
        return True
    # The first finding found is enough: the store stops there, not after hundreds.
    return bool(linked(store, [node], report, council, limit="LIMIT 1"))


def around(
    store, node: str, *, depth: int, report: str | None = None, council: str | None = None
) -> nx.MultiDiGraph | None:
    """The projection of the findings within ``depth`` flow links of ``node``, or None.

    The graph holds ``node`` exactly when the whole projection (of the same
    report or council) does, and every chain of at most ``depth`` links from
    it as the whole projection has it. None when that cannot be promised (see
    the module's docstring).
    """
    from carekg.graph.analyse.projection import projection_parts

    cone = _cone(store, node, depth)
    graph, untyped = projection_parts(store, report, council, cone, None, RELATIONS)
    if node not in graph and linked(store, [node], report, council):
        # Linked only by findings beyond the cone (a finding's list items, say).
        members = {iri(f) for (f,) in cells(store, _SUBJECTS, {"node": NamedNode(node)})}
        graph, untyped = projection_parts(store, report, council, cone | members, None, RELATIONS)
    if untyped & cone:
        return None
    absent = [n for n in cone if n not in graph]
    non_flow = [r for r in RELATIONS if r not in FINDING_TO_FINDING]
    if linked(store, absent, report, council, non_flow):
        return None  # the whole projection holds it through findings beyond the cone
    return graph


_SUBJECTS = """
SELECT DISTINCT ?finding WHERE {
  #VALUES
  ?finding ?p ?node .
  FILTER(?p IN (PREDICATES))
}
""".replace("PREDICATES", ", ".join(f"ckg:{name}" for name in RELATIONS))


def partners_and_outcomes_named(store, name: str) -> list[tuple[str, str]] | None:
    """``(IRI, label)`` of the partners and outcomes whose label contains ``name``, or None.

    Every such node with a class in the store, whether a finding links to it
    or not; labels as the projection gives them (the first preferred label,
    else the first ``rdfs:label``, else the IRI's last part). None when a node
    typed by a link alone has such a label: only the whole projection can say
    whether it is a partner, an outcome or neither.
    """
    wanted = " ".join(name.split()).casefold()
    nodes = [n for (n,) in cells(store, CANDIDATES, {"want": Literal(wanted)})]
    if not all(n.startswith("<") for n in nodes):
        return None  # a blank node cannot be bound to ask about it: the whole projection can
    facts: dict[str, dict[str, list[str]]] = {}
    if nodes:
        values = {"node": [NamedNode(iri(n)) for n in sorted(nodes)]}
        for node, fact, value in store.query_raw(FACTS_OF, values):
            known = facts.setdefault(node.value, {})
            known.setdefault(fact.value, []).append(value.value if value is not None else "")
    found = []
    for node, known in sorted(facts.items()):
        labels = known.get("label", []), known.get("rdfs_label", [])
        if "class" not in known:
            # Typed by a link alone: any of its labels (or its IRI's last part) may name it.
            texts = [*labels[0], *labels[1]] or [local_name(node)]
            if "target" in known and any(wanted in text.casefold() for text in texts):
                return None
            continue
        if local_name(min(known["class"])) in ("Partner", "Outcome"):
            text = (min(labels[0]) if labels[0] else "") or (min(labels[1]) if labels[1] else "")
            text = text or local_name(node)
            if wanted in text.casefold():
                found.append((node, text))
    return found
