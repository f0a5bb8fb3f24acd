"""The readiness pack as Markdown: the overview, then each theme and quality statement.

Report text is escaped (``pack_text.md_escape``) so that a renderer shows it
as it is; the heat map is embedded as an SVG data URI, so the pack is one file.

>>> from carekg.graph.show.pack_data import pack_data
>>> text = pack_md(pack_data(bexley), b"<svg/>").decode()
>>> text.splitlines()[0]
'# Readiness pack: London Borough of Bexley'
>>> "## Theme 4: Leadership" in text
True
"""

from __future__ import annotations

import base64

from carekg.graph.show.pack_data import KIND_TITLES, PACK_KINDS
from carekg.graph.show.pack_text import (
    NO_FINDING,
    OVERVIEW_HEADINGS,
    action_words,
    md_escape,
    overview_cells,
    score_words,
    where,
)


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return lines


def _quote(quote: dict) -> list[str]:
    meta = [where(quote)]
    if quote["partners"]:
        meta.append("partners: " + "; ".join(quote["partners"]))
    words = action_words(quote)
    if words:
        meta.append(words)
    return [f"> {md_escape(quote['text'])}", ">", f"> — {md_escape(' · '.join(meta))}", ""]


def _quotes(quotes: dict[str, list[dict]], level: str) -> list[str]:
    lines: list[str] = []
    for kind in PACK_KINDS:
        found = quotes[kind]
        if not found:
            lines += [f"**{KIND_TITLES[kind]}:** none in these reports.", ""]
            continue
        lines += [f"{level} {KIND_TITLES[kind]} ({len(found)})", ""]
        for quote in found:
            lines += _quote(quote)
    return lines


def _gaps(gaps: list[dict]) -> list[str]:
    lines = []
    for gap in gaps:
        lines.append(f"- **{md_escape(gap['kind'])}**: {md_escape(gap['reason'])}")
        for evidence in gap["evidence"]:
            place = md_escape(where(evidence))
            if evidence["shown"]:
                lines.append(f"  - quoted above: {place}")
            else:
                lines.append(f"  - “{md_escape(evidence['text'])}” ({place})")
    return lines


def _counted(items: list[dict]) -> str:
    return "; ".join(f"{i['label']} ({i['count']})" for i in items) or "none"


def _statement(statement: dict) -> list[str]:
    lines = [
        f"### Quality statement {statement['number']}: {statement['label']}",
        "",
        f"**Score:** {md_escape(score_words(statement['scores']))}",
        "",
    ]
    if not statement["findings"]:
        lines += [NO_FINDING, ""]
    else:
        lines += _quotes(statement["quotes"], "####")
        lines += _facts(statement)
    if statement["gaps"]:
        lines += [f"**Gaps ({len(statement['gaps'])}):**", "", *_gaps(statement["gaps"]), ""]
    else:
        lines += ["**Gaps:** none found.", ""]
    return lines


def _facts(statement: dict) -> list[str]:
    return [
        f"**Partners involved:** {md_escape(_counted(statement['partners']))}",
        "",
        f"**Care Act duties touched:** {md_escape(_counted(statement['duties']))}",
        "",
        "**CQC evidence categories:** present: "
        + md_escape(", ".join(statement["evidence_present"]) or "none")
        + "; missing: "
        + md_escape(", ".join(statement["evidence_missing"]) or "none"),
        "",
    ]


def _reports(pack: dict) -> list[str]:
    lines = []
    for r in pack["reports"]:
        facts = ", ".join(x for x in (r["kind"], r["date"], r["council"]) if x)
        lines.append(
            f"- {md_escape(r['slug'])} ({md_escape(facts)}): {md_escape(r['document'] or '')}"
        )
    return lines


def pack_md(pack: dict, chart_svg: bytes) -> bytes:
    """The pack from ``pack_data`` as Markdown bytes, the heat map ``chart_svg`` inlined."""
    actions = pack["actions"]
    lines = [
        f"# {md_escape(pack['title'])}",
        "",
        "Every quote below is the exact text of its report at the characters given.",
        "",
        "## Overview",
        "",
        *_table(OVERVIEW_HEADINGS, [overview_cells(row) for row in pack["overview"]]),
        "",
        f"Action plan: {actions['total']} actions, {actions['open']} open, "
        f"{actions['owned']} with an owner.",
    ]
    for rating in pack["ratings"]:
        lines += [
            "",
            f"Overall rating implied by {rating['report']}: {rating['rating']} "
            f"({rating['percentage']}%).",
        ]
    if pack["analysis_note"]:
        lines += ["", f"Gaps: {md_escape(pack['analysis_note'])}."]
    data = base64.b64encode(chart_svg).decode("ascii")
    lines += [
        "",
        f"![Findings by kind and quality statement](data:image/svg+xml;base64,{data})",
        "",
        "## Reports",
        "",
        *_reports(pack),
        "",
    ]
    for theme in pack["themes"]:
        lines += [f"## Theme {theme['number']}: {theme['label']}", ""]
        for statement in theme["statements"]:
            lines += _statement(statement)
    if any(pack["unplaced"].values()):
        lines += ["## Findings on no quality statement", "", *_quotes(pack["unplaced"], "###")]
    if pack["general_gaps"]:
        lines += ["## Gaps across the framework", "", *_gaps(pack["general_gaps"]), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
