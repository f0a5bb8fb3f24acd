"""The analysis answers (deps, analyse, gaps, compare) as tables, CSV or JSON.

JSON keeps each answer's own structure. Tables print one titled table per
part of an answer; CSV is one table whose ``part`` column says which part a
row belongs to, so that a spreadsheet can filter it.

>>> print(render_gaps([], "csv"), end="")
id,kind,detail,council,about,reason,evidence,cites
"""

from __future__ import annotations

from carekg.graph.model.kinds import GAP_KINDS
from carekg.graph.show.formats import render
from carekg.graph.show.tables import short_id


def _where(item: dict) -> str:
    source = item.get("source") or {}
    return f"{short_id(item['report'])}@{source.get('start')}-{source.get('end')}"


def _quoted(item: dict) -> str:
    return f"“{item['text']}” ({_where(item)})"


def _sections(parts: list[tuple[str, list[dict], list[str] | None]], fmt: str) -> str:
    """Titled tables, or one CSV with a ``part`` column."""
    if fmt == "csv":
        columns: list[str] = ["part"]
        rows = []
        for name, part_rows, part_columns in parts:
            for column in part_columns or (list(part_rows[0]) if part_rows else []):
                if column not in columns:
                    columns.append(column)
            rows += [{"part": name, **row} for row in part_rows]
        return render(rows, "csv", columns)
    return "\n".join(f"{name}\n\n{render(rows, 'table', columns)}" for name, rows, columns in parts)


# --- deps -----------------------------------------------------------------------------------
def _chain_rows(chains: list[list[dict]], direction: str) -> list[dict]:
    rows = []
    for number, chain in enumerate(chains, 1):
        for index, step in enumerate(chain):
            if index == 0:
                continue  # the node itself, named in the title
            rows.append(
                {
                    "direction": direction,
                    "chain": number,
                    "step": index,
                    "relation": step["relation"] or "",
                    "what": step["kind"] or step["type"],
                    "label": step["label"],
                    "where": _where(step) if step.get("report") else "",
                    "id": step["id"],
                }
            )
    return rows


def render_deps(answer: dict, fmt: str) -> str:
    """``dependency_chains`` as JSON, or as one row per step of each chain."""
    if fmt == "json":
        return render(answer, "json")
    columns = ["chain", "step", "relation", "what", "label", "where"]
    parts = [
        (
            f"What depends on {answer['node']['label']}",
            _chain_rows(answer["dependents"], "dependents"),
            columns,
        ),
        (
            f"What {answer['node']['label']} depends on",
            _chain_rows(answer["depends_on"], "depends_on"),
            columns,
        ),
    ]
    if fmt == "csv":
        return render(
            [r for _, rows, _ in parts for r in rows], "csv", ["direction", *columns, "id"]
        )
    return _sections(parts, fmt)


# --- analyse --------------------------------------------------------------------------------
def _community_row(c: dict) -> dict:
    return {
        "community": c["id"],
        "name": c["name"],
        "size": c["size"],
        "findings": c["findings"],
        "quality_statements": c["quality_statements"],
        "councils": len(c["councils"]),
        "outcomes": c["outcomes"],
    }


def _failure_row(f: dict) -> dict:
    return {
        "type": f["type"],
        "label": f["label"],
        "outcomes": [o["label"] for o in f["outcomes"]],
        "reason": f["reason"],
        "findings": [_quoted(q) for q in f["findings"]],
    }


def render_analysis(answer: dict, fmt: str, top: int | None = None) -> str:
    """``structure.analyse`` as JSON, or as titled tables (``top`` rows of each)."""
    if fmt == "json":
        keep = ("centrality", "communities", "single_points_of_failure", "saved")
        return render({k: answer[k] for k in keep if k in answer}, "json")
    centrality = [
        {k: r[k] for k in ("partner", "partner_type", "findings", "risks", "degree", "betweenness")}
        for r in answer["centrality"]
    ]
    communities = [_community_row(c) for c in answer["communities"]]
    failures = [_failure_row(f) for f in answer["single_points_of_failure"]]
    if top is not None and fmt == "table":
        centrality, communities, failures = centrality[:top], communities[:top], failures[:top]
    approximate = any(r["approximate"] for r in answer["centrality"])
    title = "Partner centrality" + (" (betweenness estimated from a sample)" if approximate else "")
    return _sections(
        [
            (title, centrality, None),
            ("Communities", communities, None),
            (
                "Single points of failure",
                failures,
                ["type", "label", "reason"] if fmt == "table" else None,
            ),
        ],
        fmt,
    )


# --- gaps -----------------------------------------------------------------------------------
def render_gaps(gaps: list[dict], fmt: str) -> str:
    """The gaps as JSON, a table (reason and quotes) or CSV (one row per gap)."""
    if fmt == "json":
        return render(gaps, "json")
    rows = [
        {
            "id": g["id"],
            "kind": g["kind"],
            "detail": g["detail"],
            "council": g["council"],
            "about": [a["label"] for a in g["about"]],
            "reason": g["reason"],
            "evidence": [_quoted(e) for e in g["evidence"]],
            "cites": [e["id"] for e in g["evidence"]],
        }
        for g in gaps
    ]
    if fmt == "csv":
        return render(
            rows, "csv", ["id", "kind", "detail", "council", "about", "reason", "evidence", "cites"]
        )
    councils = {g["council"] for g in gaps}
    if len(councils) > 1:
        return _gap_counts(gaps)
    return render(rows, "table", ["kind", "reason", "evidence"])


def _gap_counts(gaps: list[dict]) -> str:
    """Several councils' gaps as counts, one row per council and kind.

    Every gap with its quotes, for 150 councils, is some 16,000 rows and 13 MB
    of wrapped text: no one reads that in a terminal. JSON and CSV keep them
    all, and one council's table (``--council``) prints each gap with its quotes.
    """
    kinds = [k for k in GAP_KINDS if any(g["kind"] == k for g in gaps)]
    counts: dict[str, dict[str, int]] = {}
    for gap in gaps:
        row = counts.setdefault(gap["council"], dict.fromkeys(kinds, 0))
        row[gap["kind"]] += 1
    rows = [
        {"council": short_id(c), **row, "all": sum(row.values())}
        for c, row in sorted(counts.items())
    ]
    note = (
        f"{len(gaps):,} gaps in {len(counts):,} councils. Each gap with its reason and quotes:\n"
        "--council NAME for one council's, --format json or csv for all of them.\n"
    )
    return render(rows, "table", ["council", *kinds, "all"]) + "\n" + note


# --- compare --------------------------------------------------------------------------------
def _score_row(r: dict, fmt: str) -> dict:
    row = {"council": r["council"], "report": short_id(r["report"]), "date": r["date"]}
    # Narrow headers in a table, so that the council's name has room.
    row.update({(str(n) if fmt == "table" else f"qs{n}"): r[f"qs{n}"] for n in range(1, 10)})
    row.update(
        {"%" if fmt == "table" else "percentage": r["percentage"]},
        implied=r["implied_rating"],
        stated=r["stated_rating"],
    )
    return row


def _theme_row(t: dict) -> dict:
    return {
        "theme": t["name"],
        "councils": t["councils"],
        "findings": t["findings"],
        "examples": [f"{e['council']}: “{e['text']}”" for e in t["examples"]],
    }


def _change_row(r: dict) -> dict:
    match = r["match"]
    return {
        "status": r["status"],
        "qs": r["quality_statements"],
        "finding": _quoted(r["finding"]),
        "match": _quoted(match) if match else "",
        "similarity": r["similarity"],
    }


def render_compare(answer: dict, fmt: str, top: int | None = None) -> str:
    """``compare.compare`` as JSON, or as titled tables (``top`` themes and types)."""
    if fmt == "json":
        return render(answer, "json")
    themes = [_theme_row(t) for t in answer["themes"]]
    types = answer["partner_types"]
    if top is not None and fmt == "table":
        themes, types = themes[:top], types[:top]
    scores = [_score_row(r, fmt) for r in answer["scores"]]
    columns = ["council", *[str(n) for n in range(1, 10)], "%", "implied", "stated"]
    parts = [("Quality statement scores", scores, columns if fmt == "table" else None)]
    if answer["over_time"]:
        parts.append(("Over time", [_change_row(r) for r in answer["over_time"]], None))
    else:
        parts.append(("Themes that recur across councils", themes, None))
    parts.append(("Partner types in risks", types, None))
    return _sections(parts, fmt)
