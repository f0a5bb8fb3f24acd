"""The CQC evidence category a finding's own sentence signals, where it says one.

CQC gathers evidence for a local authority assessment from people's
experience, feedback from staff and leaders, feedback from partners, and
processes; outcomes are a category of the framework too (see
``ontology/cqc-framework.ttl`` for the source). A sentence signals its category
by who is reported as saying something ("People told us", "Staff said",
"Partners described") or by what was examined ("Data showed", "case records",
"audits", "the waiting list"). The first signal in the sentence decides: in
"Staff said people told them ..." the evidence is staff's feedback.

>>> evidence_category("People told us staff were kind.")
'people'
>>> evidence_category("Leaders told us the budget was under pressure.")
'staff'
>>> evidence_category("Providers said that fee rates were fair.")
'partners'
>>> evidence_category("Data showed 1,200 people were waiting for an assessment.")
'processes'
>>> evidence_category("The council has a clear vision.") is None
True
"""

from __future__ import annotations

import re

from carekg.graph.extract.prefilter import RuleSet, prefiltered
from carekg.graph.model.text import unwrapped

# Verbs that report what someone said, felt or described.
SAID = (r"(?:(?:also |consistently |generally |repeatedly )?(?:told us|told the peer team|"
        r"told inspectors|said|say|says|described|describe|reported|report|felt|feel|"
        r"shared|spoke|explained|commented|confirmed|gave (?:us )?(?:examples|feedback)|"
        r"were (?:positive|complimentary|confident|clear|concerned|critical)|"
        r"expressed|raised|highlighted|praised|valued|did not feel|didn't feel))")  # fmt: skip
WHO = {
    # people who draw on care and support, and unpaid carers
    "people": r"(?:people|person|carers|unpaid carers|family members|families|relatives|"
              r"residents|individuals|service users|people who (?:draw|drew|use|used) [^.,]{0,40}?"
              r"|people with [^.,]{0,30}?|young people|older people|(?:a|one) (?:person|carer))",
    # the council's own staff and leaders
    "staff": r"(?:staff|leaders|senior leaders|managers|practitioners|social workers|"
             r"occupational therapists|frontline staff|front-line staff|the workforce|officers|"
             r"team members|the director|directors|the principal social worker|"
             r"elected members|councillors|members)",
    # partner organisations
    "partners": r"(?:partners|partner organisations|providers|care providers|"
                r"(?:health|nhs|voluntary(?: sector)?|community) (?:partners|colleagues|"
                r"organisations)|the icb|the police|healthwatch|commissioned services)",
}  # fmt: skip
REPORTED = [
    (category, prefiltered(rf"\b{who}\s+(?:[\w'’-]+\s+){{0,3}}?{SAID}\b", re.I))
    for category, who in WHO.items()
] + [
    # "feedback from unpaid carers", "the views of staff": the source named as a noun
    (category, prefiltered(rf"\b(?:feedback|views|comments|responses) (?:from|of) "
                          rf"(?:some |many |most |the )?{who}\b", re.I))
    for category, who in WHO.items()
]  # fmt: skip
# What was examined: records, data and procedures (the processes category).
PROCESSES = prefiltered(
    r"\b(?:data|figures|statistics|performance (?:data|information|figures)|audits?|"
    r"case (?:notes|records|files|file audits)|records (?:we reviewed|showed|seen)|"
    r"(?:policies|procedures|protocols) (?:were|are|set out|showed)|the waiting list|"
    r"waiting lists? (?:showed|was|were|had|of)|dashboards?|"
    r"(?:the )?(?:adult social care|carers') survey|ASCOF|"
    r"(?:the )?number of (?:people|carers|referrals|assessments|reviews|enquiries) "
    r"(?:waiting|who|completed|received)|\d[\d,]* (?:people|carers) (?:were|had been) waiting)\b",
    re.I,
)
# Measured outcomes for people (the outcomes category).
OUTCOMES = prefiltered(
    r"\b(?:(?:proportion|percentage|number) of people who (?:were still at home|remained|"
    r"regained|returned|no longer needed)|outcomes? (?:data|measures?|framework)|"
    r"\d+(?:\.\d+)?%\s+of people (?:who|were still|remained|regained|returned))",
    re.I,
)


# Every pattern, in the order they are asked; one scan says which a sentence could match.
CATEGORY_PATTERNS = [*REPORTED, ("outcomes", OUTCOMES), ("processes", PROCESSES)]
RULES = RuleSet([pattern for _category, pattern in CATEGORY_PATTERNS])


def evidence_category(sentence: str) -> str | None:
    """The evidence category the sentence signals, or None (see the module docstring)."""
    text = unwrapped(sentence)
    found: list[tuple[int, str]] = []
    for index in RULES.possible(text):
        category, pattern = CATEGORY_PATTERNS[index]
        match = pattern.regex.search(text)
        if match:
            found.append((match.start(), category))
    return min(found)[1] if found else None
