"""The five kinds of finding and the ontology class of each.

>>> KIND_CLASS["risk"].value
'https://w3id.org/carekg/ns#Risk'
>>> CLASS_KIND["https://w3id.org/carekg/ns#Strength"]
'strength'
"""

from __future__ import annotations

from carekg.graph.model.namespaces import CKG

KINDS: tuple[str, ...] = ("strength", "area_for_development", "risk", "recommendation", "context")

KIND_CLASS = {
    "strength": CKG.Strength,
    "area_for_development": CKG.AreaForDevelopment,
    "risk": CKG.Risk,
    "recommendation": CKG.Recommendation,
    "context": CKG.Context,
}
CLASS_KIND = {cls.value: kind for kind, cls in KIND_CLASS.items()}

# CQC's evidence categories a finding's text can name (cqc:evidence-NAME).
EVIDENCE_CATEGORIES: tuple[str, ...] = ("people", "staff", "partners", "processes", "outcomes")

# The kinds of gap the analysis finds (graph/analyse/gap_rules.py has one rule each).
GAP_KINDS: tuple[str, ...] = (
    "coverage",
    "unaddressed-risk",
    "area-without-action",
    "unevidenced-outcome",
    "problem-only-partner",
    "evidence-category",
    "structural",
)
