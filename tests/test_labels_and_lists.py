"""Run-in labels, formal lists with dashes, expectations in the person's words, the
review's method, and words a line break hyphenated."""

from __future__ import annotations

import pytest

from carekg.graph.extract.kind import decide_kind
from carekg.graph.extract.pipeline import run
from carekg.graph.model.text import unwrapped

LABELLED = """## Theme 1: Working with people

**Strength:** The front door resolves most enquiries on the first call.

*Area for consideration:* Reviews are overdue for 900 people.

Risk – Staff turnover in the long-term teams has reached 30%.

Suggestion. The council may wish to set up a waiting well service.

Occupational therapy assessments are timely and thorough.
"""


def test_a_run_in_label_says_the_kind_and_is_left_out_of_the_quote():
    findings = run(LABELLED).findings
    assert [(f.kind, f.text) for f in findings] == [
        ("strength", "The front door resolves most enquiries on the first call."),
        ("area_for_development", "Reviews are overdue for 900 people."),
        ("risk", "Staff turnover in the long-term teams has reached 30%."),
        ("recommendation", "The council may wish to set up a waiting well service."),
        ("strength", "Occupational therapy assessments are timely and thorough."),
    ]
    assert all(LABELLED[f.start : f.end] == f.text for f in findings)


def test_dash_bullets_in_a_formal_list_and_a_quotations_attribution():
    text = (
        "## Partnerships and communities\n\nPartners raised three concerns:\n\n"
        "– data sharing with GP practices was slow;\n"
        "– South Vale Homes was not invited to discharge planning; and\n"
        "– the hospice had no named social worker.\n\n"
        "\u201cNobody asked how I was coping.\u201d\n"
        "                  \u2013 Unpaid carer, Kestrelford\n"
    )
    assert [f.text for f in run(text).findings] == [
        "Partners raised three concerns:",
        "data sharing with GP practices was slow;",
        "South Vale Homes was not invited to discharge planning; and",
        "the hospice had no named social worker.",
        "\u201cNobody asked how I was coping.\u201d",
    ]


def test_what_people_expect_in_their_own_words_is_framework_text():
    text = (
        "Assessing needs\n\nWhat people expect\n\n"
        "I can get an assessment in good time.\n"
        "As an unpaid carer, my own needs are recognised.\n"
        "My care plan says what matters to me.\n\n"
        "Key findings for this quality statement\n\n"
        "Most people were assessed within 28 days.\n"
    )
    assert [f.text for f in run(text).findings] == ["Most people were assessed within 28 days."]


@pytest.mark.parametrize(
    "sentence, kept",
    [
        ("The peer team met the chief executive, the leader and the director.", False),
        ("For this theme the team read fourteen case files and listened in on calls.", False),
        ("Safety was looked at through a dip sample of safeguarding records.", False),
        # a verdict on what it met, and CQC's "we" with what it found, are findings
        ("The peer team met a workforce that is caring, committed and proud of its work.", True),
        ("We reviewed 18 records; in 7 there was no evidence of a follow-up call.", True),
    ],
)
def test_the_reviews_method_unless_it_judges_what_it_found(sentence, kept):
    found = run(f"## Theme 1: Working with people\n\n{sentence}\n").findings
    assert bool(found) == kept


def test_a_word_a_line_break_hyphenated_is_read_whole():
    assert unwrapped("the adult safe-\nguarding hub") == "the adult safeguarding hub"
    sentence = "The peer team met the independent chair and the adult safe-\nguarding hub."
    assert run(f"## Safeguarding\n\n{sentence}\n").findings == []


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # whom a service is for is no risk, and the harm it prevents no verdict
        ("Home safety checks are offered to people at high risk of falling.", "strength"),
        # worries voiced about how well something works
        ("Partners raised some concerns about how well joint working functioned.",
         "area_for_development"),
    ],
)  # fmt: skip
def test_a_services_target_group_and_concerns_raised(sentence, kind):
    assert decide_kind(sentence, "quality-statement").kind == kind
