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

from carekg.graph.ask.fragments import KIND, QUOTE, report_node, report_order, source
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import CLASS_KIND, EVIDENCE_CATEGORIES, KIND_CLASS
from carekg.graph.model.namespaces import CQC, PARTNER

# The filters come first, so that the store starts from the few findings they allow.
# Rows are put in report order in Python (see ``report_order``).
FINDINGS = (
    """
SELECT ?finding ?class ?text ?start ?end ?document ?report ?theme ?confidence ?evidence
       (GROUP_CONCAT(DISTINCT STR(?qsn); SEPARATOR=" ") AS ?qss)
       (GROUP_CONCAT(DISTINCT ?plabel; SEPARATOR="\\u001f") AS ?partners)
WHERE {
  #VALUES
  %(filters)s
  ?finding a ckg:Finding ; dcterms:isPartOf ?report .
  """
    + KIND
    + "\n  "
    + QUOTE
    + """
  OPTIONAL { ?finding ckg:theme/ckg:number ?theme }
  OPTIONAL { ?finding ckg:confidence ?confidence }
  OPTIONAL { ?finding ckg:evidenceCategory/skos:notation ?evidence }
  OPTIONAL { ?finding ckg:qualityStatement/ckg:number ?qsn }
  OPTIONAL { ?finding ckg:involves/skos:prefLabel ?plabel }
}
GROUP BY ?finding ?class ?text ?start ?end ?document ?report ?theme ?confidence ?evidence
"""
)

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


def _filters(store, kind, qs, theme, partner, report, evidence) -> tuple[dict, list[str]] | None:
    """Bindings and patterns for the filters asked; None when nothing can match."""
    bindings: dict = {}
    filters = []
    if kind is not None:
        if kind not in KIND_CLASS:
            raise CarekgError(f"kind must be one of {', '.join(KIND_CLASS)}")
        bindings["class"] = KIND_CLASS[kind]
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
    found = _filters(store, kind, qs, theme, partner, report, evidence)
    if found is None:
        return []
    bindings, filters = found
    out = []
    for row in store.select(FINDINGS % {"filters": "\n  ".join(filters)}, bindings):
        confidence = float(row["confidence"].value) if row["confidence"] is not None else 1.0
        if min_confidence is not None and confidence < min_confidence:
            continue
        qss = row["qss"].value.split() if row["qss"] is not None else []
        partners = row["partners"].value.split("\x1f") if row["partners"] is not None else []
        out.append(
            {
                "id": row["finding"].value,
                "kind": CLASS_KIND[row["class"].value],
                "text": row["text"].value,
                "quality_statements": sorted(int(n) for n in qss),
                "theme": int(row["theme"].value) if row["theme"] is not None else None,
                "partners": sorted(p for p in partners if p),
                "report": row["report"].value,
                "source": source(row),
                "confidence": round(confidence, 3),
                "evidence": row["evidence"].value if row["evidence"] is not None else None,
            }
        )
    return sorted(out, key=report_order)
