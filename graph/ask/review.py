"""The findings the extractor was least sure of, with its reason: ``carekg review``.

A person curates where the machine is unsure: these are the findings to read
first. Curated findings have confidence 1 and come last.

>>> from carekg.graph.ask.review import least_certain
>>> rows = least_certain(bexley, limit=3)
>>> len(rows) == 3 and rows[0]["confidence"] <= rows[-1]["confidence"]
True
"""

from __future__ import annotations

from carekg.graph.ask.fragments import KIND, QUOTE, kind_of, report_bindings, source
from carekg.graph.errors import CarekgError

# The confidence of the ``limit``-th least certain finding, found from the confidences
# alone: the rows then read in full are those at or below it, not every finding.
THRESHOLD = """
SELECT ?confidence WHERE {
  #VALUES
  ?finding ckg:confidence ?confidence .
  %(report)s
}
ORDER BY ?confidence
LIMIT %(limit)d
"""

# The findings at or below the threshold, from the confidences alone.
CANDIDATES = """
SELECT ?finding WHERE {
  #VALUES
  ?finding ckg:confidence ?confidence .
  FILTER(?confidence <= ?threshold)
  %(report)s
}
"""

# Only the candidates are joined to their kind and quote. Their VALUES sit in a
# subquery: a long VALUES block at the top made the store scan every finding instead.
LEAST_CERTAIN = f"""
SELECT ?finding ?class ?text ?start ?end ?document ?report ?confidence ?reason WHERE {{
  {{ SELECT ?finding WHERE {{ #VALUES
  }} }}
  ?finding ckg:confidence ?confidence ; a ckg:Finding ; dcterms:isPartOf ?report .
  OPTIONAL {{ ?finding ckg:confidenceReason ?reason }}
  {KIND}
  {QUOTE}
}}
ORDER BY ?confidence ?report ?start
LIMIT %(limit)d
"""


def least_certain(store, *, limit: int = 20, report: str | None = None) -> list[dict]:
    """The ``limit`` findings with the lowest confidence, least certain first.

    Each: ``id``, ``kind``, ``confidence``, ``reason`` (why the extractor chose
    the kind, in words), ``text``, ``report`` and ``source``.
    """
    if not isinstance(limit, int) or limit < 1:
        raise CarekgError(f"limit must be a positive whole number, not {limit!r}")
    bindings = report_bindings(report)
    if bindings is None:
        return []
    # Each finding's report is looked up only when one report is asked for.
    of_report = "?finding dcterms:isPartOf ?report ." if bindings else ""
    lowest = store.select(THRESHOLD % {"limit": limit, "report": of_report}, bindings)
    if not lowest:
        return []
    threshold = {"threshold": lowest[-1]["confidence"]}
    found = store.select(CANDIDATES % {"report": of_report}, {**bindings, **threshold})
    candidates = {"finding": [row["finding"] for row in found]}
    rows = store.select(LEAST_CERTAIN % {"limit": limit}, candidates)
    return [
        {
            "id": row["finding"].value,
            "kind": kind_of(row),
            "confidence": round(float(row["confidence"].value), 3),
            "reason": row["reason"].value if row["reason"] is not None else "",
            "text": row["text"].value,
            "report": row["report"].value,
            "source": source(row),
        }
        for row in rows
    ]
