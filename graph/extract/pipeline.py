"""The extractor as a pipeline of named steps, each one job over one report.

Like spaCy's ``nlp.pipe_names``, ``STEPS`` lists the steps in order; each is a
function that reads and extends an ``Extraction`` (the report's text, its
document, its sections, its findings), so that a step can be scored, tested
and replaced on its own:

    segment -> sections -> findings -> kind -> quality_statements -> partners
            -> evidence -> relations

>>> PIPE_NAMES  # doctest: +NORMALIZE_WHITESPACE
['segment', 'sections', 'findings', 'kind', 'quality_statements', 'partners',
 'evidence', 'relations']
>>> state = run("Strengths\\n- Staff told us the ICB and the Council work well together.\\n",
...             council="London Borough of Bexley")
>>> [(f.kind, f.partners, f.evidence) for f in state.findings]
[('strength', ['bexley-council', 'icb'], 'staff')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from carekg.graph.extract.document import Document, parse_document
from carekg.graph.extract.evidence import evidence_category
from carekg.graph.extract.finding import Finding
from carekg.graph.extract.kind import AREA_IDENTITY, decide_kind
from carekg.graph.extract.partners import PartnerResolver
from carekg.graph.extract.quality_statements import TermMatcher
from carekg.graph.extract.relations import inherit_quality_statements, link
from carekg.graph.extract.sections import (
    SectionContext,
    score_list_item,
    section_contexts,
    statements_named_in,
)
from carekg.graph.extract.selection import is_finding
from carekg.graph.model.vocabulary import Vocabulary, load_vocabulary


@dataclass
class Extraction:
    """One report on its way through the pipeline; each step fills in its part."""

    text: str
    vocab: Vocabulary
    council: str | None = None
    heading_lines: set[int] = field(default_factory=set)
    bullet_lines: set[int] = field(default_factory=set)
    document: Document | None = None  # segment
    contexts: list[SectionContext] = field(default_factory=list)  # sections, one per block
    findings: list[Finding] = field(default_factory=list)  # findings
    finding_contexts: list[SectionContext] = field(default_factory=list)  # one per finding
    resolver: PartnerResolver | None = None  # partners: the minted partners' labels

    def lead(self, finding: Finding) -> Finding | None:
        """The lead-in finding of a list item."""
        return self.findings[finding.list_item_of - 1] if finding.list_item_of else None


def segment(state: Extraction) -> None:
    """Text -> blocks (headings, paragraphs, list items) and sentences with offsets."""
    if state.document is None:
        state.document = parse_document(state.text, state.heading_lines, state.bullet_lines)


def sections(state: Extraction) -> None:
    """Every block's section context: theme, quality statement and role of its headings."""
    if not state.contexts:
        state.contexts = section_contexts(state.document, state.vocab)


def findings(state: Extraction) -> None:
    """The sentences that are findings (``selection``), list items tied to their lead-in."""
    by_sentence: dict[int, Finding] = {}
    for index, sentence in enumerate(state.document.sentences):
        context = state.contexts[sentence.block]
        lead = by_sentence.get(sentence.lead_in) if sentence.lead_in is not None else None
        if sentence.lead_in is not None and lead is None:
            continue  # an item of a list whose lead-in is not a finding ("The peers were:")
        if lead is None and not is_finding(sentence.text, context, sentence.introduces_list):
            continue
        finding = Finding(
            number=len(state.findings) + 1,
            start=sentence.start,
            end=sentence.end,
            text=sentence.text,
            kind="context",
            section=context.index if context.index >= 0 else None,
            list_item_of=lead.number if lead is not None else None,
        )
        state.findings.append(finding)
        state.finding_contexts.append(context)
        by_sentence[index] = finding


def kind(state: Extraction) -> None:
    """Each finding's kind, with its confidence and reason (``kind.decide_kind``)."""
    for finding, context in zip(state.findings, state.finding_contexts, strict=True):
        decision = decide_kind(finding.flat, context.role)
        lead = state.lead(finding)
        if lead is not None and lead.kind == "recommendation":
            # "The Council may wish to consider:" makes each item a suggestion.
            decision.kind, decision.reason = "recommendation", "item of a list of suggestions"
            decision.confidence = max(decision.confidence, 0.85)
        elif lead is not None and decision.kind == "context" and lead.kind != "context":
            # "Strong joint work with housing:" then "- a housing officer in the discharge
            # team": an item that judges nothing itself is an instance of its lead-in.
            decision.kind, decision.reason = lead.kind, f"item of a list: {lead.kind}"
            decision.confidence = 0.6
        finding.kind = decision.kind
        finding.confidence = decision.confidence
        finding.confidence_reason = decision.reason


def quality_statements(state: Extraction) -> None:
    """Quality statements from the heading, else from indicative terms; Care Act duties.

    A sentence whose own words name no statement takes one from the words of its
    heading, else the one statement the report's title names: in a safeguarding review,
    "410 concerns were waiting to be screened" is about safeguarding. That statement also
    weighs as one more topical term in every sentence of such a report.
    """
    matcher = TermMatcher(state.vocab)
    # The title: a report's first block, when that is a heading.
    blocks = state.document.blocks
    titled = bool(blocks) and blocks[0].kind == "heading" and not score_list_item(blocks[0].text)
    named = statements_named_in(blocks[0].text, state.vocab) if titled else []
    focus = tuple(named) if len(named) == 1 else ()  # one statement, or none
    for finding, context in zip(state.findings, state.finding_contexts, strict=True):
        lead = state.lead(finding)
        if context.role in {"about", "background"}:
            statements, method = [], None  # facts about the area, not about a statement
        elif context.quality_statement is not None:
            statements, method = [context.quality_statement], "heading"
        elif AREA_IDENTITY.match(finding.flat):
            statements, method = [], None  # "Fenmouth is a coastal city of 240,000 people"
        else:
            around = [context.heading.text] if context.heading is not None else []
            statements = []
            for text in [finding.flat, *around]:
                statements = matcher.quality_statements(text, context.theme, focus)
                if statements:
                    break
            if not statements and focus:
                statements = list(focus)
            method = "inferred" if statements else None
            if not statements and lead is not None:
                statements, method = list(lead.quality_statements), lead.qs_method
        finding.quality_statements, finding.qs_method = statements, method
        finding.theme = context.theme
        if finding.theme is None and statements:
            finding.theme = state.vocab.quality_statements[statements[0]].theme
        finding.duties = matcher.duties(finding.flat)


def partners(state: Extraction) -> None:
    """Partner instances each finding names (``partners.PartnerResolver``)."""
    state.resolver = PartnerResolver(state.vocab, state.council)
    for finding in state.findings:
        finding.partners = state.resolver.partners(finding.flat)


def evidence(state: Extraction) -> None:
    """The CQC evidence category each finding's sentence signals, if any."""
    for finding in state.findings:
        finding.evidence = evidence_category(finding.flat)


def relations(state: Extraction) -> None:
    """Consequences, answers and outcomes between findings (``relations``)."""
    blocks = {f.start: b for b, f in _blocks(state)}
    previous_block = None
    # Cues relate a finding to the last one before it that is not a list item (see
    # ``relations.link``): only that one is handed on, so the step stays linear.
    last: Finding | None = None
    for finding, context in zip(state.findings, state.finding_contexts, strict=True):
        block = blocks[finding.start]
        lead = state.lead(finding)
        if lead is None:
            earlier = [last] if last is not None else []
            link(finding, earlier, previous_block == block)
            inherit_quality_statements(finding, earlier, context.theme is not None)
            last = finding
        elif not finding.quality_statements and lead.quality_statements:
            # The lead-in may have taken its statements from what it answers.
            finding.quality_statements = list(lead.quality_statements)
            finding.qs_method, finding.theme = lead.qs_method, lead.theme
        previous_block = block


def _blocks(state: Extraction) -> list[tuple[int, Finding]]:
    sentence_block = {s.start: s.block for s in state.document.sentences}
    return [(sentence_block[f.start], f) for f in state.findings]


Step = Callable[[Extraction], None]
STEPS: list[tuple[str, Step]] = [
    ("segment", segment),
    ("sections", sections),
    ("findings", findings),
    ("kind", kind),
    ("quality_statements", quality_statements),
    ("partners", partners),
    ("evidence", evidence),
    ("relations", relations),
]
PIPE_NAMES = [name for name, _ in STEPS]


def run(
    text: str,
    council: str | None = None,
    vocab: Vocabulary | None = None,
    *,
    document: Document | None = None,
    contexts: list[SectionContext] | None = None,
    heading_lines: set[int] | None = None,
    bullet_lines: set[int] | None = None,
    until: str | None = None,
) -> Extraction:
    """Run the steps in order (up to and including ``until``) over one report's text."""
    state = Extraction(text, vocab or load_vocabulary(), council,
                       heading_lines or set(), bullet_lines or set(), document,
                       list(contexts or []))  # fmt: skip
    for name, step in STEPS:
        step(state)
        if name == until:
            break
    return state
