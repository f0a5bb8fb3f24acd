"""The detailed view's nodes and edges: one node per finding, partner, outcome, duty, QS, theme.

``detail_model`` turns a projection cut by ``view_scope`` and its analysis
into plain data for the page: for each node a short ``label`` for the canvas,
a ``heading``, the whole ``quote`` (findings) and ``info`` lines for its
tooltip and side panel, the ``facets`` the page's filters read, its gap
reasons and its centrality; for each edge its ``relation``. No text is
escaped here: the page writes all of it as data in one place.

>>> from carekg.graph.show.view_analysis import analysis_for
>>> from carekg.graph.show.view_detail import detail_model
>>> from carekg.graph.show.view_scope import ViewOptions, scoped_graph
>>> graph = scoped_graph(bexley, ViewOptions(qs=8, partner="ICB"))
>>> model = detail_model(graph, analysis_for(bexley, graph))
>>> icb = next(n for n in model["nodes"] if n["id"].endswith("/partner/icb"))
>>> icb["label"], icb["group"], icb["facets"]["ptype"]
('Integrated Care Board', 'partner:icb', ['icb'])
>>> risk = next(n for n in model["nodes"] if n["group"] == "risk")
>>> risk["heading"].startswith("Risk"), risk["facets"]["qs"]
(True, [8])
"""

from __future__ import annotations

import textwrap
from collections import Counter

from carekg.graph.model.kinds import KINDS
from carekg.graph.model.namespaces import CQC
from carekg.graph.show.view_scope import finding_themes
from carekg.graph.show.view_style import KIND_LABELS

NO_THEME_ROW = 5
THEME_ONLY_CELL = 99
SKIPPED_RELATIONS = {"isPartOf", "evidenceCategory"}


def short_label(text: str, width: int = 22) -> str:
    """The first words of ``text`` on one line of at most ``width`` characters.

    >>> short_label("The Council and the ICB are both financially challenged.")
    'The Council and the…'
    >>> short_label("Short.")
    'Short.'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,;:-") + "…"


def wrapped(text: str, width: int = 24, lines: int = 3) -> str:
    """``text`` on at most ``lines`` lines of about ``width`` characters, for a canvas label."""
    parts = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [short_label(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def _counts(graph, node: str) -> str:
    kinds = Counter(
        graph.nodes[n]["kind"]
        for n in set(graph.predecessors(node))
        if graph.nodes[n]["type"] == "finding"
    )
    total = sum(kinds.values())
    if not total:
        return "No finding in this view"
    parts = [f"{kinds[k]} {KIND_LABELS[k].lower()}" for k in KINDS if kinds[k]]
    return f"{total} finding{'s' * (total != 1)}: " + ", ".join(parts)


def _names(graph, nodes, fmt) -> str:
    return "; ".join(sorted(fmt(graph.nodes[n]) for n in nodes))


def _finding(graph, node: str, data: dict, qs_names: dict[int, str]) -> dict:
    kind = data["kind"]
    qs = data["quality_statements"]
    themes = sorted(finding_themes(graph, node))
    partners = [t for t in graph.successors(node) if graph.nodes[t]["type"] == "partner"]
    ptypes = sorted({graph.nodes[p].get("partner_type") or "other" for p in partners})
    heading = KIND_LABELS[kind]
    if data.get("confidence") is not None:
        heading += f" (confidence {data['confidence']:.2f})"
    info = []
    if qs:
        info.append("Quality statements: " + "; ".join(f"{n} {qs_names.get(n, '')}" for n in qs))
    if data.get("theme"):
        info.append(f"Theme: {data['theme']}")
    if partners:
        info.append("Partners: " + _names(graph, partners, lambda d: d["label"]))
    if data.get("evidence_categories"):
        info.append(
            "Evidence: " + ", ".join(c.replace("-", " ") for c in data["evidence_categories"])
        )
    report = graph.nodes[data["report"]] if data["report"] in graph else {}
    info.append(f"Report: {report.get('title') or report.get('label') or data['report']}")
    if data.get("document") is not None:
        info.append(f"Source: {data['document']}, characters {data['start']}–{data['end']}")
    primary = qs[0] if qs else None
    row = graph.graph["qs_theme"].get(primary) if primary else data.get("theme")
    return {
        "label": short_label(data["text"], 17),
        "group": kind,
        "heading": heading,
        "quote": data["text"],
        "info": info,
        "facets": {"kind": [kind], "qs": qs, "theme": themes, "ptype": ptypes or ["none"]},
        "slot": (
            "cell",
            row or NO_THEME_ROW,
            primary or (THEME_ONLY_CELL if row else 0),
            (KINDS.index(kind), data["report"], data.get("start") or 0, node),
        ),
    }


def _other(graph, node: str, data: dict) -> dict:
    kind = data["type"]
    if kind == "quality_statement":
        return {
            "label": wrapped(f"QS{data['number']} {data['label']}", 22),
            "group": kind,
            "heading": f"Quality statement {data['number']} (theme {data.get('theme')})",
            "quote": data["label"],
            "info": [_counts(graph, node)],
            "facets": {"qs": [data["number"]], "theme": [data.get("theme")]},
            "slot": ("head", data.get("theme") or NO_THEME_ROW, data["number"]),
        }
    if kind == "theme":
        return {
            "label": wrapped(f"Theme {data['number']}: {data['label']}", 18),
            "group": kind,
            "heading": f"Theme {data['number']}",
            "quote": data["label"],
            "info": [_counts(graph, node)],
            "facets": {"theme": [data["number"]]},
            "slot": ("theme", data["number"]),
        }
    if kind == "partner":
        ptype = data.get("partner_type") or "other"
        return {
            "label": wrapped(data["label"], 26, 2),
            "group": f"partner:{ptype}",
            "heading": f"Partner ({data.get('partner_type_label') or ptype})",
            "quote": data["label"],
            "info": [_counts(graph, node)],
            "facets": {"ptype": [ptype]},
            "slot": ("hub", 0, data["label"]),
        }
    column = 1
    label = data["label"]
    if kind == "care_act_duty":
        label = f"{data.get('notation', '')} {label}".strip()
    return {
        "label": wrapped(label, 26, 2),
        "group": kind,
        "heading": "Outcome" if kind == "outcome" else "Care Act duty",
        "quote": label,
        "info": [_counts(graph, node)],
        "facets": {},
        "slot": ("hub", column, label),
    }


def _edges(graph) -> list[dict]:
    edges = set()
    for source, target, relation in graph.edges(keys=True):
        if relation in SKIPPED_RELATIONS:
            continue
        data = graph.nodes[source]
        if relation == "theme" and graph.nodes[target].get("number") in {
            graph.graph["qs_theme"].get(q) for q in data.get("quality_statements", [])
        }:
            continue  # the finding's quality statement already says its theme
        edges.add((source, target, relation))
    for node, data in graph.nodes(data=True):
        theme = CQC[f"theme{data.get('theme')}"].value
        if data["type"] == "quality_statement" and theme in graph:
            edges.add((node, theme, "broader"))
    return [{"from": s, "to": t, "relation": r} for s, t, r in sorted(edges)]


def detail_model(graph, analysis) -> dict:
    """The page's ``nodes`` and ``edges`` for a cut projection and its ``Analysis``."""
    qs_names = graph.graph["qs_names"]
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        if data["type"] == "finding":
            item = _finding(graph, node, data, qs_names)
        else:
            item = _other(graph, node, data)
        gaps = analysis.gaps.get(node, [])
        cited = analysis.cited.get(node, [])
        item.update(id=node, type=data["type"], centrality=analysis.centrality.get(node, 0.0),
                    gaps=gaps, cited=cited)  # fmt: skip
        if node in analysis.community:
            item["info"].append(f"Community: {analysis.community[node]}")
        item["facets"]["gap"] = ["gap" if gaps else "cited" if cited else "no-gap"]
        nodes.append(item)
    return {"nodes": nodes, "edges": _edges(graph)}
