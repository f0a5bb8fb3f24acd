"""What reports measure and how they compare it: the words that say whether more of a
measure is good, comparisons with a benchmark, and changes over time.

``polarity`` judges a clause that compares or changes a measure by its direction and
by the measure: fewer people waiting is good, fewer people feeling safe is not.

>>> bool(GOOD_MEASURE.search("21% used a direct payment")), bool(BAD_MEASURE.search("vacancies"))
(True, True)
"""

from __future__ import annotations

import re

from carekg.graph.extract.prefilter import prefiltered

# What a figure measures, where the words around it do not judge it: the adult social
# care outcome measures and the workforce figures reports compare with the England
# average (the ASCOF measures, NHS England's "Measures from the Adult Social Care
# Outcomes Framework"; Skills for Care's vacancy and turnover rates). A higher figure of
# a good measure is good, of a bad one bad. It is read before the clause's other words:
# "Reviews are a weaker picture: only 38% ... had been reviewed" measures reviews.
GOOD_MEASURE = prefiltered(
    r"\b(?:direct payments?|still (?:at|living at) home|(?:had been|were|was) reviewed|"
    r"(?:assessments|reviews) (?:completed|carried out)|satisf(?:ied|action)|quality of life|"
    r"control over|(?:feel|felt) safe|"
    r"(?:in|into) paid (?:employment|work)|in (?:their|its) own homes?|"
    r"(?:easy|easily) to find|rated (?:as )?good or outstanding|good or outstanding|"
    # the Safeguarding Adults Collection's measures of how enquiries go
    r"concluded within|asked (?:about )?(?:the |what )?outcomes|outcomes? (?:were |was )?"
    r"(?:fully |partly |partially )?(?:achieved|met)|supported by an advocate|"
    r"risks? (?:was |were )?(?:reduced|removed)|offered reablement|no worries|"
    # what providers are paid: below the going rate, a market at risk
    r"fee (?:rates?|levels?)|(?:hourly|median|average) (?:fee |hourly )?rates? (?:paid|for)|"
    r"paid (?:a |an )?(?:median |average )?(?:hourly )?rate)\b",
    re.I,
)
BAD_MEASURE = prefiltered(
    r"\b(?:vacanc(?:y|ies)|turnover|(?:people )?waiting|waited|(?:were |was )?delayed|"
    r"admi(?:ssions?|tted) (?:\w+ ){0,3}?(?:to|into) (?:residential|nursing|care homes?|"
    r"long-term)|readmi(?:ssions?|tted)|overdue|unallocated|backlog)\b",
    re.I,
)
# A comparison with a benchmark judges by its direction: "lower than the England
# average" is bad for a good measure ("carers who were satisfied") and good for a bad
# one ("delays"); "similar to the England average" judges nothing; "better" and
# "worse" judge by themselves. The measure is what the rest of the clause names.
BENCHMARK = prefiltered(
    r"\b(?P<dir>higher|lower|better|worse|greater|fewer|less|more|longer|shorter|above|below|"
    r"similar to|in line with|comparable (?:to|with)|close to|not (?:statistically )?"
    r"(?:significantly )?different (?:from|to))(?: than)?\s+(?:the |its |their )?"
    r"(?:[a-z]+ ){0,2}?(?:average|median|benchmark|comparators?|comparator group)\b|"
    r"\b(?:in|among) the (?P<rank>top|highest|best|bottom|lowest|worst) (?:\w+ )?"
    r"(?:quartile|decile|third|quintile|performers?)\b",
    re.I,
)
# "29% of carers were satisfied, compared with an England average of 36%": the figures
# say the direction ("a" against "b"), the rest of the clause what is measured.
NUMERIC_BENCHMARK = prefiltered(
    r"(?P<a>\d+(?:\.\d+)?)\s?(?:%|per ?cent)[^.;%]{0,160}?"
    r"(?P<cmp>,?\s*(?:compared (?:with|to)|against) (?:(?:an? |the )?(?:[a-z]+ ){0,3}?"
    r"(?:average|figure|rate|benchmark|comparators?)s?(?: of)?\s+"
    r"(?P<b>\d+(?:\.\d+)?)\s?(?:%|per ?cent)|(?P<c>\d+(?:\.\d+)?)\s?(?:%|per ?cent) "
    r"(?:nationally|in England|across England|regionally|in similar (?:councils|areas)|"
    r"(?:in|across) (?:London|the region|(?:the )?comparator councils)|"
    r"in a similar survey(?: (?:across|in) [A-Z]\w+)?))|"
    # "31.4% (England average 25.5%)", "71% ..., short of its own target of 90%"
    r"\s*\((?:the )?(?:[A-Za-z]+ ){0,2}?(?:average|median|benchmark|target):?\s+"
    r"(?P<d>\d+(?:\.\d+)?)\s?(?:%|per ?cent)\)|"
    r",?\s*(?P<to_target>short of|below|above|against|beating|exceeding) (?:the |its |their )?"
    r"(?:[a-z'’]+ ){0,3}?target of\s+(?P<e>\d+(?:\.\d+)?)\s?(?:%|per ?cent))",
    re.I,
)


def measure_sign(text: str) -> int:
    """Whether more of what ``text`` measures is good (1) or bad (-1), by the measure words
    alone; 0 when it names none, or both kinds.

    >>> measure_sign("a vacancy rate of 11%"), measure_sign("people who felt safe")
    (-1, 1)
    """
    good, bad = GOOD_MEASURE.search(text), BAD_MEASURE.search(text)
    return 0 if bool(good) == bool(bad) else (1 if good else -1)


UP, DOWN = {"higher", "greater", "more", "longer", "above", "top", "highest"}, {
    "lower", "fewer", "less", "shorter", "below", "bottom", "lowest"}  # fmt: skip
ALWAYS = {"better": 1, "best": 1, "worse": -1, "worst": -1}
BENCHMARK_WEIGHT = 1.5

# A measure that moved ("the vacancy rate was down from 24% to 11%", "direct payment
# take-up has fallen for two years"): judged by what it measures, as a benchmark is.
CHANGE = prefiltered(
    r"\b(?:(?P<fall>fallen|fell|dropped|decreased|declined|halved|reduced|cut)|"
    r"(?P<rise>risen|rose|increased|grew|grown|doubled))\b(?= (?:by|from|to|over|for)\b|"
    r"\s*[.,;]|\s*$)|\b(?:(?P<down>down)|(?P<up>up)) (?:by|from|to) [\d£]",
    re.I,
)
