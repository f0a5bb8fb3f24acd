"""SHACL shapes checked by SPARQL where the graph lives, generated from the shapes graph.

Each supported shape (``shape_model``) becomes a few SELECT queries that return
only the violations, so the store is never copied into Python:

- a *focus* query per shape with targets: its focus nodes, joined to counts of
  each property (``sh:minCount``, ``sh:maxCount``), to ``sh:hasValue`` and to the
  tests on the focus node itself (``sh:class``, ``sh:xone``, ...);
- a *value* query per property shape: the triples of its path whose object fails
  a test on one value (``sh:class``, ``sh:datatype``, ``sh:in``, ``sh:pattern``,
  ranges, lengths, logical combinations of those), kept when the subject is a
  focus node. Scanning the predicate first and asking about targets only for
  the few failing rows is what keeps it fast: there are normally none;
- a *pair* query per ``sh:lessThan`` / ``sh:lessThanOrEquals``.

The default graph is the union of the store's graphs, in which a triple held by
two graphs comes twice: counts are of distinct values and rows are DISTINCT.
Every IRI and literal from the shapes graph is written into the query by
pyoxigraph's serialiser; nothing from the data is pasted into query text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from carekg.graph.ask.shape_model import Constraint, Shape, Target
from carekg.graph.model.namespaces import RDF, RDFS, XSD
from carekg.graph.store.sparql_text import size_problem

TYPE_PATH = f"{RDF.type}/{RDFS.subClassOf}*"
LOGICAL = {"Xone", "Or", "And", "Not"}
FOCUS_COMPONENTS = {"MinCount", "MaxCount", "HasValue"}
PAIR_COMPONENTS = {"LessThan": "<", "LessThanOrEquals": "<="}
RANGES = {"MinInclusive": ">=", "MaxInclusive": "<=", "MinExclusive": ">", "MaxExclusive": "<"}
NODE_KINDS = {
    "IRI": "isIRI({x})",
    "BlankNode": "isBlank({x})",
    "Literal": "isLiteral({x})",
    "BlankNodeOrIRI": "!isLiteral({x})",
    "BlankNodeOrLiteral": "!isIRI({x})",
    "IRIOrLiteral": "!isBlank({x})",
}
# Datatypes whose lexical forms SPARQL can check by casting (an ill-typed literal
# such as "seven"^^xsd:integer fails the cast, as rdflib marks it ill-typed).
CASTABLE = {
    XSD[n].value
    for n in ("integer", "decimal", "float", "double", "boolean", "dateTime", "date", "time")
}


@dataclass
class Violation:
    """One SHACL result, in words; ``value`` and ``component`` are for comparing reports."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    component: str | None = None

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}"


@dataclass
class Query:
    """A generated SELECT and how to turn each of its rows into violations."""

    text: str
    decode: Callable[[dict], list[Violation]]


def _text(term) -> str:
    """A term as it reads in a SPARQL query (a NamedNode or Literal from the shapes)."""
    return str(term)


def _int(term) -> int:
    return int(term.value)


def _value(term) -> str | None:
    return None if term is None else term.value


def _target_pattern(target: Target) -> str:
    if target.kind == "class":
        return f"?focus {TYPE_PATH} {_text(target.term)} ."
    if target.kind == "node":
        return f"VALUES ?focus {{ {_text(target.term)} }}"
    if target.kind == "subjectsOf":
        return f"?focus {_text(target.term)} ?_any ."
    return f"?_any {_text(target.term)} ?focus ."


def _focus_nodes(targets: list[Target]) -> str:
    """A subquery binding ?focus to each focus node (some more than once)."""
    union = " UNION ".join(f"{{ {_target_pattern(t)} }}" for t in targets)
    # Not DISTINCT: a node found twice gives two equal rows, merged at the end, which
    # is cheaper than making ~50,000 focus nodes distinct up front.
    return f"{{ SELECT ?focus WHERE {{ {union} }} }}"


def _is_focus(targets: list[Target]) -> str:
    """A filter true when ?focus is a focus node (asked only of rows that failed)."""
    tests = []
    for target in targets:
        if target.kind == "node":
            tests.append(f"sameTerm(?focus, {_text(target.term)})")
        else:
            tests.append(f"EXISTS {{ {_target_pattern(target)} }}")
    return " || ".join(tests) or "false"


class _Tests:
    """Boolean SPARQL expressions that say whether one node (``var``) meets a constraint.

    ``sh:class`` needs the node's types: each class becomes an OPTIONAL subquery of
    its instances that binds a flag (a hash join over the class, not one lookup per
    row), kept in ``blocks`` for the query to include.
    """

    def __init__(self, var: str):
        self.var = var
        self.blocks: list[str] = []
        self.flags: dict[str, str] = {}

    def class_flag(self, cls: NamedNode) -> str:
        key = _text(cls)
        if key not in self.flags:
            flag = f"?k{len(self.flags)}"
            self.flags[key] = flag
            self.blocks.append(
                f"OPTIONAL {{ SELECT DISTINCT {self.var} (true AS {flag}) "
                f"WHERE {{ {self.var} {TYPE_PATH} {key} }} }}"
            )
        return f"BOUND({self.flags[key]})"

    def shape(self, shape: Shape) -> str:
        """A member shape of a logical constraint: all its constraints met."""
        if shape.deactivated or not shape.constraints:
            return "true"
        return "(" + " && ".join(self.safe(c) for c in shape.constraints) + ")"

    def safe(self, constraint: Constraint) -> str:
        """The test, with an error (an incomparable value) counting as not met."""
        return f"COALESCE({self.meets(constraint)}, false)"

    def meets(self, c: Constraint) -> str:
        x, name = self.var, c.component
        if name == "Class":
            return self.class_flag(c.value)
        if name == "Datatype":
            return _datatype(x, c.value)
        if name == "NodeKind":
            return NODE_KINDS[c.value.value.rsplit("#", 1)[-1]].format(x=x)
        if name == "In":
            return (
                "(" + (" || ".join(f"sameTerm({x}, {_text(v)})" for v in c.value) or "false") + ")"
            )
        if name == "HasValue":
            return f"sameTerm({x}, {_text(c.value)})"
        if name in RANGES:
            return f"({x} {RANGES[name]} {_text(c.value)})"
        if name in ("MinLength", "MaxLength"):
            op = ">=" if name == "MinLength" else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {_int(c.value)})"
        if name == "Pattern":
            flags = f", {_text(c.flags)}" if c.flags is not None else ""
            return f"(!isBlank({x}) && REGEX(STR({x}), {_text(Literal(c.value.value))}{flags}))"
        members = [f"COALESCE({self.shape(m)}, false)" for m in c.value]
        if name == "Not":
            return f"!{members[0]}"
        if name == "Xone":
            return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)"
        joiner = " || " if name == "Or" else " && "
        return "(" + (joiner.join(members) or ("false" if name == "Or" else "true")) + ")"


def _datatype(x: str, datatype: NamedNode) -> str:
    iri = datatype.value
    if iri == RDFS.Literal.value:
        return f"isLiteral({x})"
    if iri == RDF.langString.value:
        return f'(isLiteral({x}) && LANG({x}) != "")'
    test = f"isLiteral({x}) && DATATYPE({x}) = {_text(datatype)}"
    if iri in CASTABLE:
        test += f" && DATATYPE({_text(datatype)}({x})) = {_text(datatype)}"
    return f"({test})"


# --- messages ----------------------------------------------------------------------------
DEFAULT_MESSAGES = {
    "MinCount": "Less than {p} values",
    "MaxCount": "More than {p} values",
    "HasValue": "Missing the value {p}",
    "Class": "Value is not an instance of {p}",
    "Datatype": "Value is not a literal of datatype {p}",
    "NodeKind": "Value is not of node kind {p}",
    "In": "Value is not in the list",
    "Pattern": "Value does not match the pattern {p}",
    "LessThan": "Value is not less than the value of {p}",
    "LessThanOrEquals": "Value is not less than or equal to the value of {p}",
}


def _message(shape: Shape, constraint: Constraint) -> str:
    if shape.message:
        return shape.message
    template = DEFAULT_MESSAGES.get(constraint.component, "Value does not meet sh:{c}")
    parameter = constraint.value.value if hasattr(constraint.value, "value") else ""
    return template.format(
        p=parameter, c=constraint.component[0].lower() + constraint.component[1:]
    )


def _result(shape: Shape, constraint: Constraint, focus, path, value=None) -> Violation:
    return Violation(
        focus=focus.value,
        path=None if path is None else path.value,
        message=_message(shape, constraint),
        severity=shape.severity,
        value=_value(value),
        component=constraint.component,
    )


# --- the queries ---------------------------------------------------------------------------
@dataclass
class _Use:
    """One constraint of one shape, with the targets that give the shape its focus nodes."""

    shape: Shape
    constraint: Constraint
    targets: list[Target]


def _true(row: dict, name: str) -> bool:
    term = row.get(name)
    return term is not None and term.value == "true"


def focus_query(top: Shape) -> Query | None:
    """sh:minCount, sh:hasValue and the tests of the focus node itself, per focus node.

    These need every focus node (one with no value at all fails sh:minCount), so
    the query lists them and joins flags to them: "has enough values of P",
    "has value V", "is an instance of C".
    """
    tests = _Tests("?focus")
    blocks: dict[str, str] = {}  # subquery text -> its flag, shared by equal constraints
    checks = []  # (shape, constraint, path, expression that is true when violated)
    if top.path is None:
        checks += [(top, c, None, f"!{tests.safe(c)}") for c in top.constraints]
    for shape in (
        [top] if top.path is not None else [p for p in top.properties if not p.deactivated]
    ):
        path = _text(shape.path)
        for c in (c for c in shape.constraints if c.component in ("MinCount", "HasValue")):
            has = "SELECT DISTINCT ?focus (true AS {f}) WHERE {{ ?focus " + path
            if c.component == "HasValue":
                block = f"{has} {_text(c.value)} }}}}"
            elif _int(c.value) <= 1:
                block = f"{has} ?v }}}}"
            else:
                block = (
                    f"SELECT ?focus (true AS {{f}}) WHERE {{{{ ?focus {path} ?v }}}} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) >= {_int(c.value)})"
                )
            flag = blocks.setdefault(block, f"?e{len(blocks)}")
            fails = (
                "false" if c.component == "MinCount" and _int(c.value) <= 0 else f"!BOUND({flag})"
            )
            checks.append((shape, c, shape.path, fails))
    if not checks:
        return None
    optionals = [f"OPTIONAL {{ {block.format(f=flag)} }}" for block, flag in blocks.items()]
    binds = " ".join(f"BIND({test} AS ?x{i})" for i, (*_, test) in enumerate(checks))
    failed = " || ".join(f"?x{i}" for i in range(len(checks)))
    joins = " ".join([_focus_nodes(top.targets), *optionals, *tests.blocks])
    text = f"SELECT DISTINCT * WHERE {{ {joins} {binds} FILTER({failed}) }}"

    def decode(row: dict) -> list[Violation]:
        # As pySHACL: a test of the focus node itself names it as the value, but
        # sh:hasValue (a value that is missing) names none.
        return [
            _result(shape, c, row["focus"], path, row["focus"] if path is None else None)
            if c.component != "HasValue"
            else _result(shape, c, row["focus"], path)
            for i, (shape, c, path, _) in enumerate(checks)
            if _true(row, f"x{i}")
        ]

    return Query(text, decode)


def _candidates(uses: list[_Use], select: str, failed: list[str], decode_one) -> Query:
    """Rows that failed (``select``, a subquery), kept for the uses whose shape has that
    focus node: the target test is asked only of failed rows."""
    binds = " ".join(
        # IF rather than &&: Virtuoso cannot parse EXISTS on the right of && after a
        # subquery (SQ074); the two agree except when the left side errs (unbound either way).
        f"BIND(IF(({failed[i]}), ({_is_focus(u.targets)}), false) AS ?y{i})"
        for i, u in enumerate(uses)
    )
    either = " || ".join(f"?y{i}" for i in range(len(uses)))
    text = f"SELECT * WHERE {{ {{ {select} }} {binds} FILTER({either}) }}"

    def decode(row: dict) -> list[Violation]:
        return [decode_one(u, row) for i, u in enumerate(uses) if _true(row, f"y{i}")]

    return Query(text, decode)


def value_query(path: NamedNode, uses: list[_Use]) -> Query:
    """Triples of ``path`` whose object fails a test on one value, for every shape at once."""
    tests = _Tests("?value")
    expressions: dict[str, str] = {}  # the same test in several shapes is evaluated once
    for u in uses:
        expressions.setdefault(f"!{tests.safe(u.constraint)}", f"?x{len(expressions)}")
    binds = " ".join(f"BIND({test} AS {name})" for test, name in expressions.items())
    names = list(expressions.values())
    select = (
        f"SELECT DISTINCT ?focus ?value {' '.join(names)} WHERE {{ ?focus {_text(path)} ?value . "
        f"{' '.join(tests.blocks)} {binds} FILTER({' || '.join(names)}) }}"
    )
    failed = [expressions[f"!{tests.safe(u.constraint)}"] for u in uses]
    return _candidates(
        uses,
        select,
        failed,
        lambda u, row: _result(u.shape, u.constraint, row["focus"], path, row["value"]),
    )


def max_count_query(path: NamedNode, uses: list[_Use]) -> Query:
    """Subjects with more distinct values of ``path`` than the lowest sh:maxCount on it."""
    lowest = min(_int(u.constraint.value) for u in uses)
    select = (
        f"SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?focus {_text(path)} ?v }} "
        f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {lowest})"
    )
    failed = [f"?n > {_int(u.constraint.value)}" for u in uses]
    return _candidates(
        uses, select, failed, lambda u, row: _result(u.shape, u.constraint, row["focus"], path)
    )


def pair_query(use: _Use) -> Query:
    """sh:lessThan or sh:lessThanOrEquals: one result per pair of values out of order."""
    shape, c = use.shape, use.constraint
    op = PAIR_COMPONENTS[c.component]
    # As pySHACL: IRIs and strings compare as text, a string with a number never.
    text_like = '(isIRI({v}) || (isLiteral({v}) && (DATATYPE({v}) = {s} || LANG({v}) != "")))'
    left, right = (text_like.format(v=v, s=_text(XSD.string)) for v in ("?value", "?other"))
    ordered = (
        f"IF({left} && {right}, STR(?value) {op} STR(?other), "
        f"IF({left} || {right}, false, ?value {op} ?other))"
    )
    # Each path in a subquery of its own: a hash join of two scans, not a lookup per row.
    select = (
        f"SELECT DISTINCT ?focus ?value ?other WHERE {{ "
        f"{{ SELECT ?focus ?value WHERE {{ ?focus {_text(shape.path)} ?value }} }} "
        f"{{ SELECT ?focus ?other WHERE {{ ?focus {_text(c.value)} ?other }} }} "
        f"FILTER(!COALESCE({ordered}, false)) }}"
    )
    return _candidates(
        [use],
        select,
        ["true"],
        lambda u, row: _result(shape, c, row["focus"], shape.path, row["value"]),
    )


def plan(shapes: list[Shape]) -> list[Query]:
    """Every query that checks ``shapes`` (all translatable), scanning each path once."""
    queries: list[Query] = []
    values: dict[NamedNode, list[_Use]] = {}
    maxima: dict[NamedNode, list[_Use]] = {}
    for top in (s for s in shapes if not s.deactivated):
        queries += [q for q in [focus_query(top)] if q is not None]
        for shape in (
            [top] if top.path is not None else [p for p in top.properties if not p.deactivated]
        ):
            for c in shape.constraints:
                use = _Use(shape, c, top.targets)
                if c.component in PAIR_COMPONENTS:
                    queries.append(pair_query(use))
                elif c.component == "MaxCount":
                    maxima.setdefault(shape.path, []).append(use)
                elif c.component not in FOCUS_COMPONENTS:
                    values.setdefault(shape.path, []).append(use)
    queries += [value_query(path, uses) for path, uses in values.items()]
    queries += [max_count_query(path, uses) for path, uses in maxima.items()]
    return queries


def _all_constraints(shape: Shape):
    """The constraints of a shape, of its property shapes and of their logical members."""
    for c in shape.constraints:
        yield c
        if c.component in LOGICAL:
            for member in c.value:
                yield from _all_constraints(member)
    for prop in shape.properties:
        yield from _all_constraints(prop)


INTEGER_PARAMETERS = {"MinCount", "MaxCount", "MinLength", "MaxLength"}


def _problem(c: Constraint, probe: Store) -> str | None:
    """Why one constraint's parameter cannot be written into a query, if it cannot."""
    if c.component in INTEGER_PARAMETERS:
        if not isinstance(c.value, Literal) or not c.value.value.lstrip("+-").isdigit():
            return f"sh:{c.component} that is not a whole number"
    elif c.component == "NodeKind":
        if not isinstance(c.value, NamedNode) or c.value.value.rsplit("#", 1)[-1] not in NODE_KINDS:
            return f"an unknown node kind {c.value}"
    elif c.component in ("Class", "Datatype", "LessThan", "LessThanOrEquals"):
        if not isinstance(c.value, NamedNode):
            return f"sh:{c.component} that is not an IRI"
    elif c.component == "Pattern":
        if not isinstance(c.value, Literal) or not isinstance(c.flags, Literal | None):
            return "a pattern that is not a literal"
        flags = f", {_text(c.flags)}" if c.flags is not None else ""
        probe_text = f'SELECT (REGEX("", {_text(Literal(c.value.value))}{flags}) AS ?r) {{}}'
        if next(iter(probe.query(probe_text)))["r"] is None:
            return f"a pattern Oxigraph does not accept: {c.value.value}"
    return None


def why_not_translated(shape: Shape) -> list[str]:
    """Why the shape cannot be checked by SPARQL here; empty when it can.

    Besides what ``shape_model`` found: parameters of the wrong kind, a regular
    expression that Oxigraph's engine does not accept (a look-behind), which goes
    to pySHACL rather than into a query that would fail every value, and a query
    bigger than carekg lets any query be (``size_problem``).
    """
    probe = Store()
    problems = [p for p in (_problem(c, probe) for c in _all_constraints(shape)) if p]
    reasons = shape.all_unsupported() + problems
    if not reasons:  # e.g. an sh:in of thousands of terms: more than the engine parses
        sizes = (size_problem(q.text) for q in plan([shape]))
        reasons += [f"a query too large to run: {p}" for p in sizes if p]
    return reasons


def run_checks(store, shapes: list[Shape], *, workers: int = 1) -> list[Violation]:
    """The violations of ``shapes`` (all translatable) in what ``store`` answers.

    With ``workers`` > 1 the queries run in that many threads: pyoxigraph lets go
    of the GIL while it evaluates, so an embedded store uses a second core.
    """
    from concurrent.futures import ThreadPoolExecutor

    queries = plan(shapes)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        answers = pool.map(lambda q: store.select(q.text), queries)
        return [
            v
            for q, rows in zip(queries, answers, strict=True)
            for row in rows
            for v in q.decode(row)
        ]
