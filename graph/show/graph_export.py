"""The projected graph for other tools: GraphML, GEXF (Gephi), and nodes and edges as CSV.

Nodes keep the projection's attributes (type, label, kind, report, council,
position, quality statements, partner type, confidence...) and gain the
analysis: ``degree`` and ``betweenness`` for partners, ``community`` for the
nodes of a community, and ``gaps`` (how many gaps concern or cite the node)
with ``gap_kinds``. Lists become text joined by "; " and missing values are
left out, since GraphML and GEXF attributes are scalars. Edges carry
``relation``.

>>> import io, networkx as nx
>>> data = export_graph(bexley, "graphml")
>>> loaded = nx.read_graphml(io.BytesIO(data))
>>> loaded.nodes["https://w3id.org/carekg/partner/housing"]["label"]
'Housing'
>>> print(export_graph(bexley, "edges-csv").decode().splitlines()[0])
source,target,relation
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import networkx as nx

from carekg.graph.analyse.structure import analyse
from carekg.graph.errors import FormatError

NODE_COLUMNS = [
    "id",
    "type",
    "label",
    "kind",
    "report",
    "council",
    "document",
    "start",
    "end",
    "quality_statements",
    "theme",
    "number",
    "notation",
    "partner_type",
    "confidence",
    "evidence_categories",
    "date",
    "degree",
    "betweenness",
    "community",
    "gaps",
    "gap_kinds",
]
SKIP = {"text", "partner_type_label", "title"}


def _scalar(value):
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def graph_with_analysis(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a projection whose nodes carry scalar attributes and the analysis results."""
    results = analyse(graph, gaps=True)
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attributes = {k: _scalar(v) for k, v in data.items() if k not in SKIP and v is not None}
        if data.get("type") == "partner" and data.get("partner_type_label"):
            attributes["partner_type"] = data["partner_type_label"]
        out.add_node(node, **attributes)
    for s, t, key in graph.edges(keys=True):
        out.add_edge(s, t, key=key, relation=key)
    for row in results["centrality"]:
        out.nodes[row["id"]].update(degree=row["degree"], betweenness=row["betweenness"])
    for node, cid in results["membership"].items():
        if node in out:
            out.nodes[node]["community"] = cid
    kinds: dict[str, set[str]] = {}
    for gap in results["gaps"]:
        for node in {a["id"] for a in gap["about"]} | {e["id"] for e in gap["evidence"]}:
            kinds.setdefault(node, set()).add(gap["kind"])
            out.nodes[node]["gaps"] = out.nodes[node].get("gaps", 0) + 1
    for node, names in kinds.items():
        out.nodes[node]["gap_kinds"] = "; ".join(sorted(names))
    return out


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def _nodes_csv(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, NODE_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for node, data in sorted(graph.nodes(data=True)):
        writer.writerow({"id": node, **data})
    return buffer.getvalue().encode()


def _edges_csv(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "target", "relation"])
    for s, t, key in sorted(graph.edges(keys=True)):
        writer.writerow([s, t, key])
    return buffer.getvalue().encode()


GRAPH_FORMATS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "nodes-csv": _nodes_csv,
    "edges-csv": _edges_csv,
}


def export_graph(
    store, format: str, *, report: str | None = None, council: str | None = None
) -> bytes:
    """The projection of the store (or of one report or council) with its analysis, as bytes."""
    from carekg.graph.analyse.projection import project

    if format not in GRAPH_FORMATS:
        raise FormatError(f"graph export formats are {', '.join(GRAPH_FORMATS)}, not {format!r}")
    graph = graph_with_analysis(project(store, report=report, council=council))
    return GRAPH_FORMATS[format](graph)
