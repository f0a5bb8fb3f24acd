"""RuleSet: which of many prefiltered patterns could match a text, in one scan, exactly as
asking each pattern's ``possible`` would say."""

from __future__ import annotations

import re

import pytest

from carekg.graph.extract.evidence import CATEGORY_PATTERNS
from carekg.graph.extract.lexicon import CONSTRUCTIONS
from carekg.graph.extract.partner_wordings import GENERIC
from carekg.graph.extract.prefilter import RuleSet, prefiltered

TEXTS = [
    "",
    "The council has not yet put in place a clear approach; people had to wait too long.",
    "NOT ALWAYS easy to reach: the ICB and the Council's SAB met the Mayor.",
    "İstanbul ſafeguarding ıcb Cllr council's tax",  # characters re.IGNORECASE folds
    "not not yet notyet early-stage early stages",
    "Staff told us data and records we reviewed showed 12 people were waiting.",
]


def _expected(patterns, text: str) -> list[int]:
    return [i for i, p in enumerate(patterns) if not hasattr(p, "possible") or p.possible(text)]


@pytest.mark.parametrize(
    "patterns",
    [
        [p for p, _ in CONSTRUCTIONS],
        [p for _, p in GENERIC],
        [p for _, p in CATEGORY_PATTERNS],
        # Literals that are prefixes of one another, mixed case rules, a plain pattern.
        [
            prefiltered(r"\bnot\b", re.I),
            prefiltered(r"\bnot yet\b", re.I),
            prefiltered(r"notyet"),
            prefiltered(r"Council\b"),
            re.compile(r"\d+"),
        ],
    ],
)
def test_rule_set_answers_as_each_pattern(patterns) -> None:
    rules = RuleSet(patterns)
    for text in TEXTS + [t.lower() for t in TEXTS] + [t.upper() for t in TEXTS]:
        assert rules.possible(text) == _expected(patterns, text), text
