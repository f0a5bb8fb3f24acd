"""Evaluative polarity of a sentence: word valences, negation, reversal and contrast.

A sentence's polarity is the sum of its words' valences (``lexicon.valence``)
and of its short constructions, with three general rules of English evaluation:

- **negation** ("not", "no", "never", "without", "-n't") reverses the next
  evaluative word within three words, and says something is missing when no
  evaluative word follows ("there was no strategy");
- **reversal**: verbs and nouns of reduction ("reduced", "fewer", "cleared",
  "tackled") turn a negative thing into progress ("reduced the backlog") and a
  positive one into loss ("reduced capacity");
- **contrast**: after "however", "but", "although", "whilst", "while", "though",
  "yet", "whereas" or "nevertheless", the clause that follows decides; a
  concession-first sentence ("Although X, Y") is decided by Y; "despite Y"
  concedes Y to the clause it hangs on.

>>> polarity("Staff said managers were supportive.").score > 0
True
>>> polarity("There was mixed feedback about the service.").score < 0
True
>>> polarity("Partners valued the council, however waits were long.").score < 0
True
>>> polarity("Although waits were long, people praised the service.").score > 0
True
>>> polarity("The council had reduced the backlog.").score > 0
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carekg.graph.extract.lexicon import CANCELLED, CONSTRUCTIONS, JOINED, valence

WORD = re.compile(r"[a-z]+(?:[-'’][a-z]+)*")
# Negators: each reverses the next evaluative word (VADER's scalar, -0.74).
NEGATORS = {"not", "no", "never", "without", "nor", "none", "neither", "cannot", "nobody",
            "nothing", "less"}  # fmt: skip
NEGATION_SCALAR = -0.74
NEGATION_WINDOW = 4
# "whether" and "if" make what follows hypothetical: "to check whether care was safe".
HYPOTHETICAL = {"whether", "if"}
# A negator with nothing evaluative after it says something is missing.
MISSING = -0.7
# Reduction reverses what it reduces: "reduced delays" is progress.
REVERSERS = {"reduce", "reduced", "reduces", "reducing", "reduction", "fewer", "decrease",
             "decreased", "cut", "cleared", "clearing", "tackle", "tackled", "tackling",
             "address", "addressed", "addressing", "eliminated", "removed", "prevented",
             "avoided", "minimised", "mitigate", "mitigated", "overcome", "resolved",
}  # fmt: skip
REVERSAL_WINDOW = 4
# A fall turns round what fell, which comes before it: "turnover has fallen".
FALLING = {"fallen", "fell", "dropped", "decreased", "declined", "reduced", "halved", "eased"}
# Knowing a problem is insight, which this genre counts in the council's favour:
# "leaders were aware of the delays". Only a negative thing is turned round.
AWARENESS = {"aware", "recognised", "recognise", "recognises", "acknowledged", "acknowledge"}
# Contrast markers: the clause after them decides.
CONTRAST = re.compile(
    r"[,;:]\s*(?:but|however|although|though|whilst|while|whereas|yet|nevertheless|"
    r"nonetheless)\b,?\s*|\s+(?:but|however|although|whereas|nevertheless)\b,?\s*|"
    r"^(?:however|but|yet|nevertheless|nonetheless)\b,?\s*",
    re.I,
)
CONCESSION_FIRST = re.compile(r"^(?:although|though|while|whilst|despite|even though|"
                              r"notwithstanding)\b[^,]*,\s*", re.I)  # fmt: skip
DESPITE = re.compile(r"[,;]?\s+despite\b", re.I)
POLAR = 0.3  # below this a clause says nothing evaluative
# A sentence of figures ("1,320 people were waiting") reports; only strong words judge.
FIGURE = re.compile(r"(?<![\w/–-])(?!(?:19|20)\d\d\b)\d")  # a number, not a year
FIGURES_SCALAR = 0.4
STRONG = 1.0
# In safeguarding, "concerns" are referrals (a safeguarding concern), not worries.
REFERRALS = re.compile(r"\bconcerns?\b")


@dataclass
class Polarity:
    """How evaluative a sentence is, and which words made it so."""

    score: float
    words: list[str] = field(default_factory=list)  # the evaluative words that counted
    note: str = ""  # how contrast was resolved, when it was

    @property
    def label(self) -> str:
        if self.score >= POLAR:
            return "positive"
        if self.score <= -POLAR:
            return "negative"
        return "neutral"


def _constructions(text: str) -> tuple[str, float, list[str]]:
    """The clause with set phrases and constructions scored and taken out of it."""
    lowered = CANCELLED.sub(" ", text.lower().replace("’", "'"))
    lowered = JOINED.sub(r"\1-\2", lowered)
    if "safeguarding" in lowered:
        lowered = REFERRALS.sub(" ", lowered)
    score, words = 0.0, []
    for pattern, value in CONSTRUCTIONS:
        for match in pattern.finditer(lowered):
            score += value
            words.append(match.group(0))
        # A negator inside a construction still reverses what follows it.
        lowered = pattern.sub(lambda m: " not " if m.group(0).startswith("not") else " ",
                              lowered)  # fmt: skip
    return lowered, score, words


def _word_scores(tokens: list[str]) -> tuple[float, list[str]]:
    """Word valences with negation, reversal and hypothetical scope applied."""
    score, words = 0.0, []
    flip_until, negator_open = -1, False  # a negator's scope, and whether it is unused
    reverse_until = hypothetical_until = -1
    reverse_all = True  # a reduction turns round anything; awareness only a problem
    last_polar: tuple[int, float] | None = None  # index and value of the last word counted
    for index, token in enumerate(tokens):
        if token in HYPOTHETICAL:
            hypothetical_until = index + NEGATION_WINDOW
            continue
        if token in NEGATORS or token.endswith("n't"):
            if negator_open:
                score += MISSING
            flip_until, negator_open = index + NEGATION_WINDOW, True
            continue
        if token in FALLING and last_polar and index - last_polar[0] <= REVERSAL_WINDOW:
            # "waiting lists had reduced": the thing that fell, before it, counts the other way
            score -= 2 * last_polar[1] * 0.9
            words[-1], last_polar = "fallen " + words[-1], None
            continue
        if token in REVERSERS:
            reverse_until, reverse_all = index + REVERSAL_WINDOW, True
            continue
        if token in AWARENESS:
            reverse_until, reverse_all = index + REVERSAL_WINDOW, False
            continue
        value = valence(token) if index > hypothetical_until else 0.0
        if not value:
            if negator_open and index >= flip_until:
                score += MISSING
                words.append("not/no")
                negator_open = False
            continue
        if index <= flip_until and negator_open:
            value, token, negator_open = value * NEGATION_SCALAR, "not " + token, False
        elif index <= reverse_until and (reverse_all or value < 0):
            value, token, reverse_until = value * -0.8, "reduced " + token, -1
        score += value
        words.append(token)
        last_polar = (index, value)
    if negator_open:
        score += MISSING
        words.append("not/no")
    return score, words


def clause_polarity(text: str) -> Polarity:
    """The polarity of one clause, without contrast handling."""
    lowered, score, words = _constructions(text)
    word_score, counted = _word_scores(WORD.findall(lowered))
    score += word_score
    only_weak_words = not words and all(
        " " not in w and w != "not/no" and abs(valence(w)) < STRONG for w in counted
    )
    if FIGURE.search(text) and only_weak_words:
        score *= FIGURES_SCALAR  # figures report; weak words do not make them a judgement
    return Polarity(round(score, 2), words + counted)


def polarity(sentence: str) -> Polarity:
    """The polarity of a sentence, the deciding clause chosen by contrast (module doc)."""
    text = " ".join(sentence.split())
    concession = CONCESSION_FIRST.match(text)
    if concession:
        main = clause_polarity(text[concession.end() :])
        if abs(main.score) >= POLAR:
            main.note = "concession first: the main clause decides"
            return main
    despite = DESPITE.search(text)
    if despite:
        main = clause_polarity(text[: despite.start()])
        if abs(main.score) >= POLAR:
            main.note = "'despite' concedes what follows it"
            return main
    turns = list(CONTRAST.finditer(text))
    if turns and not concession:
        turn = turns[-1]
        after = clause_polarity(text[turn.end() :])
        marker = turn.group(0).strip(" ,;:").lower()
        if abs(after.score) >= POLAR:
            after.note = f"the clause after '{marker}' decides"
            return after
        before = clause_polarity(text[: turn.start()])
        if turn.start() > 0 and before.score >= POLAR:
            # Praise, then a turn to something that is not praise: a reservation.
            return Polarity(-POLAR, before.words, f"'{marker}' turns away from praise")
    return clause_polarity(text)
