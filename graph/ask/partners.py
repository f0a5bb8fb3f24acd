"""Which partners findings involve, with counts by kind: ``carekg partners``.

>>> from carekg.graph.ask.partners import partners
>>> rows = partners(bexley)
>>> rows[0]["id"], rows[0]["total"] > 0
('bexley-council', True)
"""

from __future__ import annotations

from carekg.graph.model.kinds import KIND_CLASS, KINDS
from carekg.graph.model.namespaces import PARTNER

# Counted per partner and kind, kinds and partner links read as two scans in
# subqueries (joined by hash, not by a lookup per finding). Each kind is named by its
# place in KINDS, a number the store holds in the row (reading each class's IRI back
# from disk would cost more than the query at national scale), and rows are read as
# text (``select_values``).
PARTNER_COUNTS = """
SELECT ?partner ?k (COUNT(DISTINCT ?finding) AS ?n) WHERE {
  {
    SELECT ?finding ?k WHERE {
      VALUES (?class ?k) { CLASSES }
      ?finding a ?class .
    }
  }
  { SELECT ?finding ?partner WHERE { ?finding ckg:involves ?partner } }
}
GROUP BY ?partner ?k
""".replace("CLASSES", " ".join(f"(<{KIND_CLASS[k].value}> {i})" for i, k in enumerate(KINDS)))
# Every preferred label in one scan (a few thousand), read as SPARQL JSON: labels are
# free text, which JSON carries exactly.
LABELS = "SELECT ?node ?label WHERE { ?node skos:prefLabel ?label }"


def _local(iri: str) -> str:
    base = str(PARTNER)
    return iri[len(base) :] if iri.startswith(base) else iri


def preferred_labels(store) -> dict[str, str]:
    """Each node's preferred label (the first in code-point order, should there be several)."""
    labels: dict[str, str] = {}
    for row in store.select_values(LABELS):
        node, label = row["node"], row["label"]
        if node not in labels or label < labels[node]:
            labels[node] = label
    return labels


def partners(store) -> list[dict]:
    """Each partner that findings involve, with counts of those findings by kind.

    Keys: ``partner`` (preferred label), ``id`` (the id that the findings
    question's partner filter accepts), one count per kind (``strength``,
    ``area_for_development``, ``risk``, ``recommendation``, ``context``) and
    ``total``. Partners that no finding involves are left out; the list is
    sorted by total, largest first, then by name and IRI.
    """
    labels = preferred_labels(store)
    table: dict[str, dict] = {}
    for row in store.select_values(PARTNER_COUNTS):
        node = row["partner"]
        entry = table.get(node)
        if entry is None:
            entry = {"partner": labels.get(node, node), "id": _local(node)}
            entry.update({kind: 0 for kind in KINDS}, total=0)
            table[node] = entry
        count = int(row["n"])
        entry[KINDS[int(row["k"])]] += count
        entry["total"] += count
    ordered = sorted(table.items(), key=lambda e: (-e[1]["total"], e[1]["partner"].lower(), e[0]))
    return [entry for _, entry in ordered]
