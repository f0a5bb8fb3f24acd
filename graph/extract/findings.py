"""Findings: the assessment sentences of a report, with kind, quality statements and partners.

``extract_findings`` walks the sentences of a parsed document inside their
section context and keeps those that assess something. Each finding gets:

- a ``kind`` from its section ("Strengths", "Areas for development") and from
  cue phrases ("may wish to", "there is a risk", "less well defined");
- its quality statements, from the enclosing heading (method ``heading``) or
  inferred from the indicative terms the framework data gives each statement
  (method ``inferred``);
- its partners, matched on the partner data's labels and alternative labels;
- relations to other findings from discourse cues ("Consequently", "To support
  this", "This does create risks") and the outcomes a risk threatens.

>>> from carekg.graph.extract.document import parse_document
>>> doc = parse_document("Strengths\\n- The ICB and the Council work well together.\\n")
>>> [(f.kind, f.partners) for f in extract_findings(doc, council="London Borough of Bexley")]
[('strength', ['bexley-council', 'icb'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carekg.graph.extract.document import IMPERATIVES, Document, Sentence
from carekg.graph.extract.sections import (
    SCORE_LINE,
    SCORE_MEANING,
    SectionContext,
    is_assessment,
    section_contexts,
)
from carekg.graph.model.text import fold, slug
from carekg.graph.model.vocabulary import Concept, Vocabulary, load_vocabulary


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.I)


RECOMMENDATION = _cues(
    r"may (?:also )?(?:wish|want|like|need) to", r"would benefit from", r"could benefit from",
    r"should\b", r"(?:could|might) (?:consider|explore|review|look|develop|strengthen|ensure|"
    r"prioriti[sz]e|focus|continue|build|improve|work|seek|use|set)",
    r"is encouraged to", r"are encouraged to",
    r"(?:we|the peer team) (?:would )?(?:suggest|recommend)",
    r"it is (?:suggested|recommended)", r"(?:suggest|recommend)(?:s|ed)? that",
    r"(?<!their )(?<!whose )(?<!people's )(?<!people’s )(?<!of )"
    r"needs? to (?:ensure|consider|develop|review|strengthen|be|continue|focus)",
    r"would encourage", r"encourages? the council",
    r"there is a need to", r"consider(?:ing)? (?:how|whether|the following|developing)",
    r"to support this", r"would be (?:helpful|useful|beneficial)",
)  # fmt: skip
RISK = _cues(
    r"there (?:is|was|are|were) an? (?:\w+ )?risks?", r"significant risks?",
    r"(?:creates?|created|presents?|presented|poses?|posed) (?:an? )?(?:\w+ )?risks?",
    r"(?:placed|places|put|puts|left|leaves) (?:them|people|\w+) at risk",
    r"is a (?:significant |key |real |major )?risk\b",
    r"there (?:is|are) (?:a )?risks? to\b", r"significant challenge", r"at risk of", r"threat",
    r"(?:could|may|will|would) undermine",
    r"(?:could|may|might|will|would) (?:result in|lead to)", r"jeopardi[sz]", r"unsustainable",
    r"vulnerable to",
)  # fmt: skip
AREA = _cues(
    r"less (?!than\b)[a-z]+",
    r"not (?:as|yet|always|consistently|universal|clear|fully|well|sufficiently|being)",
    r"did not", r"does not", r"do not", r"was not", r"were not", r"isn't", r"wasn't",
    r"gaps?\b", r"lack(?:s|ed|ing)?\b", r"limited", r"inconsistent", r"weak", r"insufficient",
    r"struggl", r"delays?\b", r"delayed", r"backlogs?", r"shortfalls?", r"shortages?", r"unclear",
    r"room for improvement", r"could be (?:stronger|improved|better|clearer)", r"undertone",
    r"(?:raised|expressed|had|voiced) concerns", r"concerns? (?:about|were raised|that)",
    r"poor", r"difficult", r"harder", r"fragmented", r"too long", r"long waits?", r"overdue",
    r"waited (?:several|many|too|up to|more than)",
    r"waiting (?:too long|times? (?:were|was|are|is) long)", r"cannot", r"can not",
    r"variable", r"patchy", r"fewer than", r"only (?:a few|some|partly)",
    r"no (?:clear|formal|consistent|evidence)", r"inadequate", r"incomplete",
    r"without (?:a|any) (?:confirmed|clear|plan)", r"(?:early|initial) stages?", r"not as high",
    r"lower (?:among|than|for|in)", r"(?:low|lower) take-up", r"exceptions?\b", r"reversed",
    r"however,? (?:those|there|it|this|the|some)", r"unable to", r"could not",
    r"under-?developed", r"remains? (?:a )?(?:challenge|an issue|unclear)", r"too early",
    r"high caseloads?", r"caseloads? (?:were|was|are|is|remain) high",
    r"made it (?:hard|difficult)",
    r"often (?:booked late|late|not|unavailable|delayed|had to|waited)", r"or not at all",
    r"favoured", r"(?:waiting|wait) to be", r"awaiting", r"unavailable", r"not available",
    r"had to chase", r"complex and", r"waited (?:longer|more) than",
    r"hard to (?:get|find|reach|access)",
)  # fmt: skip
STRENGTH = _cues(
    r"strong", r"strength", r"exemplary", r"impressive", r"good", r"excellent",
    r"well[- ](?:established|planned|organised|coordinated|managed|led|supported|understood|"
    r"attended|used|received|developed|embedded|placed)",
    r"mature", r"effective", r"positive", r"clear (?:narrative|vision|focus|leadership)",
    r"evident", r"valued", r"innovati", r"committed", r"commitment", r"embedded", r"robust",
    r"outstanding", r"clearly", r"(?:level of|high|mutual|strong) trust", r"trusted",
    r"proactive", r"successful", r"praised", r"highly", r"kind", r"took time", r"open\b",
    r"honest", r"knowledgeable", r"supportive", r"visible", r"well run", r"constructive",
    r"helped", r"supported (?:many|people|them|by)", r"gave us examples", r"caring",
    r"compassionate", r"quickly",
    r"reduc(?:ed|ing) (?:duplication|delays|waits|waiting|the number|the backlog|admissions)",
    r"had (?:appointed|introduced|developed|invested|put in place|"
    r"established|launched|created|recruited|expanded|extended|agreed)",
    r"open offer", r"invested", r"able to", r"awareness", r"timely", r"responsive",
    r"person-centred", r"creative", r"listened", r"respected", r"help(?:s|ed)? (?:people|them)",
    r"reliable", r"ambitious", r"shared understanding", r"equal partner", r"stability",
    r"changed practice", r"shared widely", r"relaxed",
    r"within (?:\d+|one|two|three|five|ten) (?:working )?(?:hours?|days?|weeks?)",
    r"within (?:the |its |their )?(?:[\w'’]+ ){0,3}target", r"spoke warmly",
    r"made a (?:real |positive |big )?difference", r"working hard", r"already started",
    r"(?:is|was|were) (?:already )?helping",
    r"worked well", r"works well", r"work well", r"confident", r"improv(?:ed|ing)",
    r"progress", r"commissioned additional",
)  # fmt: skip
RISK_LEAD = re.compile(
    r"^(?:(?:this (?:meant|means) (?:that )?)?there (?:is|was) an? (?:\w+ )?risk|"
    r"this (?:does |will |could )?(?:creates?|created|presents?|presented|poses?|posed) "
    r"(?:an? )?(?:\w+ )?risks?|this is an? (?:\w+ )?risk)\b",
    re.I,
)
# "Develop a single plan ...": a suggestion in the imperative.
IMPERATIVE = re.compile(
    r"^(?:" + "|".join(sorted(IMPERATIVES)) + r")\s+(?:a|an|the|its|and|\w+)", re.I
)
# Facts about the world outside the council: context, whatever words they use.
EXTERNAL = _cues(r"national (?:problem|issue|challenge|picture)", r"all local authorities",
                 r"across the country", r"nationally")  # fmt: skip
# Negative words that describe a problem being dealt with, not a gap.
REMEDY = re.compile(
    r"\b(?:reduc\w*|address\w*|tackl\w*|clear\w*|aware of|respond\w* to|mitigat\w*|"
    r"manag\w*|cut|prevent\w*|avoid\w*)\s+(?:\w+\s+){0,3}$",
    re.I,
)
CONCESSION = re.compile(r"^(?:although|whilst|while|though|despite)\b[^,]*,", re.I)
# "X was good, but Y ...": what comes after the turn is the finding.
CONTRAST = re.compile(r"[,;]?\s+(?:but|however|although|though|yet|whereas)\b,?", re.I)
WEAK_NEGATIVE = re.compile(r"(?:some|specific|a few) (?:specific )?exceptions", re.I)


# Pure signposting and descriptions of what a section covers are not findings.
SIGNPOST = _cues(
    r"would like to thank", r"^thank you", r"thanks (?:to|go)", r"(?:are|is) set out below",
    r"more detail is given", r"(?:are|is) (?:described|set out) (?:below|in (?:the|this) report)",
    r"observations and suggestions", r"^this relates to", r"the following are",
    r"this (?:section|report|chapter) (?:sets out|covers|describes|summarises)",
    r"^this (?:theme|quality statement|section) (?:covers|relates|is about|looks at|considers|"
    r"examines)", r"suggestions and observations",
)  # fmt: skip
# "I have care and support that ..." (an I statement) is framework text wherever it stands.
I_STATEMENT = re.compile(r"^I(?:'m|’m)?\s+(?:have|am|can|know|feel|get|receive|want|need|"
                         r"understand|will|expect|'m|’m)\b")  # fmt: skip
CONSEQUENCE = _cues(
    r"^consequently", r"^as a (?:result|consequence)", r"^this (?:does |will |could |may )?"
    r"(?:create|mean|result|lead|cause|has led|is a significant risk|is a risk)",
    r"^therefore", r"^this in turn", r"^because of this",
)  # fmt: skip
ANAPHORA = re.compile(r"\b(?:this|these|that|it|such)\b", re.I)
OUTCOME = re.compile(
    r"\b((?:improved |improving |better |positive |good |the desired )?outcomes? for "
    r"(?:people|individuals|residents|adults|carers|those)[^.,;:]*?)(?=[.,;:]|$| rather| and the)",
    re.I,
)
GENERIC_COUNCIL_LABELS = {"the council", "council", "the local authority", "local authority",
                          "the authority", "authority"}  # fmt: skip


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


def _weight(sentence: str, match: re.Match[str], concession: re.Match[str] | None) -> float:
    if concession and match.start() < concession.end():
        return 0.3  # "Although there were exceptions, ..." names no gap
    return 1.0


def cue_balance(sentence: str) -> tuple[float, float]:
    """Weighted counts of negative and positive cues in a sentence."""
    concession = CONCESSION.search(sentence)
    negative = 0.0
    for match in AREA.finditer(sentence):
        if REMEDY.search(sentence[: match.start()]):
            continue  # "to reduce the backlog" is an action, not a gap
        weight = _weight(sentence, match, concession)
        if WEAK_NEGATIVE.search(sentence[max(0, match.start() - 20) : match.end()]):
            weight = min(weight, 0.3)
        negative += weight
    positive = sum(_weight(sentence, m, concession) for m in STRENGTH.finditer(sentence))
    return negative, positive


def classify_kind(sentence: str, role: str | None) -> str:
    """The kind of a finding from its section role and cue phrases.

    >>> classify_kind("The Council may wish to review its policies.", "strengths")
    'recommendation'
    >>> classify_kind("Partnership working is strong.", None)
    'strength'
    >>> classify_kind("Although there were exceptions, staff felt valued.", "key-findings")
    'strength'
    """
    if RISK_LEAD.match(sentence):
        return "risk"  # "There is a risk that people who would benefit from ..." is a risk
    if RECOMMENDATION.search(sentence) or IMPERATIVE.match(sentence):
        return "recommendation"
    if role == "recommendations":
        return "recommendation"
    if RISK.search(sentence):
        return "risk"
    if role in SECTION_KIND:
        return SECTION_KIND[role]
    if EXTERNAL.search(sentence):
        return "context"
    negative, positive = cue_balance(sentence)
    if negative >= 1:
        return "area_for_development"
    turn = CONTRAST.search(sentence, 1)
    if turn and not CONCESSION.match(sentence) and cue_balance(sentence[turn.end() :])[1] == 0:
        return "area_for_development"  # praise, then a turn to something that is not praise
    if positive >= 0.3:
        return "strength"
    return "context"


SECTION_KIND = {"recommendations": "recommendation", "risks": "risk", "strengths": "strength",
                "areas": "area_for_development"}  # fmt: skip


def _term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    terms = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternation = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+").replace("'", "['’]?")
                           for t in terms)  # fmt: skip
    return re.compile(rf"(?<![\w-])(?:{alternation})(?:'s|’s|s|es)?(?![\w-])", re.I)


class TextRules:
    """Compiled matchers for one vocabulary and one report's council."""

    def __init__(self, vocab: Vocabulary, council: str | None = None):
        self.vocab = vocab
        self.qs_terms = {n: _term_pattern(qs.terms + [qs.label.lower()])
                         for n, qs in vocab.quality_statements.items()}  # fmt: skip
        self.duty_terms = [(d, _term_pattern(d.terms)) for d in vocab.duties]
        self.council_id = self._council_partner(council)
        self.partner_terms: list[tuple[str, re.Pattern[str]]] = []
        for partner in vocab.partners:
            labels = [partner.label, *partner.alt_labels]
            specific = [lb for lb in labels if lb.lower() not in GENERIC_COUNCIL_LABELS]
            pattern = _term_pattern([lb.lower() for lb in specific])
            if pattern:
                self.partner_terms.append((_local(partner), pattern))
        generic = _term_pattern(sorted(GENERIC_COUNCIL_LABELS))
        if self.council_id and generic:
            self.partner_terms.append((self.council_id, generic))

    def _council_partner(self, council: str | None) -> str | None:
        """The partner id of the report's own council (minted when not in the data)."""
        if not council:
            return None
        wanted = fold(council)
        for partner in self.vocab.partners:
            if partner.type == "council" and wanted in {
                fold(x) for x in [partner.label, *partner.alt_labels]
            }:
                return _local(partner)
        return slug(council)

    def quality_statements(self, sentence: str, theme: int | None) -> list[int]:
        """Quality statements whose indicative terms the sentence uses (best one or two).

        Overlapping terms count once, for the longest: "integrated care board" is
        a partnership term, not an instance of "integrated".
        """
        matches = []
        for number, pattern in self.qs_terms.items():
            if pattern is not None:
                matches += [(m.start(), m.end(), number) for m in pattern.finditer(sentence)]
        counts: dict[int, int] = {}
        for _start, _end, number in _longest_first(matches):
            counts[number] = counts.get(number, 0) + 1
        if theme is not None:
            counts = {n: c for n, c in counts.items()
                      if self.vocab.quality_statements[n].theme == theme}  # fmt: skip
            if not counts:
                # Under a theme heading with nothing more specific, the theme's first
                # quality statement is the general one ("Leadership" -> governance).
                in_theme = [n for n, q in self.vocab.quality_statements.items()
                            if q.theme == theme]  # fmt: skip
                return [min(in_theme)] if in_theme else []
        if not counts:
            return []
        ranked = sorted(counts, key=lambda n: (-counts[n], n))
        best = counts[ranked[0]]
        return sorted(n for n in ranked[:2] if counts[n] == best)

    def partners(self, sentence: str) -> list[str]:
        """Partner ids named in the sentence, one per partner, longest name winning.

        "Bexley Safeguarding Adults Board" names the board, not the council.
        """
        matches = []
        for pid, pattern in self.partner_terms:
            matches += [(m.start(), m.end(), pid) for m in pattern.finditer(sentence)]
        return sorted({pid for _s, _e, pid in _longest_first(matches)})

    def duties(self, sentence: str) -> list[str]:
        """Care Act duty notations the sentence points at."""
        return [d.notation or _local(d) for d, p in self.duty_terms if p and p.search(sentence)]


def _longest_first(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Non-overlapping matches, longer ones chosen first."""
    kept: list[tuple[int, int, object]] = []
    for start, end, value in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, value))
    return kept


def _local(concept: Concept) -> str:
    return re.split(r"[/#]", concept.iri)[-1]


def outcome_label(phrase: str) -> str:
    """A normalised outcome phrase: 'improving outcomes for X' -> 'improved outcomes for X'."""
    phrase = re.sub(r"\s+", " ", phrase.strip().lower())
    return re.sub(r"^(improving|better|positive|good|the desired) ", "improved ", phrase)


def _is_finding(sentence: Sentence, context: SectionContext) -> bool:
    text = " ".join(sentence.text.split())
    if SIGNPOST.search(text) or (text.endswith(":") and not sentence.introduces_list):
        return False
    if context.role == "framework" or I_STATEMENT.match(text):
        return False
    if SCORE_LINE.search(text) or SCORE_MEANING.match(text):
        return False
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 3:
        return False  # fragments, numbers, stray labels
    if is_assessment(context.role):
        return True
    # Background, or text before any heading: only a clear evaluative cue makes a finding.
    strong = RECOMMENDATION.search(text) or RISK.search(text)
    return bool(strong) if context.role == "background" else bool(strong or cue_balance(text)[0])


def extract_findings(
    document: Document,
    council: str | None = None,
    vocab: Vocabulary | None = None,
    contexts: list[SectionContext] | None = None,
) -> list[Finding]:
    """The findings of a parsed document (see the module docstring).

    ``contexts`` are the document's section contexts, when the caller has them already.
    """
    vocab = vocab or load_vocabulary()
    rules = TextRules(vocab, council)
    contexts = contexts if contexts is not None else section_contexts(document, vocab)
    findings: list[Finding] = []
    by_sentence: dict[int, Finding] = {}
    previous_block = None
    for index, sentence in enumerate(document.sentences):
        context = contexts[sentence.block]
        lead = by_sentence.get(sentence.lead_in) if sentence.lead_in is not None else None
        if sentence.lead_in is not None and lead is None:
            continue  # an item of a list whose lead-in is not a finding ("The peers were:")
        if lead is None and not _is_finding(sentence, context):
            continue
        flat = " ".join(sentence.text.split())  # cues do not care how lines wrap
        kind = classify_kind(flat, context.role)
        if lead is not None and lead.kind == "recommendation":
            kind = lead.kind  # "may wish to consider:" makes each item a suggestion
        if context.quality_statement is not None:
            statements, method = [context.quality_statement], "heading"
        else:
            statements = rules.quality_statements(flat, context.theme)
            method = "inferred" if statements else None
            if not statements and lead is not None:
                statements, method = list(lead.quality_statements), lead.qs_method
        theme = context.theme
        if theme is None and statements:
            theme = vocab.quality_statements[statements[0]].theme
        finding = Finding(
            number=len(findings) + 1,
            start=sentence.start,
            end=sentence.end,
            text=sentence.text,
            kind=kind,
            quality_statements=statements,
            qs_method=method,
            theme=theme,
            partners=rules.partners(flat),
            duties=rules.duties(flat),
            section=context.index if context.index >= 0 else None,
            list_item_of=lead.number if lead is not None else None,
        )
        if lead is None:
            _link(finding, findings, previous_block == sentence.block)
            _inherit_quality_statements(finding, findings, context)
        findings.append(finding)
        by_sentence[index] = finding
        previous_block = sentence.block
    return findings


def _inherit_quality_statements(
    finding: Finding, earlier: list[Finding], context: SectionContext
) -> None:
    """A consequence or a suggestion with no terms of its own is about what it follows."""
    if finding.qs_method == "heading" or not earlier:
        return
    own_terms = finding.quality_statements and context.theme is None
    linked = [f for f in earlier if finding.number in f.leads_to]
    linked += [f for f in earlier if f.number in finding.addresses]
    if linked and not own_terms and linked[-1].quality_statements:
        finding.quality_statements = list(linked[-1].quality_statements)
        finding.qs_method = linked[-1].qs_method
        finding.theme = linked[-1].theme


def _link(finding: Finding, earlier: list[Finding], same_block: bool) -> None:
    """Relations from discourse cues to the finding just before, and to outcomes."""
    earlier = [f for f in earlier if f.list_item_of is None]  # relate to lead-ins, not items
    previous = earlier[-1] if earlier and earlier[-1].section == finding.section else None
    text = " ".join(finding.text.split())
    if previous is not None and CONSEQUENCE.search(text) and finding.kind != "recommendation":
        previous.leads_to.append(finding.number)
    if previous is not None and finding.kind == "recommendation":
        anaphoric = ANAPHORA.search(text[:80]) or re.search(
            r"in advance of|would benefit|to support", text, re.I
        )
        if anaphoric or same_block:
            # "To support this ..." answers the sentence just before it, even a suggestion.
            finding.addresses.append(previous.number)
    for match in OUTCOME.finditer(text):
        label = outcome_label(match.group(1))
        if finding.kind == "risk":
            finding.threatens.append(label)
        elif finding.kind == "strength":
            finding.evidences.append(label)
