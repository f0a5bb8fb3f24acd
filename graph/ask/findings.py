"""The findings, filtered: ``carekg findings``, in the brief's JSON contract.

Each function runs SPARQL on a store opened by ``store.open_store`` and
returns plain Python data; the CLI only formats it. Values a user typed
(a partner's name, a report) are always passed as bindings.

>>> from carekg.graph.ask.findings import findings
>>> {f["kind"] for f in findings(bexley, qs=8, partner="ICB")} >= {"risk"}
True
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from carekg.graph.ask.fragments import report_node, report_order
from carekg.graph.ask.partners import preferred_labels
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import EVIDENCE_CATEGORIES, KIND_CLASS
from carekg.graph.model.namespaces import CQC, PARTNER
from carekg.graph.model.record import read_records

# The filters come first, so that the store starts from the few findings they allow
# (every finding when there are none). Each finding is then read as its record (see
# ``carekg.graph.model.record``): one read, not a dozen. Stated scores match statement
# filters too; a node without a record is kept only if it is a finding (one written by an
# older carekg, which ``findings`` refuses in one line), so findings cost no second read.
# DISTINCT: a finding may involve two of the partners a name matches.
# Rows are put in report order in Python (see ``report_order``).
FINDINGS = """
SELECT DISTINCT ?record WHERE {
  #VALUES
  %(filters)s
  OPTIONAL { ?finding ckg:record ?record }
  FILTER(BOUND(?record) || EXISTS { ?finding a ckg:Finding })
}
"""
# Each report's document, a few hundred rows, joined in Python.
DOCUMENTS = "SELECT ?report ?document WHERE { ?report ckg:sourceDocument ?document }"

# A partner by id, name or alternative name, or every partner of a type named by its
# id or label ("icb" is every council's ICB once instances are per council).
PARTNER_BY_LABEL = """
SELECT DISTINCT ?partner WHERE {
  #VALUES
  # Three flat branches (the ids, the names, the types' names) filtered once: not
  # every partner with nested optional names and its type's names.
  { ?partner a ckg:Partner . BIND(?partner AS ?id) }
  UNION { ?partner skos:prefLabel|skos:altLabel ?name . ?partner a ckg:Partner . }
  UNION {
    ?type a ckg:PartnerType ; skos:notation|skos:prefLabel ?name .
    ?partner ckg:partnerType ?type ; a ckg:Partner .
  }
  FILTER(?id = ?byId || LCASE(STR(?name)) = LCASE(STR(?want)))
}
"""


def resolve_partner(store, name: str) -> list[NamedNode]:
    """Partner nodes whose id, name, alternative name or type is ``name`` (any case)."""
    wanted = name.strip()
    # An id like "icb" also names a partner; anything else cannot be one.
    by_id = PARTNER[wanted.lower()] if re.fullmatch(r"[A-Za-z0-9-]+", wanted) else PARTNER["-"]
    rows = store.select(PARTNER_BY_LABEL, {"want": Literal(wanted), "byId": by_id})
    return [row["partner"] for row in rows]


def _filters(
    store, kind=None, qs=None, theme=None, partner=None, report=None, evidence=None
) -> tuple[dict, list[str]] | None:
    """Bindings and patterns for the filters asked; None when nothing can match."""
    bindings: dict = {}
    filters = []
    if kind is not None:
        if kind not in KIND_CLASS:
            raise CarekgError(f"kind must be one of {', '.join(KIND_CLASS)}")
        bindings["class"] = KIND_CLASS[kind]
        filters.append("?finding a ?class .")
    if evidence is not None:
        if evidence not in EVIDENCE_CATEGORIES:
            raise CarekgError(f"evidence must be one of {', '.join(EVIDENCE_CATEGORIES)}")
        bindings["wantEvidence"] = CQC[f"evidence-{evidence}"]
        filters.append("?finding ckg:evidenceCategory ?wantEvidence .")
    if qs is not None:
        bindings["wantQs"] = CQC[f"qs{qs}"]
        filters.append("?finding ckg:qualityStatement ?wantQs .")
    if theme is not None:
        bindings["wantTheme"] = CQC[f"theme{theme}"]
        filters.append("?finding ckg:theme ?wantTheme .")
    if partner is not None:
        nodes = resolve_partner(store, partner)
        if not nodes:
            return None
        bindings["wantPartner"] = nodes
        filters.append("?finding ckg:involves ?wantPartner .")
    if report is not None:
        node = report_node(report)
        if node is None:
            return None
        bindings["report"] = node
        filters.append("?finding dcterms:isPartOf ?report .")
    return bindings, filters


def findings(
    store,
    *,
    kind: str | None = None,
    qs: int | None = None,
    theme: int | None = None,
    partner: str | None = None,
    report: str | None = None,
    evidence: str | None = None,
    min_confidence: float | None = None,
) -> list[dict]:
    """Findings as dicts in the brief's JSON contract, filtered as asked.

    Besides the contract's keys, each has ``confidence`` (0 to 1, how sure the
    kind is; 1 for curated findings) and ``evidence`` (the CQC evidence
    category the text names: people, staff, partners, processes, outcomes, or
    None). ``partner`` is a name, id or partner type.
    """
    found = findings_with_partner_ids(
        store, kind=kind, qs=qs, theme=theme, partner=partner, report=report, evidence=evidence
    )
    out = [f for f in found if min_confidence is None or f["confidence"] >= min_confidence]
    if any(f["partners"] for f in out):
        labels = preferred_labels(store)
        for f in out:
            f["partners"] = sorted(labels.get(str(PARTNER) + p, p) for p in f["partners"])
    return out


def findings_with_partner_ids(store, **filters: str | int | None) -> list[dict]:
    """``findings``' answer for the same filters (``kind``, ``qs``, ``theme``, ``partner``,
    ``report``, ``evidence``), with each finding's partners as ids (local names), not
    labels: for questions that do not show partners, which skip reading every label."""
    found = _filters(store, **filters)
    if found is None:
        return []
    bindings, patterns = found
    patterns = patterns or ["?finding a ckg:Finding ."]
    # The one column is read by position: a dict a row cost more than reading it.
    solutions = store.query_raw(FINDINGS % {"filters": "\n  ".join(patterns)}, bindings)
    records = _records([row[0] for row in solutions])
    if not records:
        return []
    documents = {row["report"]: row["document"] for row in store.select_values(DOCUMENTS)}
    out = []
    for fields in records:
        out.append(
            {
                "id": fields["id"],
                "kind": fields["kind"],
                "text": fields["text"],
                "quality_statements": fields["qs"],
                "theme": fields["theme"],
                "partners": fields["partners"],
                "report": fields["report"],
                "source": {
                    "document": documents.get(fields["report"]),
                    "start": fields["start"],
                    "end": fields["end"],
                },
                "confidence": round(fields["confidence"], 3),
                "evidence": fields["evidence"],
            }
        )
    return sorted(out, key=report_order)


def _records(values: list) -> list[dict]:
    """The fields of each ``?record``; a one-line error for a finding with none."""
    try:
        return read_records([value.value for value in values])
    except (AttributeError, ValueError):
        raise CarekgError(
            "a finding has no readable record (ckg:record): the store was written by an "
            "older carekg; build it again with `carekg build`"
        ) from None
