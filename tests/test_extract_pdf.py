"""Issue 9: a report as PDF gives the findings and kinds of the text it was made from;
the graph holds confidence, evidence category and typed partner instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from carekg.graph.extract.document import parse_document
from carekg.graph.pipeline import prepare_report
from carekg.graph.read.readers import read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"


def make_pdf(source: Path, target: Path) -> Path:
    """The report as a word processor would print it: headings larger, wrapped paragraphs."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for block in parse_document(source.read_text(encoding="utf-8")).blocks:
        text = " ".join(block.text.split()).replace("&", "&amp;").replace("<", "&lt;")
        if block.kind == "heading":
            story.append(Paragraph(text, styles["Heading2"]))
        else:
            prefix = "- " if block.kind == "bullet" else ""
            story.append(Paragraph(prefix + text, styles["BodyText"]))
    SimpleDocTemplate(str(target)).build(story)
    return target


@pytest.mark.parametrize(
    "name, council",
    [("cqc-assessment-harbourside-full.txt", "Harbourside City Council"),
     ("lga-peer-challenge-riverford-prose.md", "Riverford Metropolitan Borough Council"),
     ("lga-peer-challenge-oakham-long-paras.txt", "Oakham Borough Council")],
)  # fmt: skip
def test_pdf_gives_the_same_findings_and_kinds(tmp_path, name, council):
    source = FIXTURES / name
    pdf = make_pdf(source, tmp_path / (source.stem + ".pdf"))
    as_text = prepare_report(source, council=council).findings
    as_pdf = prepare_report(pdf, council=council).findings
    kinds = {" ".join(f.text.split()): f.kind for f in as_pdf}
    same = sum(kinds.get(" ".join(f.text.split())) == f.kind for f in as_text)
    assert same / len(as_text) >= 0.95
    text = read_source(pdf).text
    assert all(text[f.start : f.end] == f.text for f in as_pdf)


def test_the_graph_holds_confidence_evidence_and_typed_partners():
    prepared = prepare_report(FIXTURES / "cqc-assessment-kelderby-pilot.txt")
    assert prepared.report.council == "Kelderby Metropolitan Borough Council"
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in prepared.triples}
    ckg = "https://w3id.org/carekg/ns#"
    confidences = [float(o) for _, p, o in triples if p == ckg + "confidence"]
    assert len(confidences) == len(prepared.findings) and all(0 <= c <= 1 for c in confidences)
    assert any(p == ckg + "confidenceReason" for _, p, _ in triples)
    categories = {o for _, p, o in triples if p == ckg + "evidenceCategory"}
    assert "https://w3id.org/carekg/cqc/evidence-people" in categories
    partner = "https://w3id.org/carekg/partner/"
    # Minted partners are described in the minted graph, from the report's claims.
    from carekg.graph.extract.minted import minted_graph

    triples = {(t.subject.value, t.predicate.value, t.object.value)
               for t in minted_graph([prepared])}  # fmt: skip
    assert (partner + "kelderby-healthwatch", ckg + "partnerType",
            partner + "type/healthwatch") in triples  # fmt: skip
    assert (partner + "kelderby-healthwatch", ckg + "localTo", partner + "kelderby-council") in (
        triples
    )
