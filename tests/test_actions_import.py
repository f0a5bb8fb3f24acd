"""Issue 12: `carekg actions --import`: a filled plan flows back into the graph."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pack_support import dump

from carekg.graph.model.actions import ACTIONS_GRAPH, PLAN_COLUMNS

OWNER_COL = PLAN_COLUMNS.index("owner") + 1
DUE_COL = PLAN_COLUMNS.index("due date") + 1
STATUS_COL = PLAN_COLUMNS.index("status") + 1
RISK_QUOTE = "reversed previously agreed Place arrangements"


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def user_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.output + result.stderr
    return result.stderr


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write_csv(path, rows: list[dict], columns=PLAN_COLUMNS) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def sparql_json(run, query: str) -> list[dict]:
    out = ok(run("sparql", query, "--format", "json")).stdout
    return json.loads(out)["results"]["bindings"]


def fill_xlsx(run, tmp_path):
    """Export the Bexley plan as xlsx; give the ICB risk and the first row owners."""
    plan = tmp_path / "bexley-plan.xlsx"
    ok(run("actions", "-o", str(plan)))
    book = load_workbook(plan)
    sheet = book["Action plan"]
    quote_col = PLAN_COLUMNS.index("quote") + 1
    risk_row = next(
        r for r in range(2, sheet.max_row + 1) if RISK_QUOTE in str(sheet.cell(r, quote_col).value)
    )
    sheet.cell(risk_row, OWNER_COL).value = "Director of Adult Social Care"
    sheet.cell(risk_row, DUE_COL).value = date(2025, 3, 31)
    sheet.cell(risk_row, STATUS_COL).value = "In progress"
    sheet.cell(2, OWNER_COL).value = "Head of Commissioning"
    sheet.cell(2, STATUS_COL).value = "done"
    book.save(plan)
    risk_id = sheet.cell(risk_row, 1).value
    return plan, risk_id, sheet.cell(2, 1).value


# --- the round trip -----------------------------------------------------------------------------
def test_round_trip_owner_and_status_reach_the_pack_the_plan_and_sparql(run_writable, tmp_path):
    before = {r["risk"]["value"] for r in sparql_json(run_writable, "risks-without-owner")}
    plan, risk_id, first_id = fill_xlsx(run_writable, tmp_path)
    assert risk_id in before
    result = ok(run_writable("actions", "--import", str(plan)))
    assert result.stdout.startswith("bexley-plan.xlsx: 20 rows, 20 matched, 0 unmatched; 2 changed")
    assert ACTIONS_GRAPH.value in result.stdout
    # SPARQL: the risk now has an owner, and the value says where it came from.
    after = {r["risk"]["value"] for r in sparql_json(run_writable, "risks-without-owner")}
    assert after == before - {risk_id}
    curated = sparql_json(run_writable, "curated-statements")
    mine = [c for c in curated if c.get("file", {}).get("value") == "bexley-plan.xlsx"]
    assert {(c["subject"]["value"], c["object"]["value"]) for c in mine} >= {
        (risk_id, "Director of Adult Social Care"),
        (risk_id, "2025-03-31"),
        (risk_id, "in progress"),
        (first_id, "done"),
    }
    # The next action plan carries the values.
    rows = {r["id"]: r for r in csv_rows(ok(run_writable("actions")).stdout_bytes)}
    assert rows[risk_id]["owner"] == "Director of Adult Social Care"
    assert (rows[risk_id]["due date"], rows[risk_id]["status"]) == ("2025-03-31", "in progress")
    assert (rows[first_id]["owner"], rows[first_id]["status"]) == ("Head of Commissioning", "done")
    # The next pack shows progress.
    md = ok(run_writable("pack", "--format", "md")).stdout
    assert (
        "action: owner Director of Adult Social Care, due 2025-03-31, in progress "
        "(bexley-plan.xlsx)" in md
    )
    assert "Action plan: 20 actions, 19 open, 2 with an owner." in md


def test_importing_the_same_file_again_changes_nothing(run_writable, writable_store, tmp_path):
    plan, _, _ = fill_xlsx(run_writable, tmp_path)
    ok(run_writable("actions", "--import", str(plan)))
    first = dump(writable_store)
    again = ok(run_writable("actions", "--import", str(plan)))
    assert "nothing changed" in again.stdout
    assert dump(writable_store) == first
    # The plan exported after the import, imported as it is, changes nothing either.
    exported = tmp_path / "exported.csv"
    ok(run_writable("actions", "-o", str(exported)))
    assert "nothing changed" in ok(run_writable("actions", "--import", str(exported))).stdout
    assert dump(writable_store) == first


def test_a_later_plan_replaces_its_rows_and_an_empty_row_clears_one(run_writable, tmp_path):
    plan, risk_id, first_id = fill_xlsx(run_writable, tmp_path)
    ok(run_writable("actions", "--import", str(plan)))
    rows = csv_rows(ok(run_writable("actions")).stdout_bytes)
    for row in rows:
        if row["id"] == risk_id:
            row.update({"owner": "Chief Executive", "due date": "30/06/2025", "status": "blocked"})
        if row["id"] == first_id:
            row.update({"owner": "", "due date": "", "status": ""})
    later = tmp_path / "plan-v2.csv"
    write_csv(later, [r for r in rows if r["id"] in (risk_id, first_id)])
    result = ok(run_writable("actions", "--import", str(later)))
    assert "2 rows, 2 matched, 0 unmatched; 2 changed" in result.stdout
    now = {r["id"]: r for r in csv_rows(ok(run_writable("actions")).stdout_bytes)}
    assert (now[risk_id]["owner"], now[risk_id]["due date"], now[risk_id]["status"]) == (
        "Chief Executive",
        "2025-06-30",
        "blocked",
    )
    assert now[first_id]["owner"] == now[first_id]["status"] == ""


# --- matching -----------------------------------------------------------------------------------
def test_rows_match_by_quote_when_the_id_is_gone_and_unmatched_rows_are_reported(
    run_writable, tmp_path
):
    rows = csv_rows(ok(run_writable("actions")).stdout_bytes)
    risk = next(r for r in rows if RISK_QUOTE in r["quote"])
    by_quote = {**risk, "id": "", "owner": "Found by quote"}
    stranger = {
        **rows[0],
        "id": "https://w3id.org/carekg/id/report/nowhere/finding/1",
        "quote": "A sentence no report contains.",
        "owner": "Nobody",
    }
    plan = tmp_path / "plan.csv"
    write_csv(plan, [by_quote, stranger])
    result = ok(run_writable("actions", "--import", str(plan)))
    assert "2 rows, 1 matched, 1 unmatched; 1 changed" in result.stdout
    assert "unmatched: row 3 (https://w3id.org/carekg/id/report/nowhere/finding/1)" in (
        result.stderr
    )
    assert "no finding in the store has this id or quote" in result.stderr
    owners = {r["id"]: r["owner"] for r in csv_rows(ok(run_writable("actions")).stdout_bytes)}
    assert owners[risk["id"]] == "Found by quote"


# --- malformed files change nothing -------------------------------------------------------------
def _malformed(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


HEADER = ",".join(PLAN_COLUMNS)
ROW = "https://w3id.org/carekg/id/report/x/finding/1,risk,8,q,,,,{owner},{due},{status},x,x:1-2"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.txt", "id,owner\n", "plan.txt: an action plan is a .csv or .xlsx file"),
        ("plan.csv", "", "plan.csv is empty"),
        ("plan.csv", "name,age\nAnn,3\n", "plan.csv has no 'id' or 'quote' column"),
        ("plan.csv", "id,quote,owner,status\nx,y,z,done\n", "plan.csv has no 'due date' column"),
        (
            "plan.csv",
            HEADER + "\n" + ROW.format(owner="Ann", due="", status="finished") + "\n",
            "plan.csv row 2: status 'finished' is not one of not started, in progress",
        ),
        (
            "plan.csv",
            HEADER + "\n" + ROW.format(owner="Ann", due="next week", status="") + "\n",
            "plan.csv row 2: due date 'next week' is not a date",
        ),
        (
            "plan.csv",
            HEADER + "\n" + ROW.format(owner="Ann", due="31/02/2025", status="") + "\n",
            "plan.csv row 2: due date '31/02/2025' is not a date",
        ),
        ("plan.csv", b"id,owner,due date,status\nx,Andr\xe9,,\n", "plan.csv is not UTF-8 text"),
        ("plan.xlsx", b"this is not a workbook", "plan.xlsx is not a readable xlsx workbook"),
        ("plan.csv", 'id,owner,due date,status\n"x,unterminated\n', "plan.csv is not well-formed"),
    ],
)
def test_a_malformed_file_is_one_line_and_changes_nothing(
    run_writable, writable_store, tmp_path, name, content, message
):
    plan, _, _ = fill_xlsx(run_writable, tmp_path)
    ok(run_writable("actions", "--import", str(plan)))
    before = dump(writable_store)
    assert message in user_error(
        run_writable("actions", "--import", str(_malformed(tmp_path, name, content)))
    )
    assert dump(writable_store) == before


def test_two_rows_for_one_finding_that_disagree_are_refused(run_writable, writable_store, tmp_path):
    rows = csv_rows(ok(run_writable("actions")).stdout_bytes)
    before = dump(writable_store)
    plan = tmp_path / "plan.csv"
    write_csv(plan, [{**rows[0], "owner": "Ann"}, {**rows[0], "owner": "Bob"}])
    message = user_error(run_writable("actions", "--import", str(plan)))
    assert "rows 2 and 3 are both for" in message
    assert dump(writable_store) == before


def test_import_is_refused_with_export_options(run_writable, tmp_path):
    result = run_writable("actions", "--import", "plan.csv", "--format", "csv")
    assert result.exit_code == 2 and "--import takes only the file to read" in result.stderr


def test_a_missing_file_is_a_user_error(run_writable, tmp_path):
    assert "cannot read" in user_error(
        run_writable("actions", "--import", str(tmp_path / "none.csv"))
    )


def test_import_into_a_store_given_by_a_relative_path_keeps_the_reports(tmp_path, monkeypatch):
    import gc

    from click.testing import CliRunner

    from carekg.cli import cli

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ok(runner.invoke(cli, ["--store", "kg", "build"]))
    ok(runner.invoke(cli, ["--store", "kg", "actions", "-o", "plan.csv"]))
    rows = csv_rows((tmp_path / "plan.csv").read_bytes())
    write_csv(tmp_path / "plan.csv", [{**rows[0], "owner": "Ann"}])
    ok(runner.invoke(cli, ["--store", "kg", "actions", "--import", "plan.csv"]))
    gc.collect()
    summary = ok(runner.invoke(cli, ["--store", "kg", "summary", "--json"])).stdout
    assert json.loads(summary)["reports"] == 2
