"""The SPARQL reads of the projection, and the readers of their rows.

Each read is one pass over the store: findings (one row each), their quotes,
their links (one row each), the vocabulary (one fact per row, each node made
distinct before a property is joined) and the reports. ``projection`` turns
the rows into the graph.

>>> rows = cells(bexley, "SELECT ?q WHERE { ?q a ckg:QualityStatement } ORDER BY ?q LIMIT 1")
>>> rows, iri(rows[0][0])
([['<https://w3id.org/carekg/cqc/qs1>']], 'https://w3id.org/carekg/cqc/qs1')
>>> number('"0.85"^^<http://www.w3.org/2001/XMLSchema#decimal>'), number("0.6"), number("")
(0.85, 0.6, None)
"""

from __future__ import annotations

import re

from pyoxigraph import Literal

from carekg.graph.ask.fragments import report_node
from carekg.graph.errors import CarekgError

# The predicates from a finding that become edges, by local name.
RELATIONS = (
    "involves",
    "qualityStatement",
    "theme",
    "careActDuty",
    "leadsTo",
    "addresses",
    "listItemOf",
    "threatens",
    "evidences",
    "evidenceCategory",
)
FINDING_TO_FINDING = ("leadsTo", "addresses", "listItemOf")

# How the findings in scope are chosen; #VALUES binds ?report or ?council. Without
# a scope each read is a single scan, and rows of other subjects are dropped in Python.
SCOPES = {
    "all": "",
    "report": "?finding dcterms:isPartOf ?report .",
    "council": "?report ckg:council ?council . ?finding dcterms:isPartOf ?report .",
}

# %(class_values)s or %(class_filter)s choose the finding classes, %(p_values)s or
# %(p_filter)s the links: as VALUES when every finding is read (each a scan of one
# class or predicate), as a FILTER when #VALUES names the findings (so the search
# starts from them, not from every finding of a class). %(kinds)s joins the class
# when only some kinds are asked for.
FINDINGS = """
SELECT ?finding ?class ?report WHERE {
  #VALUES
  %(scope)s
  %(class_values)s
  ?finding a ?class ; dcterms:isPartOf ?report .
  %(class_filter)s
}
"""

# A quote's end is its start plus its length (the contract: the text is the document's
# text sliced at start:end) and its document is its report's, so two joins are saved; the
# quote and start are read from the finding (the same as its selector's).
QUOTES = """
SELECT ?finding ?text ?start WHERE {
  #VALUES
  %(scope)s
  %(kinds)s
  ?finding ckg:quote ?text ; ckg:start ?start .
}
"""

LINKS = """
SELECT ?finding ?p ?o WHERE {
  #VALUES
  %(scope)s
  %(kinds)s
  %(p_values)s
  ?finding ?p ?o .
  %(p_filter)s
}
"""


def choose(variable: str, terms: str, by_filter: bool) -> dict[str, str]:
    """The parts that keep ``variable`` to ``terms``: a VALUES block or a FILTER."""
    if by_filter:
        return {f"{variable}_values": "", f"{variable}_filter": f"FILTER(?{variable} IN ({terms}))"}
    return {f"{variable}_values": f"VALUES ?{variable} {{ {terms.replace(',', '')} }}",
            f"{variable}_filter": ""}  # fmt: skip


# Every node a finding can link to, one fact per row. A partner's or an outcome's
# triples are repeated in each report graph that mentions it, and the union of the
# graphs keeps every copy, so each node is made distinct before a property is joined.
TYPED = "ckg:QualityStatement ckg:Theme ckg:CareActDuty ckg:Partner ckg:Outcome"
FRAMEWORK = "ckg:QualityStatement ckg:Theme ckg:CareActDuty"
FACTS = """
    { ?node skos:prefLabel ?value . BIND("label" AS ?fact) }
    UNION { ?node rdfs:label ?value . BIND("rdfs_label" AS ?fact) }
    UNION { ?node ckg:number ?value . BIND("number" AS ?fact) }
    UNION { ?node skos:broader ?value . BIND("broader" AS ?fact) }
    UNION { ?node skos:notation ?value . BIND("notation" AS ?fact) }
    UNION { ?node ckg:partnerType ?value . BIND("partner_type" AS ?fact) }
"""
NODES = """
SELECT DISTINCT ?node ?fact ?value WHERE {
  {
    VALUES ?value { TYPED } ?node a ?value . BIND("class" AS ?fact)
  } UNION {
    { SELECT DISTINCT ?node WHERE { VALUES ?class { TYPED } ?node a ?class } }
    FACTS
  } UNION {
    { SELECT DISTINCT ?node WHERE { ?partner ckg:partnerType ?node } }
    ?node skos:prefLabel ?value . BIND("type_label" AS ?fact)
  }
}
""".replace("FACTS", FACTS).replace("TYPED", TYPED)
# The same facts of the framework alone, and of some nodes (#VALUES binds ?node), and
# the labels of some partner types: a projection of a few findings reads only these.
FRAMEWORK_NODES = """
SELECT DISTINCT ?node ?fact ?value WHERE {
  {
    VALUES ?value { TYPED } ?node a ?value . BIND("class" AS ?fact)
  } UNION {
    { SELECT DISTINCT ?node WHERE { VALUES ?class { TYPED } ?node a ?class } }
    FACTS
  }
}
""".replace("FACTS", FACTS).replace("TYPED", FRAMEWORK)
NODES_OF = """
SELECT DISTINCT ?node ?fact ?value WHERE {
  #VALUES
  { VALUES ?value { TYPED } ?node a ?value . BIND("class" AS ?fact) } UNION
  FACTS
}
""".replace("FACTS", FACTS).replace("TYPED", TYPED)
TYPE_LABELS = """
SELECT DISTINCT ?node ?fact ?value WHERE {
  #VALUES
  ?node skos:prefLabel ?value . BIND("type_label" AS ?fact)
}
"""
# Labels of the nodes no class above covers (evidence categories, untyped partners).
LABELS = """
SELECT DISTINCT ?node ?label WHERE {
  #VALUES
  { ?node skos:prefLabel ?label } UNION { ?node rdfs:label ?label }
}
"""

# Each fact a scan of its few hundred triples, joined by hash: an optional lookup per
# report and fact took twice as long (30 ms against 15 on 150 councils).
REPORTS = """
SELECT ?report ?council ?kind ?date ?title ?document WHERE {
  { SELECT ?report WHERE { ?report a ckg:Report } }
  OPTIONAL { SELECT ?report ?document WHERE { ?report ckg:sourceDocument ?document } }
  OPTIONAL { SELECT ?report ?council WHERE { ?report ckg:council ?council } }
  OPTIONAL { SELECT ?report ?kind WHERE { ?report ckg:reportKind ?kind } }
  OPTIONAL { SELECT ?report ?date WHERE { ?report dcterms:date ?date } }
  OPTIONAL { SELECT ?report ?title WHERE { ?report dcterms:title ?title } }
}
"""

COUNCILS = "SELECT DISTINCT ?council WHERE { ?report a ckg:Report ; ckg:council ?council }"


def tuples(store, query: str, bindings: dict | None = None) -> list[tuple]:
    """A SELECT's rows as tuples of terms (None when unbound), without a dict per row."""
    solutions = store.query_raw(query, bindings)
    width = len(solutions.variables)
    return [tuple(row[i] for i in range(width)) for row in solutions]


def cells(store, query: str, bindings: dict | None = None) -> list[list[str]]:
    """A SELECT's rows as SPARQL TSV cells: ``<iri>``, a literal, or "" when unbound.

    Serialised by pyoxigraph in one call, so a large answer makes no Python
    object per term; for rows of IRIs and numbers, which need no unescaping.
    """
    from pyoxigraph import QueryResultsFormat

    data = store.query_raw(query, bindings).serialize(format=QueryResultsFormat.TSV)
    return [line.split("\t") for line in data.decode("utf-8").splitlines()[1:]]


def iri(cell: str) -> str:
    return cell[1:-1] if cell.startswith("<") else cell


def number(cell: str) -> float | None:
    """A TSV numeric literal (``0.8`` or ``"0.8"^^<...>``) as a float; None if it is not one."""
    match = re.match(r'^"?([+-]?[0-9.eE+-]+)"?', cell)
    try:
        return float(match.group(1)) if match else None
    except ValueError:
        return None


# --- the scope of a projection: no NetworkX here, so that a refusal is quick ---------------
def local_name(iri: str) -> str:
    """The last part of an IRI, after its last ``/`` or ``#``.

    >>> local_name("https://w3id.org/carekg/cqc/evidence-people")
    'evidence-people'
    """
    return re.split(r"[/#]", iri)[-1]


def resolve_council(store, name: str) -> list[str]:
    """The council names in the store that ``name`` stands for.

    An exact name (ignoring case) wins; otherwise every council whose name
    contains ``name``. Raises ``CarekgError`` when none does.
    """
    councils = sorted({row["council"].value for row in store.select(COUNCILS)})
    wanted = " ".join(name.split()).casefold()
    exact = [c for c in councils if c.casefold() == wanted]
    found = exact or [c for c in councils if wanted and wanted in c.casefold()]
    if not found:
        known = ", ".join(councils[:5]) + (" ..." if len(councils) > 5 else "")
        raise CarekgError(
            f"no report in the store is about a council named {name!r}"
            + (f" (councils: {known})" if councils else "")
        )
    return found


def scope_of(store, report: str | None, council: str | None) -> tuple[str, dict]:
    """The SPARQL that chooses the findings in scope, and its bindings; refuses a bad scope."""
    if report is not None and council is not None:
        raise CarekgError("choose a report or a council, not both")
    if report is not None:
        node = report_node(report)
        if node is None:
            raise CarekgError(f"{report!r} cannot name a report")
        return SCOPES["report"], {"report": node}
    if council is not None:
        names = resolve_council(store, council)
        return SCOPES["council"], {"council": [Literal(n) for n in names]}
    return SCOPES["all"], {}
