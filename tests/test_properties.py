"""Properties of the readers and the extractor, for any text (issue 14), with Hypothesis.

- For any bytes in any supported file type, reading and preparing a report raise
  nothing but carekg's own errors.
- Every quote in the graph (finding or score) is its source text sliced at its offsets.
- Preparing the same file twice gives the same triples (but the ingest timestamp).
- Time and memory grow about linearly with the text: four times the text takes
  well under sixteen times the work (a ratio, never an absolute timing).
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import OA, PROV
from carekg.graph.pipeline import prepare_report
from carekg.graph.read.readers import read_source

FOLDER = Path(tempfile.mkdtemp(prefix="carekg-properties-"))
NO_CURATION = FOLDER / "no-curation"
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip

HEADINGS = [
    "Strengths", "Areas for development", "Recommendations", "Risks", "Key messages",
    "Theme 4: Leadership", "Quality statement 8", "Quality Statement Eight: Governance",
    "## Safeguarding", "# Introduction", "What people expect", "Key findings for this quality "
    "statement", "Score: 3", "1. Assessing people's needs – 3", "About Westfield", "4.3 Housing",
]  # fmt: skip
SENTENCES = [
    "The Council works well with the ICB and housing partners.",
    "Staff told us the safeguarding adults board is effective.",
    "This could lead to risks for people waiting for an assessment.",
    "The Council may wish to consider:",
    "As a result, outcomes for people improved.",
    "There was a lack of appropriate housing, e.g. extra care.",
    "Waiting lists had reduced by 40% since 2022.",
    "We heard from carers that support was hard to find",
    "The peer team heard reports of decisions taken at ICB level.",
    "I have care and support that is coordinated.",
]
PREFIXES = ["", "- ", "* ", "• ", "1. ", "2) ", "(a) ", "  - ", "4.3 ", "| "]
WEIRD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
)  # fmt: skip
LINE = st.one_of(
    st.sampled_from(HEADINGS),
    st.builds(lambda p, s: p + s, st.sampled_from(PREFIXES), st.sampled_from(SENTENCES)),
    st.builds(" ".join, st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)),
    st.just(""),
    WEIRD,
)
REPORT = st.builds(
    lambda lines, newline: newline.join(lines),
    st.lists(LINE, max_size=40),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r"]),
)


def _file(data: bytes, suffix: str = ".txt") -> Path:
    path = FOLDER / f"report{suffix}"
    path.write_bytes(data)
    return path


def _prepare(path: Path):
    return prepare_report(path, curation_dir=NO_CURATION)


# --- nothing but carekg's errors --------------------------------------------------------------
@SETTINGS
@given(REPORT)
def test_any_text_raises_nothing_but_carekg_errors(text):
    try:
        _prepare(_file(text.encode("utf-8")))
    except CarekgError as exc:
        assert "\n" not in str(exc)


@SETTINGS
@given(st.binary(max_size=2_000), st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
def test_any_bytes_raise_nothing_but_carekg_errors(data, suffix):
    try:
        read_source(_file(data, suffix))
    except CarekgError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=400), st.integers(0, 10_000))
def test_damaged_docx_and_pdf_raise_nothing_but_carekg_errors(noise, at):
    for good in (_good_docx(), _good_pdf()):
        at = at % len(good)
        suffix = ".docx" if good.startswith(b"PK") else ".pdf"
        try:
            read_source(_file(good[:at] + noise + good[at + len(noise) :], suffix))
        except CarekgError as exc:
            assert "\n" not in str(exc)


_GOOD: dict[str, bytes] = {}


def _good_docx() -> bytes:
    if "docx" not in _GOOD:
        import io

        import docx

        document = docx.Document()
        document.add_heading("Strengths", level=1)
        document.add_paragraph(SENTENCES[0], style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        _GOOD["docx"] = buffer.getvalue()
    return _GOOD["docx"]


def _good_pdf() -> bytes:
    if "pdf" not in _GOOD:
        import io

        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer)
        pdf.drawString(72, 720, "Strengths")
        pdf.drawString(72, 700, SENTENCES[0])
        pdf.save()
        _GOOD["pdf"] = buffer.getvalue()
    return _GOOD["pdf"]


# --- quotes and determinism -----------------------------------------------------------------
@SETTINGS
@given(REPORT)
def test_every_quote_is_its_source_slice(text):
    path = _file(text.encode("utf-8"))
    try:
        prepared = _prepare(path)
    except CarekgError:
        return
    source = read_source(path).text
    for finding in prepared.findings:
        assert source[finding.start : finding.end] == finding.text
    selectors: dict[str, dict[str, str]] = defaultdict(dict)
    for t in prepared.triples:
        if t.predicate in (OA.exact, OA.start, OA.end):
            selectors[t.subject.value][t.predicate.value] = t.object.value
    assert len(selectors) >= len(prepared.findings)
    for selector in selectors.values():
        start, end = int(selector[OA.start.value]), int(selector[OA.end.value])
        assert source[start:end] == selector[OA.exact.value]


def _triples(path: Path) -> list[str]:
    return sorted(str(t) for t in _prepare(path).triples if t.predicate != PROV.endedAtTime)


@SETTINGS
@given(REPORT)
def test_preparing_twice_gives_the_same_triples(text):
    path = _file(text.encode("utf-8"))
    try:
        first = _triples(path)
    except CarekgError:
        return
    assert _triples(path) == first


# --- linear time and memory -----------------------------------------------------------------
def _scaled(unit: str, size: int) -> Path:
    return _file((unit * (size // max(len(unit), 1) + 1)).encode("utf-8"))


def _best_time(path: Path, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            _prepare(path)
        except CarekgError:
            pass
        best = min(best, time.perf_counter() - started)
    return best


def _peak_memory(path: Path) -> int:
    tracemalloc.start()
    try:
        _prepare(path)
    except CarekgError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


REPORT_UNIT = st.builds(
    lambda lines: "\n".join(lines) + "\n",
    st.lists(LINE, min_size=3, max_size=30).filter(lambda ls: sum(map(len, ls)) > 20),
)


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(REPORT_UNIT)
def test_time_grows_about_linearly(unit):
    small_time = _best_time(_scaled(unit, 10_000))
    ratio = _best_time(_scaled(unit, 40_000)) / max(small_time, 1e-3)
    assert ratio < 10, (ratio, unit[:200])  # linear: about 4; quadratic: about 16


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(REPORT_UNIT)
def test_memory_grows_about_linearly(unit):
    small = _peak_memory(_scaled(unit, 10_000))
    large = _peak_memory(_scaled(unit, 40_000))
    assert large / max(small, 1) < 10, (large, small, unit[:200])
