"""Issue 12: `carekg pack`, the readiness pack in Markdown, HTML and Word."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from html import unescape

import pytest
from docx import Document
from pack_support import HYPERLINK, NORTHMOOR, ingest_hostile, source_texts

from carekg.graph.show.pack_data import pack_data
from carekg.graph.show.pack_text import md_unescape
from carekg.graph.store import open_store

QS_LABELS = [
    "Assessing needs",
    "Supporting people to live healthier lives",
    "Equity in experience and outcomes",
    "Care provision, integration and continuity",
    "Partnerships and communities",
    "Safe pathways, systems and transitions",
    "Safeguarding",
    "Governance, management and sustainability",
    "Learning, improvement and innovation",
]


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def user_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.output + result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def bexley_pack(bexley_store):
    store = open_store(bexley_store)
    try:
        yield pack_data(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def written(bexley_store, tmp_path_factory):
    """The Bexley pack in every format, written by the command."""
    from conftest import Run

    run = Run(bexley_store)
    folder = tmp_path_factory.mktemp("pack")
    files = {}
    for fmt in ("md", "html", "docx"):
        path = folder / f"bexley-pack.{fmt}"
        result = ok(run("pack", "-o", str(path)))
        assert f"Wrote {path}" in result.stderr
        files[fmt] = path
    return files


def all_quotes(pack: dict) -> list[dict]:
    out = []
    for theme in pack["themes"]:
        for statement in theme["statements"]:
            for quotes in statement["quotes"].values():
                out += quotes
            for gap in statement["gaps"]:
                out += [{**e, "kind": "gap"} for e in gap["evidence"]]
    for quotes in pack["unplaced"].values():
        out += quotes
    for gap in pack["general_gaps"]:
        out += gap["evidence"]
    return out


# --- what the pack holds ------------------------------------------------------------------------
def test_the_overview_lists_the_nine_quality_statements(bexley_pack):
    overview = bexley_pack["overview"]
    assert [row["label"] for row in overview] == QS_LABELS
    qs8 = overview[7]
    assert qs8["counts"]["risk"] >= 1 and qs8["counts"]["strength"] >= 1
    assert qs8["actions"] >= qs8["open_actions"] >= 1
    assert overview[1]["findings"] == 0 and "coverage" in overview[1]["gap_kinds"]
    assert bexley_pack["title"] == "Readiness pack: London Borough of Bexley"
    assert bexley_pack["analysis_note"] is None


def test_each_quality_statement_has_its_quotes_partners_duties_evidence_and_gaps(bexley_pack):
    [qs8] = [s for t in bexley_pack["themes"] for s in t["statements"] if s["number"] == 8]
    assert [t["number"] for t in bexley_pack["themes"]] == [1, 2, 3, 4]
    assert set(qs8["quotes"]) == {"strength", "area_for_development", "risk", "recommendation"}
    risk = next(q for q in qs8["quotes"]["risk"] if "reversed previously agreed" in q["text"])
    assert "Integrated Care Board" in risk["partners"]
    assert risk["source"]["document"] == "lga-peer-challenge-bexley-theme4-leadership.txt"
    assert risk["action"] is not None  # no recommendation addresses it: it has a plan row
    assert {p["label"] for p in qs8["partners"]} >= {"Integrated Care Board", "Housing"}
    assert qs8["duties"] and all(re.match(r"s\d", d["label"]) for d in qs8["duties"])
    assert set(qs8["evidence_present"]) | set(qs8["evidence_missing"]) == {
        "people's experience",
        "feedback from staff and leaders",
        "feedback from partners",
        "processes",
        "outcomes",
    }
    assert "people's experience" in qs8["evidence_missing"]
    kinds = {g["kind"] for g in qs8["gaps"]}
    assert "unaddressed-risk" in kinds and all(g["reason"] for g in qs8["gaps"])


def test_every_quote_in_the_pack_is_its_source_text_at_its_position(bexley_pack):
    texts = source_texts()
    quotes = all_quotes(bexley_pack)
    assert len(quotes) > 40
    for quote in quotes:
        source = quote["source"]
        assert texts[source["document"]][source["start"] : source["end"]] == quote["text"]


def test_every_quote_in_every_written_format_appears_in_the_source(written):
    sources = list(source_texts().values())

    def found(text: str) -> bool:
        return any(text in s for s in sources)

    html = written["html"].read_text(encoding="utf-8")
    quotes = [unescape(q) for q in re.findall(r'<span class="quote">(.*?)</span>', html)]
    quotes += [unescape(q) for q in re.findall(r"<li>“(.*?)” <span", html)]
    md = written["md"].read_text(encoding="utf-8")
    md_quotes = [md_unescape(line[2:]) for line in md.splitlines() if re.match(r"> [^—]", line)]
    md_quotes += [md_unescape(q) for q in re.findall(r"^  - “(.*)” \(", md, re.MULTILINE)]
    document = Document(str(written["docx"]))
    docx_quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) > 40 and len(md_quotes) == len(quotes) and len(docx_quotes) > 40
    for quote in [*quotes, *md_quotes, *docx_quotes]:
        assert found(quote), quote


def test_scores_come_from_the_report_that_states_them(run_writable):
    ok(run_writable("ingest", str(NORTHMOOR)))
    md = ok(run_writable("pack", "--council", "Northmoor", "--format", "md")).stdout
    assert md.startswith("# Readiness pack: Northmoor County Council")
    assert "| 4 | Care provision, integration and continuity | 1 |" in md
    assert "**Score:** 1 (Evidence shows significant shortfalls; cqc-assessment-northmoor-" in md
    assert "Overall rating implied by cqc-assessment-northmoor-summary:" in md
    bexley = ok(run_writable("pack", "--council", "bexley", "--format", "md")).stdout
    assert "Northmoor" not in bexley and "**Score:** not stated" in bexley


# --- the three formats ------------------------------------------------------------------------
def test_markdown_pack(written):
    md = written["md"].read_text(encoding="utf-8")
    assert md.startswith("# Readiness pack: London Borough of Bexley\n")
    assert md.index("## Overview") < md.index("## Theme 1: Working with people")
    assert "![Findings by kind and quality statement](data:image/svg+xml;base64," in md
    for n, label in enumerate(QS_LABELS, start=1):
        assert f"### Quality statement {n}: {label}" in md


def test_html_pack_is_one_offline_page_that_prints(written):
    html = written["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing is fetched"
    assert "@media print" in html and "@page" in html and "break-before: page" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert html.count("<tr") == 10  # the overview: a heading row and nine quality statements


def test_docx_pack_opens_with_the_overview_first(written):
    document = Document(str(written["docx"]))
    assert document.paragraphs[0].text == "Readiness pack: London Borough of Bexley"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["QS", "Quality statement", "Score"]
    assert [row.cells[1].text for row in table.rows[1:]] == QS_LABELS
    with zipfile.ZipFile(written["docx"]) as archive:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Reports", "Theme 1: Working with people"]


def test_the_same_store_writes_the_same_pack(run, tmp_path):
    first = ok(run("pack", "--format", "html")).stdout_bytes
    assert ok(run("pack", "--format", "html")).stdout_bytes == first
    assert ok(run("pack", "--format", "md")).stdout_bytes == ok(run("pack")).stdout_bytes


# --- report text is data ------------------------------------------------------------------------
def test_report_text_is_escaped_and_never_interpreted(run_writable, tmp_path):
    path = ingest_hostile(run_writable, tmp_path)
    html = ok(run_writable("pack", "--council", "Evilham", "--format", "html")).stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert unescape("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)") == HYPERLINK
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    md = ok(run_writable("pack", "--council", "Evilham", "--format", "md")).stdout
    assert "\\<script\\>alert(1)\\</script\\>" in md and "<script>" not in md
    out = tmp_path / "evil.docx"
    ok(run_writable("pack", "--council", "Evilham", "-o", str(out)))
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "instrText" not in body and "fldSimple" not in body
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert any(t.startswith(HYPERLINK) for t in texts)
    assert any(t.startswith("<script>alert(1)</script>") for t in texts)
    sources = source_texts(path)
    for quote in (p for p in Document(str(out)).paragraphs if p.style.name == "Quote"):
        assert quote.text in sources[path.name]


# --- scope, errors and what is missing ---------------------------------------------------------
def test_scope_and_user_errors(run):
    by_report = ok(run("pack", "--report", "lga-peer-challenge-bexley-key-messages")).stdout
    assert by_report.startswith("# Readiness pack: lga-peer-challenge-bexley-key-messages")
    assert "theme4-leadership.txt" not in by_report
    assert "no report in the store is about a council named 'Nowhere'" in user_error(
        run("pack", "--council", "Nowhere")
    )
    assert "no report in the store matches" in user_error(run("pack", "--report", "nothing"))
    assert "cannot write" in user_error(run("pack", "-o", "/nonexistent/folder/p.html"))
    assert run("pack", "--format", "pdf").exit_code == 2


def test_the_pack_says_so_when_the_analysis_is_not_available(bexley_store, monkeypatch):
    monkeypatch.setitem(sys.modules, "carekg.graph.analyse.gaps", None)
    store = open_store(bexley_store)
    try:
        from carekg.graph.show.pack import write_pack

        md = write_pack(store, "md").decode("utf-8")
    finally:
        store.close()
    assert "Gaps: analysis not available" in md
    assert "### Quality statement 8: Governance, management and sustainability" in md


def test_help_stays_fast_without_heavy_imports():
    code = (
        "import sys; from carekg.cli import cli; "
        "heavy = {'matplotlib', 'openpyxl', 'docx', 'networkx'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_heat_map_is_drawn_from_the_overview(bexley_pack):
    from carekg.graph.show.pack_chart import heat_map

    svg = heat_map(bexley_pack["overview"], "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<script" not in svg
    png = heat_map(bexley_pack["overview"], "png")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.width > 1000 and image.height > 500
