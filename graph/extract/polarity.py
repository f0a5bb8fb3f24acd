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
  concedes Y to the clause it hangs on;
- **rejected alternative**: "A rather than B" / "A instead of B" asserts A and
  denies B, so B counts reversed ("supportive rather than punitive" is praise);
  when neither side judges and A is an emphasis, the writer is contrasting what
  is done with what should be ("focused on activity rather than outcomes");
- **scene and result**: a trailing "when ..." (or "after two years") only sets
  the scene for the clause that judges; what an action led to ("..., and this
  had reduced the number of people waiting") judges the action;
- **quantity**: a minority said to do well says the rest did not ("only a
  minority of reviews were on time"); a comparison with a benchmark judges by
  its direction and by whether the measure is good or bad.

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
from carekg.graph.extract.measures import (
    ALWAYS,
    BENCHMARK,
    BENCHMARK_WEIGHT,
    CHANGE,
    DOWN,
    NUMERIC_BENCHMARK,
    UP,
    measure_sign,
)
from carekg.graph.extract.prefilter import RuleSet, prefiltered
from carekg.graph.model.text import unwrapped

WORD = re.compile(r"[a-z]+(?:[-'’][a-z]+)*|[,;:]")
# Where a clause ends inside a sentence: punctuation and the words that join clauses.
# A negation does not reach past it, and a fall ("had dropped") turns round only
# what its own clause said before it.
CLAUSE_BREAKS = {",", ";", ":", "and", "but", "while", "whilst", "which", "that", "who",
                 "because", "so", "although", "though", "whereas", "when", "where", "until",
                 "once", "after", "before"}  # fmt: skip
# Negators: each reverses the next evaluative word (VADER's scalar, -0.74).
NEGATORS = {
    "not", "no", "never", "without", "nor", "none", "neither", "cannot", "nobody", "nothing",
    "less", "lack", "lacked", "lacking", "absence",  # "a lack of clarity": clarity missing
    "rarely", "seldom", "hardly", "barely", "scarcely",  # "rarely tells leaders": mostly not
}  # fmt: skip
NEGATION_SCALAR = -0.74
NEGATION_WINDOW = 4
# "whether" and "if" make what follows hypothetical: "to check whether care was safe";
# so does "how" before a modal, an open question: "not clear how progress would be measured".
HYPOTHETICAL = {"whether", "if"}
OPEN_QUESTION, MODALS = "how", {"would", "will", "could", "should", "might", "may"}
# A negator with nothing evaluative after it says something is missing.
MISSING = -0.7
# Reduction reverses what it reduces: "reduced delays" is progress.
REVERSERS = {"reduce", "reduced", "reduces", "reducing", "reduction", "fewer", "decrease",
             "decreased", "cut", "cleared", "clearing", "tackle", "tackled", "tackling",
             "address", "addressed", "addressing", "eliminated", "removed", "prevented",
             "avoided", "minimised", "mitigate", "mitigated", "overcome", "resolved",
             # slowing something down also lessens it: "slowed progress", "hampered recovery"
             "slowed", "slowing", "hampered", "hindered", "impeded",
}  # fmt: skip
REVERSAL_WINDOW = 4
# Words of quantity are transparent to a reduction: what is counted is what is reduced.
QUANTITY = {"number", "numbers", "proportion", "amount", "level", "levels", "of", "the"}
# The head of a count: "the number of ...", "the proportion of ..." (followed by "of").
COUNT_HEADS = {"number", "numbers", "proportion", "percentage", "rate", "rates", "amount"}
# A fall turns round what fell, which comes before it in its clause: "turnover has
# fallen", "the number of emergency admissions after a fall had dropped".
FALLING = {
    "fallen",
    "fell",
    "dropped",
    "decreased",
    "declined",
    "reduced",
    "halved",
    "eased",
    "slowed",
}
# A reduction in the passive ("had been cleared") works like a fall: on what precedes it.
PASSIVE = {"been", "was", "were", "is", "are", "be", "being"}
# Knowing a problem is insight, which this genre counts in the council's favour:
# "leaders were aware of the delays". Only a negative thing is turned round.
AWARENESS = {"aware", "recognised", "recognise", "recognises", "acknowledged", "acknowledge",
             "informed", "well-informed", "sighted", "knew", "knows"}  # fmt: skip
# Contrast markers: the clause after them decides.
CONTRAST = prefiltered(
    r"[,;:]\s*(?:but|however|although|though|whilst|while|whereas|yet|nevertheless|"
    r"nonetheless)\b,?\s*|\s+(?:but|however|although|whereas|nevertheless)\b,?\s*|"
    r"^(?:however|but|yet|nevertheless|nonetheless)\b,?\s*",
    re.I,
)
# "A rather than B": A is asserted and B denied (B runs to the end of its clause).
REJECTED = prefiltered(r",?\s*\b(?:rather than|instead of)\b\s*", re.I)
DENIED_END = re.compile(r"[,;:]")
# Neither side judges, but A is an emphasis ("focused on activity rather than outcomes"):
# what is done set against what should be, a mild criticism. Without an emphasis
# ("assessed at home rather than on the ward") the contrast alone judges nothing.
EMPHASIS = prefiltered(r"\b(?:focus\w*|concentrat\w*|emphas\w*|prioriti[sz]\w*|driven|"
                      r"centred on|geared)\b", re.I)  # fmt: skip
MISPLACED = -0.6
# "Only a minority of reviews were completed on time": good said of a few says the rest
# fell short; bad said of a few is still a shortfall, a smaller one.
MINORITY = prefiltered(r"\b(?:only )?(?:a minority of|a small (?:number|proportion|percentage) "
                      r"of|(?:fewer|less) than half(?: of)?|under half(?: of)?|(?<!a )few)\b",
                      re.I)  # fmt: skip
CONCESSION_FIRST = re.compile(r"^(?:although|though|while|whilst|despite|even though|"
                              r"notwithstanding|when|whenever|where|once)\b[^,]*,\s*",
                              re.I)  # fmt: skip
# A trailing "when ..." sets the scene for the main clause, which judges:
# "The local authority responded quickly when concerns were raised".
SCENE = prefiltered(
    r",?\s+\b(?:when|whenever|once|after (?=(?:a|an|two|three|four|five|several|"
    r"many|some|\d+) (?:\w+ )?(?:years?|months?|weeks?|period)\b))",
    re.I,
)
# ^ and "after two difficult years" its time
DESPITE = prefiltered(r"[,;]?\s+despite\b", re.I)
POLAR = 0.3  # below this a clause says nothing evaluative
# A finite verb: "when" after one sets the scene; before one it is part of the subject
# ("Systems for keeping people safe when they moved ... were not effective").
FINITE = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|could|would|\w+ed)\b", re.I)
# What an action led to judges it: "..., and staff told us this had reduced the number
# of people waiting".
RESULT = prefiltered(r"\b(?:this|which|these|it) (?:has |had |have )?(?:already |also |"
                    r"significantly |greatly )?(?:reduced|improved|increased|cut|helped|led to|"
                    r"resulted in|enabled|prevented|lowered|shortened|worsened|slowed)\b",
                    re.I)  # fmt: skip
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
    def sign(self) -> int:
        """1 positive, -1 negative, 0 neutral (within ``POLAR`` of nothing)."""
        return 1 if self.score >= POLAR else (-1 if self.score <= -POLAR else 0)

    @property
    def label(self) -> str:
        return ("neutral", "positive", "negative")[self.sign]


CONSTRUCTION_RULES = RuleSet([pattern for pattern, _value in CONSTRUCTIONS])


SPACES = re.compile(r"  +")


def _constructions(text: str) -> tuple[str, float, list[str]]:
    """The clause with set phrases and constructions scored and taken out of it."""
    lowered = CANCELLED.sub(" ", text.lower().replace("’", "'"))
    lowered = JOINED.sub(r"\1-\2", lowered)
    if "safeguarding" in lowered:
        lowered = REFERRALS.sub(" ", lowered)
    lowered = SPACES.sub(" ", lowered)  # what was cancelled leaves one space, not several
    score, words = 0.0, []
    # Only the constructions whose words the clause holds are run; the clause is
    # scanned for them again only after one is taken out of it.
    candidates = CONSTRUCTION_RULES.possible(lowered)
    at = 0
    while at < len(candidates):
        index = candidates[at]
        at += 1
        pattern, value = CONSTRUCTIONS[index]
        found = [match.group(0) for match in pattern.regex.finditer(lowered)]
        if not found:
            continue  # nothing to take out: no second pass over the clause
        for phrase in found:
            score += value
            words.append(phrase)
        # A negator inside a construction still reverses what follows it.
        lowered = pattern.regex.sub(_taken_out, lowered)
        candidates, at = [i for i in CONSTRUCTION_RULES.possible(lowered) if i > index], 0
    return lowered, score, words


def _taken_out(match: re.Match[str]) -> str:
    return " not " if match.group(0).startswith(("not", "can")) else " "  # "cannot yet"


class _WordScorer:
    """Word valences of one clause, read left to right, with the scopes the rules open:
    negation, reduction, awareness, hypothesis, and the clause a fall looks back on."""

    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.score, self.words = 0.0, []
        self.flip_until, self.negator_open = -1, False  # a negator's scope, and if unused
        self.reverse_until = self.hypothetical_until = -1
        self.reverse_all = True  # a reduction turns round anything; awareness only a problem
        self.clause: list[tuple[int, float]] = []  # (position in words, value) in this clause
        self.last_polar: tuple[int, int, float] | None = None  # token index, position, value
        # What a count counts ("the number of people whose discharge was delayed"): its
        # words until a comma, whatever relative clause they sit in, fall with it.
        self.counted: list[tuple[int, float]] | None = None

    def run(self) -> tuple[float, list[str]]:
        for index, token in enumerate(self.tokens):
            self.step(index, token)
        if self.negator_open:
            self.missing()
        return self.score, self.words

    def step(self, index: int, token: str) -> None:
        if token in COUNT_HEADS and self.tokens[index + 1 : index + 2] == ["of"]:
            self.counted = []
        if token in REVERSERS and self.clause and index and self.tokens[index - 1] in PASSIVE:
            token = "fallen"  # "the backlog had been cleared": what came before was reduced
        if token in CLAUSE_BREAKS:
            self.clause_break(token)
        elif token in HYPOTHETICAL or (
            token == OPEN_QUESTION and MODALS & set(self.tokens[index + 1 : index + 4])
        ):
            self.hypothetical_until = index + NEGATION_WINDOW
        elif token in NEGATORS or token.endswith("n't"):
            self.negator(index)
        elif token in FALLING and self.fallen(index):
            self.fall()
        elif token in REVERSERS:
            self.reverse_until, self.reverse_all = index + REVERSAL_WINDOW, True
        elif token in QUANTITY and index <= self.reverse_until:
            self.reverse_until += 1  # "reduced the number of people waiting": reduced waiting
        elif token in FALLING:
            pass  # a fall of something neutral ("enquiries had fallen") judges nothing
        elif token in AWARENESS:
            # Knowing counts a little in itself ("leaders were aware of this") and turns
            # round a problem that follows it.
            self.reverse_until, self.reverse_all = index + REVERSAL_WINDOW, False
            if index > self.hypothetical_until and not self.negator_open and valence(token) > 0:
                self.count(index, token, valence(token))
        else:
            self.word(index, token)

    def missing(self) -> None:
        self.score += MISSING
        self.words.append("not/no")
        self.negator_open = False

    def clause_break(self, token: str) -> None:
        if token in ",;:":
            self.counted = None
        if self.negator_open and token in ",;:":
            self.missing()  # "there was no plan, and ...": the negation ends here
        self.clause, self.reverse_until, self.hypothetical_until = [], -1, -1

    def negator(self, index: int) -> None:
        if self.negator_open and index <= self.flip_until:
            self.negator_open = False  # two negations cancel: "not without", "no ... not"
            return
        if self.negator_open:
            self.score += MISSING
        self.flip_until, self.negator_open = index + NEGATION_WINDOW, True

    def fallen(self, index: int) -> bool:
        """Whether something evaluated fell: in this clause ("waiting lists had reduced"),
        or just before it ("Although the service was strong, it had declined")."""
        recent = self.last_polar and index - self.last_polar[0] <= REVERSAL_WINDOW + 2
        if self.counted:
            self.clause = sorted(set(self.counted) | set(self.clause))
        elif not self.clause and recent:
            self.clause = [self.last_polar[1:]]
        return bool(self.clause)

    def fall(self) -> None:
        """What fell counts the other way."""
        for position, value in self.clause:
            self.score -= 2 * value * 0.9
            self.words[position] = "fallen " + self.words[position]
        self.clause, self.last_polar, self.counted = [], None, None

    def word(self, index: int, token: str) -> None:
        value = valence(token) if index > self.hypothetical_until else 0.0
        if not value:
            if self.negator_open and index >= self.flip_until:
                self.missing()
            return
        if index <= self.flip_until and self.negator_open:
            # A good thing denied is at least something missing ("had not received regular");
            # a weakly bad word further on is the topic of what is missing ("rarely included
            # information on waiting times"), unless the negation governs it ("no waiting").
            flipped = value * NEGATION_SCALAR
            far = index - (self.flip_until - NEGATION_WINDOW) > 2
            weak_bad = far and 0 > value > -STRONG / 2
            value = min(flipped, MISSING) if value > 0 else (MISSING if weak_bad else flipped)
            token, self.negator_open = "not " + token, False
        elif index <= self.reverse_until and (self.reverse_all or value < 0):
            value, token, self.reverse_until = value * -0.8, "reduced " + token, -1
        self.count(index, token, value)

    def count(self, index: int, token: str, value: float) -> None:
        self.score += value
        if self.counted is not None:
            self.counted.append((len(self.words), value))
        self.clause.append((len(self.words), value))
        self.last_polar = (index, len(self.words), value)
        self.words.append(token)


def _word_scores(tokens: list[str]) -> tuple[float, list[str]]:
    """Word valences with negation, reversal, falls and hypothetical scope applied."""
    return _WordScorer(tokens).run()


def _benchmark(text: str) -> Polarity | None:
    """The polarity of a comparison with a benchmark (``BENCHMARK``), if the clause makes one."""
    match = BENCHMARK.search(text)
    if not match:
        return _numeric_benchmark(text)
    word = (match.group("dir") or match.group("rank")).lower()
    rest = text[: match.start()] + " " + text[match.end() :]
    measure = _measure(rest)
    if word in ALWAYS:
        sign = ALWAYS[word]
    elif word in UP | DOWN:
        sign = (1 if word in UP else -1) * (measure or (1 if match.group("rank") else 0))
    else:
        sign = 0  # similar to, in line with, not different from
    return Polarity(BENCHMARK_WEIGHT * sign, [match.group(0)], "compared with a benchmark")


def _measure(rest: str) -> int:
    """Whether more of what the clause measures is good (1), bad (-1) or neither (0).

    >>> _measure("a care worker vacancy rate of 11.4%"), _measure("21% used a direct payment")
    (-1, 1)
    """
    return measure_sign(rest) or clause_polarity(rest).sign


# Which side of its target a figure is said to fall ("short of its own target of 90%").
TARGET_SIDE = {"short of": -1, "below": -1, "above": 1, "beating": 1, "exceeding": 1}


def _numeric_benchmark(text: str) -> Polarity | None:
    """A comparison whose figures give the direction (``NUMERIC_BENCHMARK``), if any: a
    higher figure of something good is good, a lower one bad; of something neutral,
    nothing."""
    match = NUMERIC_BENCHMARK.search(text)
    if not match:
        return None
    benchmark = next(match.group(g) for g in "bcde" if match.group(g))
    a, b = float(match.group("a")), float(benchmark)
    measure = _measure(text[: match.start("cmp")] + text[match.end("cmp") :])
    sign = (a > b) - (a < b)
    if match.group("e"):
        # A target is to be reached: "short of" it is bad whatever is measured, and a
        # figure against it is read as "at least", unless the measure is a bad one.
        said = match.group("to_target").lower()
        if said == "against":
            measure = measure_sign(text) or 1
        else:
            sign, measure = TARGET_SIDE[said], 1
    return Polarity(BENCHMARK_WEIGHT * sign * measure, [match.group("cmp").strip(" ,")],
                    "compared with a benchmark")  # fmt: skip


def _measured_change(text: str) -> Polarity | None:
    """The polarity of a change in a measure the clause names (``GOOD_MEASURE`` or
    ``BAD_MEASURE``), if it names one change.

    >>> _measured_change("Social worker vacancies down from 24% to 11%").score
    1.5
    >>> _measured_change("Direct payment take-up has fallen for two years").score
    -1.5
    """
    match = CHANGE.search(text)
    if not match:
        return None
    measure = measure_sign(text)
    if not measure:
        return None
    rise = 1 if (match.group("rise") or match.group("up")) else -1
    return Polarity(BENCHMARK_WEIGHT * rise * measure, [match.group(0)], "a measure that moved")


def clause_polarity(text: str) -> Polarity:
    """The polarity of one clause, without contrast handling ("A rather than B" aside)."""
    benchmark = _benchmark(text) or _measured_change(text)
    if benchmark is not None:
        return benchmark
    minority = MINORITY.search(text)
    if minority:
        before = clause_polarity(text[: minority.start()]) if minority.start() else Polarity(0)
        said = clause_polarity(text[minority.end() :])
        if said.score > 0:
            part = NEGATION_SCALAR * said.score
        else:
            part = said.score * 0.5 if said.score < 0 else MISPLACED
        words = [minority.group(0)] + before.words + said.words
        return Polarity(round(before.score + part, 2), words)
    rejected = REJECTED.search(text)
    if rejected and rejected.start() > 0:
        end = DENIED_END.search(text, rejected.end())
        cut = end.start() if end else len(text)
        asserted = clause_polarity(text[: rejected.start()])
        denied = clause_polarity(text[rejected.end() : cut])
        rest = clause_polarity(text[cut:]) if cut < len(text) else Polarity(0.0)
        score = asserted.score + NEGATION_SCALAR * denied.score
        if abs(asserted.score) < POLAR and abs(denied.score) < POLAR:
            score = MISPLACED if EMPHASIS.search(text[: rejected.start()]) else 0.0
        words = asserted.words + [f"not {w}" for w in denied.words] + rest.words
        return Polarity(round(score + rest.score, 2), words)
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
    text = unwrapped(sentence)
    scene = SCENE.search(text)
    main = text[: scene.start()] if scene else ""
    if scene and FINITE.search(main) and abs(_contrasted(main).score) >= POLAR:
        text = main  # "when ..." only sets the scene for the clause that judges
    result = RESULT.search(text)
    if result and result.start() > 0:
        outcome = clause_polarity(text[result.start() :])
        if abs(outcome.score) >= POLAR:
            outcome.note = "the result it had decides"
            return outcome
    return _contrasted(text)


def _contrasted(text: str) -> Polarity:
    """The polarity of a sentence whose deciding clause contrast chooses."""
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
