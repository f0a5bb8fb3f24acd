"""Issue 4: ingesting reports in every format, replacing graphs, and refusing bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from carekg.graph.pipeline import detect_metadata, prepare_report
from conftest import FIXTURES, ROOT, SEEDS

GOLD = ROOT / "tests" / "fixtures" / "gold"

KEY_MESSAGES = SEEDS / "lga-peer-challenge-bexley-key-messages.txt"
THEME4 = SEEDS / "lga-peer-challenge-bexley-theme4-leadership.txt"
EASTBROOK = FIXTURES / "lga-peer-challenge-eastbrook-numbered.txt"
NORTHMOOR = FIXTURES / "cqc-assessment-northmoor-qs-pages.txt"
SUMMARY = FIXTURES / "cqc-assessment-northmoor-summary.md"


def quad_count(run) -> int:
    return json.loads(run("summary", "--json").stdout)["quads"]


def report_findings(run, report: str) -> list[dict]:
    result = run("findings", "--format", "json", "--report", report)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _paragraphs(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def make_docx(source: Path, target: Path) -> Path:
    """A Word file of a text report: short unpunctuated lines become headings."""
    import docx

    from carekg.graph.extract.document import BULLET, _looks_like_heading

    document = docx.Document()
    for line in _paragraphs(source):
        if BULLET.match(line):
            document.add_paragraph(BULLET.sub("", line), style="List Bullet")
        elif _looks_like_heading(line, None):
            document.add_heading(line.strip(), level=2)
        else:
            document.add_paragraph(line.strip())
    document.save(target)
    return target


def make_pdf(source: Path, target: Path) -> Path:
    """A PDF with a text layer, paragraphs wrapped as a word processor would."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from carekg.graph.extract.document import _looks_like_heading

    styles = getSampleStyleSheet()
    story = []
    for line in _paragraphs(source):
        style = styles["Heading2"] if _looks_like_heading(line, None) else styles["BodyText"]
        story.append(Paragraph(line.strip().replace("&", "&amp;").replace("<", "&lt;"), style))
    SimpleDocTemplate(str(target)).build(story)
    return target


def make_image_pdf(target: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(target))
    page.rect(50, 50, 400, 600, fill=1)  # a scanned page: shapes, no text layer
    page.save()
    return target


def test_ingest_adds_a_report_in_its_own_graph(run_writable):
    result = run_writable("ingest", str(EASTBROOK))
    assert result.exit_code == 0, result.output
    assert "Eastbrook Borough Council" in result.stdout
    findings = report_findings(run_writable, "lga-peer-challenge-eastbrook-numbered")
    assert len(findings) >= 40
    text = EASTBROOK.read_text(encoding="utf-8")
    for f in findings:
        assert text[f["source"]["start"] : f["source"]["end"]] == f["text"]
    # The Bexley reports are still there.
    assert report_findings(run_writable, "lga-peer-challenge-bexley-theme4-leadership")


def test_reingesting_replaces_and_never_duplicates(run_writable):
    before = quad_count(run_writable)
    findings = report_findings(run_writable, "lga-peer-challenge-bexley-theme4-leadership")
    for _ in range(2):
        assert run_writable("ingest", str(THEME4)).exit_code == 0
    after = report_findings(run_writable, "lga-peer-challenge-bexley-theme4-leadership")
    assert [f["text"] for f in after] == [f["text"] for f in findings]
    # Only the ingest activity's timestamp may differ; the count of quads may not.
    assert quad_count(run_writable) == before


def test_ingest_many_files_shows_progress(run_writable):
    result = run_writable("ingest", str(EASTBROOK), str(NORTHMOOR), str(SUMMARY))
    assert result.exit_code == 0, result.output
    assert "Ingesting" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 3


def test_markdown_and_cqc_scores(run_writable):
    assert run_writable("ingest", str(SUMMARY), str(NORTHMOOR)).exit_code == 0
    scores = json.loads(run_writable("scores", "--format", "json").stdout)
    for report in ("cqc-assessment-northmoor-summary", "cqc-assessment-northmoor-qs-pages"):
        gold = yaml.safe_load((GOLD / f"{report}.yaml").read_text(encoding="utf-8"))
        stated = {s["quality_statement"]: s["score"] for s in scores
                  if s["report"].endswith("/" + report)}  # fmt: skip
        assert stated == gold["scores"] and len(stated) >= 4
    assert all(s["council"] == "Northmoor County Council" for s in scores)
    for s in scores:
        assert set(s) == {"report", "council", "quality_statement", "score"}


def test_overall_rating_follows_the_bands():
    prepared = prepare_report(SUMMARY)
    rating = [t for t in prepared.triples if t.predicate.value.endswith("#overallRating")]
    assert [t.object.value for t in rating] == ["Good"]  # 23 of 36 = 64%


def test_docx_reports(tmp_path, run_writable):
    path = make_docx(THEME4, tmp_path / "theme4.docx")
    prepared = prepare_report(path)
    texts = [f.text for f in prepared.findings]
    assert len(texts) >= 28
    qs8 = [f for f in prepared.findings if "strong and connected leader" in f.text]
    assert qs8 and qs8[0].quality_statements == [8] and qs8[0].qs_method == "heading"
    result = run_writable("ingest", str(path))
    assert result.exit_code == 0, result.output
    from carekg.graph.read.readers import read_source

    text = read_source(path).text
    for f in report_findings(run_writable, "theme4"):
        assert text[f["source"]["start"] : f["source"]["end"]] == f["text"]


def test_pdf_reports(tmp_path):
    path = make_pdf(EASTBROOK, tmp_path / "eastbrook.pdf")
    prepared = prepare_report(path)
    assert prepared.report.council == "Eastbrook Borough Council"
    kinds = {f.kind for f in prepared.findings}
    assert {"strength", "area_for_development", "recommendation", "risk"} <= kinds
    assert len(prepared.findings) >= 35
    from carekg.graph.read.readers import read_source

    text = read_source(path).text
    assert all(text[f.start : f.end] == f.text for f in prepared.findings)


def test_standard_input(run_writable):
    text = KEY_MESSAGES.read_text(encoding="utf-8")
    result = run_writable("ingest", "-", "--name", "from-stdin", "--council", "Bexley",
                          input=text.encode())  # fmt: skip
    assert result.exit_code == 0, result.output
    findings = report_findings(run_writable, "from-stdin")
    seed = report_findings(run_writable, "lga-peer-challenge-bexley-key-messages")
    assert [f["text"] for f in findings] == [f["text"] for f in seed]


def test_metadata_from_options_and_from_text(run_writable):
    result = run_writable("ingest", str(EASTBROOK), "--date", "2024-05-01", "--kind", "other")
    assert result.exit_code == 0
    assert "kind: other" in result.stdout
    meta = detect_metadata(NORTHMOOR.read_text(encoding="utf-8"))
    assert meta["council"] == "Northmoor County Council"
    assert meta["kind"] == "cqc-assessment"
    assert detect_metadata(EASTBROOK.read_text(encoding="utf-8"))["kind"] == "peer-challenge"
    assert detect_metadata("Date of assessment: 3 March 2025")["date"] == "2025-03-03"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"   \n\n", "is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        # Windows-1252 without a mark is now decoded (issue 14, item 10); bytes that
        # contradict their own UTF-8 byte-order mark are still refused.
        ("bom.txt", b"\xef\xbb\xbfStrengths\n- The Council\x92s work is strong.\n",
         "not valid UTF-8"),
        ("fake.docx", b"this is not a zip file", "not a readable .docx"),
        ("fake.pdf", b"%PDF-1.4 nonsense", "not a readable PDF"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_keeps_the_store(run_writable, tmp_path, name, content, message):
    before = run_writable("findings", "--format", "json").stdout
    path = tmp_path / name
    path.write_bytes(content)
    result = run_writable("ingest", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert run_writable("findings", "--format", "json").stdout == before


def test_image_only_pdf(run_writable, tmp_path):
    path = make_image_pdf(tmp_path / "scan.pdf")
    result = run_writable("ingest", str(path))
    assert result.exit_code == 1
    assert "no text layer" in result.stderr


def test_missing_and_huge_files(run_writable, tmp_path):
    before = quad_count(run_writable)
    result = run_writable("ingest", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 1 and "no such file" in result.stderr
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # 50 MB of plausible text
        line = b"The Council has a strong and well established approach to partnership.\n"
        handle.write(line * (50_000_000 // len(line)))
    result = run_writable("ingest", str(huge))
    assert result.exit_code == 1 and "limit" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert quad_count(run_writable) == before


def test_a_bad_file_in_a_batch_writes_nothing(run_writable, tmp_path):
    before = quad_count(run_writable)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_writable("ingest", str(EASTBROOK), str(empty))
    assert result.exit_code == 1
    assert quad_count(run_writable) == before
    assert report_findings(run_writable, "lga-peer-challenge-eastbrook-numbered") == []


def test_cp1252_with_the_encoding_option(run_writable, tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Strengths\n- The Council’s approach is strong.\n".encode("cp1252"))
    result = run_writable("ingest", str(path), "--encoding", "cp1252")
    assert result.exit_code == 0, result.output
    [finding] = report_findings(run_writable, "windows")
    assert finding["text"] == "The Council’s approach is strong."
    assert finding["kind"] == "strength"


def test_background_page_yields_only_context_about_the_area():
    # Introduction, method and team yield nothing; "About Westfield" facts are context.
    prepared = prepare_report(FIXTURES / "background-westfield-context.txt")
    assert 1 <= len(prepared.findings) <= 8
    assert {f.kind for f in prepared.findings} == {"context"}
    assert all(
        "Westfield" in f.text
        or "Council" in f.text
        or "%" in f.text
        or "ward" in f.text
        or "£" in f.text
        for f in prepared.findings
    )


def test_framework_text_is_not_a_finding():
    prepared = prepare_report(NORTHMOOR)
    for f in prepared.findings:
        assert not f.text.startswith(("I ", "We ")), f.text
        assert "Evidence shows" not in f.text


def test_relations_from_discourse_cues():
    prepared = prepare_report(THEME4)
    by_text = {f.text[:40]: f for f in prepared.findings}
    numbers = {f.number: f for f in prepared.findings}
    cause = next(f for f in prepared.findings if "scaffolding" in f.text)
    assert any("Consequently" in numbers[n].text for n in cause.leads_to)
    support = next(f for f in prepared.findings if f.text.startswith("To support this"))
    assert support.kind == "recommendation"
    assert [numbers[n].text for n in support.addresses] == [
        "There is a need to assure sufficient focus on Care Act duties, particularly the "
        "practice model across staff and partners."
    ]
    risk = next(f for f in prepared.findings if f.text.startswith("There is a risk that"))
    assert risk.kind == "risk"
    assert risk.threatens == ["improved outcomes for individuals with care and support needs"]
    assert by_text  # keeps the lookup honest if the seed changes


def test_list_items_keep_their_lead_in():
    prepared = prepare_report(KEY_MESSAGES)
    lead = next(f for f in prepared.findings if f.text.endswith("the following elements:"))
    items = [f for f in prepared.findings if f.list_item_of == lead.number]
    assert [f.text for f in items] == [
        "The Bexley approach as a partnership",
        "How the approach impacts on people’s lives and delivers outcomes",
        "How the Council embraces self-awareness and a learning environment and avoid the "
        "risks of an optimism bias.",
    ]
    assert {f.kind for f in items} == {"recommendation"}
