"""The interactive view: one offline HTML file that shows the graph, its dependencies and gaps.

``write_view`` chooses what to draw and writes the page:

- the **detailed** view draws every finding (coloured and shaped by kind),
  partner (coloured by partner type), outcome, Care Act duty, quality
  statement and theme, with their relations; options cut it to a report, a
  council, a theme, a quality statement, a partner, a node's neighbourhood or
  the gaps (``view_scope``);
- above ``AGGREGATE_ABOVE`` nodes with no option that narrows it, the
  **aggregated** view counts findings by quality statement × kind
  (``view_aggregate``).

Node size follows centrality and gaps are marked from the analysis saved in
the store (``view_analysis``); the layout is computed here (``view_layout``),
so the same store gives the same bytes. The page (``view_page``) has a title,
a legend, search, filters and a side panel, and reaches no network.

>>> from carekg.graph.show.view import view_page
>>> html, result = view_page(bexley)
>>> result.mode, result.nodes == len(result.page["nodes"])
('detail', True)
>>> result.page["title"]
'London Borough of Bexley'
>>> "<script>alert" in html
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carekg.graph.show.files import write_atomically
from carekg.graph.show.view_scope import ViewOptions

GAP_NAMES = {"gap": "A gap (red dashed)", "cited": "Cited by a gap", "no-gap": "Neither"}
SIZE_NOTES = {
    "saved analysis": "Node size: partners by betweenness centrality from the saved analysis; "
    "other nodes by their number of links.",
    "aggregate": "Node size: how many findings a node counts (within each type of node).",
    "degree in this view": "Node size: number of links in this view.",
}
AGGREGATE_ABOVE = 1500  # nodes; above this the default view aggregates
DRAWN_FINDINGS = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a ckg:Finding }"
BUILT = "SELECT (MAX(?t) AS ?built) WHERE { ?a a prov:Activity ; prov:endedAtTime ?t }"
COUNTED = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?f ckg:involves ?p }"


@dataclass
class ViewResult:
    """What was written: ``mode`` (``detail`` or ``aggregate``), counts, the page's data."""

    mode: str
    nodes: int
    edges: int
    analysis: str
    page: dict = field(repr=False)
    size: int = 0


def default_drill(scope: dict) -> str:
    """How the page names a detailed view, e.g. ``write_view(store, path, qs=8)``."""
    args = ", ".join(f"{key}={value!r}" for key, value in sorted(scope.items()))
    return f"write_view(store, path, {args})"


def _built(store) -> str:
    rows = store.select(BUILT)
    built = rows[0]["built"] if rows else None
    return built.value[:10] if built is not None else "date unknown"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def _asked(options: ViewOptions) -> str:
    parts = []
    for name in ("report", "council", "theme", "qs", "partner", "focus"):
        value = getattr(options, name)
        if value is not None:
            label = {"qs": "quality statement"}.get(name, name)
            parts.append(f"{label} {value}")
    if options.focus is not None:
        parts.append(f"depth {options.depth}")
    if options.gaps:
        parts.append("gaps only")
    return ", ".join(parts)


def _detail(store, options: ViewOptions) -> tuple[dict, dict, str]:
    from carekg.graph.show.view_analysis import analysis_for, saved_gaps
    from carekg.graph.show.view_detail import detail_model
    from carekg.graph.show.view_scope import scoped_graph

    gap_nodes = {n for gap in saved_gaps(store) for n in gap.nodes} if options.gaps else None
    graph = scoped_graph(store, options, gap_nodes)
    reports = graph.graph["reports"]
    councils = {council for _, council in reports if council}
    analysis = analysis_for(store, graph, councils)
    model = detail_model(graph, analysis)
    model["reports"] = reports
    model["councils"] = sorted({c for _, c in reports if c})
    names = {"qs": graph.graph["qs_names"]}
    return model, names, analysis.source


def _title(model: dict, mode: str, options: ViewOptions, built: str) -> tuple[str, str]:
    councils = model["councils"]
    if len(councils) == 1:
        title = councils[0]
    elif len(councils) <= 3 and councils:
        title = " · ".join(councils)
    else:
        title = f"{_plural(len(councils), 'council')}" if councils else "carekg"
    if mode == "aggregate":
        title += ": findings by quality statement and kind"
        reports = _plural(model["report_count"], "report")
    elif len(model["reports"]) <= 4:
        reports = f"{_plural(len(model['reports']), 'report')}: " + "; ".join(
            r for r, _ in model["reports"]
        )
    else:
        reports = _plural(len(model["reports"]), "report")
    shown = f"{_plural(len(model['nodes']), 'node')}, {_plural(len(model['edges']), 'link')}"
    asked = _asked(options)
    subtitle = " · ".join(p for p in (reports, f"built {built}", shown, asked) if p)
    return title, subtitle


def _notes(mode: str, source: str, findings: int) -> list[str]:
    notes = []
    if mode == "aggregate":
        notes.append(
            f"{findings:,} findings are too many to draw one by one: each node counts the "
            "findings of one kind on one quality statement. Click a node for examples and "
            "for the detailed view that shows its findings."
        )
    if source == "degree in this view":
        notes.append("No analysis is saved in the store, so no gap is marked.")
    return notes


def view_page(
    store, options: ViewOptions | None = None, *, aggregate: bool | None = None, drill=default_drill
) -> tuple[str, ViewResult]:
    """The page's HTML and what it shows, without writing it.

    ``aggregate`` forces the aggregated (True) or detailed (False) view; by
    default the detailed view is drawn unless the store has more than
    ``AGGREGATE_ABOVE`` nodes and no option narrows it. The aggregated view
    counts across all councils, or across ``options.council``'s. ``drill`` turns a
    scope such as ``{"qs": 8}`` into the words the page shows for a detailed view.
    """
    from carekg.graph.show.view_layout import layout
    from carekg.graph.show.view_page import facets, groups_and_relations, render

    options = options or ViewOptions()
    options.check()
    if aggregate is None:
        findings = int(store.select(DRAWN_FINDINGS)[0]["n"].value)
        partners = int(store.select(COUNTED)[0]["n"].value) if findings else 0
        aggregate = not options.narrowed() and findings + partners + 40 > AGGREGATE_ABOVE
    if aggregate:
        from carekg.graph.show.view_aggregate import aggregate_model
        from carekg.graph.show.view_analysis import saved_gaps

        councils = None
        if options.council is not None:
            from carekg.graph.analyse.projection_sparql import resolve_council

            councils = set(resolve_council(store, options.council))
        model = aggregate_model(store, councils)
        model["councils"] = sorted(n["quote"] for n in model["nodes"] if n["type"] == "council")
        model["report_count"] = model["reports"]
        names = {}
        source = "saved analysis" if saved_gaps(store) else "degree in this view"
    else:
        model, names, source = _detail(store, options)
    positions = layout(model["nodes"], [(e["from"], e["to"]) for e in model["edges"]])
    for node in model["nodes"]:
        node["x"], node["y"] = positions[node["id"]]
        scope = node.pop("scope", None)
        if scope:
            node["drill"] = drill(scope)
        for key in ("slot", "weight"):
            node.pop(key, None)
    mode = "aggregate" if aggregate else "detail"
    title, subtitle = _title(model, mode, options, _built(store))
    names.setdefault("gap", GAP_NAMES)
    names.setdefault("ptype", {})["none"] = "No partner named"
    groups, relations = groups_and_relations(model, _legends(model))
    page = {
        "title": title,
        "subtitle": subtitle,
        "notes": _notes(mode, source, model.get("findings", 0)),
        "mode": mode,
        "sizeNote": SIZE_NOTES["aggregate" if aggregate else source],
        "groups": groups,
        "relations": relations,
        "facets": facets(model["nodes"], _facet_names(model, names)),
        "fit": model.get("fit"),
        "nodes": model["nodes"],
        "edges": model["edges"],
    }
    html = render(page)
    result = ViewResult(mode, len(page["nodes"]), len(page["edges"]), source, page, len(html))
    return html, result


def _legends(model: dict) -> dict[str, str]:
    """Legend text for partner groups from the partner types' own labels."""
    legends = {}
    for node in model["nodes"]:
        if node["group"].startswith("partner:") and node["type"] == "partner_type":
            legends[node["group"]] = f"Partner type: {node['quote']}"
        elif node["group"].startswith("partner:"):
            legends.setdefault(node["group"], f"Partner: {node['heading'][9:-1]}")
    return legends


def _facet_names(model: dict, names: dict) -> dict:
    from carekg.graph.show.view_style import KIND_LABELS

    names = dict(names)
    names["kind"] = KIND_LABELS
    themes = {n["facets"]["theme"][0]: n["quote"] for n in model["nodes"] if n["type"] == "theme"}
    names["theme"] = {k: f"{k} {v}" for k, v in themes.items()}
    qs = {
        n["facets"]["qs"][0]: n["quote"] for n in model["nodes"] if n["type"] == "quality_statement"
    }
    names["qs"] = {k: f"{k} {v}" for k, v in {**names.get("qs", {}), **qs}.items()}
    ptypes = dict(names.get("ptype", {}))
    for node in model["nodes"]:
        if node["group"].startswith("partner:"):
            ptypes.setdefault(
                node["group"][8:], _legends({"nodes": [node]})[node["group"]].split(": ", 1)[1]
            )
    names["ptype"] = ptypes
    return names


def write_view(
    store,
    path: str | Path,
    options: ViewOptions | None = None,
    *,
    aggregate: bool | None = None,
    drill=default_drill,
) -> ViewResult:
    """Write the view of ``store`` to ``path`` (see ``view_page``); returns what it shows.

    The file is written whole or not at all, so an old view stays readable
    until the new one replaces it.
    """
    html, result = view_page(store, options, aggregate=aggregate, drill=drill)
    write_atomically(path, html.encode("utf-8"))
    return result
