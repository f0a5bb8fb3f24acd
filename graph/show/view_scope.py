"""What the detailed view shows: the projection cut to the options a user gave.

``scoped_graph`` projects the store (one report, one council or all) with the
analysis layer's ``project`` and keeps the findings that match every option
given: theme, quality statement, partner, a node and its neighbourhood, gaps.
Reports and evidence categories are not drawn (they are in each finding's
tooltip), nor are Care Act duties, partners and outcomes no kept finding links.

>>> from carekg.graph.show.view_scope import ViewOptions, scoped_graph
>>> graph = scoped_graph(bexley, ViewOptions(qs=8))
>>> sorted({d["type"] for _, d in graph.nodes(data=True)})
['care_act_duty', 'finding', 'outcome', 'partner', 'quality_statement', 'theme']
>>> all(8 in d["quality_statements"] for _, d in graph.nodes(data=True) if d["type"] == "finding")
True
"""

from __future__ import annotations

from dataclasses import dataclass

from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import CQC

DRAWN = {"finding", "partner", "quality_statement", "theme", "care_act_duty", "outcome"}
FRAMEWORK = {"quality_statement", "theme"}


@dataclass(frozen=True)
class ViewOptions:
    """What to draw. ``None`` means no limit; see ``carekg view --help``."""

    report: str | None = None
    council: str | None = None
    theme: int | None = None
    qs: int | None = None
    partner: str | None = None
    focus: str | None = None
    depth: int = 1
    gaps: bool = False

    def narrowed(self) -> bool:
        """True when an option asks for a part of the graph, so the detailed view is wanted."""
        return any(
            value is not None
            for value in (self.report, self.council, self.theme, self.qs, self.partner, self.focus)
        )

    def check(self) -> None:
        """Raise ``CarekgError`` for a value no graph can match."""
        if self.theme is not None and not 1 <= self.theme <= 4:
            raise CarekgError(f"theme must be 1 to 4, not {self.theme}")
        if self.qs is not None and not 1 <= self.qs <= 9:
            raise CarekgError(f"quality statement must be 1 to 9, not {self.qs}")
        if self.depth < 0:
            raise CarekgError(f"depth must be 0 or more, not {self.depth}")


def _asked(data: dict, options: ViewOptions) -> bool:
    """True for the quality statement or theme the options ask for (and a theme's QS)."""
    if data["type"] == "theme":
        return data["number"] == options.theme
    return options.qs == data["number"] or (
        options.theme is not None and data.get("theme") == options.theme
    )


def finding_themes(graph, node: str) -> set[int]:
    """The themes a finding belongs to: its own and those of its quality statements."""
    data = graph.nodes[node]
    themes = {data["theme"]} if data.get("theme") else set()
    themes |= {graph.graph["qs_theme"].get(qs) for qs in data.get("quality_statements", [])}
    return themes - {None}


def _partner_nodes(store, graph, name: str) -> set[str]:
    """Partners named ``name`` (id, name, alternative name), else of the partner type ``name``."""
    from carekg.graph.ask.findings import resolve_partner

    found = {node.value for node in resolve_partner(store, name)} & set(graph)
    if not found:
        wanted = " ".join(name.split()).casefold()
        found = {
            n
            for n, d in graph.nodes(data=True)
            if d["type"] == "partner"
            and wanted
            in {
                str(d.get("partner_type")).casefold(),
                str(d.get("partner_type_label")).casefold(),
            }
        }
    if not found:
        raise CarekgError(f"no partner in the view is named {name!r} (by name, id or type)")
    return found


def _focus_nodes(store, graph, label: str, depth: int) -> set[str]:
    """``label``'s node (by name, id, IRI, or a piece of a quote) and its neighbourhood."""
    import networkx as nx

    from carekg.graph.ask.nodes import resolve_node

    starts = {node.value for node in resolve_node(store, label)} & set(graph)
    if not starts:
        wanted = " ".join(label.split()).casefold()
        starts = {
            n
            for n, d in graph.nodes(data=True)
            if d["type"] in DRAWN and wanted and wanted in str(d.get("label", "")).casefold()
        }
    if not starts:
        raise CarekgError(f"no node in the view is named {label!r} or has it in its quote")
    drawn = graph.subgraph(n for n, d in graph.nodes(data=True) if d["type"] in DRAWN)
    undirected = nx.Graph(drawn)
    keep: set[str] = set()
    for start in sorted(starts):
        keep |= set(nx.single_source_shortest_path_length(undirected, start, cutoff=depth))
    return keep


def scoped_graph(store, options: ViewOptions, gap_nodes: set[str] | None = None):
    """The projection of ``store`` cut to ``options``: a ``networkx.MultiDiGraph``.

    ``gap_nodes`` are the nodes the analysis marks or cites as gaps; with
    ``options.gaps`` only those and the framework nodes stay.
    """
    from carekg.graph.analyse.projection import project

    options.check()
    graph = project(store, report=options.report, council=options.council)
    graph.graph["qs_theme"] = {
        d["number"]: d.get("theme")
        for _, d in graph.nodes(data=True)
        if d["type"] == "quality_statement"
    }
    graph.graph["qs_names"] = {
        d["number"]: d["label"]
        for _, d in graph.nodes(data=True)
        if d["type"] == "quality_statement"
    }
    findings = [n for n, d in graph.nodes(data=True) if d["type"] == "finding"]
    if options.theme is not None:
        findings = [f for f in findings if options.theme in finding_themes(graph, f)]
    if options.qs is not None:
        findings = [f for f in findings if options.qs in graph.nodes[f]["quality_statements"]]
    if options.partner is not None:
        partners = _partner_nodes(store, graph, options.partner)
        findings = [f for f in findings if partners & set(graph.successors(f))]
    keep = set(findings)
    for finding in findings:
        keep |= {
            t for t in graph.successors(finding) if graph.nodes[t]["type"] in DRAWN - {"finding"}
        }
    if options.focus is not None:
        keep &= _focus_nodes(store, graph, options.focus, options.depth)
    if options.gaps:
        keep &= gap_nodes or set()
    framework = {n for n, d in graph.nodes(data=True) if d["type"] in FRAMEWORK}
    if options.qs is not None or options.theme is not None:
        framework = {n for n in framework if n in keep or _asked(graph.nodes[n], options)}
        framework |= {
            CQC[f"theme{graph.nodes[n]['theme']}"].value
            for n in framework
            if graph.nodes[n].get("theme")
        }
    elif options.partner is not None or options.focus is not None:
        framework &= keep
    reports = {graph.nodes[f]["report"] for f in findings} if options.narrowed() else None
    graph.graph["reports"] = sorted(
        (d.get("title") or d["label"], d.get("council") or "")
        for n, d in graph.nodes(data=True)
        if d["type"] == "report" and (reports is None or n in reports)
    )
    kept = graph.subgraph(keep | (framework & set(graph))).copy()
    kept.graph.update(graph.graph)
    return kept
