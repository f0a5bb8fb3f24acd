"""Report text made safe for each file the pack and the action plan write.

Report text is data, never markup or a formula: HTML escapes it (``html.escape``),
Markdown backslash-escapes what a renderer would read as markup, spreadsheets
and CSV keep a leading ``=``, ``+``, ``-`` or ``@`` from starting a formula,
and Word files lose the few characters XML cannot hold.

>>> md_escape("*Not* <b>bold</b> | 1. item")
'\\\\*Not\\\\* \\\\<b\\\\>bold\\\\</b\\\\> \\\\| 1. item'
>>> md_escape("- a list?")
'\\\\- a list?'
>>> csv_text('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> csv_untext("'=1+1"), csv_untext("'quoted")
('=1+1', "'quoted")
>>> xml_safe("a\\x00b\\x1fc")
'a b c'
>>> cite({"document": "r.txt", "start": 10, "end": 52})
'r.txt, characters 10–52'
"""

from __future__ import annotations

import re

# Characters a Markdown renderer may read as markup anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&!#])")
# What starts a block (list, heading, quote) at the start of a line.
_MD_BLOCK = re.compile(r"^(\s*)([-+>=]|\d+[.)])")
# A cell a spreadsheet would treat as a formula (OWASP's list, with tab and CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def md_escape(text: str) -> str:
    """``text`` shown as itself by a Markdown renderer, on one line."""
    text = " ".join(text.split())
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_BLOCK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_unescape(text: str) -> str:
    """The text ``md_escape`` was given (whitespace folded)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def csv_text(text: str) -> str:
    """A CSV cell that a spreadsheet opens as text, never as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_untext(text: str) -> str:
    """The value ``csv_text`` was given."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (each becomes a space)."""
    return _XML_ILLEGAL.sub(" ", text)


def cite(source: dict) -> str:
    """Where a quote is: the document and its character positions."""
    return f"{source.get('document')}, characters {source.get('start')}–{source.get('end')}"


def where(item: dict) -> str:
    """A quote's report and position, the report left out when the document is named after it.

    >>> where({"report": "r", "source": {"document": "r.txt", "start": 1, "end": 9}})
    'r.txt, characters 1–9'
    >>> where({"report": "r2", "source": {"document": "r.txt", "start": 1, "end": 9}})
    'r2: r.txt, characters 1–9'
    """
    document = str(item["source"].get("document") or "")
    if document.rsplit(".", 1)[0] == item["report"]:
        return cite(item["source"])
    return f"{item['report']}: {cite(item['source'])}"


NO_FINDING = "No finding in these reports is about this quality statement."


def score_words(scores: list[dict]) -> str:
    """A quality statement's stated scores in words, with the report that states each.

    >>> score_words([{"score": 3, "report_id": "cqc-x"}])
    '3 (Evidence shows a good standard; cqc-x)'
    >>> score_words([])
    'not stated'
    """
    from carekg.graph.model.ratings import SCORE_MEANINGS

    if not scores:
        return "not stated"
    return "; ".join(
        f"{s['score']} ({SCORE_MEANINGS.get(s['score'], '')}; {s['report_id']})" for s in scores
    )


def action_words(quote: dict) -> str | None:
    """What the action plan records for a quote's finding, in words (None for a strength).

    >>> action_words({"action": {"owner": "Ann", "due_date": "2025-03-31",
    ...     "status": "in progress", "imported_from": "plan.csv"}, "addressed_by": 0})
    'action: owner Ann, due 2025-03-31, in progress (plan.csv)'
    >>> action_words({"action": {"owner": None, "due_date": None, "status": None,
    ...     "imported_from": None}, "addressed_by": 0})
    'action: no owner yet'
    >>> action_words({"action": None, "addressed_by": 2})
    'addressed by 2 recommendations'
    """
    action = quote.get("action")
    if action is None:
        n = quote.get("addressed_by", 0)
        return f"addressed by {n} recommendation{'s' if n != 1 else ''}" if n else None
    parts = [f"owner {action['owner']}" if action["owner"] else "no owner yet"]
    if action["due_date"]:
        parts.append(f"due {action['due_date']}")
    if action["status"]:
        parts.append(action["status"])
    source = f" ({action['imported_from']})" if action.get("imported_from") else ""
    return "action: " + ", ".join(parts) + source


def overview_cells(row: dict) -> list[str]:
    """One overview row as the cells of the pack's first table (see ``OVERVIEW_HEADINGS``)."""
    counts = row["counts"]
    scores = ", ".join(str(s) for s in row["scores"]) or "–"
    gaps = f"{row['gaps']} ({', '.join(row['gap_kinds'])})" if row["gaps"] else "–"
    actions = f"{row['open_actions']} of {row['actions']}" if row["actions"] else "–"
    return [
        str(row["number"]),
        row["label"],
        scores,
        str(counts["strength"]),
        str(counts["area_for_development"]),
        str(counts["risk"]),
        str(counts["recommendation"]),
        gaps,
        actions,
    ]


OVERVIEW_HEADINGS = [
    "QS",
    "Quality statement",
    "Score",
    "Strengths",
    "Areas",
    "Risks",
    "Recs",
    "Gaps",
    "Open actions",
]
