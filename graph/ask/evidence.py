"""Every quote for one quality statement, grouped by kind: ``carekg evidence``.

>>> from carekg.graph.ask.evidence import evidence
>>> sorted(k for k, v in evidence(bexley, 8).items() if v)
['area_for_development', 'context', 'recommendation', 'risk', 'strength']
"""

from __future__ import annotations

from carekg.graph.ask.fragments import (
    KIND,
    QUOTE,
    kind_of,
    report_bindings,
    report_order,
    source,
)
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import KINDS
from carekg.graph.model.namespaces import CQC

EVIDENCE = f"""
SELECT DISTINCT ?finding ?class ?text ?report ?start ?end ?document WHERE {{
  #VALUES
  ?finding ckg:qualityStatement ?qs ; a ckg:Finding ; dcterms:isPartOf ?report .
  {KIND}
  {QUOTE}
}}
"""


def check_quality_statement(qs: object) -> int:
    """``qs`` if it is a quality statement number 1-9, else a ``CarekgError``."""
    if not isinstance(qs, int) or isinstance(qs, bool) or not 1 <= qs <= 9:
        raise CarekgError(f"quality statement must be a number from 1 to 9, not {qs!r}")
    return qs


def evidence(store, qs: int, report: str | None = None) -> dict[str, list[dict]]:
    """All quotes for quality statement ``qs`` (1-9), grouped by kind.

    Returns a dict from every kind (``strength``, ``area_for_development``,
    ``risk``, ``recommendation``, ``context``; empty lists included) to quotes
    ``{"id", "text", "report", "source": {"document", "start", "end"}}`` in
    report and text order. ``report`` (an id or IRI) keeps one report's quotes.
    """
    grouped: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    bindings = report_bindings(report)
    check_quality_statement(qs)
    if bindings is None:
        return grouped
    for row in store.select(EVIDENCE, {**bindings, "qs": CQC[f"qs{qs}"]}):
        kind = kind_of(row)
        if kind is not None:
            grouped[kind].append(
                {
                    "id": row["finding"].value,
                    "text": row["text"].value,
                    "report": row["report"].value,
                    "source": source(row),
                }
            )
    for quotes in grouped.values():
        quotes.sort(key=report_order)
    return grouped
