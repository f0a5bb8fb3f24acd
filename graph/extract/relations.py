"""Relations between findings, from discourse cues, and the outcomes they name.

A consequence ("Consequently", "As a result", "This could lead to") follows
from the finding before it (``leadsTo``); a recommendation that refers back
("To support this", "this", "these") or shares its paragraph answers the one
before it (``addresses``); a risk threatens, and a strength evidences, the
"outcomes for people" it names. A consequence or suggestion with no quality
statement terms of its own is about what it follows.
"""

from __future__ import annotations

import re

from carekg.graph.extract.finding import Finding, outcome_label
from carekg.graph.extract.prefilter import Prefiltered, prefiltered


def _cues(*phrases: str) -> Prefiltered:
    return prefiltered(r"\b(?:" + "|".join(phrases) + r")", re.I)


# Openings that present a sentence as the consequence of the one before.
CONSEQUENCE = _cues(
    r"^consequently", r"^as a (?:result|consequence)", r"^this (?:does |will |could |may )?"
    r"(?:create|mean|result|lead|cause|has led|is a significant risk|is a risk)",
    r"^therefore", r"^this in turn", r"^because of this",
)  # fmt: skip
# Words that point back to what was just said.
ANAPHORA = re.compile(r"\b(?:this|these|that|it|such)\b", re.I)
# Purpose openings of a suggestion that answers the sentence before it.
ANSWERS = prefiltered(r"in advance of|would benefit|to support", re.I)
OUTCOME = prefiltered(
    r"\b((?:improved |improving |better |positive |good |the desired )?outcomes? for "
    r"(?:people|individuals|residents|adults|carers|those)[^.,;:]*?)(?=[.,;:]|$| rather| and the)",
    re.I,
)


def link(finding: Finding, earlier: list[Finding], same_block: bool) -> None:
    """Relations from discourse cues to the finding just before, and to outcomes."""
    earlier = [f for f in earlier if f.list_item_of is None]  # relate to lead-ins, not items
    previous = earlier[-1] if earlier and earlier[-1].section == finding.section else None
    text = finding.flat
    if previous is not None and CONSEQUENCE.search(text) and finding.kind != "recommendation":
        previous.leads_to.append(finding.number)
    if previous is not None and finding.kind == "recommendation":
        if ANAPHORA.search(text[:80]) or ANSWERS.search(text) or same_block:
            # "To support this ..." answers the sentence just before it, even a suggestion.
            finding.addresses.append(previous.number)
    for match in OUTCOME.finditer(text):
        label = outcome_label(match.group(1))
        if finding.kind == "risk":
            finding.threatens.append(label)
        elif finding.kind == "strength":
            finding.evidences.append(label)


def inherit_quality_statements(finding: Finding, earlier: list[Finding], has_theme: bool) -> None:
    """A consequence or a suggestion with no terms of its own is about what it follows."""
    if finding.qs_method == "heading" or not earlier:
        return
    own_terms = finding.quality_statements and not has_theme
    linked = [f for f in earlier if finding.number in f.leads_to]
    linked += [f for f in earlier if f.number in finding.addresses]
    if linked and not own_terms and linked[-1].quality_statements:
        finding.quality_statements = list(linked[-1].quality_statements)
        finding.qs_method = linked[-1].qs_method
        finding.theme = linked[-1].theme
