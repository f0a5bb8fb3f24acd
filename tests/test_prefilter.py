"""The literal prefilter never says "no match" where the pattern matches.

``prefilter.Prefiltered`` skips a pattern's scan when a text holds none of the
literals every match needs; these tests hold it to giving the same answer as the
pattern: on the constructs the analysis reads, on every rule of the extractor
over the fixture reports' sentences (as written, upper-cased and title-cased),
on generated text, and on the characters ``re.IGNORECASE`` folds unusually.
"""

from __future__ import annotations

import importlib
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carekg.graph.extract.prefilter import Prefiltered, fold, prefiltered, required_literals
from conftest import FIXTURES, SEEDS

MODULES = ["evidence", "kind", "lexicon", "partners", "polarity", "quality_statements",
           "relations", "sections", "selection"]  # fmt: skip


def _rules() -> list[tuple[str, Prefiltered]]:
    """Every prefiltered pattern the extractor's modules hold, with a name for messages."""
    found = []
    for name in MODULES:
        module = importlib.import_module(f"carekg.graph.extract.{name}")
        for attribute, value in vars(module).items():
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                for part in item if isinstance(item, tuple) else (item,):
                    if isinstance(part, Prefiltered):
                        found.append((f"{name}.{attribute}[{index}]", part))
    return found


RULES = _rules()


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for folder in (FIXTURES, SEEDS)
             for p in sorted(folder.iterdir()) if p.suffix in {".txt", ".md"}]  # fmt: skip
    pieces = []
    for text in texts:
        pieces += [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
    return pieces


def _same(rule: Prefiltered, text: str) -> bool:
    """The prefilter is only allowed to be wrong towards "possible"."""
    return rule.possible(text) or rule.regex.search(text) is None


def test_the_rules_are_prefiltered():
    assert len(RULES) > 60
    assert sum(rule.literals is not None for _name, rule in RULES) > 60


def test_rules_agree_with_their_patterns_on_the_fixture_sentences():
    sentences = _sentences()
    assert len(sentences) > 1000
    variants = [v for s in sentences for v in (s, s.upper(), s.title(), s.lower())]
    wrong = [(name, text) for name, rule in RULES for text in variants if not _same(rule, text)]
    assert not wrong, wrong[:5]
    # and it does skip: most sentences lack most rules' literals
    skipped = sum(not rule.possible(text) for _name, rule in RULES for text in sentences)
    assert skipped > len(RULES) * len(sentences) // 2


WORDS = sorted({literal for _name, rule in RULES for literal in rule.literals or ()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "-", "’", "'"]),
                          st.text(alphabet="abcISKsık ſİ-’.,", max_size=6)),
                max_size=14))  # fmt: skip
def test_rules_agree_on_generated_text(pieces):
    text = "".join(pieces)
    for variant in (text, text.upper(), text.capitalize()):
        for name, rule in RULES:
            assert _same(rule, variant), (name, variant)


@pytest.mark.parametrize(
    ("pattern", "flags", "literals"),
    [
        (r"\bnot (?:always|all)\b", re.I, ("not all", "not always")),
        (r"\b(?:staff|people) (?:really )?values?\b", re.I, ("value",)),
        (r"(?<![\w-])(?:the council|council's)(?![\w-])", re.I, ("council's", "the council")),
        (r"colou?r", 0, ("color", "colour")),
        (r"\bwork(?:ed)?\b.*\bwell\b", 0, ("work",)),
        (r"[a-z]+", 0, None),
        (r"x|\d", 0, None),  # one side needs no literal: nothing can be skipped
        (r"(?i:Alliance)|Forum", 0, None),  # a case rule of its own: not followed
        (r"Café", re.I, ("caf",)),  # a cased letter beyond ASCII is not a literal
        (r"a’b", re.I, ("a’b",)),  # a caseless one is
        (r"(?:ab){2}c", 0, ("ababc",)),
        (r"(?:a|b)(?:c|d)(?:e|f)", 0, ("ace", "acf", "ade", "adf", "bce", "bcf", "bde", "bdf")),
    ],
)
def test_literals_of_constructs(pattern, flags, literals):
    assert required_literals(re.compile(pattern, flags)) == literals


def test_ignorecase_folding_of_every_character():
    """``fold`` turns every character ``re.IGNORECASE`` matches to an ASCII letter into
    that letter alone, so a literal across it is still found."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for char in re.compile(letter, re.I).findall(everything):
            assert fold(char) == letter, (letter, hex(ord(char)))
    assert fold("İSTANBUL ſtaff ıs") == "istanbul staff is"


def test_answers_are_the_patterns_own():
    rule = prefiltered(r"\b(?P<word>risks?)\b", re.I)
    assert rule.search("A RISK to people").group("word") == "RISK"
    assert rule.search("nothing here") is None
    assert [m.group(0) for m in rule.finditer("risk, risks")] == ["risk", "risks"]
    assert rule.sub("-", "a risk") == "a -" and rule.sub("-", "calm") == "calm"
    assert rule.subn("-", "calm") == ("calm", 0) and rule.findall("calm") == []
    assert rule.fullmatch("Risks") and rule.match("no") is None
    assert rule.pattern == r"\b(?P<word>risks?)\b" and rule.flags & re.I
