"""The finding: one assessment sentence of a report and what the pipeline saw in it.

>>> Finding(1, 0, 4, "Good", "strength").evidence is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carekg.graph.model.text import unwrapped

# The CQC evidence categories a finding's own sentence can signal (see ``evidence``).
EVIDENCE_CATEGORIES = ("people", "staff", "partners", "processes", "outcomes")


@dataclass
class Finding:
    """One assessment sentence of a report with what the text rules saw in it."""

    number: int
    start: int
    end: int
    text: str
    kind: str
    quality_statements: list[int] = field(default_factory=list)
    qs_method: str | None = None  # "heading" | "inferred" | "curated"
    theme: int | None = None
    partners: list[str] = field(default_factory=list)  # partner ids (local names)
    duties: list[str] = field(default_factory=list)  # Care Act duty notations, "s42"
    section: int | None = None  # index of the heading block
    list_item_of: int | None = None  # the finding that introduces the list this item is in
    leads_to: list[int] = field(default_factory=list)  # finding numbers
    addresses: list[int] = field(default_factory=list)
    threatens: list[str] = field(default_factory=list)  # outcome labels
    evidences: list[str] = field(default_factory=list)
    curated: set[str] = field(default_factory=set)  # fields a curation file set
    confidence: float = 1.0  # how sure the kind decision is, 0 to 1
    confidence_reason: str = ""  # why, in a few words
    evidence: str | None = None  # one of EVIDENCE_CATEGORIES, when the sentence says
    # (text, its one-line form): every step asks for ``flat``, so it is made once per
    # text; not an argument, never shown or compared.
    _flat: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def flat(self) -> str:
        """The text on one line: rules do not care how lines wrap."""
        if self._flat is None or self._flat[0] is not self.text:
            self._flat = (self.text, unwrapped(self.text))
        return self._flat[1]


def outcome_label(phrase: str) -> str:
    """A normalised outcome phrase: 'improving outcomes for X' -> 'improved outcomes for X'."""
    phrase = re.sub(r"\s+", " ", phrase.strip().lower())
    return re.sub(r"^(improving|better|positive|good|the desired) ", "improved ", phrase)
