"""Did the next report see what the last one saw? One council's reports over time.

A council usually has a peer challenge and, months later, its CQC
assessment. The reports are put in order (peer challenges first, then other
reports, then CQC assessments; by date within each kind), and reports of the
same kind and date (an assessment and its summary) form one stage. Each area
for development and risk is matched to the most similar finding of the other
stages: same quality statement (when both have one) and the closest wording
by TF-IDF cosine similarity. A match counts when its similarity is at least
``MATCH``.

- **found again**: a later stage has a matching area for development or risk;
- **now a strength**: the best later match is a strength;
- **not found again**: no later finding matches (only when a later stage exists);
- **new**: an area or risk of a later stage that matches no area or risk before it.

Each row quotes the finding and its best match (the closest finding even when
it falls short, so that a reader can judge), with the similarity.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.over_time import findings_over_time
>>> findings_over_time(project(bexley))  # one stage: nothing to compare
[]
"""

from __future__ import annotations

from itertools import groupby

import networkx as nx

from carekg.graph.analyse.projection import findings_of_kind, nodes_of_type, quote
from carekg.graph.analyse.wording import TfIdf, Vector, cosine, stems

PROBLEM_KINDS = ("area_for_development", "risk")
MATCH = 0.35
KIND_ORDER = {"peer-challenge": 0, "other": 1, None: 1, "cqc-assessment": 2}


def stages(graph: nx.MultiDiGraph) -> list[list[str]]:
    """The reports in order, grouped into stages (same kind and date)."""
    reports = nodes_of_type(graph, "report")

    def key(report: str):
        data = graph.nodes[report]
        return (KIND_ORDER.get(data.get("kind"), 1), data.get("date") or "", data.get("kind") or "")

    return [list(group) for _, group in groupby(sorted(reports, key=lambda r: (key(r), r)), key)]


def _comparable(graph, a: str, b: str) -> bool:
    mine, theirs = graph.nodes[a]["quality_statements"], graph.nodes[b]["quality_statements"]
    return not mine or not theirs or bool(set(mine) & set(theirs))


def _best(graph, finding: str, pool: list[str], vectors: dict[str, Vector]):
    """The most similar comparable finding of ``pool`` and its similarity, or (None, 0)."""
    scored = [
        (cosine(vectors[finding], vectors[other]), other)
        for other in pool
        if _comparable(graph, finding, other)
    ]
    if not scored:
        return None, 0.0
    score, other = max(scored, key=lambda s: (s[0], s[1]))
    return other, score


def _row(graph, status: str, finding: str, match: str | None, score: float) -> dict:
    return {
        "status": status,
        "quality_statements": graph.nodes[finding]["quality_statements"],
        "similarity": round(score, 3),
        "finding": quote(graph, finding),
        "match": quote(graph, match) if match else None,
    }


def findings_over_time(graph: nx.MultiDiGraph) -> list[dict]:
    """Areas for development and risks found again, now a strength, not found again, or new.

    ``graph`` is one council's projection (``project(store, council=...)``).
    Rows: ``status``, ``quality_statements``, ``similarity``, ``finding``
    (quote with its report) and ``match`` (the best match's quote, or None).
    Earlier stages first; empty when the council has one stage.
    """
    ordered = stages(graph)
    if len(ordered) < 2:
        return []
    stage_of = {report: index for index, group in enumerate(ordered) for report in group}
    findings = findings_of_kind(graph)
    model = TfIdf(stems(graph.nodes[f]["text"]) for f in findings)
    vectors = {f: model.vector(stems(graph.nodes[f]["text"])) for f in findings}
    by_stage: dict[int, list[str]] = {}
    for finding in findings:
        by_stage.setdefault(stage_of[graph.nodes[finding]["report"]], []).append(finding)
    rows = []
    for index in range(len(ordered)):
        later = [f for s in range(index + 1, len(ordered)) for f in by_stage.get(s, [])]
        earlier = [f for s in range(index) for f in by_stage.get(s, [])]
        earlier_problems = [f for f in earlier if graph.nodes[f]["kind"] in PROBLEM_KINDS]
        for finding in by_stage.get(index, []):
            if graph.nodes[finding]["kind"] not in PROBLEM_KINDS:
                continue
            if earlier:
                match, score = _best(graph, finding, earlier_problems, vectors)
                if score < MATCH:
                    rows.append(_row(graph, "new", finding, match, score))
            if later:
                rows.append(_follow_up(graph, finding, later, vectors))
    return rows


def _follow_up(graph, finding: str, later: list[str], vectors: dict[str, Vector]) -> dict:
    problems = [f for f in later if graph.nodes[f]["kind"] in PROBLEM_KINDS]
    match, score = _best(graph, finding, problems, vectors)
    if score >= MATCH:
        return _row(graph, "found again", finding, match, score)
    strengths = [f for f in later if graph.nodes[f]["kind"] == "strength"]
    good, good_score = _best(graph, finding, strengths, vectors)
    if good_score >= MATCH:
        return _row(graph, "now a strength", finding, good, good_score)
    return _row(graph, "not found again", finding, match, score)
