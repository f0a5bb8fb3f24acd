"""How reports name partners without naming them: the wordings ``partners`` reads.

- ``GENERIC``: each partner type's generic mentions ("the ICB", "care providers",
  "the local authority"), as (type, pattern);
- ``SHARED_BODIES``: multi-agency bodies each area has one of, of no type of their own;
- ``ANAPHOR`` and ``head_of``: "the board" (hub, centre ...) and the head noun a named
  body is called by, for referring back to it.

Only patterns live here; ``partners.PartnerResolver`` decides what a mention resolves to.
Imports: ``extract.prefilter`` only.

>>> head_of("Kestrelford Safeguarding Adults Board"), head_of("the BSAB"), head_of("ICB")
('board', 'board', None)
"""

from __future__ import annotations

import re

from carekg.graph.extract.prefilter import Prefiltered, prefiltered


def _words(*alternatives: str, case: bool = False) -> Prefiltered:
    flags = 0 if case else re.I
    pattern = _either_apostrophe("|".join(alternatives))
    return prefiltered(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", flags)


def _either_apostrophe(pattern: str) -> str:
    """An apostrophe in a wording matches a typographic one too ("children’s services"):
    text copied from the web, Word or slides keeps its curly quotes.

    >>> _either_apostrophe("children'?s|[^']")
    "children['’]?s|[^']"
    """
    out, in_class = [], False
    for index, char in enumerate(pattern):
        escaped = index > 0 and pattern[index - 1] == "\\"
        if char == "[" and not escaped:
            in_class = True
        elif char == "]" and not escaped:
            in_class = False
        out.append("['’]" if char == "'" and not in_class else char)
    return "".join(out)


# Generic mentions of each type: how reports name a kind of partner without a name.
GENERIC: list[tuple[str, Prefiltered]] = [
    (
        "council",
        _words(
            r"the (?:local )?authority",
            r"the council",
            r"local authority's",
            r"council's",
            # its people and teams, named by the word alone ("council advisers"); not
            # another tier's ("district council officers")
            r"(?<!district )(?<!borough )(?<!parish )(?<!town )(?<!city )council (?:staff|"
            r"officers|advisers|advisors|social workers|workers|teams?|managers|colleagues)",
        ),
    ),
    # councillors and their offices; "board members", "staff members" are not them
    (
        "elected-members",
        _words(
            r"elected members?",
            r"councillors?",
            r"cllrs?",
            r"cabinet members?",
            r"(?:the )?cabinet",
            r"lead members?",
            r"portfolio holders?",
            r"leader of the council",
            r"council leader",
            r"members",
        ),
    ),
    # "the internal Council practice model": the capitalised word is the authority
    ("council", _words(r"Council(?:'s|’s|s)?(?! [Tt]ax)", case=True)),
    ("elected-members", _words(r"the Leader", r"the Mayor", r"Mayor", case=True)),
    (
        "icb",
        _words(
            r"integrated care boards?",
            r"ICBs?",
            r"[A-Z]{2,6}ICB",  # an ICB by its initials run together ("NWICB")
            r"integrated care systems?",
            r"integrated care partnerships?",
            r"ICSs?",
            r"clinical commissioning groups?",
            r"CCGs?",
        ),
    ),
    (
        "nhs-trust",
        _words(
            r"(?:NHS |acute |hospital |community |mental health |health |foundation |"
            r"healthcare |ambulance )+trusts?",
            r"ambulance services?",  # run by an NHS ambulance trust
            r"the trusts?",
            r"(?:the|local|acute|general) hospitals?"
            r"(?! social work| discharge| teams?| based| wards?| stays?| admissions?)",
        ),
    ),
    (
        "primary-care",
        _words(
            r"primary care(?: networks?)?",
            r"PCNs?",
            r"GPs?",
            r"GP practices?",
            r"GP surger(?:y|ies)",
            r"general practi(?:ce|tioners?)",
            # the NHS's other primary care contractors
            r"(?:community )?pharmac(?:y|ies|ists?)",
            r"dentists?",
            r"dental (?:practices?|services?)",
            r"opticians?",
            r"optometrists?",
        ),
    ),
    (
        "public-health",
        _words(r"public health(?: team| colleagues| partners)?", r"director of public health"),
    ),
    (
        "nhs",
        _words(
            r"NHS(?: partners| colleagues| organisations| services)?",
            r"health (?:partners|colleagues|organisations|professionals|and care partners)",
            # NHS staff by their work (not public health's, nor a named trust's "mental
            # health practitioners from ...")
            r"(?<!public )(?<!mental )health (?:staff|teams?|workers|practitioners)",
            r"health and social care partners",
            r"(?:with|and|between|respective|across) health"
            r"(?= and social care| partners|,| and the| and voluntary| and community)",
            # one of a list: "police, health and ...", "social care, health and housing"
            r"(?<=, )health(?=,| and (?!wellbeing))",
            r"(?:integration|integrated working|work(?:ing)?|relationships?|partnership) with "
            r"health(?! and wellbeing)",
            r"health services",
            r"national health service",
        ),
    ),
    # some areas call their board a partnership ("... Safeguarding Adults Partnership")
    (
        "sab",
        _words(
            r"safeguarding adults? (?:partnership )?boards?", r"safeguarding adults? partnerships?"
        ),
    ),
    ("sab", _words(r"[A-Z]{0,2}SABs?", case=True)),  # "SAB", "BSAB": a board's acronym
    ("police", _words(r"(?:the )?police(?: force)?", r"constabulary")),
    ("fire", _words(r"fire and rescue(?: services?)?", r"fire services?")),
    (
        "housing",
        _words(
            r"housing(?: services| providers?| associations?| teams?| partners)?",
            r"(?:registered |social )landlords?",
        ),
    ),
    (
        "care-providers",
        _words(
            r"(?:care |home care |domiciliary care |commissioned |independent |"
            r"local |residential |nursing |service )?providers?"
            r"(?! failure)",  # "provider failure" is a policy topic
            r"provider market",
            r"care market",
            r"care homes?",
            r"nursing homes?",
            r"home care agenc(?:y|ies)",
            r"care agenc(?:y|ies)",
        ),
    ),
    # a regulated service of carers who share their homes ("Shared Lives carers")
    ("care-providers", _words(r"Shared Lives", case=True)),
    (
        "voluntary-sector",
        _words(
            r"voluntary(?:,? (?:and )?community)?(?:,? (?:and )?faith)?"
            r"(?:,? (?:and )?social enterprise)?(?: and community)?"
            r"(?: sector| organisations?| groups?| partners)",
            r"voluntary sector partners",
            r"community and voluntary sector",
            r"VCSE?",
            r"VCFSE?",
            r"third sector",
            r"charit(?:y|ies)",
            r"charitable sector",
            r"community groups",
            r"faith groups",
            r"faith organisations",
            r"community organisations",
            r"community associations?",
            r"grassroots (?:organisations?|groups?)",
            r"Citizens Advice(?: Bureaux?)?",  # the advice charity, local or national
            r"user[- ]led organisations?",
            # places of worship stand for their congregations
            r"(?:mosques?|churche?s?|temples?|gurdwaras?|synagogues?)",
        ),
    ),
    ("healthwatch", _words(r"Healthwatch")),
    (
        "carers-organisation",
        _words(
            r"carers'? (?:centres?|centers?|hubs?|organisations?|"
            r"charit(?:y|ies)|support services?)"
        ),
    ),
    # a carers' charity by its name ("Carers Together Quarrington", "Carers Trust"), not a
    # document, a day or a benefit named for carers
    (
        "carers-organisation",
        _words(
            r"Carers(?! (?:Strategy|Week|Plan|Allowance|Act|Assessments?|Credit|Leave|Charter|"
            r"Covenant|Card|Rights|Support Plan|Breaks?)\b)(?: [A-Z][\w'’-]+)+",
            case=True,
        ),
    ),
    (
        "district-council",
        _words(
            r"district councils?",
            r"district and borough councils?",
            r"borough and district councils?",
        ),
    ),
    (
        "childrens-services",
        _words(
            r"children'?s services",
            r"children'?s social care",
            r"children'?s and adults?'? (?:social care|services)",  # both, in one phrase
            r"(?:local )?safeguarding children(?:'s)? (?:partnerships?|boards?)",
        ),
    ),
    ("education", _words(r"schools?", r"colleges?", r"universit(?:y|ies)")),
    ("dwp", _words(r"Department for Work and Pensions", r"DWP", r"Jobcentre(?: Plus)?")),
    ("cqc", _words(r"Care Quality Commission", r"CQC")),
    (
        "lga",
        _words(
            r"peer team",
            r"peer challenge team",
            r"peer review team",
            r"the peers",
            r"peer reviewers",
            r"Local Government Association",
            r"LGA",
        ),
    ),
    ("adass", _words(r"ADASS", r"Association of Directors of Adult Social Services")),
    ("tlap", _words(r"Think Local Act Personal", r"TLAP")),
]
GENERIC_PATTERNS = tuple(pattern for _type, pattern in GENERIC)
# Multi-agency bodies each area has one of, of no partner type of their own (FORMAT's
# "other"): each report's is a node of its own, labelled with its area.
SHARED_BODIES: list[tuple[str, re.Pattern[str]]] = [
    (
        "Multi-agency safeguarding hub",
        re.compile(r"(?<![\w-])(?:(?i:multi[- ]agency safeguarding hubs?)|MASH(?:es)?)(?![\w-])"),
    ),
]
# "The board" once a board has been named is that board: "The Safeguarding Adults Board
# has an independent chair. The Board may wish to ..." (not "board members", nor the
# idiom "across the board"); so are "the hub", "the centre", "the forum", "the alliance"
# once one has been named ("Carers who used the hub ..."). Not "the partnership" or "the
# network": reports use them of any joint working.
ANAPHOR = re.compile(r"(?<![\w-])(?<!across )the (board|hub|centre|center|forum|alliance)"
                     r"(?!['’]?s? members?\b)(?![\w-])", re.I)  # fmt: skip
# The head a mention names a body by: its last word, or a safeguarding board's acronym
# ("SAB", "BSAB"). Not "ICB": reports call it "the ICB", and "the board" after it is
# still the safeguarding board ("The ICB's safeguarding lead ... the board's priorities").
MENTION_HEAD = re.compile(r"\b(?:(board|hub|centre|center|forum|alliance)s?|"
                          r"(?P<acronym>[A-Z]{0,2}SABs?))$", re.I)  # fmt: skip


def head_of(mention: str) -> str | None:
    """The head noun ``ANAPHOR`` refers back by ("board" for "Kestrelford SAB"), or None."""
    found = MENTION_HEAD.search(mention)
    if not found:
        return None
    head = "board" if found.group("acronym") else found.group(1).lower()
    return "centre" if head == "center" else head
