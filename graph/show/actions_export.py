"""The action plan as a file: CSV, Markdown or an Excel workbook (xlsx).

Every format has the columns of ``carekg.graph.model.actions.PLAN_COLUMNS``.
Report text never becomes a formula: CSV cells that would start one get a
leading ``'``, and xlsx cells are written as text (inline strings, with Excel's
"quote prefix" so that editing the cell keeps it text). The xlsx has a
drop-down of statuses, dates as dates and a frozen header.

>>> from carekg.graph.show.actions import action_plan
>>> data = render_plan(action_plan(bexley), "csv")
>>> data.decode("utf-8-sig").splitlines()[0]
'id,kind,quality statements,quote,what it addresses,partners,risks it would reduce,\
owner,due date,status,report,source'
"""

from __future__ import annotations

import csv
import io
from datetime import date

from carekg.graph.errors import FormatError
from carekg.graph.model.actions import PLAN_COLUMNS, STATUSES
from carekg.graph.model.formats import ACTION_FORMATS
from carekg.graph.show.pack_text import csv_text, md_escape

NO_RECOMMENDATION = "no recommendation addresses this: decide an action"
WIDTHS = {
    "id": 14,
    "kind": 16,
    "quality statements": 10,
    "quote": 60,
    "what it addresses": 50,
    "partners": 24,
    "risks it would reduce": 40,
    "owner": 20,
    "due date": 12,
    "status": 14,
    "report": 24,
    "source": 22,
}


def _quotes(items: list[dict]) -> str:
    return "\n".join(f"[{i['kind'].replace('_', ' ')}] {i['text']}" for i in items)


def plan_cells(row: dict) -> dict[str, str]:
    """One row's cells as text, by column name."""
    src = row["source"]
    if row["kind"] == "recommendation":
        addresses = _quotes(row["addresses"])
    else:
        addresses = NO_RECOMMENDATION
    return {
        "id": row["id"],
        "kind": row["kind"].replace("_", " "),
        "quality statements": "; ".join(str(n) for n in row["quality_statements"]),
        "quote": row["quote"],
        "what it addresses": addresses,
        "partners": "; ".join(row["partners"]),
        "risks it would reduce": _quotes(row["risks"]),
        "owner": row["owner"] or "",
        "due date": row["due_date"] or "",
        "status": row["status"] or "",
        "report": row["report"],
        "source": f"{src['document']}:{src['start']}-{src['end']}",
    }


def plan_csv(rows: list[dict]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel reads its accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PLAN_COLUMNS)
    for row in rows:
        cells = plan_cells(row)
        writer.writerow([csv_text(cells[c]) for c in PLAN_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def plan_md(rows: list[dict]) -> bytes:
    """A Markdown table; report text escaped, lists in a cell joined by line breaks."""
    shown = [c for c in PLAN_COLUMNS if c != "id"]
    lines = [
        "# Action plan",
        "",
        f"{len(rows)} actions: every recommendation, and every area for development or "
        "risk that no recommendation addresses.",
        "",
        "| " + " | ".join(shown) + " |",
        "|" + "---|" * len(shown),
    ]
    for row in rows:
        cells = plan_cells(row)
        lines.append(
            "| "
            + " | ".join("<br>".join(md_escape(p) for p in cells[c].split("\n")) for c in shown)
            + " |"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _text_cell(cell, value: str) -> None:
    """Put ``value`` in ``cell`` as text, whatever it starts with."""
    from openpyxl.styles import Alignment

    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _due_cell(cell, value: str) -> None:
    from openpyxl.styles import Alignment

    try:
        cell.value = date.fromisoformat(value) if value else None
        cell.number_format = "yyyy-mm-dd"
        cell.alignment = Alignment(vertical="top")
    except ValueError:
        _text_cell(cell, value)


def _validations(sheet, last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    status_col = PLAN_COLUMNS.index("status") + 1
    due_col = PLAN_COLUMNS.index("due date") + 1
    from openpyxl.utils import get_column_letter

    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of: " + ", ".join(STATUSES),
    )
    status.add(f"{get_column_letter(status_col)}2:{get_column_letter(status_col)}{last}")
    due = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Due date",
        error="A date, such as 2025-03-31",
    )
    due.add(f"{get_column_letter(due_col)}2:{get_column_letter(due_col)}{last}")
    sheet.add_data_validation(status)
    sheet.add_data_validation(due)


def plan_xlsx(rows: list[dict]) -> bytes:
    """An Excel workbook: the plan on one sheet, a status drop-down, how to fill it in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    for col, name in enumerate(PLAN_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col)
        _text_cell(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    for number, row in enumerate(rows, start=2):
        cells = plan_cells(row)
        for col, name in enumerate(PLAN_COLUMNS, start=1):
            if name == "due date":
                _due_cell(sheet.cell(row=number, column=col), cells[name])
            else:
                _text_cell(sheet.cell(row=number, column=col), cells[name])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_COLUMNS))}{len(rows) + 1}"
    _validations(sheet, max(len(rows) + 200, 2))
    about = book.create_sheet("How to fill it in")
    for number, line in enumerate(
        [
            "Fill in owner, due date and status for each row; leave the other columns as they are.",
            "Status is one of: " + ", ".join(STATUSES) + ".",
            "Then import this file back into the graph with carekg's action plan import.",
            "Rows are matched to findings by their id, or by their quote when the id is gone.",
        ],
        start=1,
    ):
        _text_cell(about.cell(row=number, column=1), line)
    about.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"csv": plan_csv, "md": plan_md, "xlsx": plan_xlsx}


def render_plan(rows: list[dict], format_: str) -> bytes:
    """The action plan rows as a file in ``format_`` (csv, md or xlsx)."""
    if format_ not in RENDERERS:
        raise FormatError(f"an action plan is written as {', '.join(ACTION_FORMATS)}")
    return RENDERERS[format_](rows)
