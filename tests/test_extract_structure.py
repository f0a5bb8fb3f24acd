"""Issue 9: the pipeline's steps, sections and findings on layouts real reports use."""

from __future__ import annotations

import pytest

from carekg.graph.extract.metadata import detect_council
from carekg.graph.extract.pipeline import PIPE_NAMES, STEPS, run
from carekg.graph.extract.sections import SectionContext, classify_heading
from carekg.graph.extract.selection import is_finding
from carekg.graph.model.vocabulary import load_vocabulary


def test_the_steps_are_listed_in_one_place_in_order():
    assert PIPE_NAMES == ["segment", "sections", "findings", "kind", "quality_statements",
                          "partners", "evidence", "relations"]  # fmt: skip
    assert all(callable(step) and step.__doc__ for _, step in STEPS)


def test_a_run_can_stop_after_any_step():
    state = run("Strengths\n- Staff said managers were supportive.\n", until="findings")
    assert [f.kind for f in state.findings] == ["context"]  # the kind step has not run
    assert run("Strengths\n- Staff said managers were supportive.\n").findings[0].kind == (
        "strength"
    )


@pytest.mark.parametrize(
    "heading, role, qs",
    [
        ("Quality statement: Safeguarding", "quality-statement", 7),
        ("Quality statement 2: Supporting people to live healthier lives", "quality-statement", 2),
        ("Quality Statement Eight", "quality-statement", 8),
        ("3.1 Assessing people's needs", "quality-statement", 1),
        ("Safe systems, pathways and transitions", "quality-statement", 6),
        ("QS1: Assessing needs", "quality-statement", 1),
        ("Working with people: Assessing needs", "quality-statement", 1),
        ("6. Theme 4: Leadership", "theme", None),
        ("Ensuring safety", "theme", None),  # a theme's other names
        ("How Kestrelford County Council works with people", "theme", None),
        ("How Kestrelford provides support", "theme", None),
        ("How we work with people in practice", None, None),
        ("Learning from safeguarding adults reviews", None, None),
        ("What is working well", "strengths", None),
        ("Areas for consideration", "areas", None),
        ("What needs to improve", "areas", None),
        ("What went well", "strengths", None),
        ("Even better if", "areas", None),
        ("Risks", "risks", None),
        ("Suggestions", "recommendations", None),
        ("About Kestrelford", "about", None),
        ("Notes to editors", "background", None),
        ("Purpose and scope", "background", None),
        ("Key lines of enquiry", "background", None),
        ("About the Care Quality Commission", "background", None),
        ("What people expect", "framework", None),
        ("The local authority commitment", "framework", None),
    ],
)
def test_headings(heading, role, qs):
    found = classify_heading(heading, load_vocabulary())
    assert (found.role, found.quality_statement) == (role, qs)


PILOT_PAGE = """Quality statement: Safeguarding

Indicative score: 3

3 - Evidence shows a good standard

What people expect

I feel safe and am supported to understand and manage any risks.

The local authority commitment

We work with people to understand what being safe means to them.

Staff were confident in recognising abuse, and managers were supportive.

Some enquiries took several months to close.


Notes to editors

The Care Quality Commission is the independent regulator of health and adult social care.

Where support is needed, it should provide people with choice and control.
"""


def test_a_page_without_key_findings_keeps_its_findings_and_drops_framework_text():
    findings = run(PILOT_PAGE, "Kestrelford County Council").findings
    assert [(f.kind, f.quality_statements) for f in findings] == [
        ("strength", [7]),
        ("area_for_development", [7]),
    ]


def test_about_the_council_is_context_without_a_quality_statement():
    text = ("About Kestrelford\n\nKestrelford is a county of 600,000 people.\n\n"
            "Around 21% of residents are aged 65 or over.\n")  # fmt: skip
    findings = run(text, "Kestrelford County Council").findings
    assert [(f.kind, f.quality_statements) for f in findings] == [("context", []), ("context", [])]


def test_table_rows_and_score_lines_are_not_findings():
    text = "Quality statement scores\n\n| Quality statement | Score |\n| Assessing needs | 2 |\n"
    assert run(text).findings == []


def test_the_council_is_the_one_the_report_is_about():
    text = (
        "Wexham Adult Social Care Peer Challenge\n\nThe peer team\n\n"
        "- Ann Lee, Director of Adult Social Services, Brackenford County Council\n"
        "- Cllr Joe Ray, Lead Member, Fernley City Council\n\n"
        "Key messages\n\nWexham Borough Council is ambitious. Wexham has strong partnerships.\n"
    )
    assert detect_council(text) == "Wexham Borough Council"


def test_evidence_category_per_finding():
    text = ("Key findings\n\nPeople told us staff were kind.\nLeaders said budgets were tight.\n"
            "Providers told us fees were paid on time.\nCase records showed plans were reviewed.\n"
            "The council has a vision.\n")  # fmt: skip
    findings = run(text).findings
    assert [f.evidence for f in findings] == ["people", "staff", "partners", "processes", None]


def test_a_numbered_theme_heading_names_its_theme_and_its_sibling_does_not():
    text = ("## 6. Theme 4: Leadership\n\n### Areas for consideration\n\n"
            "- The performance framework says little about outcomes.\n\n"
            "## 7. Recommendations\n\n"
            "1. Agree a trajectory for reducing waiting lists.\n")  # fmt: skip
    state = run(text, "Kestrelford County Council")
    assert [(f.theme, f.quality_statements) for f in state.findings] == [(4, [8]), (1, [1])]


def test_a_plain_text_recommendations_section_after_a_deeper_theme_is_its_own():
    text = (
        "3. Detailed feedback\n\n3.4 Leadership\n\n3.4.1 Leaders are visible.\n\n"
        "4. Recommendations\n\n• Develop a plan to reduce waiting times for assessments.\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    assert [f.quality_statements for f in findings] == [[8], [1]]


def test_a_letters_themes_by_their_short_names_and_its_key_recommendations():
    text = (
        "Providing support\n\nThe care home market is stable and providers were positive.\n\n"
        "Ensuring safety\n\nPolice colleagues described joint work on exploitation with "
        "enthusiasm.\n\nLeadership\n\nLeaders are visible and trusted by staff.\n\n"
        "Key recommendations\n\n1. Reduce the waiting list for Care Act assessments.\n\n"
        "Yours sincerely,\n\nPlease do not hesitate to contact me about this letter.\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    # the theme of each section; the closing list is the report's, not Leadership's
    assert [f.theme for f in findings] == [2, 3, 4, 1]
    assert findings[-1].kind == "recommendation"


def test_what_a_peer_challenge_is_and_a_letters_courtesies_are_not_findings():
    context = SectionContext(role="key-messages")
    for text in (
        "A peer challenge is an improvement-focused review carried out by peers.",
        "The LGA will be in touch to agree how we can support you with these changes.",
        "For further information about this letter, please contact the regional adviser.",
        "We will monitor the local authority's progress against its improvement plan.",
        "**Overall rating: Outstanding**",
    ):
        assert not is_finding(text, context), text
    assert is_finding("The peer team found a service that is proud of its staff.", context)


def test_how_the_review_went_and_title_lines_are_not_findings():
    context = SectionContext(role="key-messages")
    for text in (
        "The peer challenge took place over three days in March 2025 and was well received.",
        "Eight months later, three members of the original team returned for a day.",
        "The peer team spent four days on site and met more than 120 people.",
        "Ashcombe Council: Adult Social Care Peer Challenge – Progress Review, 4 and 5 May 2025",
        "The peer team’s key recommendations are listed below.",
        "Further suggestions are made throughout section 4.",
    ):
        assert not is_finding(text, context), text
    for text in (  # what the team found on its visit still is
        "The peer team found that waiting times had fallen by half since the challenge.",
        "The new front door, launched in March 2025, is well regarded by partners.",
    ):
        assert is_finding(text, context), text


def test_a_numbered_score_list_opens_no_section():
    text = (
        "Ellington's scores were:\n\n1. Assessing people's needs – 3\n"
        "9. Learning, improvement and innovation – 3\n\n"
        "Safeguarding enquiries were completed promptly.\n"
    )
    findings = run(text, "Ellington Borough Council").findings
    assert [(f.kind, f.quality_statements, f.qs_method) for f in findings] == [
        ("strength", [7], "inferred")
    ]


def test_framework_lists_method_notes_and_rating_announcements_are_not_findings():
    text = (
        "Theme 1: How the local authority works with people\n\n"
        "This theme includes these quality statements:\n\n- Assessing needs\n"
        "- Equity in experience and outcomes\n\n"
        "We may not always review all quality statements during every assessment.\n\n"
        "The Care Quality Commission (CQC) has rated Ellington Borough Council as good.\n\n"
        "This was one of five pilot assessments, and its scores are indicative only.\n"
    )
    assert run(text, "Ellington Borough Council").findings == []


def test_strengths_at_the_level_of_their_statement_heading_still_belong_to_it():
    text = (
        "## Quality Statement Seven: Safeguarding\n\n## Strengths\n\n"
        "- Enquiries are completed promptly.\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    assert [(f.quality_statements, f.qs_method) for f in findings] == [([7], "heading")]


def test_a_sentence_without_terms_takes_its_headings_then_the_one_statement_the_title_names():
    text = (
        "# Kestrelford: Safeguarding Adults Peer Review\n\n## Key messages\n\n"
        "Staff are committed and proud of their work.\n\n"
        "## Section 42 enquiries and Making Safeguarding Personal\n\n"
        "- Records that peers audited were thorough and clear.\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    assert [f.quality_statements for f in findings] == [[7], [7]]
    # a title that names no statement as a phrase ("requires improvement") lends none
    press = (
        "# Kestrelford rated as requires improvement\n\n## Key messages\n\n"
        "Staff are committed and proud of their work.\n"
    )
    assert [f.quality_statements for f in run(press).findings] == [[]]


def test_being_discharged_from_hospital_is_about_safe_pathways():
    text = "## Key messages\n\nSome people were discharged from hospital late at night.\n"
    assert [f.quality_statements for f in run(text, "Kestrelford County Council").findings] == [[6]]


def _stated_scores(text: str) -> list:
    """The scores ``text`` states, read as the pipeline reads them."""
    from carekg.graph.extract.document import parse_document
    from carekg.graph.extract.sections import section_contexts, stated_scores

    document = parse_document(text)
    vocab = load_vocabulary()
    return stated_scores(document, section_contexts(document, vocab), vocab)


def test_a_score_table_given_as_one_block_states_every_score():
    text = (
        "# Kestrelford: local authority assessment\n\n## Quality statement scores\n\n"
        "| Quality statement | Score |\n|---|---|\n| Assessing people's needs | 4 |\n"
        "| Safeguarding | 3 |\n"
    )
    scores = _stated_scores(text)
    assert [(s.quality_statement, s.score) for s in scores] == [(1, 4), (7, 3)]
    assert all(text[s.start : s.end] == s.text for s in scores)
    # broken rows state nothing (a score out of range, no score, no name, no statement)
    broken = (
        "## Quality statement scores\n\n| Quality statement | Score |\n|---|---|\n"
        "| Safeguarding | 9 |\n| Assessing needs |\n| | 3 |\n| Lunch menus | 2 |\n"
        "| Partnerships and communities | 2 |\n"
    )
    scores = _stated_scores(broken)
    assert [(s.quality_statement, s.score) for s in scores] == [(5, 2)]


def test_what_the_area_is_names_no_statement_unless_its_heading_does():
    council = "Kestrelford County Council"
    fact = "Kestrelford is a coastal county of 240,000 people with a busy port.\n"
    titled = "# Kestrelford: Safeguarding Adults Peer Review\n\n## Key messages\n\n" + fact
    assert [f.quality_statements for f in run(titled, council).findings] == [[]]
    paged = "## Safeguarding\n\n" + fact
    assert [f.quality_statements for f in run(paged, council).findings] == [[7]]


def test_an_item_that_judges_nothing_is_an_instance_of_its_lead_in():
    text = (
        "## Partnerships and communities\n\n"
        "- Strong joint work with the housing service:\n"
        "  - a housing officer in the hospital discharge team\n"
        "  - waits for adaptations are too long\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    assert [f.kind for f in findings] == ["strength", "strength", "area_for_development"]


def test_each_statement_name_then_its_score_line_states_that_score():
    text = (
        "Overall summary\n\nQuality statement scores\n\nAssessing needs\n\nScore: 2\n\n"
        "Supporting people to lead healthier lives\n\nScore: 3\n\nSafeguarding\n\nScore: 1\n"
    )
    scores = _stated_scores(text)
    assert [(s.quality_statement, s.score) for s in scores] == [(1, 2), (2, 3), (7, 1)]
    assert all(text[s.start : s.end] == s.text for s in scores)
    # a score out of range, or a score line under no statement, states nothing
    broken = "Quality statement scores\n\nScore: 3\n\nAssessing needs\n\nScore: 7\n"
    assert _stated_scores(broken) == []


def test_scores_worded_as_scored_or_awarded_are_read():
    text = (
        "Quality statement scores\n\n"
        "Assessing needs — scored 3 (Evidence shows a good standard)\n"
        "Safeguarding - scored 2 (Evidence shows some shortfalls)\n\n"
        "Equity in experience and outcomes\n\nScore awarded: 4 out of 4\n\n"
        "Staff told us the team was stable.\n"
    )
    scores = _stated_scores(text)
    assert [(s.quality_statement, s.score) for s in scores] == [(1, 3), (3, 4), (7, 2)]
    assert [f.text for f in run(text).findings] == ["Staff told us the team was stable."]


@pytest.mark.parametrize(
    "line",
    [
        "Home > Care services > Local authorities > Kestrelford County Council",
        "You are here: Adult social care › Assessments",
        "Find a service > Local authorities > Kestrelford > Safeguarding",
        "Select a quality statement to read our findings.",
        "Click on a theme to see the evidence we found.",
        "Back to top",
        "Skip to main content",
        "We use cookies to make this website work and to understand how it is used.",
        "Accept all cookies | Reject optional cookies",
    ],
)
def test_the_furniture_of_a_web_page_is_not_a_finding(line):
    text = f"## Key findings\n\n{line}\n\nCarers said respite was hard to book.\n"
    assert [f.text for f in run(text).findings] == ["Carers said respite was hard to book."]


def test_a_report_about_one_statement_weighs_it_in_every_sentence():
    body = "## Key messages\n\nThere is a backlog, and 410 concerns were waiting to be screened.\n"
    titled = "# Kestrelford: Safeguarding Adults Peer Review\n\n" + body
    council = "Kestrelford County Council"
    assert [f.quality_statements for f in run(body, council).findings] == [[1]]  # "waiting"
    assert [f.quality_statements for f in run(titled, council).findings] == [[7]]
