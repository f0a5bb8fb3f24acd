"""Findings: the assessment sentences of a report, with kind, quality statements and partners.

``extract_findings`` runs the extraction pipeline (``pipeline.STEPS``) over a
parsed document. Each finding gets:

- a ``kind`` with a ``confidence`` and its reason (``kind``): the section's
  heading where it states the kind, advice and risk constructions, else the
  evaluative polarity of the deciding clause (``polarity``, ``lexicon``);
- its quality statements, from the enclosing heading (method ``heading``) or
  inferred from the indicative terms the framework data gives each statement
  (method ``inferred``) (``quality_statements``);
- its partners, as instances of partner types resolved for the report's council
  (``partners``), and the CQC evidence category it signals (``evidence``);
- relations to other findings from discourse cues and the outcomes a risk
  threatens (``relations``).

>>> from carekg.graph.extract.document import parse_document
>>> doc = parse_document("Strengths\\n- The ICB and the Council work well together.\\n")
>>> [(f.kind, f.partners) for f in extract_findings(doc, council="London Borough of Bexley")]
[('strength', ['bexley-council', 'icb'])]
"""

from __future__ import annotations

from carekg.graph.extract.document import Document
from carekg.graph.extract.finding import EVIDENCE_CATEGORIES, Finding, outcome_label
from carekg.graph.extract.pipeline import Extraction, run
from carekg.graph.extract.sections import SectionContext
from carekg.graph.model.vocabulary import Vocabulary

__all__ = ["EVIDENCE_CATEGORIES", "Finding", "extract_findings", "extract", "outcome_label"]


def extract(
    document: Document,
    council: str | None = None,
    vocab: Vocabulary | None = None,
    contexts: list[SectionContext] | None = None,
) -> Extraction:
    """The whole pipeline's result for a parsed document (findings and minted partners)."""
    return run(document.text, council, vocab, document=document, contexts=contexts)


def extract_findings(
    document: Document,
    council: str | None = None,
    vocab: Vocabulary | None = None,
    contexts: list[SectionContext] | None = None,
) -> list[Finding]:
    """The findings of a parsed document (see the module docstring).

    ``contexts`` are the document's section contexts, when the caller has them already.
    """
    return extract(document, council, vocab, contexts).findings
