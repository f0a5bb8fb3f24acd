"""Which partners findings involve, with counts by kind: ``carekg partners``.

>>> from carekg.graph.ask.partners import partners
>>> rows = partners(bexley)
>>> rows[0]["id"], rows[0]["total"] > 0
('bexley-council', True)
"""

from __future__ import annotations

from carekg.graph.ask.fragments import kind_of
from carekg.graph.model.kinds import KINDS
from carekg.graph.model.namespaces import PARTNER

# Counted per partner and kind first, kinds and partner links read as two scans in
# subqueries (joined by hash, not by a lookup per finding); labels join the counts.
PARTNER_COUNTS = """
SELECT ?partner ?label ?class ?n WHERE {
  {
    SELECT ?partner ?class (COUNT(DISTINCT ?finding) AS ?n) WHERE {
      {
        SELECT ?finding ?class WHERE {
          VALUES ?class {
            ckg:Strength ckg:AreaForDevelopment ckg:Risk ckg:Recommendation ckg:Context
          }
          ?finding a ?class .
        }
      }
      { SELECT ?finding ?partner WHERE { ?finding ckg:involves ?partner } }
    }
    GROUP BY ?partner ?class
  }
  OPTIONAL { ?partner skos:prefLabel ?label }
}
"""


def _local(iri: str) -> str:
    base = str(PARTNER)
    return iri[len(base) :] if iri.startswith(base) else iri


def partners(store) -> list[dict]:
    """Each partner that findings involve, with counts of those findings by kind.

    Keys: ``partner`` (preferred label), ``id`` (the id that the findings
    question's partner filter accepts), one count per kind (``strength``,
    ``area_for_development``, ``risk``, ``recommendation``, ``context``) and
    ``total``. Partners that no finding involves are left out; the list is
    sorted by total, largest first.
    """
    table: dict[str, dict] = {}
    for row in store.select(PARTNER_COUNTS):
        iri = row["partner"].value
        label = row["label"].value if row["label"] is not None else iri
        entry = table.setdefault(
            iri, {"partner": label, "id": _local(iri), **{k: 0 for k in KINDS}, "total": 0}
        )
        kind = kind_of(row)
        if kind is not None:
            entry[kind] += int(row["n"].value)
            entry["total"] += int(row["n"].value)
    return sorted(table.values(), key=lambda e: (-e["total"], e["partner"].lower()))
