"""Counts for the whole store (``carekg summary``) and the scores reports state (``scores``).

>>> from carekg.graph.ask.summary import summary
>>> summary(bexley)["reports"]
2
"""

from __future__ import annotations

import json

from pyoxigraph import QueryResultsFormat

from carekg.graph.model.kinds import CLASS_KIND

# Every part read as a scan in a subquery (joined by hash, not by a lookup per score).
# Rows are ordered by report and statement number. Oxigraph fetches an IRI of more
# than 15 bytes from disk at every comparison of a sort, so each report's IRI is also
# cut into 15-character pieces, which it holds in memory, and those are compared
# first; pieces in order compare as the whole IRI does, so the order is the same.
# The rows come back as SPARQL JSON: a Python term per cell costs more than the query.
SCORES = """
SELECT ?report ?council ?qsn ?value WHERE {
  { SELECT ?score ?value WHERE { ?score ckg:scoreValue ?value } }
  { SELECT ?score WHERE { ?score a ckg:QualityStatementScore } }
  { SELECT ?score ?report WHERE { ?score dcterms:isPartOf ?report } }
  { SELECT ?score ?q WHERE { ?score ckg:qualityStatement ?q } }
  { SELECT ?q ?qsn WHERE { ?q ckg:number ?qsn } }
  {
    SELECT ?report ?key1 ?key2 ?key3 ?key4 ?key5 ?key6 ?key7 WHERE {
      {
        SELECT DISTINCT ?report WHERE {
          ?score a ckg:QualityStatementScore ; dcterms:isPartOf ?report .
        }
      }
      BIND(STR(?report) AS ?iri)
      BIND(SUBSTR(?iri, 1, 15) AS ?key1)
      BIND(SUBSTR(?iri, 16, 15) AS ?key2)
      BIND(SUBSTR(?iri, 31, 15) AS ?key3)
      BIND(SUBSTR(?iri, 46, 15) AS ?key4)
      BIND(SUBSTR(?iri, 61, 15) AS ?key5)
      BIND(SUBSTR(?iri, 76, 15) AS ?key6)
      BIND(SUBSTR(?iri, 91, 15) AS ?key7)
    }
  }
  OPTIONAL { ?report ckg:council ?council }
}
ORDER BY ?key1 ?key2 ?key3 ?key4 ?key5 ?key6 ?key7 ?report ?qsn
"""


def _json_rows(store, query: str) -> list[dict[str, str]]:
    """A SELECT's rows as ``{variable: value}`` (unbound left out), parsed from SPARQL JSON."""
    data = store.query_raw(query).serialize(format=QueryResultsFormat.JSON)
    return [
        {name: cell["value"] for name, cell in row.items()}
        for row in json.loads(data)["results"]["bindings"]
    ]


def scores(store) -> list[dict]:
    """Quality statement scores stated by reports, in the brief's JSON contract."""
    return [
        {
            "report": row["report"],
            "council": row.get("council"),
            "quality_statement": int(row["qsn"]),
            "score": int(row["value"]),
        }
        for row in _json_rows(store, SCORES)
    ]


# Findings are counted per theme, statement or partner first, the findings and their
# links read as whole scans in subqueries (joined by hash, not by a lookup per
# finding); labels are joined to the counts, never to every finding.
FINDINGS = "{ SELECT ?f WHERE { ?f a ckg:Finding } }"
PER_CONCEPT = """
SELECT ?key (COALESCE(?count, 0) AS ?n) WHERE {
  ?c a CLASS ; ckg:number ?num ; skos:prefLabel ?label .
  OPTIONAL {
    SELECT ?c (COUNT(DISTINCT ?f) AS ?count) WHERE {
      FINDINGS
      { SELECT ?f ?c WHERE { ?f PREDICATE ?c } }
    } GROUP BY ?c
  }
  BIND(CONCAT(STR(?num), " ", STR(?label)) AS ?key)
}"""
SUMMARY_QUERIES = {
    "kind": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  # The five kinds named: one lookup each, not a filter over every class of every finding.
  VALUES ?key { ckg:Strength ckg:AreaForDevelopment ckg:Risk ckg:Recommendation ckg:Context }
  ?f a ?key .
} GROUP BY ?key""",
    "theme": PER_CONCEPT.replace("CLASS", "ckg:Theme").replace("PREDICATE", "ckg:theme")
    .replace("FINDINGS", FINDINGS),
    "quality_statement": PER_CONCEPT.replace("CLASS", "ckg:QualityStatement")
    .replace("PREDICATE", "ckg:qualityStatement").replace("FINDINGS", FINDINGS),
    "partner": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  FINDINGS
  { SELECT ?f ?p WHERE { ?f ckg:involves ?p } }
  { SELECT ?p ?key WHERE { ?p skos:prefLabel ?key } }
} GROUP BY ?key""".replace("FINDINGS", FINDINGS),
}  # fmt: skip
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
