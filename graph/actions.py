"""A filled action plan read back into the graph: owners, due dates and statuses.

``import_action_plan`` reads the CSV or xlsx that ``carekg actions`` wrote,
after a council filled in owner, due date and status; matches each row to its
finding (by id, or by its quote when the id is gone or names another quote
after a re-ingest); and records the values on the findings as curated facts
in the named graph ``<https://w3id.org/carekg/graph/actions>``::

    <finding> ckg:owner "Head of Safeguarding" ; ckg:dueDate "2025-03-31"^^xsd:date ;
              ckg:actionStatus "in progress" .
    id:action/HASH/owner a ckg:CuratedStatement ; rdf:subject <finding> ;
              rdf:predicate ckg:owner ; rdf:object "Head of Safeguarding" ;
              prov:wasDerivedFrom "plan.xlsx" .

A row replaces what earlier imports recorded for its finding (an empty row
clears it); findings the file has no row for keep theirs. The file is read
and checked whole before anything is written, so a malformed file changes
nothing; rows that match no finding are returned, never dropped silently;
and a file that changes no value writes nothing, so importing it again
changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from carekg.graph.ask.actions import recorded_actions
from carekg.graph.ask.findings import findings
from carekg.graph.errors import CarekgError
from carekg.graph.model.actions import ACTIONS_GRAPH, header_key, normalise_status
from carekg.graph.model.namespaces import CKG, ID, PROV, RDF, XSD
from carekg.graph.model.text import one_line

MAX_BYTES = 20 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
VALUES = ("owner", "due_date", "status")
PREDICATES = {"owner": CKG.owner, "due_date": CKG.dueDate, "status": CKG.actionStatus}


@dataclass
class PlanRow:
    """One row of a filled plan: where it is, what names its finding, what was filled in."""

    number: int
    id: str
    quote: str
    report: str
    values: dict[str, str | None]


@dataclass
class ImportResult:
    """What an import did: rows read and matched, findings changed, rows left unmatched."""

    file: str
    rows: int = 0
    matched: int = 0
    changed: int = 0
    unmatched: list[str] = field(default_factory=list)
    written: bool = False


# --- reading ------------------------------------------------------------------------------------
def _text(value: object) -> str:
    """A cell as text; a leading ``'`` that kept a formula from starting is dropped."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text


def _due(value: object, where: str) -> str | None:
    """A due date as ``YYYY-MM-DD``: from a spreadsheet date, ISO text or day/month/year."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return None
    try:
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?", text)
        if match:
            return date.fromisoformat(match.group(1)).isoformat()
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        pass
    raise CarekgError(
        f"{where}: due date {one_line(text)!r} is not a date (write it as 2025-03-31)"
    )


def _status(value: object, where: str) -> str | None:
    text = _text(value)
    if not text:
        return None
    status = normalise_status(text)
    if status is None:
        from carekg.graph.model.actions import STATUSES

        raise CarekgError(f"{where}: status {one_line(text)!r} is not one of {', '.join(STATUSES)}")
    return status


def _grid_from_csv(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CarekgError(
            f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise CarekgError(f"{path.name} is not a CSV file (it holds NUL bytes)")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        raise CarekgError(f"{path.name} is not well-formed CSV: {one_line(exc)}") from None


def _grid_from_xlsx(path: Path) -> list[list[object]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, Exception) as exc:  # openpyxl raises many kinds for a bad file
        raise CarekgError(
            f"{path.name} is not a readable xlsx workbook ({one_line(exc)})"
        ) from None
    try:
        sheet = book["Action plan"] if "Action plan" in book.sheetnames else book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _columns(header: list[object], name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        columns.setdefault(header_key(cell), index)
    if "id" not in columns and "quote" not in columns:
        raise CarekgError(f"{name} has no 'id' or 'quote' column: is it an action plan?")
    missing = [c for c in ("owner", "due date", "status") if c not in columns]
    if missing:
        raise CarekgError(f"{name} has no {missing[0]!r} column: is it an action plan?")
    return columns


def read_plan(path: str | Path) -> list[PlanRow]:
    """The rows of a filled action plan (``.csv`` or ``.xlsx``), checked.

    Raises ``CarekgError`` with one line for a file that is not a readable
    action plan, or for a due date or status that is not one.
    """
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise CarekgError(f"{path.name}: an action plan is a .csv or .xlsx file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CarekgError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise CarekgError(f"{path.name} is over {MAX_BYTES // (1024 * 1024)} MB")
    grid = _grid_from_csv(path) if path.suffix.lower() == ".csv" else _grid_from_xlsx(path)
    grid = [(n, r) for n, r in enumerate(grid, start=1) if any(_text(c) for c in r)]
    if not grid:
        raise CarekgError(f"{path.name} is empty")
    columns = _columns(grid[0][1], path.name)

    def cell(row: list[object], name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    rows = []
    for number, row in grid[1:]:
        where = f"{path.name} row {number}"
        rows.append(
            PlanRow(
                number=number,
                id=_text(cell(row, "id")),
                quote=_text(cell(row, "quote")),
                report=_text(cell(row, "report")),
                values={
                    "owner": _text(cell(row, "owner")) or None,
                    "due_date": _due(cell(row, "due date"), where),
                    "status": _status(cell(row, "status"), where),
                },
            )
        )
    return rows


# --- matching -----------------------------------------------------------------------------------
class Matcher:
    """Finds the finding a row is for: by id when its quote agrees, else by quote."""

    def __init__(self, store):
        self.text: dict[str, str] = {}
        self.by_quote: dict[str, list[tuple[str, str]]] = {}
        for f in findings(store):
            text = " ".join(f["text"].split())
            self.text[f["id"]] = text
            self.by_quote.setdefault(text, []).append((f["id"], f["report"]))

    def match(self, row: PlanRow) -> tuple[str | None, str]:
        """The finding's IRI (or None) and, when None, why."""
        if row.id in self.text and (not row.quote or self.text[row.id] == row.quote):
            return row.id, ""
        candidates = self.by_quote.get(row.quote, []) if row.quote else []
        if len(candidates) > 1 and row.report:
            candidates = [c for c in candidates if c[1].rsplit("/", 1)[-1] == row.report]
        if len(candidates) == 1:
            return candidates[0][0], ""
        if len(candidates) > 1:
            return None, "its quote is in several reports and its report column names none"
        if not row.id and not row.quote:
            return None, "it has no id and no quote"
        if row.id in self.text:
            return None, "its finding now has another quote, and no finding has this one"
        return None, "no finding in the store has this id or quote"


# --- writing ------------------------------------------------------------------------------------
def _statement(finding: str, name: str) -> NamedNode:
    digest = hashlib.sha256(finding.encode("utf-8")).hexdigest()[:16]
    return ID[f"action/{digest}/{name}"]


def action_triples(state: dict[str, dict]) -> list[Triple]:
    """The actions graph for ``{finding: {owner, due_date, status, source}}``, in a stable order.

    >>> triples = action_triples({"https://w3id.org/carekg/id/report/r/finding/1":
    ...     {"owner": "Ann", "due_date": None, "status": "done", "source": "plan.csv"}})
    >>> len(triples)
    12
    """
    out: list[Triple] = []
    for finding in sorted(state):
        entry, node = state[finding], NamedNode(finding)
        for name in VALUES:
            value = entry.get(name)
            if value is None:
                continue
            predicate = PREDICATES[name]
            obj = Literal(value, datatype=XSD.date) if name == "due_date" else Literal(value)
            statement = _statement(finding, name)
            out += [
                Triple(node, predicate, obj),
                Triple(statement, RDF.type, CKG.CuratedStatement),
                Triple(statement, RDF.subject, node),
                Triple(statement, RDF.predicate, predicate),
                Triple(statement, RDF.object, obj),
                Triple(statement, PROV.wasDerivedFrom, Literal(entry["source"] or "")),
            ]
    return out


def _values(entry: dict | None) -> tuple:
    return tuple((entry or {}).get(name) for name in VALUES)


def _matched_rows(rows: list[PlanRow], matcher: Matcher, result: ImportResult, name: str):
    chosen: dict[str, PlanRow] = {}
    for row in rows:
        finding, why = matcher.match(row)
        if finding is None:
            label = row.id or (row.quote[:60] + ("…" if len(row.quote) > 60 else ""))
            result.unmatched.append(f"row {row.number} ({label}): {why}")
            continue
        earlier = chosen.get(finding)
        if earlier is not None and earlier.values != row.values:
            raise CarekgError(
                f"{name} rows {earlier.number} and {row.number} are both for {finding} "
                "and say different things"
            )
        chosen[finding] = row
    return chosen


def import_action_plan(store, path: str | Path) -> ImportResult:
    """Record the owners, due dates and statuses of a filled action plan in ``store``.

    Returns an ``ImportResult``; raises ``CarekgError`` (and writes nothing)
    for a file that is not a readable action plan.
    """
    path = Path(path)
    rows = read_plan(path)
    result = ImportResult(file=path.name, rows=len(rows))
    chosen = _matched_rows(rows, Matcher(store), result, path.name)
    result.matched = len(chosen)
    state = recorded_actions(store)
    for finding, row in chosen.items():
        new = _values(row.values)
        if new == _values(state.get(finding)):
            continue
        result.changed += 1
        if new == (None, None, None):
            state.pop(finding, None)
        else:
            state[finding] = {**row.values, "source": path.name}
    if result.changed:
        store.replace_graphs({ACTIONS_GRAPH: action_triples(state)})
        result.written = True
    return result
