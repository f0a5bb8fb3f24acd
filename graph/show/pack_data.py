"""What the readiness pack says, as plain data: one function, ``pack_data``.

The pack is built from one projection of the store (``analyse.projection``),
so that its findings, partners, duties, evidence categories and gaps are read
in one pass and agree with each other. The renderers (``pack_md``,
``pack_html``, ``pack_docx``) only lay it out.

>>> from carekg.graph.show.pack_data import pack_data
>>> pack = pack_data(bexley)
>>> pack["title"]
'Readiness pack: London Borough of Bexley'
>>> [row["number"] for row in pack["overview"]]
[1, 2, 3, 4, 5, 6, 7, 8, 9]
>>> qs8 = pack["themes"][3]["statements"][0]
>>> qs8["label"], len(qs8["quotes"]["risk"]) > 0
('Governance, management and sustainability', True)
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from carekg.graph.ask.actions import recorded_actions
from carekg.graph.ask.summary import scores as stated_scores
from carekg.graph.errors import CarekgError
from carekg.graph.model.actions import is_open
from carekg.graph.model.ratings import SCORE_MEANINGS, overall_rating
from carekg.graph.show.actions import partner_labels, plan_rows, recommendations_for, report_slug

PACK_KINDS = ("strength", "area_for_development", "risk", "recommendation")
KIND_TITLES = {
    "strength": "Strengths",
    "area_for_development": "Areas for development",
    "risk": "Risks",
    "recommendation": "Recommendations",
    "context": "Context",
}
EVIDENCE_CATEGORIES = {
    "people": "people's experience",
    "staff": "feedback from staff and leaders",
    "partners": "feedback from partners",
    "processes": "processes",
    "outcomes": "outcomes",
}
MAX_GAP_EVIDENCE = 3

__all__ = ["EVIDENCE_CATEGORIES", "KIND_TITLES", "PACK_KINDS", "SCORE_MEANINGS", "pack_data"]


def _of_type(graph: nx.MultiDiGraph, kind: str) -> list[tuple[str, dict]]:
    return sorted(
        ((n, d) for n, d in graph.nodes(data=True) if d.get("type") == kind),
        key=lambda nd: (nd[1].get("number", 0), nd[0]),
    )


def _findings_on(graph: nx.MultiDiGraph, qs: str) -> list[str]:
    """The findings about quality statement ``qs``, in report and text order."""
    found = [
        n
        for n, keys in graph.pred[qs].items()
        if "qualityStatement" in keys and _is_finding(graph, n)
    ]
    return sorted(found, key=lambda n: _position(graph, n))


def _is_finding(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("type") == "finding"


def _position(graph: nx.MultiDiGraph, node: str) -> tuple:
    data = graph.nodes[node]
    return (data["report"], data["start"] or 0, node)


def _quote(graph: nx.MultiDiGraph, node: str, plan: dict[str, dict]) -> dict:
    data = graph.nodes[node]
    row = plan.get(node)
    action = None
    if row is not None:
        action = {k: row[k] for k in ("owner", "due_date", "status", "imported_from")}
    addressed_by = 0
    if data["kind"] in ("area_for_development", "risk"):
        addressed_by = len(recommendations_for(graph, node))
    return {
        "id": node,
        "kind": data["kind"],
        "text": data["text"],
        "report": report_slug(data["report"]),
        "source": {"document": data["document"], "start": data["start"], "end": data["end"]},
        "partners": partner_labels(graph, node),
        "action": action,
        "addressed_by": addressed_by,
    }


def _gap(gap: dict) -> dict:
    evidence = [
        {
            "id": e.get("id"),
            "text": e["text"],
            "report": report_slug(e["report"]),
            "source": e["source"],
            "shown": False,
        }
        for e in gap.get("evidence", [])[:MAX_GAP_EVIDENCE]
    ]
    return {
        "kind": gap["kind"],
        "detail": gap.get("detail"),
        "reason": gap["reason"],
        "evidence": evidence,
        "evidence_total": gap.get("evidence_total", len(gap.get("evidence", []))),
    }


def _find_gaps(graph: nx.MultiDiGraph) -> tuple[list[dict], str | None]:
    """The analysis's gaps, or none and a note when the analysis is not available."""
    try:
        from carekg.graph.analyse.gaps import find_gaps
    except ImportError as exc:
        return [], f"analysis not available ({exc})"
    return find_gaps(graph), None


def _place_gaps(graph: nx.MultiDiGraph, gaps: list[dict]) -> tuple[dict[int, list], list]:
    """Gaps by the quality statement they concern; those about none go in the second list."""
    by_qs: dict[int, list[dict]] = {}
    general = []
    for gap in gaps:
        numbers: set[int] = set()
        for about in gap.get("about", []):
            node = graph.nodes.get(about["id"], {})
            if node.get("type") == "quality_statement":
                numbers.add(node["number"])
            elif node.get("type") == "finding":
                numbers |= set(node["quality_statements"])
        for number in sorted(numbers):
            by_qs.setdefault(number, []).append(_gap(gap))
        if not numbers:
            general.append(_gap(gap))
    return by_qs, general


def _counted(labels: list[str]) -> list[dict]:
    return [
        {"label": k, "count": v}
        for k, v in sorted(Counter(labels).items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _statement(graph, qs: str, data: dict, plan: dict, gaps: list, scores: list) -> dict:
    on = _findings_on(graph, qs)
    quotes = {kind: [] for kind in PACK_KINDS}
    partners, duties, categories = [], [], set()
    for node in on:
        finding = graph.nodes[node]
        if finding["kind"] in quotes:
            quotes[finding["kind"]].append(_quote(graph, node, plan))
        partners += partner_labels(graph, node)
        categories |= set(finding["evidence_categories"])
        for duty, keys in graph.succ[node].items():
            if "careActDuty" in keys:
                duties.append(
                    f"{graph.nodes[duty].get('notation', '')} {graph.nodes[duty]['label']}"
                )
    shown = {q["id"] for found in quotes.values() for q in found}
    for gap in gaps:
        for evidence in gap["evidence"]:
            evidence["shown"] = evidence["id"] in shown
    number = data["number"]
    return {
        "number": number,
        "label": data["label"],
        "scores": [s for s in scores if s["quality_statement"] == number],
        "findings": len(on),
        "quotes": quotes,
        "partners": _counted(partners),
        "duties": _counted(duties),
        "evidence_present": [v for k, v in EVIDENCE_CATEGORIES.items() if k in categories],
        "evidence_missing": [v for k, v in EVIDENCE_CATEGORIES.items() if k not in categories],
        "gaps": gaps,
    }


def _overview(statement: dict, rows: list[dict]) -> dict:
    mine = [r for r in rows if statement["number"] in r["quality_statements"]]
    return {
        "number": statement["number"],
        "label": statement["label"],
        "scores": sorted({s["score"] for s in statement["scores"]}),
        "counts": {kind: len(statement["quotes"][kind]) for kind in PACK_KINDS},
        "findings": statement["findings"],
        "gaps": len(statement["gaps"]),
        "gap_kinds": sorted({g["kind"] for g in statement["gaps"]}),
        "actions": len(mine),
        "open_actions": sum(1 for r in mine if is_open(r["status"])),
        "owned_actions": sum(1 for r in mine if r["owner"]),
    }


def _reports(graph: nx.MultiDiGraph) -> list[dict]:
    documents = {d["report"]: d["document"] for _, d in _of_type(graph, "finding")}
    return [
        {
            "id": node,
            "slug": report_slug(node),
            "title": data.get("title"),
            "council": data.get("council"),
            "kind": data.get("kind"),
            "date": data.get("date"),
            "document": documents.get(node),
        }
        for node, data in _of_type(graph, "report")
    ]


def _title(reports: list[dict], report: str | None) -> str:
    councils = sorted({r["council"] for r in reports if r["council"]})
    if report is not None:
        return f"Readiness pack: {reports[0]['slug']}"
    if len(councils) == 1:
        return f"Readiness pack: {councils[0]}"
    return f"Readiness pack: {len(reports)} reports, {len(councils)} councils"


def _ratings(scores: list[dict]) -> list[dict]:
    by_report: dict[str, dict[int, int]] = {}
    for s in scores:
        by_report.setdefault(s["report"], {})[s["quality_statement"]] = s["score"]
    out = []
    for report, numbers in sorted(by_report.items()):
        rating = overall_rating(numbers)
        if rating is not None:
            out.append(
                {"report": report_slug(report), "rating": rating[0], "percentage": rating[1]}
            )
    return out


def pack_data(store, *, report: str | None = None, council: str | None = None) -> dict:
    """Everything the readiness pack shows for the store, one report or one council.

    Keys: ``title``, ``reports``, ``overview`` (one row per quality
    statement: scores, counts by kind, gaps, actions open and owned),
    ``themes`` (each with its ``statements``: scores, ``quotes`` by kind with
    report, position, partners and recorded action, partners, Care Act
    duties, evidence categories present and missing, gaps), ``unplaced``
    (quotes on no quality statement), ``general_gaps``, ``ratings``,
    ``actions`` (the action plan's totals) and ``analysis_note`` (None, or
    why the gaps are missing).
    """
    from carekg.graph.analyse.projection import project

    graph = project(store, report=report, council=council)
    reports = _reports(graph)
    if not reports:
        raise CarekgError("no report in the store matches" if report else "the store has no report")
    iris = {r["id"] for r in reports}
    scores = [
        {**s, "report_id": report_slug(s["report"])}
        for s in stated_scores(store)
        if s["report"] in iris
    ]
    rows = plan_rows(graph, recorded_actions(store))
    plan = {r["id"]: r for r in rows}
    gaps, note = _find_gaps(graph)
    by_qs, general = _place_gaps(graph, gaps)
    statements = {
        data["number"]: _statement(graph, qs, data, plan, by_qs.get(data["number"], []), scores)
        for qs, data in _of_type(graph, "quality_statement")
    }
    themes = [
        {
            "number": data["number"],
            "label": data["label"],
            "statements": [
                s for n, s in sorted(statements.items()) if _theme_of(graph, n) == data["number"]
            ],
        }
        for _, data in _of_type(graph, "theme")
    ]
    unplaced = {kind: [] for kind in PACK_KINDS}
    for node, data in _of_type(graph, "finding"):
        if not data["quality_statements"] and data["kind"] in unplaced:
            unplaced[data["kind"]].append(_quote(graph, node, plan))
    for quotes in unplaced.values():
        quotes.sort(key=lambda q: (q["report"], q["source"]["start"] or 0))
    return {
        "title": _title(reports, report),
        "reports": reports,
        "overview": [_overview(s, rows) for _, s in sorted(statements.items())],
        "themes": themes,
        "unplaced": unplaced,
        "general_gaps": general,
        "ratings": _ratings(scores),
        "actions": {
            "total": len(rows),
            "open": sum(1 for r in rows if is_open(r["status"])),
            "owned": sum(1 for r in rows if r["owner"]),
        },
        "analysis_note": note,
    }


def _theme_of(graph: nx.MultiDiGraph, number: int) -> int | None:
    for _, data in _of_type(graph, "quality_statement"):
        if data["number"] == number:
            return data.get("theme")
    return None
