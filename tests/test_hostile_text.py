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
