"""Output formats for lists of records, chosen by name: table, json, csv.

>>> print(render([{"kind": "risk", "n": 2}], "csv"), end="")
kind,n
risk,2
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Callable


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_json(rows: list[dict], columns: list[str] | None = None) -> str:
    """One JSON array, UTF-8 text kept as is."""
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """RFC 4180 CSV with a header row; lists joined with '; '."""
    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_table(rows: list[dict], columns: list[str] | None = None, width: int | None = None) -> str:
    """A plain-text table that fits the terminal (80 columns when not a terminal).

    The widest column wraps; the others keep their natural width up to a cap.
    """
    columns = columns or (list(rows[0]) if rows else [])
    if not rows:
        return "(no rows)\n"
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 160)
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    natural = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    caps = [min(n, 24) for n in natural]
    gap = 2 * (len(columns) - 1)
    widest = max(range(len(columns)), key=lambda i: natural[i])
    others = sum(caps) - caps[widest]
    caps[widest] = max(12, min(natural[widest], width - gap - others))
    lines = ["  ".join(c[: caps[i]].ljust(caps[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * caps[i] for i in range(len(columns))))
    for row in cells:
        wrapped = [
            textwrap.wrap(value, caps[i]) or [""] if i == widest else [value[: caps[i]]]
            for i, value in enumerate(row)
        ]
        for line in range(max(len(w) for w in wrapped)):
            parts = [
                (w[line] if line < len(w) else "").ljust(caps[i]) for i, w in enumerate(wrapped)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"table": to_table, "json": to_json, "csv": to_csv}


def render(rows: list[dict], format: str, columns: list[str] | None = None) -> str:
    """Render records in the named format."""
    return FORMATS[format](rows, columns)
