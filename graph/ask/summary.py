"""Counts for the whole store (``carekg summary``) and the scores reports state (``scores``).

>>> from carekg.graph.ask.summary import summary
>>> summary(bexley)["reports"]
2
"""

from __future__ import annotations

from carekg.graph.model.kinds import CLASS_KIND

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
