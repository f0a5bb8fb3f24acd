"""SPARQL fragments and row readers that the questions share, written once.

A finding's quote and position are read from the finding itself (``ckg:quote``,
``ckg:start``, ``ckg:end``: the same as its Web Annotation selector's, one lookup
each instead of a walk through the selector) and its document from its report; its
kind is its class other than ``ckg:Finding``. Questions paste these fragments (never
user values) into their query text.

>>> report_node("bexley").value
'https://w3id.org/carekg/id/report/bexley'
>>> report_node('x" } ; DROP ALL') is None
True
"""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from carekg.graph.model.kinds import CLASS_KIND
from carekg.graph.model.namespaces import ID


def quote_of(variable: str) -> str:
    """The pattern binding ``?text``, ``?start``, ``?end`` and ``?document`` of ``?variable``.

    The query binds ``?report`` to the report ``?variable`` is part of.
    """
    return (
        f"?{variable} ckg:quote ?text ; ckg:start ?start ; ckg:end ?end . "
        "?report ckg:sourceDocument ?document ."
    )


# ?finding's quote and position; bind ?finding and ?report first.
QUOTE = quote_of("finding")
# ?finding's kind as its class other than ckg:Finding.
KIND = "?finding a ?class . FILTER(?class != ckg:Finding)"

SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def source(row) -> dict:
    """The ``source`` object of the JSON contract from a row with QUOTE's variables."""

    def number(term):
        return int(term.value) if term is not None else None

    return {
        "document": row["document"].value if row["document"] is not None else None,
        "start": number(row["start"]),
        "end": number(row["end"]),
    }


def report_order(item: dict) -> tuple:
    """Sort key of an answer's item with ``report``, ``source`` and ``id``: by report,
    then where its quote starts.

    Answers are sorted here rather than by ``ORDER BY ?report ?start``: the store
    reads both IRIs from disk at every comparison, which cost a second on 5,000 rows.

    >>> item = {"report": "r", "source": {"start": 5}, "id": "f"}
    >>> report_order(item)
    ('r', 5, 'f')
    """
    start = item["source"]["start"]
    return item["report"], -1 if start is None else start, item["id"]


def kind_of(row) -> str | None:
    """The kind named by a row's ``?class``, or None for another class."""
    return CLASS_KIND.get(row["class"].value) if row["class"] is not None else None


def report_node(report: str) -> NamedNode | None:
    """The report node for a report id or IRI; None when ``report`` cannot name one."""
    report = report.strip()
    try:
        if report.startswith(("http://", "https://")):
            return NamedNode(report)
    except ValueError:
        return None
    return ID[f"report/{report}"] if SLUG.fullmatch(report) else None


def report_bindings(report: str | None) -> dict | None:
    """Bindings that keep one report (``{}`` for all); None when no report can match."""
    if report is None:
        return {}
    node = report_node(report)
    return None if node is None else {"report": node}
