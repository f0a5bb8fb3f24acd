"""Questions the store answers: findings, summary counts and scores.

Each function runs SPARQL on a store opened by ``store.open_store`` and
returns plain Python data; the CLI only formats it. Values a user typed
(a partner's name, a report) are always passed as bindings.

>>> import tempfile
>>> from carekg.graph.ingest import build
>>> from carekg.graph.store import open_store
>>> store = open_store(tempfile.mkdtemp() + "/s", write=True)
>>> _ = build(store)
>>> sorted({f["kind"] for f in findings(store, qs=8)}) != []
True
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from .errors import CarekgError
from .namespaces import CQC, ID, PARTNER
from .report_graph import CLASS_KIND, KIND_CLASS

FINDINGS = """
SELECT ?finding ?class ?text ?start ?end ?document ?report ?theme
       (GROUP_CONCAT(DISTINCT STR(?qsn); SEPARATOR=" ") AS ?qss)
       (GROUP_CONCAT(DISTINCT ?plabel; SEPARATOR="\\u001f") AS ?partners)
WHERE {
  #VALUES
  ?finding a ckg:Finding ; a ?class ; dcterms:isPartOf ?report ; oa:hasSelector ?sel .
  FILTER(?class != ckg:Finding)
  ?sel oa:exact ?text ; oa:start ?start ; oa:end ?end ; ckg:document ?document .
  OPTIONAL { ?finding ckg:theme/ckg:number ?theme }
  OPTIONAL { ?finding ckg:qualityStatement/ckg:number ?qsn }
  OPTIONAL { ?finding ckg:involves/skos:prefLabel ?plabel }
  %(filters)s
}
GROUP BY ?finding ?class ?text ?start ?end ?document ?report ?theme
ORDER BY ?report ?start
"""

PARTNER_BY_LABEL = """
SELECT DISTINCT ?partner WHERE {
  #VALUES
  ?partner a ckg:Partner .
  OPTIONAL { ?partner skos:prefLabel|skos:altLabel ?label }
  FILTER(?partner = ?byId || LCASE(STR(?label)) = LCASE(STR(?want)))
}
"""


_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def report_node(report: str) -> NamedNode | None:
    """The report node for a report id (``lga-peer-challenge-bexley-key-messages``) or IRI.

    None when ``report`` cannot name a report at all (so callers return nothing).

    >>> report_node("bexley").value
    'https://w3id.org/carekg/id/report/bexley'
    >>> report_node('x" } ; DROP ALL') is None
    True
    """
    report = report.strip()
    try:
        if report.startswith(("http://", "https://")):
            return NamedNode(report)
    except ValueError:
        return None
    return ID[f"report/{report}"] if _SLUG.fullmatch(report) else None


def resolve_partner(store, name: str) -> list[NamedNode]:
    """Partner nodes whose id, name or alternative name is ``name`` (case-insensitive)."""
    wanted = name.strip()
    # An id like "icb" also names a partner; anything else cannot be one.
    by_id = PARTNER[wanted.lower()] if re.fullmatch(r"[A-Za-z0-9-]+", wanted) else PARTNER["-"]
    rows = store.select(PARTNER_BY_LABEL, {"want": Literal(wanted), "byId": by_id})
    return [row["partner"] for row in rows]


def findings(
    store,
    *,
    kind: str | None = None,
    qs: int | None = None,
    theme: int | None = None,
    partner: str | None = None,
    report: str | None = None,
) -> list[dict]:
    """Findings as dicts in the brief's JSON contract, filtered as asked."""
    bindings: dict = {}
    filters = []
    if kind is not None:
        if kind not in KIND_CLASS:
            raise CarekgError(f"kind must be one of {', '.join(KIND_CLASS)}")
        bindings["class"] = KIND_CLASS[kind]
    if qs is not None:
        bindings["wantQs"] = CQC[f"qs{qs}"]
        filters.append("?finding ckg:qualityStatement ?wantQs .")
    if theme is not None:
        bindings["wantTheme"] = CQC[f"theme{theme}"]
        filters.append("?finding ckg:theme ?wantTheme .")
    if partner is not None:
        nodes = resolve_partner(store, partner)
        if not nodes:
            return []
        bindings["wantPartner"] = nodes
        filters.append("?finding ckg:involves ?wantPartner .")
    if report is not None:
        node = report_node(report)
        if node is None:
            return []
        bindings["report"] = node
    query = FINDINGS % {"filters": "\n  ".join(filters)}
    out = []
    for row in store.select(query, bindings):
        qss = row["qss"].value.split() if row["qss"] is not None else []
        partners = row["partners"].value.split("\x1f") if row["partners"] is not None else []
        out.append(
            {
                "id": row["finding"].value,
                "kind": CLASS_KIND[row["class"].value],
                "text": row["text"].value,
                "quality_statements": sorted(int(n) for n in qss),
                "theme": int(row["theme"].value) if row["theme"] is not None else None,
                "partners": sorted(p for p in partners if p),
                "report": row["report"].value,
                "source": {
                    "document": row["document"].value,
                    "start": int(row["start"].value),
                    "end": int(row["end"].value),
                },
            }
        )
    return out


SCORES = """
SELECT ?report ?council ?qsn ?value WHERE {
  ?score a ckg:QualityStatementScore ; dcterms:isPartOf ?report ;
         ckg:qualityStatement/ckg:number ?qsn ; ckg:scoreValue ?value .
  OPTIONAL { ?report ckg:council ?council }
}
ORDER BY ?report ?qsn
"""


def scores(store) -> list[dict]:
    """Quality statement scores stated by reports, in the brief's JSON contract."""
    return [
        {
            "report": row["report"].value,
            "council": row["council"].value if row["council"] is not None else None,
            "quality_statement": int(row["qsn"].value),
            "score": int(row["value"].value),
        }
        for row in store.select(SCORES)
    ]


SUMMARY_QUERIES = {
    "kind": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?f a ckg:Finding ; a ?class . FILTER(?class != ckg:Finding) BIND(?class AS ?key)
} GROUP BY ?key""",
    "theme": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?t a ckg:Theme ; ckg:number ?num ; skos:prefLabel ?label .
  OPTIONAL { ?f a ckg:Finding ; ckg:theme ?t }
  BIND(CONCAT(STR(?num), " ", STR(?label)) AS ?key)
} GROUP BY ?key""",
    "quality_statement": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?q a ckg:QualityStatement ; ckg:number ?num ; skos:prefLabel ?label .
  OPTIONAL { ?f a ckg:Finding ; ckg:qualityStatement ?q }
  BIND(CONCAT(STR(?num), " ", STR(?label)) AS ?key)
} GROUP BY ?key""",
    "partner": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?f a ckg:Finding ; ckg:involves ?p . ?p skos:prefLabel ?key .
} GROUP BY ?key""",
}
TOTALS = """
SELECT
  (COUNT(DISTINCT ?r) AS ?reports)
  (COUNT(DISTINCT ?f) AS ?findings)
WHERE { { ?r a ckg:Report } UNION { ?f a ckg:Finding } }
"""


def summary(store) -> dict:
    """Counts of findings by kind, theme, quality statement and partner, and totals."""
    totals = store.select(TOTALS)[0]
    out: dict = {
        "reports": int(totals["reports"].value),
        "findings": int(totals["findings"].value),
        "quads": store.quad_count(),
    }
    for name, query in SUMMARY_QUERIES.items():
        counts = {}
        for row in store.select(query):
            key = row["key"].value
            counts[CLASS_KIND.get(key, key)] = int(row["n"].value)
        if name in ("theme", "quality_statement"):
            counts = dict(sorted(counts.items(), key=lambda kv: int(kv[0].split()[0])))
        else:
            counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out[f"by_{name}"] = counts
    return out
