"""The shape each question's answer takes in a table or CSV, as people read it.

JSON keeps a question's own structure; tables and CSV flatten it. Each shaper
takes the question's rows and a format name and returns ``(rows, columns)``;
``render_answer`` looks the shaper up by question name and renders.

>>> print(render_answer("scores", [{"report": "https://w3id.org/carekg/id/report/r1",
...     "council": "X Council", "quality_statement": 1, "score": 3}], "csv"), end="")
report,council,qs,score
r1,X Council,1,3
"""

from __future__ import annotations

from collections.abc import Callable

from carekg.graph.model.text import compact
from carekg.graph.show.formats import render

Shaped = tuple[list[dict], list[str] | None]


def short_id(iri: str) -> str:
    """The last part of an IRI, for narrow tables."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _findings(rows: list[dict], fmt: str) -> Shaped:
    flat = [
        {
            "kind": r["kind"],
            "qs": r["quality_statements"],
            "partners": r["partners"],
            "text": r["text"],
            "report": short_id(r["report"]),
            "start": r["source"]["start"],
            "evidence": r.get("evidence"),
            "confidence": r.get("confidence"),
        }
        for r in rows
    ]
    columns = ["kind", "qs", "partners", "text"]
    return flat, columns + (["report", "start", "evidence", "confidence"] if fmt == "csv" else [])


def _review(rows: list[dict], fmt: str) -> Shaped:
    flat = [
        {
            "confidence": r["confidence"],
            "kind": r["kind"],
            "why": r["reason"],
            "text": r["text"],
            "report": short_id(r["report"]),
            "start": r["source"]["start"],
        }
        for r in rows
    ]
    columns = ["confidence", "kind", "why", "text"]
    return flat, columns + (["report", "start"] if fmt == "csv" else [])


def _scores(rows: list[dict], fmt: str) -> Shaped:
    flat = [
        {
            "report": short_id(r["report"]),
            "council": r["council"],
            "qs": r["quality_statement"],
            "score": r["score"],
        }
        for r in rows
    ]
    return flat, None


PARTNER_COLUMNS = {
    "partner": "partner",
    "id": "id",
    "strength": "strengths",
    "area_for_development": "areas",
    "risk": "risks",
    "recommendation": "recs",
    "context": "context",
    "total": "total",
}


def _partners(rows: list[dict], fmt: str) -> Shaped:
    if fmt != "table":
        return rows, None
    table = [{PARTNER_COLUMNS.get(k, k): v for k, v in row.items()} for row in rows]
    return table, list(PARTNER_COLUMNS.values())


def _threat(item: dict) -> str:
    if item["kind"] == "outcome":
        return item["label"]
    return f'{item["kind"]}: "{item["label"]}"'


def _risks(rows: list[dict], fmt: str) -> Shaped:
    flat = [
        {
            "id": r["id"],
            "report": short_id(r["report"]),
            "qs": r["quality_statements"],
            "risk": r["text"],
            "threatens": [_threat(t) for t in r["threatens"]],
            "partners": r["partners"],
            "addressed_by": [rec["text"] for rec in r["recommendations"]] or "none",
            **r["source"],
        }
        for r in rows
    ]
    columns = ["qs", "risk", "threatens", "partners", "addressed_by"]
    if fmt == "csv":
        columns = ["id", "report", *columns, "document", "start", "end"]
    return flat, columns


def _evidence(grouped: dict[str, list[dict]], fmt: str) -> Shaped:
    flat = [
        {
            "kind": kind,
            "id": q["id"],
            "text": q["text"],
            "report": short_id(q["report"]),
            **q["source"],
            "at": f"{q['source']['start']}-{q['source']['end']}",
        }
        for kind, quotes in grouped.items()
        for q in quotes
    ]
    if fmt == "csv":
        return flat, ["kind", "id", "text", "report", "document", "start", "end"]
    return flat, ["kind", "text", "report", "at"]


def _path(steps: list[dict], fmt: str) -> Shaped:
    if fmt != "table":
        return steps, None
    table = []
    for step in steps:
        relation = ""
        if step["predicate"]:
            name = compact(step["predicate"])
            relation = f"{name} ->" if step["direction"] == "out" else f"<- {name}"
        table.append(
            {
                "step": step["step"],
                "node": compact(step["node"]),
                "label": step["label"],
                "to next": relation,
            }
        )
    return table, None


SHAPERS: dict[str, Callable[[object, str], Shaped]] = {
    "findings": _findings,
    "scores": _scores,
    "partners": _partners,
    "risks": _risks,
    "evidence": _evidence,
    "path": _path,
    "review": _review,
}


def render_answer(question: str, answer, fmt: str) -> str:
    """A question's answer in ``fmt``: JSON as returned, tables and CSV as shaped."""
    if fmt == "json":
        return render(answer, "json")
    shaper = SHAPERS.get(question)
    rows, columns = shaper(answer, fmt) if shaper else (answer, None)
    return render(rows, fmt, columns)
