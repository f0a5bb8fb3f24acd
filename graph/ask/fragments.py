"""SPARQL fragments and row readers that the questions share, written once.

A finding's quote and position come from its Web Annotation selector; its kind
is its class other than ``ckg:Finding``. Questions paste these fragments (never
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
    """The pattern binding ``?text``, ``?start``, ``?end`` and ``?document`` of ``?variable``."""
    return (
        f"?{variable} oa:hasSelector ?sel . "
        "?sel oa:exact ?text ; oa:start ?start ; oa:end ?end ; ckg:document ?document ."
    )


# ?finding's quote and position; bind ?finding first.
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
