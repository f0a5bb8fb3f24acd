"""Patterns that skip the regex scan when a text lacks the words every match needs.

Most rules look for phrases that most sentences do not contain, and Python's
``re`` tries a pattern that opens with ``\\b`` or a lookbehind at every position
of the text. ``prefiltered`` reads the pattern once and finds literal strings
one of which every match must contain ("the council", "not yet", "risk"); a
text holding none of them cannot match, which a substring test (``in``, in C)
says at a small part of the scan's cost. Where the text holds one, the pattern
runs as before. The answer is the same either way; only the time differs.

Rules asked in turn of one text (a sentence against every partner's names,
every construction, every quality statement's terms) are a ``RuleSet``: one
scan of the text finds which of all their literals it holds, and only the
patterns with one run; the answers are those of asking each pattern.

The literals are those of the pattern as parsed by ``re`` itself. Under
``re.IGNORECASE`` they are compared with the text lower-cased, after mapping
the three characters ``re`` also matches to ASCII letters that ``str.lower``
does not give as them (İ, ı, ſ); only ASCII letters and characters without
case count as literals there.

>>> rule = prefiltered(r"\\b(?:not yet|(?:an? )?early stages?)\\b", re.I)
>>> rule.literals
('early stage', 'not yet')
>>> rule.search("The work was at an EARLY STAGE.").group(0), rule.search("Done well.")
('an EARLY STAGE', None)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes, as ``re`` itself reads a pattern
from re import _parser

LIMIT = 64  # at most this many alternative strings are tracked for one part of a pattern
CLASS_LIMIT = 8  # a character class with more members than this counts as any character
RARE = 5  # characters from which a literal counts as rare enough: fewer literals then win
FEW = 4  # up to this many literals are looked for one by one (``in``), more in one scan
# Characters ``re.IGNORECASE`` matches to an ASCII letter that ``str.lower`` does not
# turn into that letter alone (tests/test_prefilter.py checks every code point).
CASE_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

Strings = frozenset[str]


class _Parts:
    """What a part of a pattern matches: exactly one of ``exact`` (when known), and
    some text that contains one of ``required`` (when known)."""

    __slots__ = ("exact", "required")

    def __init__(self, exact: Strings | None = None, required: Strings | None = None):
        self.exact = exact
        self.required = required

    def requirement(self) -> Strings | None:
        """The more selective of what is required and what is matched exactly."""
        options = [self.required]
        if self.exact is not None and "" not in self.exact:
            options.append(self.exact)
        return _best([o for o in options if o])


EMPTY = _Parts(frozenset({""}))
UNKNOWN = _Parts()


def _minimal(strings: Strings) -> Strings:
    """Without the strings that contain another one: the shorter is found wherever they are."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _best(candidates: list[Strings]) -> Strings | None:
    """The set to look for: strings long enough to be rare (``RARE``), and few of them."""
    valid = [_minimal(c) for c in candidates if c and "" not in c]
    if not valid:
        return None
    return max(valid, key=lambda c: (min(RARE, *map(len, c)), -len(c), min(map(len, c))))


def _char(code: int, ignore_case: bool) -> str | None:
    char = chr(code)
    if not ignore_case or char.lower() == char.upper():
        return char  # no other character lower-cases to one without case
    return char.lower() if char.isascii() else None  # a cased letter beyond ASCII: unknown


def _class(items: list, ignore_case: bool) -> _Parts:
    chars = set()
    for op, av in items:
        if op is not sre.LITERAL:
            return UNKNOWN  # a range, a category or a negation: too many characters
        char = _char(av, ignore_case)
        if char is None:
            return UNKNOWN
        chars.add(char)
    return _Parts(frozenset(chars)) if 0 < len(chars) <= CLASS_LIMIT else UNKNOWN


def _repeat(low: int, high: int, item: _Parts) -> _Parts:
    if low == 0:
        optional = item.exact is not None and high == 1
        return _Parts(item.exact | {""}) if optional else EMPTY if high == 0 else UNKNOWN
    exact = None
    if item.exact is not None and low == high and len(item.exact) ** low <= LIMIT:
        exact = frozenset({""})
        for _ in range(low):
            exact = frozenset(a + b for a in exact for b in item.exact)
    return _Parts(exact, item.requirement())


def _branch(alternatives: list, ignore_case: bool) -> _Parts:
    parts = [_sequence(alternative, ignore_case) for alternative in alternatives]
    exacts = [p.exact for p in parts]
    exact = None
    if all(e is not None for e in exacts):
        union = frozenset().union(*exacts)
        exact = union if len(union) <= LIMIT else None
    needs = [p.requirement() for p in parts]
    required = frozenset().union(*needs) if all(needs) else None
    return _Parts(exact, required)


def _item(op, av, ignore_case: bool) -> _Parts:  # noqa: C901 - one case per opcode
    if op is sre.LITERAL:
        char = _char(av, ignore_case)
        return _Parts(frozenset({char})) if char is not None else UNKNOWN
    if op is sre.IN:
        return _class(av, ignore_case)
    if op is sre.BRANCH:
        return _branch(av[1], ignore_case)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        return _repeat(low, high, _sequence(body, ignore_case))
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return UNKNOWN  # the case rule changes inside: not worth following
        return _sequence(body, ignore_case)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, ignore_case)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return EMPTY  # zero width: what a lookaround needs is not part of the match
    return UNKNOWN  # any character, a category, a back reference, a conditional


def _product(left: Strings, right: Strings) -> Strings:
    return frozenset(a + b for a in left for b in right)


def _words(items, ignore_case: bool) -> list[_Parts]:
    """The parts of a sequence, each run of single characters joined into one string."""
    parts: list[_Parts] = []
    for op, av in items:
        part = _item(op, av, ignore_case)
        single = part.exact is not None and len(part.exact) == 1
        if single and parts and parts[-1].exact is not None and len(parts[-1].exact) == 1:
            parts[-1] = _Parts(_product(parts[-1].exact, part.exact))
        else:
            parts.append(part)
    return parts


def _sequence(items, ignore_case: bool) -> _Parts:
    """Consecutive parts: the strings they match together, cut where a part is unknown.

    A run of known strings starts at every part, so that "value" is found in
    "(?:staff|people) (?:really )?values?" as well as the run that begins the pattern.
    """
    whole: Strings | None = frozenset({""})  # the run from the first part, while it lasts
    runs: list[Strings] = []  # the runs that end at the current part
    candidates: list[Strings] = []
    for part in _words(items, ignore_case):
        if part.exact is None:
            candidates += runs
            runs, whole = [], None
            if part.requirement():
                candidates.append(part.requirement())
            continue
        extended = [part.exact]
        for run in runs:
            if len(run) * len(part.exact) <= LIMIT:
                extended.append(_product(run, part.exact))
            else:
                candidates.append(run)  # too many combinations: the run ends here
        runs = extended
        if whole is not None:
            whole = _product(whole, part.exact) if len(whole) * len(part.exact) <= LIMIT else None
    candidates += runs
    return _Parts(whole, _best(candidates))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or None if none are known.

    Under ``re.IGNORECASE`` the strings are lower-case and are looked for in
    ``fold(text)``.
    """
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    found = _sequence(list(parsed), ignore_case).requirement()
    if not found:
        return None
    # Any part of a literal is in every match too; without its end spaces a literal
    # starts with a rarer character, which a scan for many of them skips to faster.
    trimmed = frozenset(s.strip(" ") or s for s in found)
    return tuple(sorted(_minimal(trimmed)))


_last: tuple[str, str] = ("", "")  # the last text folded and its folding: rules ask in turn


def fold(text: str) -> str:
    """The text as ``re.IGNORECASE`` compares it with ASCII letters and caseless characters."""
    global _last
    last = _last
    if text is last[0]:
        return last[1]
    folded = text
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        folded = text.translate(CASE_FIXES)
    folded = folded.lower()
    _last = (text, folded)
    return folded


class Prefiltered:
    """A compiled pattern that answers "no match" at once for a text without its literals.

    Offers what the rules use of ``re.Pattern``; anything else is the pattern's own.
    """

    __slots__ = ("regex", "_literals", "_ignore_case", "_any_of")

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        self._ignore_case = bool(regex.flags & re.IGNORECASE)
        self._literals: tuple[str, ...] | None | bool = False  # False: not read yet
        self._any_of: Callable[[str], re.Match[str] | None] | None = None

    @property
    def literals(self) -> tuple[str, ...] | None:
        """The strings one of which a match contains; read from the pattern when first asked,
        so that importing the rules costs nothing."""
        if self._literals is False:
            literals = required_literals(self.regex)
            if literals is not None and len(literals) > FEW:
                # Many literals are looked for in one pass: an alternation shaped as a
                # trie, which ``re`` scans fast (it skips positions whose character
                # starts none, and tries one branch per character, not every literal).
                self._any_of = re.compile(_trie_pattern(sorted(literals))).search
            self._literals = literals
        return self._literals  # type: ignore[return-value]

    def possible(self, text: str) -> bool:
        """Whether the text could hold a match (False only when it certainly does not)."""
        literals = self._literals
        if literals is False:
            literals = self.literals
        if literals is None:
            return True
        if self._ignore_case:
            text = fold(text)
        if self._any_of is not None:
            return self._any_of(text) is not None
        for literal in literals:
            if literal in text:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos) if self.possible(text) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos) if self.possible(text) else None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.fullmatch(text, pos, endpos) if self.possible(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos) if self.possible(text) else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self.regex.findall(text, pos, endpos) if self.possible(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.regex.sub(repl, text, count) if self.possible(text) else text

    def subn(self, repl, text: str, count: int = 0) -> tuple[str, int]:
        return self.regex.subn(repl, text, count) if self.possible(text) else (text, 0)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    @property
    def flags(self) -> int:
        return self.regex.flags

    def __repr__(self) -> str:
        return f"prefiltered({self.regex!r})"


def prefiltered(pattern: str | re.Pattern[str], flags: int = 0) -> Prefiltered:
    """``re.compile(pattern, flags)`` with the literal test in front of it (module docstring)."""
    return Prefiltered(re.compile(pattern, flags))


def _trie_pattern(literals: list[str]) -> str:
    """An alternation of the literals as a trie: at a position, ``re`` tries one branch
    per next character instead of every literal, and the longest literal wins."""
    root: dict = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer literal first

    return branch(root)


class _Scan:
    """Which literals of a set a text holds, in one pass of ``re``.

    At each position the lookahead finds the longest literal that starts there;
    the shorter ones that start there are its prefixes, so each literal found
    stands for itself and every literal that is a prefix of it.
    """

    def __init__(self, literals: dict[str, set[int]]):
        self.finder = re.compile(f"(?=({_trie_pattern(sorted(literals))}))").findall
        self.rules: dict[str, frozenset[int]] = {
            literal: frozenset().union(*(r for p, r in literals.items() if literal.startswith(p)))
            for literal in literals
        }
        # A few literals are looked for one by one (``in``, in C): faster than a scan.
        self.few = tuple(literals.items()) if len(literals) <= FEW else None

    def rules_in(self, text: str) -> set[int]:
        if self.few is not None:
            return set().union(*(rules for literal, rules in self.few if literal in text))
        rules = self.rules
        return set().union(*(rules[found] for found in set(self.finder(text))))


class RuleSet:
    """Patterns asked in turn of one text: which of them could match it, found in one scan.

    ``possible(text)`` gives the positions (in the order given) of the patterns whose
    ``Prefiltered.possible(text)`` is True (a plain ``re.Pattern`` always is): the same
    answers as asking each pattern, at the cost of one scan of the text per case rule
    instead of one literal test per pattern.
    """

    def __init__(self, patterns: list[Prefiltered | re.Pattern[str]]):
        self.patterns = patterns
        self.always: frozenset[int] | None = None  # None: not read yet (see ``_read``)
        self.folded: _Scan | None = None
        self.exact: _Scan | None = None

    def _read(self) -> None:
        """Read the patterns' literals when first asked, so that importing the rules costs
        nothing."""
        always: set[int] = set()
        by_case: dict[bool, dict[str, set[int]]] = {True: {}, False: {}}
        for index, pattern in enumerate(self.patterns):
            literals = pattern.literals if isinstance(pattern, Prefiltered) else None
            if literals is None:
                always.add(index)
                continue
            for literal in literals:
                by_case[pattern.flags & re.IGNORECASE != 0].setdefault(literal, set()).add(index)
        self.always = frozenset(always)
        self.folded = _Scan(by_case[True]) if by_case[True] else None
        self.exact = _Scan(by_case[False]) if by_case[False] else None

    def possible(self, text: str) -> list[int]:
        """Positions of the patterns that could match the text, in order."""
        if self.always is None:
            self._read()
        found = set(self.always)  # type: ignore[arg-type]
        if self.folded is not None:
            found |= self.folded.rules_in(fold(text))
        if self.exact is not None:
            found |= self.exact.rules_in(text)
        return sorted(found)


@lru_cache(maxsize=256)
def rule_set(patterns: tuple[Prefiltered | re.Pattern[str], ...]) -> RuleSet:
    """The rule set of these patterns, made once: reports ask the same rules in turn."""
    return RuleSet(list(patterns))
