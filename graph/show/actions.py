"""The action plan: one row per thing a council must act on (``carekg actions``).

A row for every recommendation, and for every area for development or risk
that no recommendation addresses (directly, or for a risk through a finding
that leads to it). Each row says what it addresses, its quality statements,
partners and the risks it would reduce, and carries the owner, due date and
status a council fills in (pre-filled with what an earlier import recorded).
``carekg.graph.show.actions_export`` writes rows as CSV, Markdown or xlsx.

>>> from carekg.graph.show.actions import action_plan
>>> rows = action_plan(bexley)
>>> sorted({row["kind"] for row in rows})
['area_for_development', 'recommendation', 'risk']
>>> [row["kind"] for row in rows if "reversed previously agreed" in row["quote"]]
['risk']
"""

from __future__ import annotations

import networkx as nx

from carekg.graph.ask.actions import recorded_actions

PLAN_KINDS = ("recommendation", "risk", "area_for_development")
KIND_ORDER = {kind: n for n, kind in enumerate(PLAN_KINDS)}


def report_slug(iri: str) -> str:
    """A report's id, the last part of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _linked(graph: nx.MultiDiGraph, node: str, relation: str, incoming: bool = False):
    """Findings linked to ``node`` by ``relation`` (into it when ``incoming``), sorted."""
    links = graph.pred[node] if incoming else graph.succ[node]
    return sorted(n for n, keys in links.items() if relation in keys)


def recommendations_for(graph: nx.MultiDiGraph, finding: str) -> list[str]:
    """The recommendations that address ``finding``, or (a risk) a finding leading to it."""
    found = set(_linked(graph, finding, "addresses", incoming=True))
    if graph.nodes[finding]["kind"] == "risk":
        for cause in _linked(graph, finding, "leadsTo", incoming=True):
            found |= set(_linked(graph, cause, "addresses", incoming=True))
    return sorted(n for n in found if graph.nodes[n].get("kind") == "recommendation")


def _item(graph: nx.MultiDiGraph, node: str) -> dict:
    data = graph.nodes[node]
    return {"id": node, "kind": data.get("kind"), "text": data.get("text", "")}


def risks_reduced(graph: nx.MultiDiGraph, targets: list[str]) -> list[dict]:
    """The risks among ``targets`` and the risks that any of them leads to."""
    risks: set[str] = set()
    for target in targets:
        if graph.nodes[target].get("kind") == "risk":
            risks.add(target)
        risks |= {
            n for n in _linked(graph, target, "leadsTo") if graph.nodes[n].get("kind") == "risk"
        }
    return [_item(graph, r) for r in sorted(risks, key=lambda r: graph.nodes[r]["start"] or 0)]


def partner_labels(graph: nx.MultiDiGraph, finding: str) -> list[str]:
    """The preferred labels of the partners ``finding`` involves, sorted."""
    return sorted(graph.nodes[p]["label"] for p in _linked(graph, finding, "involves"))


def _row(graph: nx.MultiDiGraph, node: str, targets: list[str], recorded: dict) -> dict:
    data = graph.nodes[node]
    qss = set(data["quality_statements"])
    if not qss:
        for target in targets:
            qss |= set(graph.nodes[target].get("quality_statements", []))
    action = recorded.get(node, {})
    return {
        "id": node,
        "kind": data["kind"],
        "quality_statements": sorted(qss),
        "quote": data["text"],
        "addresses": [_item(graph, t) for t in targets if t != node],
        "partners": partner_labels(graph, node),
        "risks": risks_reduced(graph, targets),
        "owner": action.get("owner"),
        "due_date": action.get("due_date"),
        "status": action.get("status"),
        "imported_from": action.get("source"),
        "report": report_slug(data["report"]),
        "source": {"document": data["document"], "start": data["start"], "end": data["end"]},
    }


def plan_rows(graph: nx.MultiDiGraph, recorded: dict[str, dict]) -> list[dict]:
    """The action plan's rows from a projected graph and the recorded actions."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "finding" or data["kind"] not in PLAN_KINDS:
            continue
        if data["kind"] == "recommendation":
            targets = [
                t for t in _linked(graph, node, "addresses") if graph.nodes[t]["type"] == "finding"
            ]
            rows.append(_row(graph, node, targets, recorded))
        elif not recommendations_for(graph, node):
            rows.append(_row(graph, node, [node], recorded))
    rows.sort(
        key=lambda r: (
            r["quality_statements"][0] if r["quality_statements"] else 10,
            KIND_ORDER[r["kind"]],
            r["report"],
            r["source"]["start"] or 0,
        )
    )
    return rows


def action_plan(store, *, report: str | None = None, council: str | None = None) -> list[dict]:
    """The action plan for the store, one report or one council's reports.

    Each row: ``id`` (the finding's IRI), ``kind``, ``quality_statements``,
    ``quote`` (the finding's exact text), ``addresses`` and ``risks``
    (``{"id", "kind", "text"}``), ``partners``, ``owner``, ``due_date``,
    ``status`` and ``imported_from`` (None until a plan is imported),
    ``report`` (its id) and ``source`` (``{"document", "start", "end"}``).
    """
    from carekg.graph.analyse.projection import project

    return plan_rows(project(store, report=report, council=council), recorded_actions(store))
