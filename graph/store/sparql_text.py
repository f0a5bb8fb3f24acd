"""What the text of a SPARQL query says, read without running it.

One small tokenizer serves every place that needs to know a query's form or
refuse what carekg does not run: updates (the store is read through queries
only), ``SERVICE`` (pyoxigraph would fetch another endpoint) and ``FROM`` (the
store answers over the union of its graphs and would silently ignore it).

The tokenizer follows the SPARQL grammar's rules for comments, strings (short
and long, with escapes), IRIs (with ``\\u`` escapes), variables and language
tags, and keeps the other words; where it is unsure (an unterminated string)
it sees more words, never fewer, or the parser rejects the text.

>>> query_form("# hi\\nPREFIX ex: <http://example.org/#a>\\n insert data { }")
'INSERT'
>>> read_only_problem('SELECT ?service { ex:s <x#SERVICE> "SERVICE" } # SERVICE') is None
True
>>> read_only_problem("select * { service silent <x> { ?s ?p ?o } }")[:7]
'SERVICE'
"""

from __future__ import annotations

import re

from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset("INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH".split())

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'
               |"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
    | (?P<word>(?:[\w\-.:%\u00b7\u0300-\u036f\u203f-\u2040]|\\[_~.\-!$&'()*+,;=/?\#@%])+)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def bare_words(text: str) -> list[str]:
    """The upper-cased bare words of a query: not comments, strings, IRIs or variables.

    >>> bare_words('SELECT ?service { ex:s <x#SERVICE> "SERVICE" } # SERVICE')
    ['SELECT', 'EX:S']
    """
    return [m.group().upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def keywords(text: str) -> set[str]:
    """Bare words that are not prefixed names."""
    return {w for w in bare_words(text) if ":" not in w}


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (PREFIX and BASE declarations)."""
    skip = 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind in ("comment", "space"):
            continue
        if skip:
            skip -= 1
            continue
        if kind != "word":
            return None
        word = value.upper()
        if word == "PREFIX":
            skip = 2  # the prefix name and its IRI
        elif word == "BASE":
            skip = 1
        else:
            return word
    return None


def read_only_problem(text: str) -> str | None:
    """Why carekg will not run this query (an update, SERVICE, FROM), or None."""
    form = query_form(text)
    if form in UPDATE_KEYWORDS:
        return (
            f"{form} is a SPARQL update and is not allowed: carekg only reads the store here "
            "(SELECT, ASK, CONSTRUCT or DESCRIBE)"
        )
    words = keywords(text)
    if "SERVICE" in words:
        return "SERVICE is not allowed: carekg does not query other endpoints"
    if "FROM" in words:
        return (
            "FROM and FROM NAMED are not supported: the default graph is the union of all "
            "carekg graphs; use GRAPH <iri> { ... } to pick one"
        )
    return None


def syntax_message(text: str, error: str) -> str:
    """A one-line message for a query the parser rejected, with the position in ``text``.

    Prefixes are passed to the parser apart from the text, so positions are the user's.
    """
    update = sorted(keywords(text) & UPDATE_KEYWORDS)
    if update:  # "SELECT ... ; DROP ALL": the parser stops, but the intent is clear
        return read_only_problem(f"{update[0]} {{}}") or ""
    error = " ".join(error.split()).removeprefix("SPARQL syntax error: ")
    at = re.match(r"error at (\d+):(\d+):\s*(.*)$", error)
    if at:
        line, column, rest = at.groups()
        if "Prefix not found" in rest:
            before = (text.splitlines() or [""])[
                min(max(int(line), 1), len(text.splitlines()) or 1) - 1
            ]
            found = re.findall(r"([A-Za-z][\w.-]*)?:[\w.%-]*", before[: max(int(column), 1)])
            name = f"{found[-1]}:" if found else "a prefix"
            known = ", ".join(f"{p}:" for p in PREFIXES)
            rest = f"unknown prefix {name} (declared: {known})"
        error = f"at line {line}, column {column}: {rest}"
    return one_line(f"SPARQL syntax error {error}")
