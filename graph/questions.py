"""Domain questions the store answers: partners, risks, evidence and paths.

One function per question. Each runs SPARQL on a store opened by
``store.open_store`` and returns plain Python data that the CLI only formats.
Values a user typed (a partner's name, a label, a report id) are turned into
RDF terms and passed as bindings, never pasted into query text.

>>> import tempfile
>>> from carekg.graph.ingest import build
>>> from carekg.graph.store import open_store
>>> store = open_store(tempfile.mkdtemp() + "/s", write=True)
>>> _ = build(store)
>>> partners(store)[0]["id"]
'bexley-council'
"""

from __future__ import annotations

import re
from collections import deque

from pyoxigraph import Literal, NamedNode

from .errors import CarekgError
from .namespaces import CARE_ACT, CKG, CQC, ID, OA, PARTNER, PREFIXES, PROV, RDF, RDFS
from .queries import report_node
from .report_graph import CLASS_KIND, KIND_CLASS

KINDS: list[str] = list(KIND_CLASS)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
_PNAME = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_][A-Za-z0-9._/~-]*)")


# --- helpers --------------------------------------------------------------------------------
def _iri(value: str) -> NamedNode | None:
    """``value`` as an IRI node, or None when it is not a valid absolute IRI."""
    try:
        return NamedNode(value)
    except ValueError:
        return None


def compact(iri: str) -> str:
    """An IRI as a prefixed name when a carekg prefix covers it.

    >>> compact("https://w3id.org/carekg/cqc/qs8")
    'cqc:qs8'
    """
    best = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]) :]
        if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._/-]*", local or "x"):
            return f"{best}:{local}"
    return iri


def _local(iri: str, namespace) -> str:
    base = str(namespace)
    return iri[len(base) :] if iri.startswith(base) else iri


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


# --- partners -------------------------------------------------------------------------------
PARTNER_COUNTS = """
SELECT ?partner ?label ?class (COUNT(DISTINCT ?finding) AS ?n) WHERE {
  ?finding a ckg:Finding ; a ?class ; ckg:involves ?partner .
  FILTER(?class != ckg:Finding)
  OPTIONAL { ?partner skos:prefLabel ?label }
}
GROUP BY ?partner ?label ?class
"""


def partners(store) -> list[dict]:
    """Each partner that findings involve, with counts of those findings by kind.

    Keys: ``partner`` (preferred label), ``id`` (the id ``findings --partner``
    accepts), one count per kind (``strength``, ``area_for_development``,
    ``risk``, ``recommendation``, ``context``) and ``total``. Partners that no
    finding involves are left out; the list is sorted by total, largest first.

    >>> row = partners(store)[0]   # doctest: +SKIP
    >>> row["partner"], row["strength"], row["total"]   # doctest: +SKIP
    ('London Borough of Bexley', 7, 20)
    """
    table: dict[str, dict] = {}
    for row in store.select(PARTNER_COUNTS):
        iri = row["partner"].value
        entry = table.setdefault(
            iri,
            {
                "partner": row["label"].value if row["label"] is not None else iri,
                "id": _local(iri, PARTNER),
                **{kind: 0 for kind in KINDS},
                "total": 0,
            },
        )
        kind = CLASS_KIND.get(row["class"].value)
        if kind is None:
            continue
        entry[kind] += int(row["n"].value)
        entry["total"] += int(row["n"].value)
    return sorted(table.values(), key=lambda e: (-e["total"], e["partner"].lower()))


# --- risks ----------------------------------------------------------------------------------
RISKS = """
SELECT ?risk ?report ?text ?start ?end ?document WHERE {
  #VALUES
  ?risk a ckg:Risk ; dcterms:isPartOf ?report .
  OPTIONAL { ?risk oa:hasSelector ?sel .
             ?sel oa:exact ?text ; oa:start ?start ; oa:end ?end ; ckg:document ?document }
}
ORDER BY ?report ?start ?risk
"""

RISK_LINKS = """
SELECT ?risk ?rel ?node ?label ?class WHERE {
  #VALUES
  ?risk a ckg:Risk ; dcterms:isPartOf ?report .
  {
    ?risk ckg:qualityStatement ?node . ?node ckg:number ?label .
    BIND("qs" AS ?rel)
  } UNION {
    ?risk ckg:threatens ?node .
    OPTIONAL { ?node rdfs:label ?label }
    BIND("outcome" AS ?rel)
  } UNION {
    ?risk ckg:leadsTo ?node .
    OPTIONAL { ?node oa:hasSelector/oa:exact ?label }
    OPTIONAL { ?node a ?class FILTER(?class != ckg:Finding) }
    BIND("finding" AS ?rel)
  } UNION {
    ?risk ckg:involves ?node .
    OPTIONAL { ?node skos:prefLabel ?label }
    BIND("partner" AS ?rel)
  } UNION {
    { ?node ckg:addresses ?risk }
    UNION { ?node ckg:addresses ?cause . ?cause ckg:leadsTo ?risk }
    OPTIONAL { ?node oa:hasSelector/oa:exact ?label }
    BIND("recommendation" AS ?rel)
  }
}
ORDER BY ?risk ?rel ?node
"""


def risks(store, report: str | None = None) -> list[dict]:
    """Each risk with what it threatens, its partners and the recommendations that address it.

    Keys: ``id``, ``text``, ``report``, ``quality_statements`` (integers),
    ``threatens`` (``{"id", "label", "kind"}``: outcomes it ``ckg:threatens``,
    kind ``outcome``, and findings it ``ckg:leadsTo``, kind the finding's kind),
    ``partners`` (preferred labels), ``recommendations`` (``{"id", "text"}`` of
    recommendations that ``ckg:addresses`` the risk or a finding that
    ``ckg:leadsTo`` it; empty when nothing addresses it) and ``source``.
    ``report`` (an id or IRI) keeps only that report's risks.

    >>> [r["recommendations"] or "none" for r in risks(store)][:1]   # doctest: +SKIP
    ['none']
    """
    bindings: dict = {}
    if report is not None:
        node = report_node(report)
        if node is None:
            return []
        bindings["report"] = node
    out: dict[str, dict] = {}
    for row in store.select(RISKS, bindings):
        iri = row["risk"].value
        if iri in out:
            continue
        out[iri] = {
            "id": iri,
            "text": row["text"].value if row["text"] is not None else "",
            "report": row["report"].value,
            "quality_statements": [],
            "threatens": [],
            "partners": [],
            "recommendations": [],
            "source": {
                "document": row["document"].value if row["document"] is not None else None,
                "start": _int(row["start"]),
                "end": _int(row["end"]),
            },
        }
    for row in store.select(RISK_LINKS, bindings):
        risk = out.get(row["risk"].value)
        if risk is None:
            continue
        rel, node = row["rel"].value, row["node"].value
        label = row["label"].value if row["label"] is not None else node
        if rel == "qs":
            if int(label) not in risk["quality_statements"]:
                risk["quality_statements"].append(int(label))
        elif rel == "outcome":
            item = {"id": node, "label": label, "kind": "outcome"}
            if item not in risk["threatens"]:
                risk["threatens"].append(item)
        elif rel == "finding":
            kind = CLASS_KIND.get(row["class"].value, "finding") if row["class"] else "finding"
            item = {"id": node, "label": label, "kind": kind}
            if item not in risk["threatens"]:
                risk["threatens"].append(item)
        elif rel == "partner":
            if label not in risk["partners"]:
                risk["partners"].append(label)
        elif rel == "recommendation":
            item = {"id": node, "text": label}
            if item not in risk["recommendations"]:
                risk["recommendations"].append(item)
    for risk in out.values():
        risk["quality_statements"].sort()
        risk["partners"].sort()
    return list(out.values())


# --- evidence -------------------------------------------------------------------------------
EVIDENCE = """
SELECT ?finding ?class ?text ?report ?start ?end ?document WHERE {
  #VALUES
  ?finding a ckg:Finding ; a ?class ; ckg:qualityStatement ?qs ; dcterms:isPartOf ?report ;
           oa:hasSelector ?sel .
  FILTER(?class != ckg:Finding)
  ?sel oa:exact ?text ; oa:start ?start ; oa:end ?end ; ckg:document ?document .
}
ORDER BY ?report ?start ?finding
"""


def evidence(store, qs: int, report: str | None = None) -> dict[str, list[dict]]:
    """All quotes for quality statement ``qs`` (1-9), grouped by kind.

    Returns a dict from every kind (``strength``, ``area_for_development``,
    ``risk``, ``recommendation``, ``context``; empty lists included) to quotes
    ``{"id", "text", "report", "source": {"document", "start", "end"}}`` in
    report and text order. ``report`` (an id or IRI) keeps one report's quotes.

    >>> sorted(k for k, v in evidence(store, 8).items() if v)   # doctest: +SKIP
    ['area_for_development', 'recommendation', 'risk', 'strength']
    """
    if not isinstance(qs, int) or isinstance(qs, bool) or not 1 <= qs <= 9:
        raise CarekgError(f"quality statement must be a number from 1 to 9, not {qs!r}")
    grouped: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    bindings: dict = {"qs": CQC[f"qs{qs}"]}
    if report is not None:
        node = report_node(report)
        if node is None:
            return grouped
        bindings["report"] = node
    seen = set()
    for row in store.select(EVIDENCE, bindings):
        kind = CLASS_KIND.get(row["class"].value)
        key = (row["finding"].value, kind)
        if kind is None or key in seen:
            continue
        seen.add(key)
        grouped[kind].append(
            {
                "id": row["finding"].value,
                "text": row["text"].value,
                "report": row["report"].value,
                "source": {
                    "document": row["document"].value,
                    "start": int(row["start"].value),
                    "end": int(row["end"].value),
                },
            }
        )
    return grouped


# --- path -----------------------------------------------------------------------------------
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

NODE_BY_LABEL = """
SELECT DISTINCT ?node ?rank WHERE {
  #VALUES
  {
    ?node skos:prefLabel ?label . BIND(1 AS ?rank)
  } UNION {
    ?node skos:altLabel ?label . BIND(2 AS ?rank)
  } UNION {
    ?node rdfs:label ?label . BIND(3 AS ?rank)
  }
  FILTER(isIRI(?node) && LCASE(STR(?label)) = LCASE(STR(?want)))
}
"""

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
    if _SLUG.fullmatch(name):
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

    >>> [n.value for n in resolve_node(store, "ICB")]   # doctest: +SKIP
    ['https://w3id.org/carekg/partner/icb']
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
    rows = store.select(NODE_BY_LABEL, {"want": Literal(name)})
    if not rows:
        return []
    best = min(int(row["rank"].value) for row in rows)
    return sorted(
        {row["node"] for row in rows if int(row["rank"].value) == best}, key=lambda n: n.value
    )


def _labels(store, nodes: list[str]) -> dict[str, str]:
    if not nodes:
        return {}
    found: dict[str, list] = {}
    for row in store.select(NODE_LABELS, {"node": [NamedNode(n) for n in nodes]}):
        options = found.setdefault(row["node"].value, [None, None, None, None])
        for index, key in enumerate(("pref", "label", "quote", "notation")):
            if row[key] is not None and options[index] is None:
                options[index] = row[key].value
    return {node: next((o for o in found.get(node, []) if o), compact(node)) for node in nodes}


def _predicate_order(predicate: str) -> tuple:
    # Prefer carekg's own relations, then the framework's, then anything else.
    return (not predicate.startswith(str(CKG)), predicate)


def path(store, a: str, b: str) -> list[dict]:
    """The shortest chain of relations between the nodes named ``a`` and ``b``.

    ``a`` and ``b`` are labels (preferred, alternative or ``rdfs:label``, any
    case), IRIs, prefixed names or ids such as ``icb`` or ``qs8``. Every IRI-to-IRI
    triple counts as an undirected edge except ``rdf:type`` and the provenance
    and selector links. Returns the steps from ``a`` to ``b``: ``step``,
    ``node`` (IRI), ``label``, and for every step but the last the
    ``predicate`` (IRI) and ``direction`` leading to the next node (``out``:
    this node is the triple's subject; ``in``: its object). An empty list
    means no chain links them. Raises ``CarekgError`` when a name matches no
    node.

    >>> [s["label"] for s in path(store, "ICB", "qs8")][::2]   # doctest: +SKIP
    ['Integrated Care Board', 'Governance, management and sustainability']
    """
    starts = resolve_node(store, a)
    if not starts:
        raise CarekgError(f"no node is named {a!r} (by label, IRI or id)")
    goals = resolve_node(store, b)
    if not goals:
        raise CarekgError(f"no node is named {b!r} (by label, IRI or id)")

    adjacency: dict[str, list[tuple[str, str, str]]] = {}
    for row in store.select(EDGES):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        adjacency.setdefault(s, []).append((p, "out", o))
        adjacency.setdefault(o, []).append((p, "in", s))
    for edges in adjacency.values():
        edges.sort(key=lambda e: (_predicate_order(e[0]), e[1], e[2]))

    goal_set = {g.value for g in goals}
    parent: dict[str, tuple[str, str, str] | None] = {}
    queue: deque[str] = deque()
    for start in starts:
        if start.value not in parent:
            parent[start.value] = None
            queue.append(start.value)
    end = None
    while queue:
        node = queue.popleft()
        if node in goal_set:
            end = node
            break
        for predicate, direction, neighbour in adjacency.get(node, []):
            if neighbour not in parent:
                parent[neighbour] = (node, predicate, direction)
                queue.append(neighbour)
    if end is None:
        return []

    chain: list[tuple[str, str | None, str | None]] = [(end, None, None)]
    while parent[chain[-1][0]] is not None:
        previous, predicate, direction = parent[chain[-1][0]]  # type: ignore[misc]
        chain.append((previous, predicate, direction))
    chain.reverse()
    labels = _labels(store, [node for node, _, _ in chain])
    return [
        {
            "step": index,
            "node": node,
            "label": labels.get(node, compact(node)),
            "predicate": predicate,
            "direction": direction,
        }
        for index, (node, predicate, direction) in enumerate(chain)
    ]
