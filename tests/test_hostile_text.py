"""Report text is data: control characters neither drive a terminal nor break XML."""

from __future__ import annotations

import xml.dom.minidom

from carekg.graph.show.formats import for_terminal, to_table
from conftest import SEEDS

HOSTILE = "Strengths\n\nThe council\x1b]0;pwned\x07 was \x1b[31mwell led\x1b[0m and\x0b trusted.\n"


def test_control_characters_become_spaces_when_read(run_writable, tmp_path):
    path = tmp_path / "hostile.txt"
    text = (SEEDS / "lga-peer-challenge-bexley-key-messages.txt").read_text(encoding="utf-8")
    path.write_text(text + "\n" + HOSTILE, encoding="utf-8")
    result = run_writable("ingest", str(path))
    assert result.exit_code == 0, result.output
    shown = run_writable("findings", "--report", "hostile", "--format", "csv").stdout
    assert "well led" in shown and "\x1b" not in shown and "\x07" not in shown
    exported = run_writable("export", "--format", "rdfxml").stdout
    xml.dom.minidom.parseString(exported.encode("utf-8"))  # well-formed XML 1.0
    results = run_writable(
        "sparql", "SELECT ?t WHERE { ?s oa:exact ?t FILTER(CONTAINS(?t, 'well led')) }",
        "--format", "xml",
    ).stdout  # fmt: skip
    xml.dom.minidom.parseString(results.encode("utf-8"))


def test_tables_and_terminals_show_escapes_not_controls():
    table = to_table([{"text": "red \x1b[31m bell \x07"}])
    assert "\x1b" not in table and "\\x1b" in table
    assert for_terminal("\x9b2J") == "\\u009b2J"


def test_csv_cells_never_start_a_formula_but_numbers_stay_numbers():
    import csv
    import io

    from carekg.graph.show.formats import to_csv

    rows = [{"text": '=HYPERLINK("http://evil.example","click")', "n": -3, "who": ["@icb"]},
            {"text": "+44 1234", "n": 2, "who": ["icb"]}]  # fmt: skip
    read = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert [r["text"] for r in read] == ["'=HYPERLINK(\"http://evil.example\",\"click\")",
                                         "'+44 1234"]  # fmt: skip
    assert [r["n"] for r in read] == ["-3", "2"] and read[0]["who"] == "'@icb"


def test_findings_csv_from_a_hostile_report_opens_as_text(run_writable, tmp_path):
    path = tmp_path / "formula.txt"
    text = (SEEDS / "lga-peer-challenge-bexley-key-messages.txt").read_text(encoding="utf-8")
    path.write_text(text + "\nStrengths\n\n=cmd|'/c calc'!A1 the council is well led and "
                    "trusted by partners.\n", encoding="utf-8")  # fmt: skip
    assert run_writable("ingest", str(path)).exit_code == 0
    shown = run_writable("findings", "--report", "formula", "--format", "csv").stdout
    assert "well led" in shown
    assert not any(cell.startswith(("=", "+", "-", "@"))
                   for line in shown.splitlines()[1:] for cell in line.split(","))  # fmt: skip
