"""What the text of a SPARQL query says, read without running it.

**The read-only check** (``read_only_problem``) refuses what carekg does not
run: updates (the store is read through queries only), ``SERVICE`` (pyoxigraph
would fetch another endpoint) and ``FROM`` (the store answers over the union of
its graphs and would silently ignore it). It decides on a full parse: rdflib's
SPARQL 1.1 parser builds the query's syntax tree, and the check walks it for
``ServiceGraphPattern`` and dataset clauses wherever they are nested. A text
rdflib cannot parse is not run either: it is an update (rdflib's update
parser says so), a syntax error (pyoxigraph's parser gives the message, with
its position), or syntax the checker does not know (refused, saying so). No
decision rests on matching words, so ``?o.SERVICE <x> {...}`` and other
spellings are found as the parser reads them.

A small tokenizer remains for messages and the query form (``query_form``):
it follows the grammar's rules for comments, strings, IRIs, variables and
language tags.

>>> query_form("# hi\\nPREFIX ex: <http://example.org/#a>\\n insert data { }")
'INSERT'
>>> read_only_problem('SELECT ?service { ?s <x#SERVICE> "SERVICE" } # SERVICE') is None
True
>>> read_only_problem("select * { ?s ?p ?o.SERVICE <http://127.0.0.1:1/> { ?x ?y ?z } }")[:7]
'SERVICE'
>>> read_only_problem("SELECT * FROM <http://x/> { ?s ?p ?o }")[:4]
'FROM'
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


UPDATE_MESSAGE = (
    "{form} is a SPARQL update and is not allowed: carekg only reads the store here "
    "(SELECT, ASK, CONSTRUCT or DESCRIBE)"
)
SERVICE_MESSAGE = "SERVICE is not allowed: carekg does not query other endpoints"
FROM_MESSAGE = (
    "FROM and FROM NAMED are not supported: the default graph is the union of all "
    "carekg graphs; use GRAPH <iri> { ... } to pick one"
)


def _walk(node, seen: set[int] | None = None):
    """Every name and value in an rdflib parse tree, depth first."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    name = getattr(node, "name", None)
    if name:
        yield name
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _walk(value, seen)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from _walk(item, seen)


def _parse_tree(text: str):
    """rdflib's parse tree of a query, or None if its query parser rejects the text."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(prefix_declarations() + text)
    except (ParseBaseException, ValueError, TypeError, RecursionError):
        return None


def _is_update(text: str) -> bool:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(prefix_declarations() + text)
    except (ParseBaseException, ValueError, TypeError, RecursionError):
        return False
    return True


def prefix_declarations() -> str:
    """PREFIX lines for carekg's prefixes, as the parsers see them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def strict_keywords(text: str) -> set[str]:
    """Bare words split at every character a keyword cannot hold (``?o.SERVICE`` too).

    Conservative: a prefixed name ``ex:service`` counts as its local part.
    """
    words = set()
    for word in bare_words(text):
        words.update(part for part in re.split(r"[^A-Z0-9_]+", word) if part)
    return words


MAX_NESTING = 64  # brackets inside brackets; pyoxigraph's parser overflows its stack near 2,500
MAX_OPERATORS = 2_000  # 10,000 chained "+ 1" crash pyoxigraph as deep recursion does
_OPENING, _CLOSING = frozenset("{(["), frozenset("})]")
_OPERATOR_CHARACTERS = frozenset("+-*/|&=<>!^")


def size_problem(text: str) -> str | None:
    """Why a query is too deeply nested or too long a chain of operators to run, or None.

    Such a query is no real question but would crash the query engine (a stack
    overflow kills the process) or keep it busy for minutes, so it is refused
    before any parser sees it. Brackets and operators inside strings, IRIs and
    comments do not count.

    >>> size_problem("SELECT * WHERE " + "{" * 100 + "?s ?p ?o" + "}" * 100)[:40]
    'the query nests brackets 100 deep; carek'
    >>> size_problem("SELECT * { ?s ?p '((((' FILTER(1 + 2 > 2) }") is None
    True
    """
    depth = deepest = operators = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup != "other":
            continue
        character = match.group()
        if character in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif character in _CLOSING:
            depth = max(0, depth - 1)
        elif character in _OPERATOR_CHARACTERS:
            operators += 1
    if deepest > MAX_NESTING:
        return (
            f"the query nests brackets {deepest} deep; carekg runs queries nested at most "
            f"{MAX_NESTING} deep"
        )
    if operators > MAX_OPERATORS:
        return (
            f"the query holds {operators} operators; carekg runs queries with at most "
            f"{MAX_OPERATORS}"
        )
    return None


def read_only_problem(text: str) -> str | None:
    """Why carekg will not run this query (an update, SERVICE, FROM), or None.

    Decided on rdflib's parse tree. For a text rdflib's parser rejects (a
    syntax error, or syntax it does not know such as RDF 1.2 triple terms),
    the answer is conservative: any bare word SERVICE or FROM, even inside a
    prefixed name, refuses it; otherwise the store's own parser decides, and
    reports a syntax error with its position. A query nested too deep or too
    long a chain of operators for the engine is refused too (``size_problem``).
    """
    too_big = size_problem(text)
    if too_big:
        return too_big
    form = query_form(text)
    if form in UPDATE_KEYWORDS:
        return UPDATE_MESSAGE.format(form=form)
    if "service" not in text.lower() and "FROM" not in strict_keywords(text):
        # "service" occurs nowhere in the text, not even inside a string or a comment, and
        # keywords cannot be escaped: the query can hold no SERVICE. FROM is looked for as
        # a bare word only (``prov:wasDerivedFrom`` is not one): a FROM missed here would
        # be ignored by the store, not run. This spares the rdflib parser (0.5 s to
        # import) for most queries; updates are refused above by their form and, whatever
        # their spelling, by the store's query parser.
        return None
    tree = _parse_tree(text)
    if tree is None:
        if form in UPDATE_KEYWORDS:
            return UPDATE_MESSAGE.format(form=form)
        if _is_update(text):
            return UPDATE_MESSAGE.format(form="This")
        words = strict_keywords(text)
        if "SERVICE" in words:
            return SERVICE_MESSAGE
        if "FROM" in words:
            return FROM_MESSAGE
        return None
    names = set(_walk(tree))
    if "ServiceGraphPattern" in names:
        return SERVICE_MESSAGE
    if "datasetClause" in names:
        return FROM_MESSAGE
    return None


def syntax_message(text: str, error: str) -> str:
    """A one-line message for a query the parser rejected, with the position in ``text``.

    Prefixes are passed to the parser apart from the text, so positions are the user's.
    """
    update = sorted(keywords(text) & UPDATE_KEYWORDS)
    if update:  # "SELECT ... ; DROP ALL": the parser stops, but the intent is clear
        return UPDATE_MESSAGE.format(form=update[0])
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
