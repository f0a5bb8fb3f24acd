"""The kind of a finding, how sure the decision is, and why.

The decision is made in this order, each rule general English or a convention
of the report genre, never a phrase from one report:

1. **Risk lead**: a sentence that opens by naming a risk ("There is a risk
   that ...", "This creates a risk ...") is a risk whatever follows.
2. **Recommendation**: a modal of advice or obligation ("should", "needs to",
   "may wish to", "would benefit from", "consider", "ought to", "is encouraged
   to", "we recommend"), or a sentence that opens with an imperative verb
   ("Develop a ..."), or a section headed "Recommendations"/"Suggestions".
3. **Risk**: risk semantics: a risk to something, danger, threat, "could lead
   to", "unsustainable", "at risk of", "jeopardise", "undermine", exposure to a
   harm; a condition with a possible bad consequence ("If this is not addressed,
   people could wait ...", "Without action, ... will not be able to ..."); a
   possible consequence whose content is bad ("this could leave people without
   care").
4. **Heading**: a section headed "Strengths", "What is working well", "Areas
   for development", "What needs to improve", "Risks" states the kind.
5. **Polarity** (``polarity.polarity``): positive is a strength, negative an
   area for development, neutral is context. Facts about the national picture
   are context whatever words they use.

>>> decide_kind("The Council may wish to review its policies.", "strengths").kind
'recommendation'
>>> decide_kind("Staff said managers were supportive.", "key-findings").kind
'strength'
>>> decide_kind("People told us there was little choice of care homes.", None).kind
'area_for_development'
>>> decide_kind("The funding gap could lead to reduced services.", None).kind
'risk'
>>> decide_kind("The borough has a population of 250,000.", None).kind
'context'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carekg.graph.extract.document import IMPERATIVES
from carekg.graph.extract.polarity import POLAR, Polarity, polarity
from carekg.graph.extract.prefilter import Prefiltered, prefiltered
from carekg.graph.model.text import unwrapped


def _cues(*constructions: str) -> Prefiltered:
    return prefiltered(r"\b(?:" + "|".join(constructions) + r")", re.I)


# A sentence that opens by naming a risk is about that risk.
RISK_LEAD = re.compile(
    r"^(?:(?:this|which) (?:meant|means) (?:that )?)?(?:there (?:is|was|are|were) (?:an? )?"
    r"(?:\w+ )?risks?|this (?:does |will |could |may )?(?:creates?|created|presents?|presented|"
    r"poses?|posed|represents?) (?:an? )?(?:\w+ )?risks?|this is an? (?:\w+ )?risk)\b",
    re.I,
)
RECOMMENDATION = _cues(
    r"should\b(?! be (?:proud|commended|congratulated|pleased))",  # advice (not praise)
    r"it (?:will be|is|would be) (?:important|essential|vital|critical) (?:to|that|for)\b",
    # ^ necessity the writer lays down
    r"ought to\b",  # advice
    r"(?<!they )(?<!he )(?<!she )(?<!I )must\b",  # obligation the writer lays down (not one
    # people report feeling: "carers feel they must reach a crisis")
    r"the next steps? (?:is|are|would be|will be|should be) to\b",  # the step advised
    r"(?<!people )(?<!people's )(?<!people’s )(?<!their )(?<!who )(?<!they )(?<!which it )"
    r"(?<!where it )(?<!what it )(?<!that it )(?<!than )needs? to\b",
    # ^ obligation, not a description ("what people need to"; "more than need to be")
    r"there (?:is|are|was|were) (?:a |an )?(?:\w+ )?(?:need|needs|scope|opportunity|"
    r"opportunities|room|potential) (?:to|for)\b",
    r"(?:may|might) (?:also |further )?(?:wish|want|like|need) to\b",  # polite suggestion
    r"(?:council|authority|it|leaders|partners|board) will (?:also )?(?:wish|want|need) to\b",
    # ^ the same addressed to the council ("the Council will want to assure itself")
    r"(?<!who )(?<!that )(?<!which )(?<!people )(?<!everyone )(?<!those )"
    r"(?:would|could|will|might) (?:also |further )?benefit from\b",
    # ^ a suggested gain (not "people who could benefit from it": who a service suits)
    r"(?:could|might|may|should|to) (?:also |further |now )?consider\b",  # suggested thought
    r"(?:is|are) encouraged to\b", r"(?:would|we) encourage\b",  # encouragement
    r"(?:we|peers|the peer team|the team) (?:would )?(?:suggest|recommend)",  # advice by writer
    r"it is (?:suggested|recommended|advised)\b", r"(?:suggest|recommend)(?:s|ed)? that\b",
    r"would be (?:helpful|useful|beneficial|worthwhile)\b",  # evaluated hypothetical action
    r"would (?:welcome|like to see|value)\b",  # a wish for change, voiced for someone
)  # fmt: skip
# "Develop a single plan ...": an imperative verb opening a sentence is advice ...
IMPERATIVE = re.compile(r"^(?:" + "|".join(sorted(IMPERATIVES)) + r")\s+\w+", re.I)
# ... unless a finite verb follows in its first clause, which makes the opening word a
# noun: "Work with the local mosque has increased ...", "Review of plans is overdue".
FINITE = re.compile(r"^[^,;:]*?(?<!\bwho )(?<!\bwhich )(?<!\bthat )\b(?:has|have|had|is|are|was|"
                    r"were)\b", re.I)  # fmt: skip
RISK = _cues(
    r"(?:an?|the|significant|real|major|key|potential|serious|clear|further|increased|"
    r"growing|main|biggest) risks?\b(?! (?:assessments?|management|registers?|matrix|"
    r"assessed|tools?|based|averse|rating|ratings|levels?|stratification|factors?))",
    # ^ a risk, as a thing that may happen (not a risk tool or a risk level)
    r"risks? (?:that|of|to)\b(?! (?:assessments?|management))",  # a risk with its content
    r"at risk of\b",  # exposure to a harm
    r"(?:creates?|created|presents?|presented|poses?|posed|increas\w+) (?:an? )?(?:\w+ )?"
    r"risks?",  # making a risk
    r"(?:danger|threat)\w*",  # danger and threat words
    r"jeopardi[sz]\w*", r"undermin\w*",  # weakening something valued
    r"unsustainable", r"(?:(?:may|might|could|would|will) )?not (?:be )?sustain(?:able|ed)\b",
    # ^ cannot continue as it is
    r"(?:balanced|funded|met|paid for|propped up)(?: only)? (?:by|from|through|with) "
    r"[^.;]{0,60}?\b(?:reserves?|one-off)\b",  # a budget resting on money that runs out
    r"vulnerable to", r"expos(?:e|es|ed|ing) (?:\w+ ){1,4}?to\b",  # exposure to a harm
    r"(?:could|may|might|would|will) (?:potentially |also |further )?(?:lead to|result in|"
    r"cause|affect|impact|undermine|increase|worsen|destabilise|exclude|disadvantage|"
    r"deter)",  # a possible consequence
    r"significant (?:challenges?|pressures?)",  # a strain large enough to threaten
    r"if (?:this|these|it|they) (?:is|are) not (?:addressed|resolved|tackled)",  # conditional
    r"(?:could|may|might|would) not (?:be )?(?:identified|picked up|noticed|detected|met|"
    r"sustained|spotted)",  # a possible failure to see or meet something
    r"until (?:a|there is a) crisis",  # harm found only when it is too late
    r"(?:could|may|might|would) (?:potentially |also |then )?(?:have to )?(?:lose|close|fold|"
    r"collapse|hand back|withdraw from|exit|leave the market|cease)\b",  # a possible loss
)  # fmt: skip
# A condition with a possible consequence: "If this is not addressed, people could wait",
# "Without action, the council may not meet its duty". It warns when either side is bad.
CONDITION = re.compile(r"^(?:if|unless|without|should)\b[^,;]{2,160},\s*(?P<then>.+)$", re.I)
POSSIBLE = prefiltered(r"\b(?:could|may|might|would|will)\b(?! (?:also )?(?:want|wish|need) to)",
                      re.I)  # fmt: skip
# A possible consequence whose content is bad: "this could leave people without care",
# "could make the budget unachievable", "may mean that people wait longer".
CONSEQUENCE = prefiltered(r"\b(?:could|may|might|would|will) (?:potentially |also |further )?"
                         r"(?:leave|mean|make|put|expose|delay|stop|prevent)\b(?P<then>.*)$",
                         re.I)  # fmt: skip
# A definition explains a term of the framework or the law; it judges nothing, whatever
# words it uses: "A section 42 enquiry is the action a council takes when ... at risk".
DEFINITION = re.compile(
    r"^An? (?!(?:\w+ )?(?:risk|concern|strength|gap|challenge|issue|problem|priority)\b)"
    r"[\w'’ -]{2,50}? (?:is|are|means) (?:the|a|an|when|where|used|defined)\b",
    re.I,
)
# Mitigation before a risk word makes it an action, not a risk: "to reduce the risk of".
MITIGATION = prefiltered(r"\b(?:reduc\w*|mitigat\w*|manag\w*|minimi[sz]\w*|address\w*|"
                        r"lower\w*|assess\w*|identif\w*|positive|track\w*|monitor\w*|"
                        r"review\w*|record\w*|escalat\w*|understand\w*|regist\w*|logg\w*|"
                        r"aware|sighted|knowledge|grip|rat(?:e|es|ed|ing)|prioriti[sz]\w*|"
                        r"assur\w*)"
                        r"\s+(?:\w+\s+){0,2}$",
                        re.I)  # fmt: skip
# Knowing a risk is no risk: "a detailed grasp of both the strengths of the service and
# the risks it faced" (the clause before the risk word holds the knowing).
AWARENESS = prefiltered(r"\b(?:grasp|understood|understand\w*|aware\w*|knew|knowledge|"
                       r"sighted|(?:honest|open|candid|clear|realistic) about)\b[^.;:]{0,80}$",
                       re.I)  # fmt: skip
# Whom a service is for is no risk: "home safety checks for people at high risk of falling".
AT_RISK_GROUP = prefiltered(r"\b(?:for|to|with|support(?:s|ed|ing)?|identif\w*|prioritis\w*|"
                           r"reach\w*) (?:people|those|adults|residents|anyone|carers)"
                           r"(?: who (?:are|were))? at (?:\w+ )?$", re.I)  # fmt: skip
# Facts about the country, not the council: context whatever their words.
EXTERNAL = _cues(r"national (?:problem|issue|challenge|picture|shortage)", r"all local authorities",
                 r"across the country", r"nationally", r"across england")  # fmt: skip

# What the council's area or the authority is ("Brightwater is a metropolitan borough of
# 268,000 people"; "Bexley is a relatively low funded authority"): a fact about it, not a
# verdict, whatever its words ("deprived", "low funded").
AREA_IDENTITY = re.compile(
    # the fact in the first clause ("X is a council that knows itself, and ..." is not one)
    r"^(?=[^,;]*\b(?:population|people|residents|deprived|deprivation|funded|funding|rural|"
    r"urban|served by|covered by|home to|\d))"
    r"(?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)* is (?:also )?an? (?:[\w-]+ ){0,3}?(?:borough|"
    r"county|city|district|authority|council|area|place|unitary)\b"
)

# A practice described in an assessment: someone did or does a thing of the work ("The
# local authority and children's services kept a shared list of young people", "Hollowfield
# Direct resolves around 58% of contacts"). Assessors describe what they saw working;
# what falls short they name as such, and polarity finds it first.
PRACTICE = prefiltered(
    # (not the review's own method: "We reviewed 20 case files", "The team met carers")
    r"^(?!(?:we|the (?:peer )?team|peers|inspectors|CQC)\b)"
    r"[^,;:]{0,90}?\b(?:worked|works|kept|keeps|used|uses|led|leads|managed|manages|ran|runs|"
    r"carried out|carries out|resolved|resolves|dealt with|deals with|agreed|tested|offered|"
    r"offers|held|holds|shared|shares|brought|brings|co-produced|checked|reviewed|tracked|"
    r"monitored|had (?:a|an) (?:tested|shared|joint|clear|agreed|single|dedicated))\b",
    re.I,
)
ASSESSED = {"key-findings", "key-messages", "quality-statement", "theme"}

# Section roles whose heading states the kind of what is under it.
SECTION_KIND = {"recommendations": "recommendation", "risks": "risk", "strengths": "strength",
                "areas": "area_for_development"}  # fmt: skip
POLARITY_KIND = {"positive": "strength", "negative": "area_for_development", "neutral": "context"}


@dataclass
class KindDecision:
    """A kind with how sure the rules are (0 to 1) and the reason, in a few words."""

    kind: str
    confidence: float
    reason: str


# "a team who know where the service needs to improve": a need described, not laid down.
DESCRIBED_NEED = re.compile(r"\b(?:where|what|how|whether|why)\s+(?:[\w'’-]+\s+){0,3}$", re.I)


def _cue(pattern: Prefiltered, text: str) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        before = text[: match.start()]
        if pattern is RISK and (
            MITIGATION.search(before) or AWARENESS.search(before) or AT_RISK_GROUP.search(before)
        ):
            continue  # "to reduce the risk of falls" is an action, not a risk
        described = match.group(0).lower().startswith("need")
        if pattern is RECOMMENDATION and described and DESCRIBED_NEED.search(text[: match.start()]):
            continue
        return match
    return None


def _polarity_reason(p: Polarity) -> str:
    words = ", ".join(dict.fromkeys(p.words[:4])) or "no evaluative words"
    note = f"; {p.note}" if p.note else ""
    return f"polarity {p.score:+.1f} ({words}){note}"


def _by_polarity(text: str, role: str | None) -> KindDecision:
    p = polarity(text)
    kind = POLARITY_KIND[p.label]
    strength = min(abs(p.score), 3.0) / 3.0  # 0..1: how far from neutral
    if role in SECTION_KIND:
        stated = SECTION_KIND[role]
        agrees = kind == stated or kind == "context"
        confidence = 0.95 if kind == stated else (0.85 if agrees else 0.6)
        reason = f"heading says {stated.replace('_', ' ')}; " + _polarity_reason(p)
        return KindDecision(stated, confidence, reason)
    if EXTERNAL.search(text) and p.note != "compared with a benchmark":
        return KindDecision("context", 0.7, "a fact about the national picture")
    if AREA_IDENTITY.match(text):
        return KindDecision("context", 0.7, "a fact about the area or the authority")
    if kind == "context" and role in ASSESSED and PRACTICE.search(text):
        return KindDecision("strength", 0.55, "a practice described in an assessment")
    if kind == "context":
        confidence = 0.75 if not p.words else 0.55
    else:
        confidence = 0.55 + 0.35 * strength - (0.1 if p.note else 0.0)
    if kind != "context" and abs(p.score) < 2 * POLAR:
        confidence = min(confidence, 0.55)  # barely past neutral
    return KindDecision(kind, round(confidence, 2), _polarity_reason(p))


def _possible_harm(text: str) -> str | None:
    """The reason a sentence warns of a possible harm (a condition or a consequence)."""
    condition = CONDITION.match(text)
    if condition and POSSIBLE.search(condition.group("then")):
        then = condition.group("then")
        # the condition itself, without "if" (which would make it hypothetical)
        cut = text.find(" ") if text[:2].lower() == "if" else 0
        bad_if = polarity(text[cut : condition.start("then")]).score <= -POLAR
        if bad_if or polarity(then).score <= -POLAR:
            return "a condition with a possible bad consequence"
    consequence = CONSEQUENCE.search(text)
    if consequence and polarity(consequence.group("then")).score <= -POLAR:
        return f"a possible bad consequence: '{consequence.group(0)[:40]}'"
    return None


def decide_kind(sentence: str, role: str | None) -> KindDecision:
    """The kind of one sentence under a section of ``role`` (see the module docstring)."""
    text = unwrapped(sentence)
    if DEFINITION.match(text):
        return KindDecision("context", 0.6, "a definition")
    if RISK_LEAD.match(text):
        return KindDecision("risk", 0.9, "opens by naming a risk")
    advice = _cue(RECOMMENDATION, text)
    if advice:
        confidence = 0.9 if role in (None, "recommendations", "areas", "key-messages") else 0.8
        return KindDecision("recommendation", confidence, f"advice: '{advice.group(0)}'")
    if IMPERATIVE.match(text) and not FINITE.match(text):
        return KindDecision("recommendation", 0.8, "opens with an imperative verb")
    if role == "recommendations":
        return KindDecision("recommendation", 0.85, "heading says recommendations")
    threat = _cue(RISK, text)
    if threat and role not in {"strengths"}:
        return KindDecision("risk", 0.8, f"risk: '{threat.group(0)}'")
    harm = _possible_harm(text) if role not in {"strengths"} else None
    if harm:
        return KindDecision("risk", 0.75, harm)
    if role in {"about", "background"}:
        return KindDecision("context", 0.8, "background section")
    return _by_polarity(text, role)
