"""Each risk with what it threatens, its partners and what addresses it: ``carekg risks``.

>>> from carekg.graph.ask.risks import risks
>>> any(r["partners"] for r in risks(bexley))
True
"""

from __future__ import annotations

from collections.abc import Callable

from carekg.graph.ask.findings import findings
from carekg.graph.ask.fragments import kind_of

# One row per link of a risk to another node; ?rel says which list of the answer it goes
# in. A risk's own fields (quote, statements, partners) come from the findings question.
# Each kind of link is read as a scan of its few triples (2,800 on 150 councils) and
# joined by hash to the risks, then labelled: looked up from each of the 2,400 risks
# instead, they took 0.12 s, not 0.02 s. One report's risks are picked in Python, from
# the same rows (a report-scoped form of this query took 0.07 s: lookups per link).
# The risks' scan stands in each branch, not once outside the union: outside, the labels
# were looked up for every link before the join dropped those of other findings (0.14 s).
# Rows are ordered in Python: the store's ORDER BY reads IRIs from disk per comparison.
RISK_LINKS = """
SELECT ?risk ?rel ?node ?label ?class WHERE {
  {
    { SELECT ?risk WHERE { ?risk a ckg:Risk } }
    { SELECT ?risk ?node WHERE { ?risk ckg:threatens ?node } }
    OPTIONAL { ?node rdfs:label ?label }
    BIND("outcome" AS ?rel)
  } UNION {
    { SELECT ?risk WHERE { ?risk a ckg:Risk } }
    { SELECT ?risk ?node WHERE { ?risk ckg:leadsTo ?node } }
    OPTIONAL { ?node ckg:quote ?label }
    OPTIONAL { ?node a ?class FILTER(?class != ckg:Finding) }
    BIND("finding" AS ?rel)
  } UNION {
    { SELECT ?risk WHERE { ?risk a ckg:Risk } }
    {
      SELECT ?risk ?node WHERE {
        { ?node ckg:addresses ?risk }
        UNION {
          { SELECT ?cause ?risk WHERE { ?cause ckg:leadsTo ?risk } }
          { SELECT ?node ?cause WHERE { ?node ckg:addresses ?cause } }
        }
      }
    }
    OPTIONAL { ?node ckg:quote ?label }
    BIND("recommendation" AS ?rel)
  }
}
"""


def _add(items: list, item) -> None:
    if item not in items:
        items.append(item)


# How each kind of link is added to a risk's entry: (risk, node IRI, label, row).
LINK_READERS: dict[str, Callable[[dict, str, str, dict], None]] = {
    "outcome": lambda risk, node, label, row: _add(
        risk["threatens"], {"id": node, "label": label, "kind": "outcome"}
    ),
    "finding": lambda risk, node, label, row: _add(
        risk["threatens"], {"id": node, "label": label, "kind": kind_of(row) or "finding"}
    ),
    "recommendation": lambda risk, node, label, row: _add(
        risk["recommendations"], {"id": node, "text": label}
    ),
}


def risks(store, report: str | None = None) -> list[dict]:
    """Each risk with what it threatens, its partners and the recommendations that address it.

    Keys: ``id``, ``text``, ``report``, ``quality_statements`` (integers),
    ``threatens`` (``{"id", "label", "kind"}``: outcomes it ``ckg:threatens``,
    kind ``outcome``, and findings it ``ckg:leadsTo``, kind the finding's kind),
    ``partners`` (preferred labels), ``recommendations`` (``{"id", "text"}`` of
    recommendations that ``ckg:addresses`` the risk or a finding that
    ``ckg:leadsTo`` it; empty when nothing addresses it) and ``source``.
    ``report`` (an id or IRI) keeps only that report's risks.
    """
    out = {
        found["id"]: {
            "id": found["id"],
            "text": found["text"],
            "report": found["report"],
            "quality_statements": found["quality_statements"],
            "threatens": [],
            "partners": found["partners"],
            "recommendations": [],
            "source": found["source"],
        }
        for found in findings(store, kind="risk", report=report)
    }
    if not out:
        return []
    links = store.select(RISK_LINKS)
    for row in sorted(links, key=lambda r: tuple(_text(r[name]) for name in LINK_ORDER)):
        risk = out.get(row["risk"].value)
        if risk is not None:
            node = row["node"].value
            label = row["label"].value if row["label"] is not None else node
            LINK_READERS[row["rel"].value](risk, node, label, row)
    return list(out.values())


# The order of a risk's links in its lists: by risk, kind of link, then linked node.
LINK_ORDER = ("risk", "rel", "node", "label")


def _text(term) -> str:
    return "" if term is None else term.value
