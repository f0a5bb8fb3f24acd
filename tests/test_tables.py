"""Feedback set out in pipe tables: each cell of prose is read under its column's header."""

from __future__ import annotations

import pytest

from carekg.graph.extract.document import parse_document
from carekg.graph.extract.pipeline import run
from carekg.graph.pipeline import prepare_report

COLUMNS = """# Theme 2: Providing support

| What went well | What could be better |
|---|---|
| Home care hours are picked up within two days. | Day opportunities for younger adults are thin. |
| | Fee uplifts came late, and two agencies handed back packages. |
| The shared lives scheme has grown to 40 carers. | |
"""


def _kinds(text: str, council: str | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in run(text, council).findings]


def test_each_cell_is_read_under_its_columns_header():
    assert _kinds(COLUMNS) == [
        ("strength", "Home care hours are picked up within two days."),
        ("area_for_development", "Day opportunities for younger adults are thin."),
        ("area_for_development", "Fee uplifts came late, and two agencies handed back packages."),
        ("strength", "The shared lives scheme has grown to 40 carers."),
    ]


def test_a_cells_quote_is_its_exact_place_and_two_sentences_are_two_findings():
    text = ("| Strengths | Areas for development |\n| --- | --- |\n"
            "| Staff feel listened to. Supervision is regular. | Waits are long. |\n")  # fmt: skip
    findings = run(text).findings
    assert [f.text for f in findings] == [
        "Staff feel listened to.",
        "Supervision is regular.",
        "Waits are long.",
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_columns_of_labels_give_no_findings():
    text = (
        "## Recommendations\n\n| No. | Recommendation | Lead |\n|:--|:--|--:|\n"
        "| 1 | Agree a joint plan for discharge with the hospital trust by March. | DASS |\n"
        "| 2 | Publish the cost of care evidence that fees rest on. | Director of Commissioning |\n"
    )
    assert _kinds(text) == [
        ("recommendation", "Agree a joint plan for discharge with the hospital trust by March."),
        ("recommendation", "Publish the cost of care evidence that fees rest on."),
    ]


def test_a_table_of_labels_is_read_line_by_line_and_its_scores_still_count(tmp_path):
    text = ("# Overview\n\n| Quality statement | Score |\n|---|---|\n"
            "| Assessing needs | 2 |\n| Safeguarding | 3 |\n")  # fmt: skip
    assert [b.table for b in parse_document(text).blocks] == [-1, -1]
    path = tmp_path / "scores.md"
    path.write_text(text, encoding="utf-8")
    prepared = prepare_report(path)
    values = sorted(
        int(t.object.value) for t in prepared.triples if t.predicate.value.endswith("#scoreValue")
    )
    assert values == [2, 3] and prepared.findings == []


def test_rows_without_a_header_an_escaped_pipe_and_no_closing_pipe():
    text = ("| Carers said the respite offer \\| the sitting service is valued. |\n"
            "| Too few staff are trained in the Mental Capacity Act.\n")  # fmt: skip
    blocks = parse_document(text).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Carers said the respite offer \\| the sitting service is valued."),
        ("paragraph", "Too few staff are trained in the Mental Capacity Act."),
    ]


def test_the_section_goes_on_after_the_table():
    text = COLUMNS + "\nPartners described the council as reliable and open.\n"
    assert _kinds(text)[-1] == ("strength", "Partners described the council as reliable and open.")
    blocks = parse_document(text).blocks
    assert blocks[-1].table == -1 and blocks[1].table >= 0


def test_a_word_tables_cells_are_read_in_the_documents_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Theme 1: Working with people", level=1)
    document.add_paragraph("Around 240,000 people live in Kestrelford.")
    table = document.add_table(rows=3, cols=2)
    rows = [
        ("Strengths", "Areas for development"),
        ("Carers told us the new carers' hub is easy to reach.",
         "Therapy waits | assessments are over twelve weeks."),
        ("", "Reviews of people in residential care are overdue."),
    ]  # fmt: skip
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    table.rows[2].cells[0].merge(table.rows[1].cells[0])  # a merged cell counts once
    document.add_paragraph("Leaders were visible and approachable.")
    document.save(tmp_path / "t.docx")
    found = [(f.kind, f.text) for f in prepare_report(tmp_path / "t.docx").findings]
    assert found == [
        ("context", "Around 240,000 people live in Kestrelford."),
        ("strength", "Carers told us the new carers' hub is easy to reach."),
        ("area_for_development", "Therapy waits \\| assessments are over twelve weeks."),
        ("area_for_development", "Reviews of people in residential care are overdue."),
        ("strength", "Leaders were visible and approachable."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "|\n||\n| |\n|---|\n",  # pipes and nothing else
        "| a |\n|---|---|---|\n| b | c | d | e |\n| Waits are long.\n",  # rows of every length
        "|---|---|\n|---|---|\n",  # separators only
        "| " + " | ".join(["Staff are valued."] * 2_000) + " |\n",  # one very wide row
        "| Strengths \\| Areas |\n| x \\|\n",  # escaped pipes only
    ],
)
def test_broken_tables_give_exact_quotes_and_no_error(text):
    findings = run(text).findings
    assert all(text[f.start : f.end] == f.text for f in findings)
