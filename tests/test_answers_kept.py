"""A saved query's answer is kept with the data it was computed on, and never outlives it."""

from __future__ import annotations

import json
from pathlib import Path

from carekg.graph.store.answers import ANSWERS_FOLDER, remembered
from tests.conftest import FIXTURES


def _kept(store: Path) -> list[Path]:
    folder = (store / "current").resolve() / ANSWERS_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _reports(output: str) -> list[str]:
    return sorted(row["report"]["value"] for row in json.loads(output)["results"]["bindings"])


def test_a_kept_answer_is_read_back_unchanged(run_writable, writable_store):
    first = run_writable("sparql", "report-overview", "--format", "json")
    assert first.exit_code == 0, first.output
    kept = _kept(writable_store)
    assert len(kept) == 1
    second = run_writable("sparql", "report-overview.rq", "--format", "json")
    assert second.output == first.output
    assert kept[0].read_bytes().decode("utf-8") == first.output
    # The same query in another format is another answer, kept apart.
    csv = run_writable("sparql", "report-overview", "--format", "csv")
    assert csv.output.splitlines()[0].startswith("report")
    assert len(_kept(writable_store)) == 2


def test_a_write_makes_the_kept_answer_go(run_writable, writable_store):
    before = run_writable("sparql", "report-overview", "--format", "json").output
    assert len(_reports(before)) == 2
    report = FIXTURES / "cqc-assessment-northmoor-summary.md"
    assert run_writable("ingest", str(report)).exit_code == 0
    assert _kept(writable_store) == []  # a new generation starts with none
    after = run_writable("sparql", "report-overview", "--format", "json").output
    assert len(_reports(after)) == 3
    assert set(_reports(before)) < set(_reports(after))


def test_only_saved_queries_in_standard_formats_are_kept(run_writable, writable_store):
    text = "SELECT ?r WHERE { ?r a ckg:Report }"
    assert run_writable("sparql", text, "--format", "json").exit_code == 0
    assert run_writable("sparql", "report-overview").exit_code == 0  # the table
    assert _kept(writable_store) == []


def test_an_answer_that_cannot_be_kept_is_still_given(tmp_path):
    not_a_folder = tmp_path / "generation"
    not_a_folder.write_text("a file where the generation's folder should be")
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"rows"

    assert remembered(not_a_folder, "k", compute) == b"rows"
    assert remembered(not_a_folder, "k", compute) == b"rows"
    assert len(calls) == 2
    assert not_a_folder.read_text().startswith("a file")


def test_a_failed_query_keeps_nothing(run_writable, writable_store):
    # A saved SELECT asked for as Turtle: refused, and nothing is kept for next time.
    result = run_writable("sparql", "report-overview", "--format", "ttl")
    assert result.exit_code != 0
    assert "format ttl is for CONSTRUCT" in result.output
    assert _kept(writable_store) == []


def test_a_partial_answer_is_never_read(tmp_path):
    # A writer killed before its rename leaves only a '.partial' file, which no
    # reader opens: the next reader computes the answer again.
    generation = tmp_path / "generation"
    generation.mkdir()
    remembered(generation, "k", lambda: b"whole")
    (kept,) = (generation / ANSWERS_FOLDER).iterdir()
    kept.rename(kept.with_name(kept.name + ".123.partial"))
    assert remembered(generation, "k", lambda: b"again") == b"again"


def test_a_full_folder_keeps_no_more(tmp_path, monkeypatch):
    # Past the folder's limit, answers are still given, computed each time.
    import carekg.graph.store.answers as answers

    monkeypatch.setattr(answers, "MAX_FOLDER_BYTES", 10)
    generation = tmp_path / "generation"
    generation.mkdir()
    assert remembered(generation, "a", lambda: b"123456") == b"123456"
    assert remembered(generation, "b", lambda: b"7890123") == b"7890123"
    kept = sorted(p.read_bytes() for p in (generation / ANSWERS_FOLDER).iterdir())
    assert kept == [b"123456"]
    assert remembered(generation, "b", lambda: b"computed again") == b"computed again"
