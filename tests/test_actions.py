"""Issue 12: `carekg actions`, the action plan as CSV, Markdown and xlsx."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pack_support import HYPERLINK, ingest_hostile

from carekg.graph.ask.findings import findings
from carekg.graph.ask.risks import risks
from carekg.graph.model.actions import PLAN_COLUMNS, STATUSES
from carekg.graph.store import open_store


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def bexley_rows(bexley_store):
    from conftest import Run

    return read_csv(ok(Run(bexley_store)("actions")).stdout_bytes)


def test_one_row_per_recommendation_and_per_unaddressed_area_or_risk(bexley_store, bexley_rows):
    store = open_store(bexley_store)
    try:
        all_findings = findings(store)
        unaddressed_risks = {r["id"] for r in risks(store) if not r["recommendations"]}
    finally:
        store.close()
    recommendations = {f["id"] for f in all_findings if f["kind"] == "recommendation"}
    rows = {row["id"]: row for row in bexley_rows}
    assert len(rows) == len(bexley_rows), "one row per finding"
    assert recommendations <= set(rows)
    assert unaddressed_risks and unaddressed_risks <= set(rows)
    assert {r["kind"] for r in bexley_rows} == {"recommendation", "risk", "area for development"}
    addressed_risks = {
        f["id"] for f in all_findings if f["kind"] == "risk" and f["id"] not in unaddressed_risks
    }
    assert not addressed_risks & set(rows)
    text = {f["id"]: f["text"] for f in all_findings}
    for row in bexley_rows:
        assert row["quote"] == text[row["id"]]
        assert row["owner"] == row["due date"] == row["status"] == ""


def test_a_recommendation_row_says_what_it_addresses_and_the_risks_it_would_reduce(bexley_rows):
    recs = [r for r in bexley_rows if r["kind"] == "recommendation" and r["what it addresses"]]
    assert recs
    assert all(r["what it addresses"].startswith("[") for r in recs)
    reducing = [r for r in bexley_rows if r["risks it would reduce"]]
    assert reducing and all("[risk]" in r["risks it would reduce"] for r in reducing)
    risk_rows = [r for r in bexley_rows if r["kind"] == "risk"]
    assert all("no recommendation addresses this" in r["what it addresses"] for r in risk_rows)
    assert any("Integrated Care Board" in r["partners"] for r in risk_rows)
    assert all(r["quality statements"] for r in bexley_rows)
    assert all(r["source"].endswith(".txt:" + r["source"].split(":")[-1]) for r in bexley_rows)


def test_csv_columns_and_formats(run, tmp_path):
    data = ok(run("actions", "--format", "csv")).stdout_bytes
    assert data.decode("utf-8-sig").splitlines()[0].split(",") == list(PLAN_COLUMNS)
    md = ok(run("actions", "--format", "md")).stdout
    assert md.startswith("# Action plan")
    assert md.count("\n| ") == len(read_csv(data)) + 1
    out = tmp_path / "plan.xlsx"
    result = ok(run("actions", "-o", str(out)))
    assert f"Wrote {out}" in result.stderr
    assert out.read_bytes()[:2] == b"PK"
    assert ok(run("actions", "-o", str(tmp_path / "plan.md"))).stderr.startswith("Wrote")
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").startswith("# Action plan")
    assert run("actions", "--format", "pdf").exit_code == 2


def test_xlsx_has_a_status_drop_down_dates_and_a_frozen_header(run, tmp_path):
    out = tmp_path / "plan.xlsx"
    ok(run("actions", "--format", "xlsx", "-o", str(out)))
    book = load_workbook(out)
    sheet = book["Action plan"]
    assert [c.value for c in sheet[1]] == list(PLAN_COLUMNS)
    assert sheet.freeze_panes == "B2"
    status_col = "ABCDEFGHIJKL"[PLAN_COLUMNS.index("status")]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(lists[0].sqref).startswith(f"{status_col}2:{status_col}")
    assert any(v.type == "date" for v in sheet.data_validations.dataValidation)
    assert "How to fill it in" in book.sheetnames


def test_a_quote_that_looks_like_a_formula_stays_text(run_writable, tmp_path):
    ingest_hostile(run_writable, tmp_path)
    out = tmp_path / "plan.xlsx"
    ok(run_writable("actions", "--council", "Evilham", "-o", str(out)))
    sheet = load_workbook(out)["Action plan"]
    quote_col = PLAN_COLUMNS.index("quote")
    cells = [row[quote_col] for row in sheet.iter_rows(min_row=2)]
    hyperlink = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert len(hyperlink) == 1 and hyperlink[0].value.startswith(HYPERLINK)
    assert all(c.data_type == "s" for c in cells)
    assert any(str(c.value).startswith("+SUM(1,2)") for c in cells)
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "no cell holds a formula"
    rows = read_csv(ok(run_writable("actions", "--council", "Evilham")).stdout_bytes)
    quotes = [r["quote"] for r in rows]
    assert any(q.startswith("'" + HYPERLINK) for q in quotes)
    assert any(q.startswith("'+SUM(1,2)") for q in quotes)
    assert not any(q[:1] in "=+-@" for q in quotes)
    md = ok(run_writable("actions", "--council", "Evilham", "--format", "md")).stdout
    assert "\\<script\\>" in md and "<script>" not in md


def test_binary_formats_are_not_written_to_a_terminal(run):
    # CliRunner's output is not a terminal, so xlsx may go to standard output there.
    assert ok(run("actions", "--format", "xlsx")).stdout_bytes[:2] == b"PK"
