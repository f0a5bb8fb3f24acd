"""Tables in a report's text: pipe tables whose cells of prose are read one by one.

A peer challenge often sets its feedback out in a table: strengths in one column and
areas for consideration beside them, or recommendations with a lead officer each.
Read as lines, a row runs two unrelated judgements together; read as cells, each
is a paragraph of its own, under its column's header as under a sub-heading. A row
of dashes (``|---|---|``) says the row above it is the header.

A column of short labels (a row's name, a number, a lead officer, a score) holds no
prose and gives no paragraphs. A table of nothing but labels (a list of scores) is
left to be read line by line, as before.

>>> text = "| Strengths | Areas |\\n|---|---|\\n| Staff are valued. | Waits are long. |"
>>> spans = [(0, 21), (22, 31), (32, 71)]
>>> [(c.kind, text[c.start:c.end], c.column) for c in table_cells(text, spans)]
[('header', 'Strengths', 0), ('header', 'Areas', 1), ('cell', 'Staff are valued.', 0), \
('cell', 'Waits are long.', 1)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carekg.graph.model.text import closes_sentence, is_label

# A cell boundary: a pipe not escaped by a backslash.
PIPE = re.compile(r"(?<!\\)\|")
SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")


@dataclass(slots=True)
class TableCell:
    """A header or body cell of a table: ``text[start:end]`` is its content."""

    kind: str  # "header" | "cell"
    start: int
    end: int
    row: int  # within the table
    column: int


def is_table_row(line: str) -> bool:
    """A line of a pipe table: it starts with a pipe and has another one after it."""
    stripped = line.strip()
    return stripped.startswith("|") and len(PIPE.findall(stripped)) >= 2


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped content in one row, empty cells included."""
    bounds = [m.start() for m in PIPE.finditer(text, start, end)]
    if text[bounds[-1] + 1 : end].strip():
        bounds.append(end)  # a row whose last cell has no closing pipe
    out = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        cell = text[left + 1 : right]
        lead = len(cell) - len(cell.lstrip())
        out.append((left + 1 + lead, left + 1 + len(cell.rstrip())))
    return out


# A figure: a number with its unit or sign, or a dash for none ("4.1", "27%", "£38.6m", "–").
FIGURE = re.compile(r"^[~<>≈£$€]?\s*(?:\d[\d,.]*\s*(?:%|m|bn|k|million|billion|days?|weeks?)?"
                    r"|[-–—]|n/?a)$", re.I)  # fmt: skip


def _names_figures(column: int, rows: list[list[str]]) -> bool:
    """Whether a column only names the figures beside it: in a table of figures (every
    other filled cell of each row a figure), a cell with no sentence end is a measure's
    name ("Care home beds per 100 people aged 75 and over | 4.1 | 6.3")."""
    for row in rows:
        others = [cell for i, cell in enumerate(row) if i != column and cell]
        if column < len(row) and row[column] and closes_sentence(row[column]):
            return False
        if not others or not all(FIGURE.match(cell) for cell in others):
            return False
    return True


def table_cells(text: str, spans: list[tuple[int, int]]) -> list[TableCell]:
    """The cells of one table (``spans``: its lines, in order) to read as blocks.

    Empty when the table holds no prose (every column is labels): its lines are then
    read as they are.
    """
    rows = [_cells(text, start, end) for start, end in spans]
    separator = [all(SEPARATOR_CELL.match(text[s:e] or "-") for s, e in row) and
                 any(text[s:e] for s, e in row) for row in rows]  # fmt: skip
    header = 0 if len(rows) > 1 and separator[1] else None
    body = [i for i, row in enumerate(rows) if not separator[i] and i != header]
    columns = max((len(row) for row in rows), default=0)
    texts = [[text[s:e] for s, e in rows[i]] for i in body]
    prose = {
        column
        for column in range(columns)
        for row in texts
        if column < len(row) and row[column] and not is_label(row[column])
    }
    prose = {column for column in prose if not _names_figures(column, texts)}
    if not prose:
        return []
    cells = []
    for i, row in enumerate(rows):
        if separator[i]:
            continue
        for column, (start, end) in enumerate(row):
            if column in prose and end > start:
                kind = "header" if i == header else "cell"
                cells.append(TableCell(kind, start, end, i, column))
    return cells
