"""Text from PDFs and data-heavy pages: page furniture, broken headings, note markers,
notes lists, captions, tables of figures and figures against a benchmark or a target."""

from __future__ import annotations

import pytest

from carekg.graph.extract.document import parse_document
from carekg.graph.extract.kind import decide_kind
from carekg.graph.extract.pipeline import run

PDF_TEXT = """Kestrelford Council - Adult Social Care Peer Challenge

1. Theme 1: Working with people

Staff told us that supervision is regular and reflective.

Page 1 of 3
\fKestrelford Council - Adult Social Care Peer Challenge

Several providers said that
fees do not cover travel time between rural calls.

Page 2 of 3
\fKestrelford Council - Adult Social Care Peer Challenge

2. Theme 3: Ensuring safety within the
system

The council should work with the ICB and

Page 3 of 3
\fKestrelford Council - Adult Social Care Peer Challenge

agree a single plan for waiting lists with its partners.
"""


def test_a_sentence_runs_across_a_page_break_and_the_furniture_is_no_finding():
    findings = run(PDF_TEXT).findings
    texts = [" ".join(f.text.split()) for f in findings]
    assert texts == [
        "Staff told us that supervision is regular and reflective.",
        "Several providers said that fees do not cover travel time between rural calls.",
        "The council should work with the ICB and Page 3 of 3 Kestrelford Council - Adult "
        "Social Care Peer Challenge agree a single plan for waiting lists with its partners.",
    ]
    assert all(PDF_TEXT[f.start : f.end] == f.text for f in findings)
    assert findings[-1].kind == "recommendation"


def test_a_heading_broken_over_two_lines_is_one_heading():
    headings = [b.text for b in parse_document(PDF_TEXT).blocks if b.kind == "heading"]
    assert "2. Theme 3: Ensuring safety within the\nsystem" in headings


def test_a_private_use_bullet_a_closing_quotation_and_its_attribution():
    text = (
        "## Theme 2: Providing support\n\nPartners praised three things:\n\n"
        "\uf0b7 the hospital discharge hub\n\uf0b7 the falls service\n\n"
        "      \u201cThe carers\u2019 centre was the first to ask how I was.\u201d\n"
        "                         \u2013 Unpaid carer, Kestrelford\n"
    )
    findings = run(text).findings
    assert [f.text for f in findings] == [
        "Partners praised three things:",
        "the hospital discharge hub",
        "the falls service",
        "\u201cThe carers\u2019 centre was the first to ask how I was.\u201d",
    ]


def test_note_markers_stay_with_their_sentence_and_notes_are_no_findings():
    text = (
        "## Safeguarding\n\n"
        "Concerns rose by 14% in a year.\u00b9 Most were screened within a day.[2] "
        "Enquiries were timely.[^3]\n\n"
        "*Theme 3: Ensuring safety within the system*\n\n"
        "Source: Safeguarding Adults Collection 2023-24.\n\n"
        "### Notes\n\n1. Local authority data, March 2024.\n2. Safeguarding Adults Collection.\n"
        "[^3]: Local authority data.\n"
    )
    assert [f.text for f in run(text).findings] == [
        "Concerns rose by 14% in a year.\u00b9",
        "Most were screened within a day.[2]",
        "Enquiries were timely.[^3]",
    ]


def test_the_names_of_measures_in_a_table_of_figures_are_no_findings():
    text = (
        "## Care provision, integration and continuity\n\n"
        "| Provision | Kestrelford | England |\n|---|---|---|\n"
        "| Care home beds per 100 people aged 75 and over in the borough | 4.1 | 6.3 |\n"
        "| Older people placed in care homes outside the borough last year | 27% | 18% |\n"
    )
    assert run(text).findings == []


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("People who received direct payments: 31.4% (England average 25.5%)", "strength"),
        ("Enquiries concluded within 6 months: 61% (London average 74%)",
         "area_for_development"),
        ("Concerns were screened within two days in 71% of cases, short of the council's own "
         "target of 90%.", "area_for_development"),
        ("Reviews were completed for 85% of people, above the target of 80%.", "strength"),
        ("The council paid a median rate of £19.80 an hour, below the regional median of "
         "£22.10.", "area_for_development"),
    ],
)  # fmt: skip
def test_a_figure_against_its_benchmark_or_target(sentence, kind):
    assert decide_kind(sentence, "quality-statement").kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "The peer team met the chief executive, the leader and the director.",
        "Under this theme the peer team met front door staff and carers.",
        "It is organised around the four themes that CQC uses to assess councils.",
        "Figures on these pages are the latest published before the visit.",
    ],
)
def test_the_reviews_method_and_the_reports_layout_are_no_findings(sentence):
    assert run(f"## Theme 1: Working with people\n\n{sentence}\n").findings == []


def test_a_score_on_a_line_of_its_own_is_no_page_number():
    from carekg.graph.extract.pages import page_furniture

    lines = ["Assessing needs", "", "3", "", "Safeguarding", "", "2", "", "Page 7 of 9", "12"]
    assert page_furniture(lines) == {8, 9}
    # nor is a wrapped line of prose that ends on a page reference
    wrapped = ["The plan is set out in full on page 12", "of the council's strategy.",
               "Kestrelford Council    Page 3 of 9"]  # fmt: skip
    assert page_furniture(wrapped) == {2}
