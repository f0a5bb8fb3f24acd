"""Quality statements and Care Act duties of a finding.

The enclosing heading decides when it names a quality statement (method
``heading``); otherwise the indicative terms the framework data gives each
statement point at the one the sentence is about (method ``inferred``), within
the heading's theme when there is one. Precision comes first: one well-supported
statement, or none, rather than two guesses. So:

- a **topical** term (what a sentence is about: "safeguarding enquiries",
  "reablement", "market position statement") weighs more the more words it has;
- a **frame** term (who acts or how work is organised: "leaders", "partners",
  "providers", "strategy", "feedback") weighs little, and names its statement
  only when nothing topical does; a frame word that is the source of what is
  reported ("Partners told us ...") is the evidence, not the subject;
- the report's own words about itself ("the assessment found", "areas for
  improvement") point at nothing;
- a second statement is given only when the sentence has topical evidence for
  it at least half as strong as for the first ("... minority ethnic communities
  ..., and unpaid carers waited for an assessment").

A list item with nothing of its own takes its lead-in's statements.

>>> from carekg.graph.model.vocabulary import load_vocabulary
>>> matcher = TermMatcher(load_vocabulary())
>>> matcher.quality_statements("Safeguarding enquiries were completed promptly.", None)
[7]
>>> matcher.quality_statements("Staff told us that safeguarding enquiries were prompt.", None)
[7]
>>> matcher.quality_statements("Partners told us the council listened to them.", None)
[]
"""

from __future__ import annotations

import re
from functools import lru_cache

from carekg.graph.extract.prefilter import Prefiltered, prefiltered, rule_set
from carekg.graph.model.text import unwrapped
from carekg.graph.model.vocabulary import Vocabulary

# Who acts and how work is organised: words that go with any subject. They point at
# their statement only when nothing more specific does.
FRAME = {
    "leader", "leaders", "strategy", "strategic", "vision", "ambition", "culture",
    "principal social worker",  # who leads, and what they say they aim for
    "partners", "partner organisations", "provider", "providers", "integrated",
    "relationship", "relationships",  # who with
    "feedback", "training", "resources", "funding", "funded", "financial", "backlog",
    "hub", "hubs",  # what any service has or does
    "social worker", "social workers", "occupational therapist", "occupational therapists",
    "wait", "waits", "waited", "waiting", "telephone", "phone",  # how any service is reached
}  # fmt: skip
FRAME_WEIGHT = 0.3
# A frame word followed by a verb of reporting is the evidence's source, not its topic.
REPORTING = re.compile(r"^\s+(?:also\s+|generally\s+|consistently\s+)?(?:told|tell|said|say|"
                       r"says|described|describe|"
                       r"reported|felt|feel|spoke|commented|explained|gave|shared|highlighted|"
                       r"raised|were (?:positive|critical|clear|keen))\b", re.I)  # fmt: skip
# The report speaking of itself: its assessment, its visit, its lists of areas.
REPORT_ITSELF = prefiltered(
    r"\b(?:the|our|this) (?:assessment|review|peer challenge|inspection|visit)\b"
    r"(?= (?:also )?(?:found|showed|identified|heard|saw|team|period|process))|"
    r"\b(?:at the time of|during|before|since) (?:our|the|this) (?:assessment|visit|review)\b|"
    r"\bareas? (?:for|of) (?:improvement|development)\b|\broom for improvement\b|"
    r"\blearning disabilit(?:y|ies)\b|"  # people, not learning
    r"\b(?:its |the |a |their |our )?(?:CQC|Care Quality Commission) (?:assessments?|"
    r"inspections?|visits?|reviews?)\b|\bin advance of CQC\b",
    re.I,
)
TOPICAL = 1.0  # one topical word; each further word of a term adds half
SECOND = 0.5  # a second statement needs at least this share of the first one's evidence


def term_pattern(terms: list[str]) -> Prefiltered | None:
    """A case-insensitive pattern for whole terms, tolerant of plurals and hyphens."""
    return _terms_pattern(tuple(sorted({t for t in terms if t.strip()}, key=len, reverse=True)))


@lru_cache(maxsize=1024)
def _terms_pattern(terms: tuple[str, ...]) -> Prefiltered | None:
    """Compiled once per set of terms: every report's matcher asks for the same ones."""
    if not terms:
        return None
    alternation = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+").replace("'", "['’]?")
                           for t in terms)  # fmt: skip
    return prefiltered(rf"(?<![\w-])(?:{alternation})(?:'s|’s|s|es)?(?![\w-])", re.I)


def longest_first(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Non-overlapping matches, longer ones chosen first."""
    kept: list[tuple[int, int, object]] = []
    for start, end, value in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, value))
    return kept


def local_name(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _weight(term: str) -> float:
    words = " ".join(term.lower().replace("-", " ").split())
    if words in FRAME or words.rstrip("s") in FRAME:
        return FRAME_WEIGHT
    return TOPICAL + 0.5 * (len(words.split()) - 1)


class TermMatcher:
    """Compiled indicative terms of the quality statements and Care Act duties."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.qs_terms = {n: term_pattern(qs.terms + [qs.label.lower()])
                         for n, qs in vocab.quality_statements.items()}  # fmt: skip
        self.duty_terms = [(d, term_pattern(d.terms)) for d in vocab.duties]
        # Every report asks the same terms of each sentence: one scan says which could match.
        self.qs_rules = rule_set(tuple(p for p in self.qs_terms.values() if p is not None))
        self.qs_numbers = [n for n, p in self.qs_terms.items() if p is not None]
        self.duty_rules = rule_set(tuple(p for _d, p in self.duty_terms if p is not None))
        self.duty_notations = [d.notation or local_name(d.iri) for d, p in self.duty_terms if p]

    def _scores(self, clause: str, theme: int | None) -> dict[int, float]:
        """Weighted indicative terms per statement in one clause (theme's statements only).

        Overlapping terms count once, for the longest: "integrated care board" is a
        partnership term, not an instance of "integrated".
        """
        matches = []
        patterns = self.qs_rules.patterns
        for index in self.qs_rules.possible(clause):
            number, regex = self.qs_numbers[index], patterns[index].regex
            matches += [(m.start(), m.end(), number) for m in regex.finditer(clause)]
        scores: dict[int, float] = {}
        for start, end, number in longest_first(matches):
            weight = _weight(clause[start:end])
            if weight == FRAME_WEIGHT and REPORTING.match(clause[end:]):
                continue  # "Partners told us ...": the source of the evidence
            if theme is None or self.vocab.quality_statements[number].theme == theme:
                scores[number] = scores.get(number, 0.0) + weight
        return scores

    def quality_statements(
        self, sentence: str, theme: int | None, focus: tuple[int, ...] = ()
    ) -> list[int]:
        """The statement the sentence is about; a second one only on strong evidence.

        ``focus``: the statements the whole report is about (its title names them), which
        count as one topical term more in every sentence of it.
        """
        text = REPORT_ITSELF.sub(" ", unwrapped(sentence))
        total = self._scores(text, theme)
        if total:
            for number in focus:
                if theme is None or self.vocab.quality_statements[number].theme == theme:
                    total[number] = total.get(number, 0.0) + TOPICAL
        if not total:
            return self._theme_default(theme)
        ranked = sorted(total, key=lambda n: (-total[n], n))
        # A second statement only with topical evidence at least half as strong.
        if len(ranked) > 1 and total[ranked[1]] >= max(TOPICAL, SECOND * total[ranked[0]]):
            return sorted(ranked[:2])
        return ranked[:1]

    def _theme_default(self, theme: int | None) -> list[int]:
        """Under a theme heading with nothing more specific, the theme's first quality
        statement is the general one ("Leadership" -> governance)."""
        if theme is None:
            return []
        in_theme = [n for n, q in self.vocab.quality_statements.items() if q.theme == theme]
        return [min(in_theme)] if in_theme else []

    def duties(self, sentence: str) -> list[str]:
        """Care Act duty notations the sentence points at."""
        patterns = self.duty_rules.patterns
        return [self.duty_notations[index] for index in self.duty_rules.possible(sentence)
                if patterns[index].regex.search(sentence)]  # fmt: skip
