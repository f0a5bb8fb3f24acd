"""Word valences for the kind decision: VADER's general lexicon, adjusted for social care.

VADER (Hutto and Gilbert, 2014; the ``vaderSentiment`` package, which ships its
lexicon file) rates about 7,500 English words from -4 (very negative) to +4
(very positive). It was built for general and social-media English, so two
kinds of adjustment make it fit assurance reports:

- ``NEUTRAL_HERE``: words VADER rates that, in adult social care, name a service,
  a duty or a topic rather than judge it ("care", "support", "safeguarding",
  "trust" as in NHS trust, "neglect" as a category of abuse).
- ``DOMAIN``: single words VADER lacks or rates differently that judge a service
  in this domain ("waiting", "backlog", "timely", "person-centred", "patchy").

Every entry is one word; ``CONSTRUCTIONS`` holds the few short general
constructions whose meaning is not the sum of their words ("not always": the
words are neutral, the construction says something is inconsistent).

>>> valence("supportive") > 0, valence("backlog") < 0, valence("care")
(True, True, 0.0)
>>> valence("delays") < 0  # inflected forms fall back to their stem
True
"""

from __future__ import annotations

import re
from functools import cache

from carekg.graph.extract.prefilter import Prefiltered, prefiltered

# Words that name the subject matter of adult social care, not a judgement of it.
NEUTRAL_HERE = {
    # services, duties and topics ("care and support", "safeguarding", "safety")
    "care", "cares", "support", "supports", "supporting", "safeguarding", "safeguards",
    "safety", "protect", "protection", "wellbeing", "well-being", "health", "healthy",
    "liberty", "deprivation", "abuse", "neglect", "harm", "exploitation", "criminal",
    "died", "death", "deaths", "grant", "grants", "legal", "faith", "benefit", "benefits",
    "cared",  # "the people they cared for"
    "prospect", "prospects",  # a possibility, good or bad ("a real prospect that ...")
    # charging for care is a Care Act duty, and charities are partners: topics, not verdicts
    "charge", "charges", "charged", "charging", "charity", "charities", "charitable",
    # organisational nouns and verbs ("NHS trust", "the authority", "partners agreed")
    "trust", "trusts", "authority", "agreed", "agree", "agreement", "agreements", "share",
    "shared", "sharing", "engagement", "assurance", "assure", "interest", "interests",
    "interested", "create", "created", "fit", "leave", "reach", "value", "values",
    "responsible",  # who holds a duty ("the county council is responsible for ...")
    "number", "demand", "want", "wants", "wish", "wishes", "ensure", "ensures",
    "increase", "increased", "increasing", "significant", "important", "urgent",
    "challenge", "challenges", "challenged", "prevent", "risk", "risks", "crisis",
    # verbs of intent that head recommendations, judged by the modal step instead
    "improve", "improvement", "improvements", "strengthen", "develop", "help", "like",
    "please", "focus", "focused", "focuses",
    "recommended", "recommend", "recommends",  # advice named ("recommended actions")
    # needs and matters of people are what assessment is about, not a judgement
    "need", "needs", "needed", "matter", "matters", "mattered", "concerning", "ability",
    # growth says nothing of quality: demand expands as well as services
    "expanding", "expanded", "expand", "growing", "grown", "growth",
    # people and roles
    "carer", "carers", "friends", "family", "families", "children", "child",
    # VADER's "hand" is a helping hand; here packages are "handed back", cases "handed
    # over", and a "third party" pays top-ups
    "hand", "hands", "handed", "handing", "party", "parties",
}  # fmt: skip

# Single words that judge a service in this domain, on VADER's -4..+4 scale.
DOMAIN = {
    # timeliness: waiting is the most common gap CQC and peer teams name
    "waiting": -0.4, "wait": -0.3, "waits": -0.5, "waited": -1.0, "backlog": -1.2,
    "backlogs": -1.2, "delay": -1.2, "delays": -1.2, "delayed": -1.2, "overdue": -1.2,
    "slow": -1.0, "slowest": -1.0, "complicated": -1.0, "late": -0.8, "timely": 1.2,
    "promptly": 1.0, "prompt": 0.8,
    "quickly": 0.8, "swiftly": 1.0, "easily": 1.0, "easy": 1.0,
    # sufficiency: something missing or too little of it
    "shortfall": -1.5, "shortfalls": -1.5, "shortage": -1.2, "shortages": -1.2,
    "gap": -1.0, "gaps": -1.0, "limited": -1.0, "little": -0.8, "few": -0.6,
    "insufficient": -1.3, "lack": -1.3, "lacked": -1.3, "lacking": -1.3, "unmet": -1.2,
    "vacancies": -0.8, "vacancy": -0.8, "turnover": -0.5, "capacity": 0.0,
    "invisible": -1.2, "unheard": -1.2,  # how people say they were treated
    "scarce": -1.2, "scarcity": -1.2, "sometimes": -0.3, "short-staffed": -1.2,
    "understaffed": -1.2, "under-staffed": -1.2, "under-resourced": -1.2,
    "under-funded": -1.2, "underfunded": -1.2, "under-represented": -1.2,
    "underrepresented": -1.2, "under-used": -0.8, "underused": -0.8, "under-utilised": -0.8,
    "well-used": 1.2, "well-resourced": 1.0, "well-funded": 1.0, "well-represented": 1.0,
    # money: an overspend is a weak judgement, which a sentence of figures only reports
    "overspent": -0.7, "overspend": -0.7, "overspends": -0.7, "overspending": -0.7,
    # sufficiency is the judgement of a market (Care Act s5): enough of it is a strength
    "enough": 1.0, "sufficient": 1.0, "sufficiently": 1.0,
    "relied": -0.5, "duplication": -0.8, "duplicated": -0.8, "available": 0.5,
    # consistency: uneven experience is an area for development
    "inconsistent": -1.3, "inconsistency": -1.3, "inconsistently": -1.3,
    "variable": -0.8, "variation": -0.6, "varied": -0.4, "patchy": -1.2,
    "mixed": -1.0, "fragmented": -1.2, "disjointed": -1.2, "consistent": 0.8,
    "consistently": 0.8, "seamless": 1.2, "seamlessly": 1.2, "joined-up": 0.8,
    # difficulty and concern as reported by people, staff and partners
    "concern": -0.8, "concerns": -1.0, "concerned": -0.8, "difficult": -1.0,
    "favoured": -0.8, "favoured by": 0.0,  # favouring some over others is a bias
    "difficulty": -1.0, "difficulties": -1.0, "hard": -0.4, "harder": -0.8,
    "struggle": -1.2, "struggled": -1.2, "struggling": -1.2, "unable": -1.0,
    "unclear": -1.0, "unaware": -1.0, "confusing": -0.9, "confused": -0.8,
    "barrier": -0.8, "barriers": -0.8, "chase": -0.8, "chasing": -0.8,
    "pressure": -0.8, "pressures": -0.8, "strain": -0.8, "fragile": -1.0,
    "exceptions": -0.4, "exception": -0.4, "only": -0.3, "below": -0.5,
    "underdeveloped": -1.2, "under-developed": -1.2, "immature": -1.0,
    "isolated": -0.8, "isolation": -0.5, "frustrated": -1.5, "frustrating": -1.5,
    "rushed": -1.0, "complaints": -0.5, "complaint": -0.5, "experienced": 0.0,
    "reliant": -0.5, "dependent": -0.3, "unsustainable": -1.5,
    # money and plans that cannot hold (VADER rates "challenging" as mildly positive)
    "tight": -0.6, "unachievable": -1.2, "unaffordable": -1.2, "unrealistic": -1.0,
    "challenging": -0.8, "lapsed": -0.8,
    # practice quality words of the framework and of Making It Real
    "person-centred": 1.5, "personalised": 1.0,
    "co-produced": 1.2, "coproduced": 1.2, "co-designed": 1.2, "holistic": 1.0,
    "tailored": 1.0, "embedded": 1.0, "well-established": 1.2, "established": 0.4,
    "well-led": 1.2, "well-developed": 1.2, "well-coordinated": 1.2, "well-organised": 1.2,
    "well-managed": 1.2, "well-planned": 1.2, "well-embedded": 1.2, "well-supported": 1.0,
    "well-understood": 1.0, "well-informed": 1.0,
    "accessible": 0.8, "inclusive": 1.0, "flexible": 0.8, "responsive": 1.5,
    "proactive": 1.5, "knowledgeable": 1.2, "skilled": 1.0,
    "thorough": 1.0, "comprehensive": 0.8, "sustainable": 0.5, "stable": 0.8,
    "regarded": 1.0, "listened": 1.0, "involved": 0.5, "empowered": 1.0,
    "invested": 0.8, "visible": 0.8, "approachable": 1.2, "evident": 0.6,
    "able": 0.6, "aware": 0.4, "understood": 0.5, "oversight": 0.0,
    "supported": 0.6, "supportive": 1.2, "valued": 1.5, "praised": 1.5,
    "helped": 1.0, "helps": 0.8, "helping": 0.8, "constructive": 1.2, "open": 0.4,
    # what the council made happen for people: CQC describes strengths as actions
    # with an effect ("ensured", "enabled"); a bare "introduced" or "provided" is a fact
    "ensured": 0.6, "enabled": 0.6, "collaborated": 0.6, "prioritised": 0.5, "promoted": 0.5,
    "strengths-based": 0.5, "low": -0.5, "lower": -0.5,
    "jointly": 0.5,  # joint funding and ownership: integration the framework asks for
    # work that is kept up and kept within bounds
    "manageable": 0.8, "regularly": 0.4, "regular": 0.3, "detailed": 0.5,
    # done as it should be, or not
    "appropriately": 0.8, "appropriate": 0.6, "inappropriate": -1.0, "inappropriately": -1.0,
    "stabilised": 1.0, "stabilized": 1.0,  # steadied after a difficulty
    "longest": -0.6,  # the far end of a wait
    "improved": 1.2, "improving": 1.0, "progress": 1.0, "reduced": 0.0,
}  # fmt: skip

# Short general constructions whose meaning is not the sum of their words.
CONSTRUCTIONS: list[tuple[Prefiltered, float]] = [
    (prefiltered(p, re.I), v)
    for p, v in [
        (r"\bnot (?:always|consistently|all|every)\b", -1.5),  # uneven: some did, some did not
        (r"\bnot yet\b|\bcan(?:not|'t|’t) yet\b|\b(?:an? )?early stages?\b|\btoo early\b", -1.0),
        # ^ unfinished work
        (r"\bnot enough\b", -1.2),  # insufficient
        (
            r"\b(?:hard|difficult) to (?:get|find|reach|access|contact|understand|navigate)\b",
            -1.2,
        ),  # access made difficult for people
        (r"\bworking hard\b", 1.0),  # effort recognised
        (r"\b(?:reach(?:ed|es|ing)?|at) (?:a )?crisis(?: point)?\b", -1.2),  # help too late
        (
            r"\b(?:could|can|would|might|did) take (?:up to |more than |over |several |many |"
            r"a few |\d+ )+(?:weeks|months)\b|\btook (?:up to |more than |over |several |many |"
            r"\d+ )+(?:weeks|months)\b",
            -1.0,
        ),  # weeks or months to get something done: a delay
        (
            r"\b(?:remains?|remained|is|was|are|were) (?:a |an )?(?:\w+ )?(?:challenge|"
            r"challenges|issue|issues|problem|concern)\b",
            -1.0,
        ),  # a difficulty still there
        (r"\bcould (?:have )?be(?:en)? (?:better|improved|stronger|clearer|more \w+)\b", -1.2),
        # ^ the writer names room to improve
        (
            r"\b(?:could|would|should|might) have (?:[a-z]+ ){0,3}?(?:better|more|greater|"
            r"earlier|sooner|fuller|clearer)\b",
            -1.2,
        ),  # a counterfactual: a better course that was not taken
        (
            r"\bwork(?:ed|s|ing)? (?:closely|well|collaboratively|effectively|constructively|"
            r"jointly) (?:together )?(?:with|alongside)\b",
            1.0,
        ),  # collaboration the writer praises by its manner
        (
            r"\bwork(?:ed|s|ing)? (?:together )?"
            r"(?:with|alongside) (?:partners|them|the|local|people|carers|health|providers|its|"
            r"their|other|a range of|several|many)\b",
            0.5,
        ),
        # ^ collaboration, which the framework asks for (Care Act ss6-7 co-operation)
        (
            r"\bwhat matter(?:s|ed) (?:most )?to (?:people|them|him|her|carers)\b|"
            r"\b(?:asked|listened to|understood|recorded) what (?:outcomes? )?"
            r"(?:they|people|he|she) (?:wanted|wished|hoped)",
            1.0,
        ),
        # ^ Making It Real's test of person-centred practice
        (r"\bhelp(?:s|ed|ing)? (?:people|them|him|her|carers|residents) (?:to )?\w+", 1.0),
        # ^ an effect on people's lives
        (r"\bchanged (?:their |its |our )?practice\b", 1.0),  # learning put into practice
        (r"\b(?:practice|ways of working) (?:had|has|have) changed\b", 1.0),
        (r"\bshar(?:ed|es|ing) (?:its |their |the |this )?learning\b", 1.0),  # learning spread
        (r"\bshared (?:understanding|vision|purpose|priorities)\b", 1.0),  # common purpose
        (
            r"\bwithin (?:the |its |their |the local authority's |the council's )?"
            r"(?:\w+ )?(?:target|timescales?)\b",
            1.0,
        ),  # a timeliness standard met
        (
            r"\bwithin (?:an? |an average of |\d+ |one |two |three |four |five |six |seven |ten )"
            r"(?:working )?(?:hours?|days?|weeks?)\b(?! of)",
            1.0,
        ),  # a short, stated time (not a window)
        (r"\bmore on\b[^,.;]{1,40}\bthan on\b", -0.6),
        # ^ a misplaced emphasis the writer contrasts with what should be
        # ("rather than" is handled in polarity: the alternative it rejects counts reversed)
        (r"\btoo (?!much\b)[a-z]+\b|\btoo much\b", -1.2),
        # ^ over a limit the text assumes ("too small", "too long"); "too." (also) has no word
        (
            r"\b(?:easy|easier|simple|straightforward|quick|quicker) to (?:get|find|reach|access|"
            r"contact|understand|navigate|use|book|arrange|follow)\b",
            1.2,
        ),  # access made easy for people (the mirror of "hard to get")
        (
            r"\bareas? (?:for|of|needing|requiring|where) (?:improvement|development|concern)\b",
            -1.0,
        ),  # the report naming its own list of shortfalls
        (
            r"\b(?:staff|people|carers|partners|providers|families|residents|they|members|"
            r"colleagues) (?:really |greatly |particularly |highly )?values?\b(?! for)",
            1.2,
        ),  # people who value something: appreciation ("which staff value")
        (r"\bbr(?:ing|ings|ought) (?:[\w'’-]+ ){1,10}?together\b", 0.6),
        (r"\bkept (?:[\w'’-]+ ){0,3}?(?:informed|updated|in touch|in contact)\b", 1.0),
        (r"\bon time\b|\bon schedule\b|\bup[ -]to[ -]date\b", 0.8),  # a standard of timeliness met
        (r"\bout[ -]of[ -]date\b", -1.0),  # records or plans left behind
        (
            r"\b(?:still|only) (?:developing|emerging|evolving)\b|\b(?:is|was|are|were) "
            r"(?:still )?(?:developing|emerging|evolving|in development)(?=[.,;]| and\b| but\b)",
            -1.0,
        ),  # unfinished: a practice or approach not yet mature (not "was developing a plan")
        (
            r"\b(?:had|have|has|with|gave|given|giving|got) (?:good |timely |easy |quick |prompt |"
            r"ready )?access to\b",
            0.6,
        ),  # access to support, advice or training: what the framework asks for
        (
            r"\b(?:slower|later|lower|fewer|less|worse|longer) than (?:planned|expected|intended|"
            r"hoped|anticipated|targeted|the target)\b",
            -1.2,
        ),  # short of its own plan
        # ^ communication people expect while they wait or change services
        (
            r"\bwe (?:saw|heard|found) (?:good |clear |strong |positive |many )?"
            r"(?:evidence|examples)\b",
            0.8,
        ),
        # ^ CQC's evidence of practice ("We saw evidence that ..."; "little evidence" is not it)
        (r"\bact(?:ed|s|ing)? (?:up)?on\b", 0.6),  # responding to what was learned or asked
        # ^ joining up services or people: integration the framework asks for
        (r"\blong(?:er)? (?:time|times|waits?|delays?)\b", -0.8),  # duration as a burden
        (
            r"\b(?:lower|fewer|less|worse) than\b(?! (?:around |about |nearly |almost )?[\d£])",
            -0.6,
        ),  # compared unfavourably (not an amount: "fewer than 3% were readmitted")
        (
            r"\bmixed (?:picture|experiences?|feedback|views|responses?|results|reports)\b"
            r"(?: (?:of|about|on) [^.;:]*)?",
            -1.0,
        ),  # some good, some not: inconsistency (of whatever it is about, judged by it)
        (r"\bthem and us\b", -1.0),  # a divided relationship
        (
            r"\b(?:had|has|have) (?:completed|implemented|delivered|met) (?:all |most |each |the |"
            r"its )?(?:of the )?(?:actions?|recommendations?|targets?|milestones?)\b",
            1.0,
        ),  # actions carried through
        (r"\bcross-party (?:support|agreement|consensus|backing)\b", 1.0),  # political backing
        (
            r"\b\d[\d,]* (?:[\w'’-]+ ){0,4}?(?:were|are|was|is|remained|remain|still) "
            r"outstanding\b|\boutstanding (?:actions?|assessments?|reviews?|recommendations?|"
            r"cases?|referrals?|applications?|debts?|invoices?)\b",
            -1.2,
        ),  # outstanding as not yet done (not CQC's rating)
        (r"\b(?:over-?)?optimistic (?:assumptions?|forecasts?|projections?|estimates?)\b", -1.2),
        # ^ plans resting on hopes: an assurance finding, not praise
        (r"\b(?:a |an )?(?:real |big |major |significant |positive )?step forward\b", 1.0),
        (
            r"\bonly £?\d[\d,.]*(?: ?(?:million|m|bn|billion))? (?:of|out of) (?:the |its )?£?\d",
            -1.0,
        ),
        # ^ a part of a whole, marked as too small ("only 5 of 12 actions")
        (
            r"\b\d[\d,]* (?:[\w'’-]+ ){0,5}?(?:(?:were|are|was|is|remained|remain) (?:still )?"
            r"waiting|awaiting)\b",
            -1.0,
        ),  # a queue: people or applications waiting, counted
        (
            r"\bthere (?:were|are|was|is) (?:still )?(?:about |around |over |more than |almost |"
            r"nearly )?\d[\d,]* (?:[\w'’-]+ ){0,5}?(?:waiting|awaiting)\b",
            -1.0,
        ),  # the same queue, counted after "there were"
        (
            r"\bwait(?:ed|s|ing)? (?:for )?(?:an average of |on average |up to |over |more than |"
            r"almost |nearly )?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|twelve) "
            r"(?:days|weeks|months|years)\b",
            -1.0,
        ),  # a wait measured in days or more (not "less than", "within")
        (
            r"\b(?:had|has|have|with|there (?:is|was)) (?:little|no|limited) (?:spare )?capacity\b",
            -1.0,
        ),  # no room to take people on
        (r"\broom for improvement\b|\bmore (?:could|needed to|needs to) be done\b", -1.0),
        (
            r"\braised (?:some |several |a number of |serious |their |real )?concerns "
            r"(?:about|over|that)\b",
            -1.0,
        ),  # worries voiced (not "raised a safeguarding concern", a referral)
        (r"\bhad to\b", -0.5),  # obligation put on people ("had to chase", "had to wait")
        (r"\btook (?:up to |several |many |over |more than )?(?:\w+ )?(?:months|years)\b", -1.0),
        # ^ a long duration for something that should be prompt
        (r"\bin place\b", 0.6),  # arrangements exist and work
        (
            r"\bdepend(?:s|ed|ent|ing)? (?:\w+ ){0,2}?on (?:the )?(?:individuals?|goodwill|"
            r"personal relationships|who\b|particular (?:staff|individuals|managers|workers))",
            -1.2,
        ),  # practice that rests on a person, not a system: inconsistent by design
        (
            r"\b(?:moved|got|found|gained|returned|went|started) (?:\w+ )?(?:in)?to (?:paid )?"
            r"(?:work|employment|jobs?)\b",
            1.0,
        ),  # an employment outcome (ASCOF 1E and 1F)
        (
            r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )\b(?:set up|"
            r"established|launched|introduced|opened|invested|co-produced|co-designed|"
            r"commissioned|funded|appointed|piloted)\b(?! (?:largely |mainly |partly |wholly )?"
            r"(?:through|from|via)\b| (?:largely|mainly|partly|wholly) by\b)",
            0.6,
        ),  # something the council or a partner started: an initiative (not "was funded")
        (
            r"\b(?:made|make|makes|making) (?:a|the) (?:real |positive |big |biggest |huge |"
            r"significant |most )?difference\b",
            1.2,
        ),
        # ^ an effect on people's lives
        (r"\b(?:good|high) quality\b", 0.8),  # quality judged good
    ]
]

# Words whose VADER rating is cancelled inside these set phrases.
CANCELLED = prefiltered(
    r"\b(?:as well as|a (?:few|little)|well-?being|value for money|safeguarding concerns?|"
    r"complex (?:needs|cases|care)|provider failure|vacancy rates?|better care fund|"
    r"risk (?:assessments?|management|rating|register)|"
    r"(?:improved|improving|better|positive|good) outcomes|"  # outcomes named as a goal
    r"[a-z-]+ prevention|"  # a service named by what it prevents ("falls prevention")
    r"(?:risk of|at risk from|after a|had|who had) fall(?:s|ing|en)?|"  # the harm a service is for
    r"falls? (?:response|services?|teams?|clinics?|pathways?)|"
    r"how well|"  # a question asked ("concerns about how well ... worked"), not praise
    r"day opportunit(?:y|ies)|"  # a service (day services), not a chance
    # services and places named by what they are for, not judged
    r"emergency (?:departments?|duty)|accident and emergency|"
    r"approved mental health professionals?|"  # a role under the Mental Health Act 1983
    r"fire (?:and rescue )?services?|fire (?:risks?|safety)|"  # a partner and its work
    r"improved better care fund|"  # a grant's name (the iBCF), not a verdict
    r"supported (?:housing|living|accommodation|employment)|"
    # unpaid carers' caring is what they do, not praise of it ("a break from caring")
    r"(?:breaks? |respite )from caring|caring (?:roles?|responsibilities|duties)|"
    # complaints as a process a council runs, not as the complaints themselves
    r"(?:learning from|analysis of) complaints|complaints and compliments|"
    r"complaints? (?:process|procedures?|policy|data|team|handling|were (?:analysed|reviewed|"
    r"monitored))|"
    r"(?:low|lower|lowest|high|higher|highest)[ -](?:spending|spend|funded|funding|cost))\b",
    # ^ how much an authority spends is a fact about it, not a verdict
    re.I,
)
# Two-word forms written as one evaluative word.
JOINED = prefiltered(r"\b(joined|well|person|co|short|under)[ -](up|led|centred|produced|"
                    r"staffed|developed|established|coordinated|organised|managed|planned|"
                    r"embedded|supported|understood|informed|represented|resourced|funded|"
                    r"used|utilised)\b", re.I)  # fmt: skip

SUFFIXES = ("ies", "es", "s", "ed", "d", "ing", "ly")


@cache
def _vader() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


@cache
def valence(word: str) -> float:
    """The valence of one lower-case word: domain first, then VADER, then its stem."""
    if word in NEUTRAL_HERE:
        return 0.0
    if word in DOMAIN:
        return DOMAIN[word]
    vader = _vader()
    if word in vader:
        return float(vader[word])
    for suffix in SUFFIXES:
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) > 3:
            # "worries" -> "worry"; but "parts" is not "party"
            endings = ("", "e", "y") if suffix == "ies" else ("", "e")
            for candidate in (stem + ending for ending in endings):
                if candidate in NEUTRAL_HERE:
                    return 0.0
                if candidate in DOMAIN:
                    return DOMAIN[candidate]
                if candidate in vader:
                    return float(vader[candidate])
    return 0.0
