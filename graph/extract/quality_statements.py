"""Quality statements and Care Act duties of a finding.

The enclosing heading decides when it names a quality statement (method
``heading``); otherwise the indicative terms the framework data gives each
statement point at the best one or two (method ``inferred``), within the
heading's theme when there is one. A list item with nothing of its own takes
its lead-in's statements.

>>> from carekg.graph.model.vocabulary import load_vocabulary
>>> matcher = TermMatcher(load_vocabulary())
>>> matcher.quality_statements("Safeguarding enquiries were completed promptly.", None)
[7]
"""

from __future__ import annotations

import re

from carekg.graph.model.vocabulary import Vocabulary


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern for whole terms, tolerant of plurals and hyphens."""
    terms = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternation = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+").replace("'", "['’]?")
                           for t in terms)  # fmt: skip
    return re.compile(rf"(?<![\w-])(?:{alternation})(?:'s|’s|s|es)?(?![\w-])", re.I)


def longest_first(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Non-overlapping matches, longer ones chosen first."""
    kept: list[tuple[int, int, object]] = []
    for start, end, value in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, value))
    return kept


def local_name(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


class TermMatcher:
    """Compiled indicative terms of the quality statements and Care Act duties."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.qs_terms = {n: term_pattern(qs.terms + [qs.label.lower()])
                         for n, qs in vocab.quality_statements.items()}  # fmt: skip
        self.duty_terms = [(d, term_pattern(d.terms)) for d in vocab.duties]

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
        for _start, _end, number in longest_first(matches):
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

    def duties(self, sentence: str) -> list[str]:
        """Care Act duty notations the sentence points at."""
        return [d.notation or local_name(d.iri) for d, p in self.duty_terms
                if p and p.search(sentence)]  # fmt: skip
