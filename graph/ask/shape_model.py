"""The SHACL shapes as plain data: targets, paths, constraints, messages.

Read with pyoxigraph (rdflib costs half a second to import), for ``shape_checks``
to turn into SPARQL. A shape that uses anything this module does not know (a
constraint component, a path that is not one IRI, a SPARQL target, a custom
component) keeps the reasons in ``unsupported``, so that validation hands it to
pySHACL rather than skipping it.

>>> model = read_shapes(b'''@prefix sh: <http://www.w3.org/ns/shacl#> .
... @prefix ex: <http://example.org/> .
... ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ;
...   sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:uniqueLang true ] .''')
>>> [(s.node.value, s.targets[0].kind, s.properties[0].constraints[0].component)
...  for s in model.shapes]
[('http://example.org/S', 'class', 'MinCount')]
>>> model.shapes[0].all_unsupported()
['uniqueLang']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from carekg.graph.model.namespaces import RDF, SH

Term = NamedNode | BlankNode | Literal

# Parameter (local name under sh:) -> constraint component (local name without the
# "ConstraintComponent" suffix). Value components test one value node at a time.
VALUE_COMPONENTS = {
    "class": "Class",
    "datatype": "Datatype",
    "nodeKind": "NodeKind",
    "in": "In",
    "minInclusive": "MinInclusive",
    "maxInclusive": "MaxInclusive",
    "minExclusive": "MinExclusive",
    "maxExclusive": "MaxExclusive",
    "minLength": "MinLength",
    "maxLength": "MaxLength",
    "pattern": "Pattern",
    "xone": "Xone",
    "or": "Or",
    "and": "And",
    "not": "Not",
}
# Components that only make sense with a path (counted or compared per focus node).
PATH_COMPONENTS = {
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "hasValue": "HasValue",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
}
LOGICAL = {"xone", "or", "and", "not"}
TARGETS = {
    "targetClass": "class",
    "targetNode": "node",
    "targetSubjectsOf": "subjectsOf",
    "targetObjectsOf": "objectsOf",
}
# sh: predicates that describe a shape without constraining anything.
DESCRIPTIVE = {
    "message",
    "severity",
    "path",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
    "flags",
    "property",
    *TARGETS,
}
SH_IRI = str(SH)


@dataclass(frozen=True)
class Target:
    """How a shape picks its focus nodes: ``kind`` is class, node, subjectsOf or objectsOf."""

    kind: str
    term: Term


@dataclass
class Constraint:
    """One constraint: ``component`` as in ``sh:<component>ConstraintComponent``.

    ``value`` is the parameter's object, a list of terms for ``sh:in``, a list of
    member shapes for the logical components; ``flags`` goes with ``sh:pattern``.
    """

    component: str
    value: Term | list
    flags: Literal | None = None


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape, as validation needs it."""

    node: Term
    path: NamedNode | None
    message: str | None
    severity: str
    deactivated: bool = False
    targets: list[Target] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    def all_unsupported(self) -> list[str]:
        """Reasons this shape, its property shapes or its member shapes cannot be translated."""
        reasons = list(self.unsupported)
        for prop in self.properties:
            reasons += prop.all_unsupported()
        for constraint in self.constraints:
            members = (
                constraint.value if constraint.component in {"Xone", "Or", "And", "Not"} else []
            )
            for member in members:
                reasons += member.all_unsupported()
        return reasons


@dataclass
class ShapesModel:
    """The shapes that have targets (the others are reached through them)."""

    shapes: list[Shape]


class _Triples:
    """The shapes graph indexed by subject and predicate."""

    def __init__(self, triples):
        self.index: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.index[t.subject][t.predicate.value].append(t.object)

    def objects(self, subject: Term, predicate: NamedNode | str) -> list[Term]:
        key = predicate if isinstance(predicate, str) else predicate.value
        return self.index.get(subject, {}).get(key, [])

    def items(self, head: Term) -> list[Term] | None:
        """An RDF list's members, None when it is not a well-formed list."""
        members, seen = [], set()
        while head != RDF.nil:
            first, rest = self.objects(head, RDF.first), self.objects(head, RDF.rest)
            if len(first) != 1 or len(rest) != 1 or head in seen:
                return None
            seen.add(head)
            members.append(first[0])
            head = rest[0]
        return members


def _custom_parameters(triples: _Triples) -> set[str]:
    """Predicates declared as parameters of custom constraint components (SHACL-SPARQL)."""
    found = set()
    for subject, predicates in triples.index.items():
        if NamedNode(SH_IRI + "ConstraintComponent") in predicates.get(RDF.type.value, []):
            for parameter in triples.objects(subject, SH_IRI + "parameter"):
                found.update(p.value for p in triples.objects(parameter, SH_IRI + "path"))
    return found


class _Reader:
    """Builds ``Shape`` objects from the indexed shapes graph."""

    def __init__(self, triples: _Triples):
        self.triples = triples
        self.custom = _custom_parameters(triples)

    def shape(self, node: Term, nested: str = "") -> Shape:
        t = self.triples
        paths = t.objects(node, SH_IRI + "path")
        messages = t.objects(node, SH_IRI + "message")
        # pySHACL keeps every message; the report shows one: English or untagged first.
        messages = sorted(messages, key=lambda m: getattr(m, "language", None) not in (None, "en"))
        severity = t.objects(node, SH_IRI + "severity")
        shape = Shape(
            node=node,
            path=paths[0] if len(paths) == 1 and isinstance(paths[0], NamedNode) else None,
            message=messages[0].value if messages else None,
            severity=severity[0].value.rsplit("#", 1)[-1] if severity else "Violation",
            deactivated=any(d.value == "true" for d in t.objects(node, SH_IRI + "deactivated")),
        )
        if paths and shape.path is None:
            shape.unsupported.append("a path that is not one IRI")
        for predicate, objects in t.index.get(node, {}).items():
            self._parameter(shape, predicate, objects, nested)
        counted = {"MinCount", "MaxCount", "LessThan", "LessThanOrEquals"}
        if shape.path is None and any(c.component in counted for c in shape.constraints):
            shape.unsupported.append("a count or comparison on a node shape")
        return shape

    def _parameter(self, shape: Shape, predicate: str, objects: list[Term], nested: str) -> None:
        if predicate in self.custom:
            shape.unsupported.append(f"custom component parameter {predicate}")
        if not predicate.startswith(SH_IRI):
            return
        name = predicate[len(SH_IRI) :]
        if name in TARGETS:
            if not nested:
                shape.targets += [Target(TARGETS[name], o) for o in objects]
            if name == "targetNode" and any(isinstance(o, BlankNode) for o in objects):
                shape.unsupported.append("a blank node as target node")
        elif name == "property":
            if nested or shape.path is not None:
                shape.unsupported.append(f"sh:property inside {nested or 'a property shape'}")
            else:
                shape.properties += [self.shape(o, nested="a property shape") for o in objects]
        elif name in VALUE_COMPONENTS or name in PATH_COMPONENTS:
            for value in objects:
                shape.constraints.append(self._constraint(shape, name, value))
        elif name not in DESCRIPTIVE:
            shape.unsupported.append(name)

    def _constraint(self, shape: Shape, name: str, value: Term) -> Constraint:
        component = VALUE_COMPONENTS.get(name) or PATH_COMPONENTS[name]
        if name == "in":
            items = self.triples.items(value)
            if items is None or any(isinstance(i, BlankNode) for i in items):
                shape.unsupported.append("sh:in that is not a list of IRIs and literals")
            return Constraint(component, items or [])
        if name in LOGICAL:
            members = [value] if name == "not" else self.triples.items(value)
            if members is None:
                shape.unsupported.append(f"sh:{name} that is not a list")
                members = []
            # Members are tested on one value node: no paths or counts inside them.
            return Constraint(
                component, [self.shape(m, nested="a logical member") for m in members]
            )
        if isinstance(value, BlankNode):
            shape.unsupported.append(f"a blank node as sh:{name}")
        flags = self.triples.objects(shape.node, SH_IRI + "flags") if name == "pattern" else []
        return Constraint(component, value, flags[0] if flags else None)


def _check_members(shape: Shape) -> None:
    """A logical member is evaluated on a value node alone: no path, no properties."""
    for prop in shape.properties:
        _check_members(prop)
    for constraint in shape.constraints:
        if constraint.component in {"Xone", "Or", "And", "Not"}:
            for member in constraint.value:
                if member.path is not None or member.properties:
                    member.unsupported.append("a property shape inside a logical constraint")
                _check_members(member)


def read_shapes(data: bytes | Path) -> ShapesModel:
    """The shapes with targets in a Turtle shapes graph (a file or its bytes)."""
    source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
    triples = _Triples(parse(format=RdfFormat.TURTLE, **source))
    reader = _Reader(triples)
    shapes = []
    for node, predicates in triples.index.items():
        types = {t.value for t in predicates.get(RDF.type.value, [])}
        is_shape = types & {SH_IRI + "NodeShape", SH_IRI + "PropertyShape"}
        implicit = is_shape and types & {
            "http://www.w3.org/2000/01/rdf-schema#Class",
            "http://www.w3.org/2002/07/owl#Class",
        }
        targeted = any(SH_IRI + name in predicates for name in TARGETS)
        if targeted or implicit or SH_IRI + "target" in predicates:
            shape = reader.shape(node)
            if implicit:
                shape.unsupported.append("an implicit class target")
            _check_members(shape)
            shapes.append(shape)
    return ShapesModel(shapes)
