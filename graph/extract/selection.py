"""Which sentences are findings: assessment, not headings, framework text or boilerplate.

A sentence under an assessment heading is a finding unless it is framework
text (an I statement, a we statement, a score line), signposting ("set out
below"), press-release boilerplate about what CQC does, or a fragment. Under
an "About <council>" heading every sentence is a background fact (a context
finding). Under a background heading (introduction, methodology, the peer
team, notes to editors) only such facts about the area are. Before any heading, only a sentence that
evaluates, advises or names a risk is.

>>> from carekg.graph.extract.sections import SectionContext
>>> is_finding("I have care and support that is coordinated.", SectionContext(role="key-findings"))
False
>>> is_finding("CQC is the independent regulator of health and social care in England.",
...            SectionContext(role="key-findings"))
False
>>> is_finding("People told us staff were kind.", SectionContext(role="quality-statement"))
True
"""

from __future__ import annotations

import re

from carekg.graph.extract.kind import RECOMMENDATION, RISK
from carekg.graph.extract.polarity import STRONG, polarity
from carekg.graph.extract.prefilter import Prefiltered, prefiltered
from carekg.graph.extract.sections import SCORE_LINE, SCORE_MEANING, SectionContext, is_assessment
from carekg.graph.model.text import unwrapped


def _cues(*constructions: str) -> Prefiltered:
    return prefiltered(r"(?:" + "|".join(constructions) + r")", re.I)


# Pure signposting and descriptions of what a section covers are not findings.
SIGNPOST = _cues(
    r"\bwould like to thank", r"^thank you", r"\bthanks (?:to|go)\b",
    r"\b(?:are|is) set out below", r"\bmore detail is given",
    r"\b(?:are|is) (?:described|set out) (?:below|in (?:the|this) report)",
    r"\bobservations and suggestions", r"\bsuggestions and observations", r"^this relates to",
    r"\bthe following are\b",
    r"\b(?:on|in|of|at the end of) (?:this|these|each) pages?\b",  # about the report's pages
    r"\b(?:are|is) (?:listed|summarised|given) (?:below|overleaf|in section)",
    r"\b(?:suggestions|recommendations) (?:are|is) (?:made|included|given) throughout\b",
    r"\bthis (?:section|report|chapter) (?:sets out|covers|describes|summarises)",
    r"^this (?:theme|quality statement|section) (?:covers|relates|is about|looks at|considers|"
    r"examines|includes)",  # what a part of the report is about ("This theme includes ...:")
)  # fmt: skip
# "I have care and support that ..." (an I statement) is framework text wherever it stands.
I_STATEMENT = re.compile(r"^I(?:'m|’m)?\s+(?:have|am|can|know|feel|get|receive|want|need|"
                         r"understand|will|expect|'m|’m)\b")  # fmt: skip
# A we statement speaks for the council in the present tense ("We work with people ...");
# CQC's own findings say what it saw in the past tense ("We saw", "We heard").
WE_STATEMENT = re.compile(
    r"^We (?:actively |continuously |always )?(?:work|support|maximise|maximize|understand|"
    r"have clear|focus|encourage|ensure|concentrate|make sure|share|act on|seek|tailor|"
    r"collaborate|listen|value|promote|plan|involve|learn|are committed)\b"
)
# Press-release and method boilerplate: what CQC is and does, how assessments work.
BOILERPLATE = _cues(
    r"\b(?:CQC|the Care Quality Commission) is the independent regulator",
    r"\b(?:CQC|we) (?:assess(?:es)?|look(?:s)? at|will assess|has a (?:new )?duty to assess) "
    r"how (?:local authorities|councils)",
    r"\blocal authority assessments? (?:look|looks|consider|considers|examine|examines)\b",
    r"^(?:CQC|the Care Quality Commission|inspectors) (?:looked at|assessed|spoke to|reviewed) "
    r"how\b",  # what the regulator did: method, not a finding
    r"\b(?:local authorities|councils|all local authorities) (?:should|must|have a duty|are "
    r"required)\b",
    r"\bunder the Care Act,? (?:2014,? )?(?:local authorities|councils)\b",
    r"\b(?:for|to arrange) (?:media|press) enquiries\b", r"\bpress office\b",
    r"\b(?:read|view) the (?:full )?(?:report|assessment)\b", r"\bon our website\b",
    r"^(?:Notes? to editors|Ends)\b", r"^Indicative score\b",
    r"^where support is needed,? it should\b",  # CQC's description of what good looks like
    r"\b(?:CQC|the Care Quality Commission)(?: \(CQC\))? has (?:rated|given|published)\b",
    # ^ the announcement of a rating: the report's metadata, not a finding
    r"\b(?:we|CQC) (?:may|might|will|do|did) not (?:always )?(?:review|assess|look at|"
    r"consider) (?:all|every|each)\b",  # what the method leaves out
    r"^this (?:was|is) one of \w+ (?:\w+ )?(?:assessments|peer challenges|reviews)\b",
    r"\b(?:scores?|ratings?)\b[^.]{0,40}\bindicative\b",  # the pilot's caveat on its scores
    # the rating line, bold or not ("**Overall rating: Outstanding**")
    r"^[*_\s]*(?:overall )?rating\s*[:–-]\s*(?:outstanding|good|requires improvement|"
    r"inadequate)\b",
    # what CQC will do next: its method, not a finding about the council
    r"^we will (?:monitor|return|re-?assess|review|follow up|continue to monitor|carry out)\b",
    # how the review itself went: its visit, its days on site, the team's return
    r"\b(?:peer challenge|peer review|challenge|review|visit|assessment) took place\b",
    r"\b(?:the (?:peer )?team|peers|members of the (?:original |peer )?team) (?:returned|"
    r"spent|visited|came back|were on site|was on site)\b",
    r"^(?:it|this report|the report|this letter) is (?:organised|structured|arranged|set out) "
    r"(?:around|by|under|in)\b",  # how the report is laid out
    r"^[–—-]\s*[A-Z][^.!?]{0,60}$",  # who a quotation is from ("– Unpaid carer, Ormsby")
    # a title or date line: no sentence ends before the month and year it ends with
    r"^[^.!?]+\b(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (?:19|20)\d\d\s*$",
    # what a peer challenge is, and a letter's closing courtesies
    r"^(?:an? |the )?(?:adult social care |LGA )?peer (?:challenges?|reviews?) (?:is|are) an?\b",
    r"\bplease (?:contact|get in touch|do not hesitate)\b", r"\bdo not hesitate to contact\b",
    r"\b(?:will|would) be (?:in touch|in contact|happy to (?:discuss|talk|help))\b",
    # where a figure comes from, and a note's own text ("[^4]: Local authority data")
    r"^(?:data )?sources?\s*:", r"^\[\^?\w{1,4}\]:",
    # a line all in bold or italics with no sentence in it: a caption or a label
    r"^[*_]{1,3}[^*_.!?]{1,120}[*_]{1,3}$",
    # the furniture of a web page copied with the report: breadcrumbs, links, banners
    r"^(?:home|you are here:?)\s*[>›»]", r"\S\s[>›»]\s[^>›»]+\s[>›»]\s\S",
    r"^(?:select|choose|click|tap)\b[^.]{0,60}\bto (?:read|see|view|find)\b",
    r"^(?:back to top|print this page|share this page|skip to (?:the )?(?:main )?content)\b",
    r"\b(?:we use|this (?:site|website) uses) (?:essential |some |small files called )?cookies\b",
    r"\baccept (?:all|optional|additional|analytics) cookies\b",
)  # fmt: skip


# How the review gathered its evidence: whom it met, what it read. Method, unless the
# sentence also judges what it found ("The peer team met a workforce that is caring").
METHOD = _cues(
    r"^(?:(?:under|for|in) this (?:theme|section|statement),? |during the (?:visit|challenge|"
    # (not CQC's "we": "We reviewed 18 records; in 7 there was no evidence ..." is a finding)
    r"review),? )?(?:the (?:peer )?team|the peers|peers) (?:also )?(?:met|interviewed|read|"
    r"reviewed|sampled|listened|looked at|visited|held (?:\w+ )?(?:meetings|focus groups|"
    r"conversations))\b",
    r"^[\w ,'’-]{2,60} (?:was|were) looked at through\b",
)  # fmt: skip


# A fact about the council's area or its money, wherever a report puts it: population,
# age, ethnicity, deprivation, geography, budget (FORMAT.md: background facts are context).
AREA_FACT = _cues(
    r"\bpopulation\b", r"\bresidents\b", r"\baged (?:65|over|\d+)", r"\bdeprived\b",
    r"\bdeprivation\b", r"\bethnic", r"\blife expectancy\b", r"\bunitary\b",
    r"\bnet budget\b", r"\bbudget for adult social care\b", r"\bhouseholds\b",
    r"\b(?:a|an) (?:\w+ )?(?:borough|county|city|district) (?:of|with|in|on)\b",
    r"\b\d[\d,]* people (?:live|living)\b",
)  # fmt: skip
# ... but not a sentence about the review itself.
REVIEW_PROCESS = _cues(r"\bpeer", r"\bchallenge\b", r"\binspect", r"\bCQC\b", r"\bon site\b",
                       r"\bassessment (?:by|of the council)")  # fmt: skip


def is_finding(text: str, context: SectionContext, introduces_list: bool = False) -> bool:
    """Whether one sentence is a finding under its section context (module docstring)."""
    text = unwrapped(text)
    if SIGNPOST.search(text) or (text.endswith(":") and not introduces_list):
        return False
    if context.role == "framework" or I_STATEMENT.match(text) or WE_STATEMENT.match(text):
        return False
    if BOILERPLATE.search(text) or SCORE_LINE.search(text) or SCORE_MEANING.match(text):
        return False
    if METHOD.search(text) and abs(polarity(text).score) < 2 * STRONG:
        return False  # (a word such as "listened" in the method is no verdict)
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 3 or text.startswith("|"):
        return False  # fragments, numbers, stray labels, table rows
    if context.role == "about":
        return True  # background facts about the council and its area are context
    if context.role == "background":
        # Introductions, method, the peer team, notes to editors: only area facts.
        return bool(AREA_FACT.search(text)) and not REVIEW_PROCESS.search(text)
    if is_assessment(context.role):
        return True
    # Text before any heading: only a sentence that advises, warns or evaluates.
    if RECOMMENDATION.search(text) or RISK.search(text):
        return True
    return polarity(text).label != "neutral"
