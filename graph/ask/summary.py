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


SUMMARY_QUERIES = {
    "kind": """
SELECT ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  # The five kinds named: one lookup each, not a filter over every class of every finding.
  VALUES ?key { ckg:Strength ckg:AreaForDevelopment ckg:Risk ckg:Recommendation ckg:Context }
  ?f a ?key .
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
