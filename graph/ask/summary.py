"""Counts for the whole store (``carekg summary``) and the scores reports state (``scores``).

>>> from carekg.graph.ask.summary import summary
>>> summary(bexley)["reports"]
2
"""

from __future__ import annotations

from carekg.graph.model.kinds import CLASS_KIND
from carekg.graph.model.namespaces import CKG

# Every part read as a scan in a subquery (joined by hash, not by a lookup per score).
# The rows come back as SPARQL JSON (a Python term per cell costs more than the query)
# and are sorted in Python: the store's sort reads each report IRI from disk at every
# comparison.
SCORES = """
SELECT ?report ?council ?qsn ?value WHERE {
  { SELECT ?score ?value WHERE { ?score ckg:scoreValue ?value } }
  { SELECT ?score WHERE { ?score a ckg:QualityStatementScore } }
  { SELECT ?score ?report WHERE { ?score dcterms:isPartOf ?report } }
  { SELECT ?score ?q WHERE { ?score ckg:qualityStatement ?q } }
  { SELECT ?q ?qsn WHERE { ?q ckg:number ?qsn } }
  OPTIONAL { ?report ckg:council ?council }
}
"""


def scores(store) -> list[dict]:
    """Quality statement scores stated by reports, in the brief's JSON contract."""
    return [
        {
            "report": row["report"],
            "council": row.get("council"),
            "quality_statement": int(row["qsn"]),
            "score": int(row["value"]),
        }
        for row in sorted(store.select_values(SCORES), key=_by_report_and_statement)
    ]


def _by_report_and_statement(row: dict[str, str]) -> tuple:
    return row["report"], int(row["qsn"]), int(row["value"]), row.get("council") or ""


# Findings are counted per theme, statement and partner in one query: the findings are
# read once, as a scan in a subquery, and joined by hash (not by a lookup per finding)
# to the three kinds of link, each link tagged with what it counts. Partners are
# counted per preferred label, labels joined to the links by hash; themes and
# statements per node, their names read apart (a dozen rows) and joined in Python.
COUNTS = """
SELECT ?by ?key (COUNT(DISTINCT ?f) AS ?n) WHERE {
  { SELECT ?f WHERE { ?f a ckg:Finding } }
  {
    { SELECT ?f ?key ?by WHERE { ?f ckg:theme ?key BIND("theme" AS ?by) } }
    UNION {
      SELECT ?f ?key ?by WHERE { ?f ckg:qualityStatement ?key BIND("quality_statement" AS ?by) }
    }
    UNION {
      SELECT ?f ?key ?by WHERE {
        { SELECT ?f ?p WHERE { ?f ckg:involves ?p } }
        { SELECT ?p ?key WHERE { ?p skos:prefLabel ?key } }
        BIND("partner" AS ?by)
      }
    }
  }
}
GROUP BY ?by ?key
"""
CONCEPTS = """
SELECT ?by ?c ?key WHERE {
  VALUES (?class ?by) { (ckg:Theme "theme") (ckg:QualityStatement "quality_statement") }
  ?c a ?class ; ckg:number ?num ; skos:prefLabel ?label .
  BIND(CONCAT(STR(?num), " ", STR(?label)) AS ?key)
}
"""
# Reports, findings and the findings of each kind counted in one query, a scan of each
# class named (not a filter over every class of every node).
CLASS_COUNTS = """
SELECT ?key (COUNT(DISTINCT ?node) AS ?n) WHERE {
  VALUES ?key {
    ckg:Report ckg:Finding
    ckg:Strength ckg:AreaForDevelopment ckg:Risk ckg:Recommendation ckg:Context
  }
  ?node a ?key .
} GROUP BY ?key"""
TOTALS = {CKG.Report.value: "reports", CKG.Finding.value: "findings"}


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summary(store) -> dict:
    """Counts of findings by kind, theme, quality statement and partner, and totals."""
    classes = {row["key"]: int(row["n"]) for row in store.select_values(CLASS_COUNTS)}
    out: dict = {name: classes.get(iri, 0) for iri, name in TOTALS.items()}
    out["quads"] = store.quad_count()
    kinds = {CLASS_KIND[k]: n for k, n in classes.items() if k in CLASS_KIND}
    out["by_kind"] = _by_count(kinds)
    counts: dict[str, dict[str, int]] = {"theme": {}, "quality_statement": {}, "partner": {}}
    for row in store.select_values(COUNTS):
        counts[row["by"]][row["key"]] = int(row["n"])
    concepts = store.select_values(CONCEPTS)
    for by in ("theme", "quality_statement"):
        # Every theme or statement, with no findings too; in number order.
        named = {row["key"]: counts[by].get(row["c"], 0) for row in concepts if row["by"] == by}
        out[f"by_{by}"] = dict(sorted(named.items(), key=lambda kv: int(kv[0].split()[0])))
    partners = {CLASS_KIND.get(key, key): n for key, n in counts["partner"].items()}
    out["by_partner"] = _by_count(partners)
    return out
