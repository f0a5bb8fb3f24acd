"""The document model: headings, blocks and sentence splitting with offsets."""

from __future__ import annotations

from carekg.graph.extract.document import parse_document


def sentences(text: str) -> list[str]:
    return [s.text for s in parse_document(text).sentences]


def test_offsets_slice_the_text():
    text = "Key Messages\n\n  • A first point. A second one.\nA paragraph ends here.\n"
    doc = parse_document(text)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    for b in doc.blocks:
        assert text[b.start : b.end] == b.text


def test_abbreviations_decimals_and_initials_do_not_split():
    text = (
        "Waits fell by approx. 40% to 2.5 weeks, e.g. in the east, i.e. Ward No. 3 and "
        "Dr. Patel's team. J. Smith leads it. The next sentence starts here."
    )
    assert sentences(text) == [
        "Waits fell by approx. 40% to 2.5 weeks, e.g. in the east, i.e. Ward No. 3 and "
        "Dr. Patel's team.",
        "J. Smith leads it.",
        "The next sentence starts here.",
    ]


def test_etc_ends_a_sentence_only_before_a_new_one():
    assert sentences("Housing, care etc. are covered. Staff, managers etc. The End.") == [
        "Housing, care etc. are covered.",
        "Staff, managers etc.",
        "The End.",
    ]


def test_semicolons_stay_inside_the_sentence():
    assert sentences("Reviews are late; waits are long; staff are stretched. Next.") == [
        "Reviews are late; waits are long; staff are stretched.",
        "Next.",
    ]


def test_lead_in_and_list_items():
    text = "The Council may wish to consider:\n\n- a tracker;\n- a protocol.\nAfter.\n"
    doc = parse_document(text)
    lead, first, second, after = doc.sentences
    assert lead.introduces_list and lead.text.endswith(":")
    assert first.lead_in == 0 and second.lead_in == 0
    assert after.lead_in is None


def test_headings_in_plain_text_markdown_and_numbered_layouts():
    text = (
        "# Title of the report\n"
        "Theme 4: Leadership\n"
        "This relates to governance.\n"
        "2. Key messages\n"
        "2.1 The Council is strong.\n"
        "Strengths\n"
        "- Bexley is good.\n"
    )
    doc = parse_document(text)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Title of the report", "Theme 4: Leadership", "2. Key messages",
                        "Strengths"]  # fmt: skip
    numbered = next(b for b in doc.blocks if "is strong" in b.text)
    assert numbered.kind == "paragraph" and numbered.text == "The Council is strong."


def test_wrapped_lines_join_their_paragraph():
    text = (
        "Strengths\n"
        "The Council has a strong partnership with the voluntary sector and the\n"
        "local NHS trust, which staff described as open.\n"
        "Areas for development\n"
    )
    doc = parse_document(text)
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "heading"]
    assert sentences(text) == [
        "The Council has a strong partnership with the voluntary sector and the\n"
        "local NHS trust, which staff described as open."
    ]


def test_a_leading_count_is_not_a_paragraph_number():
    doc = parse_document("Strengths\n12 people told us the service was good.\n")
    assert doc.sentences[0].text == "12 people told us the service was good."


def test_numbered_suggestions_are_not_headings():
    text = "Recommendations\n1. Develop a clear practice framework\n2. Review the front door\n"
    doc = parse_document(text)
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]
    assert [s.text for s in doc.sentences] == [
        "Develop a clear practice framework",
        "Review the front door",
    ]


def test_a_wrapped_line_may_start_with_a_decimal():
    text = "Strengths\nThe Council has invested an extra £\n2.5 million in reablement this year.\n"
    assert sentences(text) == [
        "The Council has invested an extra £\n2.5 million in reablement this year."
    ]
