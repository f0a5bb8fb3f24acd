"""Councils side by side: ``carekg compare``.

- ``scores_by_council``: the nine quality statement scores each council's
  reports state, with the overall rating they imply (``model.ratings``) and
  the rating the report states, if any;
- ``partner_types_in_risks``: the kinds of partner most often involved in
  risks (and areas for development), across councils;
- ``themes.recurring_themes``: what recurs across councils, in their words;
- ``over_time.findings_over_time``: for one council, what each report saw
  again, no longer saw, or saw for the first time.

>>> from carekg.graph.analyse.compare import compare
>>> answer = compare(bexley)
>>> sorted(answer), answer["scores"]
(['over_time', 'partner_types', 'scores', 'themes'], [])
>>> any(row["risks"] for row in answer["partner_types"])
True
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from carekg.graph.analyse.over_time import findings_over_time
from carekg.graph.analyse.projection import findings_of_kind, nodes_of_type, project, targets
from carekg.graph.analyse.themes import PROBLEM_KINDS, recurring_themes
from carekg.graph.ask.summary import scores
from carekg.graph.model.ratings import overall_rating

REPORT_FACTS = """
SELECT ?report ?date ?rating WHERE {
  ?report a ckg:Report .
  OPTIONAL { ?report dcterms:date ?date }
  OPTIONAL { ?report ckg:overallRating ?rating }
}
"""


def scores_by_council(store, councils: list[str] | None = None) -> list[dict]:
    """One row per council whose reports state scores, by council name.

    Keys: ``council``, ``report`` (the latest report stating scores), ``date``,
    ``qs1`` .. ``qs9`` (score or None), ``percentage`` and ``implied_rating``
    (both None unless all nine are scored), ``stated_rating`` (the report's own,
    or None) and ``disagreements`` (``{"quality_statement", "scores"}`` when
    the council's reports state different scores for one quality statement).
    ``councils`` keeps those councils only.
    """
    facts = {
        row["report"].value: (
            row["date"].value if row["date"] is not None else "",
            row["rating"].value if row["rating"] is not None else None,
        )
        for row in store.select(REPORT_FACTS)
    }
    stated: dict[str, dict[str, dict[int, int]]] = {}
    for row in scores(store):
        council = row["council"] or row["report"]
        if councils is not None and council not in councils:
            continue
        per_report = stated.setdefault(council, {}).setdefault(row["report"], {})
        per_report[row["quality_statement"]] = row["score"]
    rows = []
    for council, reports in sorted(stated.items()):
        latest = max(reports, key=lambda r: (facts.get(r, ("", None))[0], len(reports[r]), r))
        chosen = reports[latest]
        implied = overall_rating(chosen)
        differ = []
        for number in range(1, 10):
            values = sorted({s[number] for s in reports.values() if number in s})
            if len(values) > 1:
                differ.append({"quality_statement": number, "scores": values})
        rows.append(
            {
                "council": council,
                "report": latest,
                "date": facts.get(latest, ("", None))[0] or None,
                **{f"qs{n}": chosen.get(n) for n in range(1, 10)},
                "percentage": implied[1] if implied else None,
                "implied_rating": implied[0] if implied else None,
                "stated_rating": facts.get(latest, ("", None))[1],
                "disagreements": differ,
            }
        )
    return rows


def partner_types_in_risks(graph: nx.MultiDiGraph) -> list[dict]:
    """Partner types by the number of risks that involve a partner of that type.

    Keys: ``partner_type`` (label, or "untyped"), ``risks``,
    ``areas_for_development``, ``councils`` (how many councils' risks involve
    one) and ``share`` (of all risks, 0-1). Most risks first.
    """
    risks = findings_of_kind(graph, "risk")
    areas = findings_of_kind(graph, "area_for_development")
    counts: dict[str, Counter] = {}
    councils: dict[str, set[str]] = {}
    for kind, findings in (("risks", risks), ("areas_for_development", areas)):
        for finding in findings:
            types = {
                graph.nodes[p].get("partner_type_label") or "untyped"
                for p in targets(graph, finding, "involves")
            }
            for partner_type in types:
                counts.setdefault(partner_type, Counter())[kind] += 1
                if kind == "risks":
                    council = graph.nodes[finding]["council"] or graph.nodes[finding]["report"]
                    councils.setdefault(partner_type, set()).add(council)
    rows = [
        {
            "partner_type": partner_type,
            "risks": counter["risks"],
            "areas_for_development": counter["areas_for_development"],
            "councils": len(councils.get(partner_type, ())),
            "share": round(counter["risks"] / len(risks), 3) if risks else 0.0,
        }
        for partner_type, counter in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["risks"], -r["areas_for_development"], r["partner_type"]))


def compare(store, *, council: str | None = None, graph: nx.MultiDiGraph | None = None) -> dict:
    """Scores, recurring themes, partner types in risks and, for one council, change over time.

    Returns ``{"scores", "themes", "partner_types", "over_time"}``. With
    ``council`` (a name, any case, or part of one) the scores and partner
    types are that council's, ``themes`` is empty and ``over_time`` compares
    its reports; without, ``over_time`` is empty. ``graph`` is the projection
    for the same scope, when the caller has it already.
    """
    if graph is None and council is None:
        # Themes and partner types read areas for development and risks and whom they
        # involve, nothing else: the rest of the graph is not projected.
        graph = project(store, kinds=PROBLEM_KINDS, relations=("involves",))
    elif graph is None:
        graph = project(store, council=council)
    names = None
    if council is not None:
        reports = nodes_of_type(graph, "report")
        names = sorted({graph.nodes[r].get("council") for r in reports} - {None})
    return {
        "scores": scores_by_council(store, names),
        "themes": [] if council is not None else recurring_themes(graph),
        "partner_types": partner_types_in_risks(graph),
        "over_time": findings_over_time(graph) if council is not None else [],
    }
