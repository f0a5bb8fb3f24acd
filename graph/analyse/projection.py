"""The store as a typed ``networkx.MultiDiGraph``: one function, four SPARQL reads.

``project`` reads the findings (one row each), their links (one row each), the
labels of the nodes they link to, and the reports, each in one pass over the
store, and builds a directed multigraph whose nodes are IRIs:

- ``type``: ``finding``, ``partner``, ``quality_statement``, ``theme``,
  ``care_act_duty``, ``outcome``, ``evidence_category`` or ``report``;
- ``label``: what a person calls the node (a finding's label is its quote);
- findings also have ``kind``, ``text``, ``report``, ``council``,
  ``document``, ``start``, ``end``, ``quality_statements`` (numbers),
  ``theme`` (number or None), ``confidence`` (float or None) and
  ``evidence_categories`` (local names such as ``people``);
- partners have ``partner_type`` (local name, or None) and ``partner_type_label``;
  quality statements and themes ``number``; reports ``council``, ``kind``,
  ``date`` and ``title``.

Edges point the way the triples do and carry ``relation``, the local name of
the predicate (``involves``, ``qualityStatement``, ``theme``, ``careActDuty``,
``leadsTo``, ``addresses``, ``listItemOf``, ``threatens``, ``evidences``,
``evidenceCategory``, ``isPartOf``), which is also the edge key. Quality
statements, themes and Care Act duties are always nodes, findings or not;
partners and outcomes only when a finding in scope links to them.

>>> from carekg.graph.analyse.projection import project, quote
>>> graph = project(bexley)
>>> icb = graph.nodes["https://w3id.org/carekg/partner/icb"]
>>> icb["type"], icb["label"]
('partner', 'Integrated Care Board')
>>> sum(1 for _, data in graph.nodes(data=True) if data["type"] == "finding")
47
>>> len(project(bexley, council="london borough of bexley")) == len(graph)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx
from pyoxigraph import NamedNode

from carekg.graph.analyse.projection_sparql import (
    FINDING_TO_FINDING,
    FINDINGS,
    FRAMEWORK_NODES,
    LABELS,
    LINKS,
    NODES,
    NODES_OF,
    QUOTES,
    RELATIONS,
    REPORTS,
    TYPE_LABELS,
    cells,
    choose,
    local_name,
    number,
    scope_of,
    tuples,
)
from carekg.graph.analyse.projection_sparql import iri as iri_of
from carekg.graph.model.kinds import CLASS_KIND, KIND_CLASS
from carekg.graph.model.namespaces import CKG

CLASS_TYPES = {
    "QualityStatement": "quality_statement",
    "Theme": "theme",
    "CareActDuty": "care_act_duty",
    "Partner": "partner",
    "Outcome": "outcome",
}

CKG_BASE = str(CKG)


def _value(term) -> str | None:
    return None if term is None else term.value


def _facts(store, around: set[str] | None = None) -> dict[str, dict[str, str]]:
    """node IRI -> fact -> value (the first in sorted order when a fact has several).

    ``around``: only the framework and these nodes (and their partner types).
    """
    if around is None:
        rows = tuples(store, NODES)
    else:
        rows = tuples(store, FRAMEWORK_NODES)
        if around:
            some = {"node": [NamedNode(n) for n in sorted(around)]}
            rows += tuples(store, NODES_OF, some)
            types = {v.value for _, f, v in rows if f.value == "partner_type"}
            if types:
                rows += tuples(store, TYPE_LABELS, {"node": [NamedNode(t) for t in sorted(types)]})
    facts: dict[str, dict[str, str]] = {}
    for node, fact, value in sorted((n.value, f.value, v.value) for n, f, v in set(rows)):
        facts.setdefault(node, {}).setdefault(fact, value)
    return facts


def _node_data(iri: str, kind: str, known: dict[str, str], facts) -> dict:
    data = {"type": kind, "label": known.get("label") or known.get("rdfs_label") or local_name(iri)}
    if kind in ("quality_statement", "theme") and "number" in known:
        data["number"] = int(known["number"])
        if "broader" in known:
            data["theme"] = int(re.sub(r"\D", "", local_name(known["broader"])) or 0)
    elif kind == "care_act_duty":
        data["notation"] = known.get("notation") or local_name(iri)
    elif kind == "partner":
        ptype = known.get("partner_type")
        data["partner_type"] = local_name(ptype) if ptype else None
        data["partner_type_label"] = facts.get(ptype, {}).get("type_label") or data["partner_type"]
    return data


def _add_vocabulary(graph: nx.MultiDiGraph, store, around: set[str] | None = None) -> dict:
    """Framework nodes go in now; partners and outcomes wait until a finding links them."""
    facts = _facts(store, around)
    waiting: dict[str, dict] = {}
    for iri, known in facts.items():
        kind = CLASS_TYPES.get(local_name(known.get("class", "")))
        if kind is None:
            continue
        data = _node_data(iri, kind, known, facts)
        if kind in ("partner", "outcome"):
            waiting[iri] = data
        elif kind != "quality_statement" or "number" in data:
            graph.add_node(iri, **data)
    return waiting


def _add_reports(graph: nx.MultiDiGraph, store, bindings: dict) -> None:
    wanted_reports = {bindings["report"].value} if "report" in bindings else None
    wanted_councils = {c.value for c in bindings.get("council", [])}
    for report, council, kind, date, title, document in sorted(
        tuples(store, REPORTS), key=lambda r: r[0].value
    ):
        if wanted_reports is not None and report.value not in wanted_reports:
            continue
        if wanted_councils and _value(council) not in wanted_councils:
            continue
        graph.add_node(
            report.value,
            type="report",
            label=_value(title) or local_name(report.value),
            council=_value(council),
            kind=_value(kind),
            date=_value(date),
            title=_value(title),
            document=_value(document),
        )


def _add_findings(graph: nx.MultiDiGraph, store, query: dict, bindings: dict) -> None:
    quotes = {row[0].value: row[1:] for row in tuples(store, QUOTES % query, bindings)}
    rows = sorted(
        (iri_of(f), iri_of(c), iri_of(r)) for f, c, r in cells(store, FINDINGS % query, bindings)
    )
    nodes, edges = [], []
    for iri, cls, report_iri in rows:
        if report_iri not in graph:
            continue
        text, start = quotes.get(iri, (None, None))
        text = _value(text) or ""
        start = int(start.value) if start is not None else None
        data = {
            "type": "finding",
            "kind": CLASS_KIND[cls],
            "label": text,
            "text": text,
            "report": report_iri,
            "council": graph.nodes[report_iri]["council"],
            "document": graph.nodes[report_iri]["document"],
            "start": start,
            "end": start + len(text) if start is not None else None,
            "quality_statements": [],
            "theme": None,
            "confidence": None,
            "evidence_categories": [],
        }
        nodes.append((iri, data))
        edges.append((iri, report_iri, "isPartOf"))
    graph.add_nodes_from(nodes)
    _add_edges(graph, edges)


def _add_edges(graph: nx.MultiDiGraph, edges: list[tuple[str, str, str]]) -> None:
    """Add ``(source, target, relation)`` edges between existing nodes, keyed by relation.

    What ``add_edges_from`` does, written into the adjacency dicts directly: on a
    national graph NetworkX's per-edge checks cost seconds. Each edge's data is
    ``{"relation": relation}``; adding an edge that exists changes nothing.
    """
    succ, pred = graph._succ, graph._pred
    for source, target, relation in edges:
        keys = succ[source].get(target)
        if keys is None:
            keys = succ[source][target] = graph.edge_key_dict_factory()
            pred[target][source] = keys
        if relation not in keys:
            keys[relation] = graph.edge_attr_dict_factory(relation=relation)
    nx.utils.misc._clear_cache(graph)


def _note(data: dict, relation: str, target: str, node: dict) -> None:
    """What a link says about the finding itself: its statements, theme, categories."""
    if relation == "qualityStatement" and "number" in node:
        if node["number"] not in data["quality_statements"]:
            data["quality_statements"] = sorted([*data["quality_statements"], node["number"]])
    elif relation == "theme" and "number" in node:
        data["theme"] = node["number"]
    elif relation == "evidenceCategory":
        category = local_name(target).removeprefix("evidence-")
        if category not in data["evidence_categories"]:
            data["evidence_categories"] = sorted([*data["evidence_categories"], category])


def _add_links(graph, store, links: list[list[str]], waiting: dict[str, dict]) -> set[str]:
    """The links of the findings in the graph as edges; returns the nodes typed by a link alone."""
    nodes = graph._node  # plain dicts: the public view costs a call per lookup
    unknown: set[str] = set()
    rows = []
    start = len(CKG_BASE) + 1  # "<" and the namespace
    for finding, predicate, target in links:
        iri = finding[1:-1]
        if iri not in nodes or nodes[iri].get("type") != "finding":
            continue  # a section's or score's link, or a finding out of scope
        relation = predicate[start:-1]
        if relation == "confidence":
            nodes[iri]["confidence"] = number(target)
        elif target.startswith("<"):
            rows.append((iri, relation, target[1:-1]))
    edges = []
    for finding, relation, target in sorted(rows):
        if target not in nodes:
            if target in waiting:
                graph.add_node(target, **waiting[target])
            elif relation in FINDING_TO_FINDING:
                continue  # a finding outside the scope
            else:
                graph.add_node(target, type=_untyped(relation), label=local_name(target))
                unknown.add(target)
        edges.append((finding, target, relation))
        _note(nodes[finding], relation, target, nodes[target])
    _add_edges(graph, edges)
    if unknown:
        for row in store.select(LABELS, {"node": [NamedNode(n) for n in sorted(unknown)]}):
            nodes[row["node"].value]["label"] = row["label"].value
    return unknown


def _untyped(relation: str) -> str:
    return {
        "involves": "partner",
        "threatens": "outcome",
        "evidences": "outcome",
        "evidenceCategory": "evidence_category",
        "qualityStatement": "quality_statement",
        "theme": "theme",
        "careActDuty": "care_act_duty",
    }.get(relation, "other")


def project(
    store,
    *,
    report: str | None = None,
    council: str | None = None,
    findings: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] = RELATIONS,
) -> nx.MultiDiGraph:
    """The store (or one report, or one council's reports) as a typed ``MultiDiGraph``.

    ``report`` is a report's id or IRI; ``council`` a council's name, any case
    (a part of the name is enough when it names no council exactly). See the
    module's docstring for the node and edge attributes. Raises
    ``CarekgError`` when ``council`` names no council in the store.

    A question that needs only part of the graph may ask for less, and gets
    that part exactly as the whole projection has it: ``findings`` keeps
    only these findings (IRIs; of those in scope) and the nodes they link to,
    ``kinds`` only findings of these kinds, and ``relations`` only these links.
    """
    return projection_parts(store, report, council, findings, kinds, relations)[0]


def projection_parts(store, report, council, findings, kinds, relations):
    """``project``'s graph and the nodes in it typed by a link alone (no class in the store)."""
    scope, bindings = scope_of(store, report, council)
    if findings is not None:
        bindings = {**bindings, "finding": [NamedNode(f) for f in sorted(set(findings))]}
    wanted = [k for k in KIND_CLASS if kinds is None or k in set(kinds)]
    classes = ", ".join(f"<{KIND_CLASS[k].value}>" for k in wanted)
    named = findings is not None
    parts = {"scope": scope, **choose("class", classes, named), "kinds": ""}
    if kinds is not None:  # the quotes and links of other kinds are not read at all
        parts["kinds"] = "?finding a ?class . " + (choose("class", classes, named)["class_values"]
                                                   or f"FILTER(?class IN ({classes}))")  # fmt: skip
    predicates = ", ".join(f"<{CKG_BASE}{name}>" for name in (*relations, "confidence"))
    parts.update(choose("p", predicates, named))
    links = cells(store, LINKS % parts, bindings)
    around = None if findings is None else {t[1:-1] for _, _, t in links if t.startswith("<")}
    graph = nx.MultiDiGraph()
    waiting = _add_vocabulary(graph, store, around)
    _add_reports(graph, store, bindings)
    _add_findings(graph, store, parts, bindings)
    unknown = _add_links(graph, store, links, waiting)
    graph.graph["scope"] = {"report": report, "council": council}
    return graph, unknown


# --- reading the projection -----------------------------------------------------------------
def nodes_of_type(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    """The nodes of one type (``finding``, ``partner``...), sorted; indexed once per graph."""
    index = graph.graph.get("_by_type")
    if index is None or index[0] != graph.number_of_nodes():
        by_type: dict[str, list[str]] = {}
        for node, data in graph.nodes(data=True):
            by_type.setdefault(data.get("type"), []).append(node)
        index = (graph.number_of_nodes(), {k: sorted(v) for k, v in by_type.items()})
        graph.graph["_by_type"] = index
    return list(index[1].get(kind, []))


def findings_of_kind(graph: nx.MultiDiGraph, *kinds: str, within: Iterable[str] | None = None):
    """The findings of the given kinds (all kinds when none is given), sorted."""
    pool = nodes_of_type(graph, "finding") if within is None else sorted(within)
    nodes = graph.nodes
    return [
        n
        for n in pool
        if nodes[n].get("type") == "finding" and (not kinds or nodes[n]["kind"] in kinds)
    ]


# The helpers below read NetworkX's adjacency dicts (``_succ``, ``_pred``) directly:
# the public views wrap every lookup, which costs seconds over a national graph.
def out_links(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """``(target, relation)`` for every edge out of ``node`` (faster than ``out_edges``)."""
    return [(t, key) for t, keys in graph._succ[node].items() for key in keys]


def in_links(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """``(source, relation)`` for every edge into ``node``."""
    return [(s, key) for s, keys in graph._pred[node].items() for key in keys]


def targets(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """The nodes ``node`` links to by ``relation``, sorted."""
    return sorted(t for t, keys in graph._succ[node].items() if relation in keys)


def sources(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """The nodes that link to ``node`` by ``relation``, sorted."""
    return sorted(s for s, keys in graph._pred[node].items() if relation in keys)


def label(graph: nx.MultiDiGraph, node: str) -> str:
    """What a person calls ``node``: a name, a label or a quote."""
    return graph.nodes[node].get("label") or local_name(node) if node in graph else local_name(node)


def quote(graph: nx.MultiDiGraph, finding: str) -> dict:
    """A finding as evidence: ``id``, ``kind``, ``text``, ``report`` and ``source``."""
    data = graph.nodes[finding]
    return {
        "id": finding,
        "kind": data["kind"],
        "text": data["text"],
        "report": data["report"],
        "source": {"document": data["document"], "start": data["start"], "end": data["end"]},
    }


def councils_of(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each council (or, for a report that names none, the report) and its findings.

    Keys are council names, or report IRIs for reports without a council;
    values are the findings' IRIs, sorted.
    """
    units: dict[str, list[str]] = {}
    for node in findings_of_kind(graph):
        data = graph.nodes[node]
        units.setdefault(data["council"] or data["report"], []).append(node)
    return dict(sorted(units.items()))
