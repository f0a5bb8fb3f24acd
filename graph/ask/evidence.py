"""Every quote for one quality statement, grouped by kind: ``carekg evidence``.

>>> from carekg.graph.ask.evidence import evidence
>>> sorted(k for k, v in evidence(bexley, 8).items() if v)
['area_for_development', 'context', 'recommendation', 'risk', 'strength']
"""

from __future__ import annotations

from carekg.graph.ask.findings import findings_with_partner_ids
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import KINDS


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
    check_quality_statement(qs)
    grouped: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    # The findings question's answer, already in report and text order.
    for found in findings_with_partner_ids(store, qs=qs, report=report):
        grouped[found["kind"]].append({key: found[key] for key in QUOTE_KEYS})
    return grouped


QUOTE_KEYS = ("id", "text", "report", "source")
