"""A question command's answer is kept with the data it was computed on, and with the
arguments, table width and code it was computed by; it never outlives any of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carekg.commands import common
from carekg.graph.store.answers import ANSWERS_FOLDER
from tests.conftest import FIXTURES

# One question per command that keeps its answer (real arguments on the Bexley store).
QUESTIONS = [
    ["summary"],
    ["summary", "--json"],
    ["findings", "--qs", "8", "--format", "json"],
    ["scores"],
    ["partners"],
    ["risks", "--format", "csv"],
    ["evidence", "8"],
    ["path", "ICB", "qs8"],
    ["deps", "ICB", "--depth", "2"],
]


def _kept(store: Path) -> list[Path]:
    folder = (store / "current").resolve() / ANSWERS_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: " ".join(q))
def test_an_answer_is_kept_and_read_back_unchanged(run_writable, writable_store, question):
    first = run_writable(*question)
    assert first.exit_code == 0, first.output
    assert first.output.strip()
    kept = _kept(writable_store)
    assert len(kept) == 1
    assert kept[0].read_bytes().decode("utf-8") == first.output
    assert run_writable(*question).output == first.output
    assert _kept(writable_store) == kept


def test_other_arguments_are_another_answer(run_writable, writable_store):
    on_qs8 = json.loads(run_writable("findings", "--qs", "8", "--format", "json").output)
    on_qs2 = json.loads(run_writable("findings", "--qs", "2", "--format", "json").output)
    assert {8} <= {q for f in on_qs8 for q in f["quality_statements"]}
    assert all(2 in f["quality_statements"] for f in on_qs2)
    assert {f["id"] for f in on_qs8} != {f["id"] for f in on_qs2}
    assert len(_kept(writable_store)) == 2


def test_a_write_makes_kept_answers_go(run_writable, writable_store):
    before = json.loads(run_writable("summary", "--json").output)
    report = FIXTURES / "cqc-assessment-northmoor-summary.md"
    assert run_writable("ingest", str(report)).exit_code == 0
    assert _kept(writable_store) == []  # a new generation starts with none
    after = json.loads(run_writable("summary", "--json").output)
    assert after["reports"] == before["reports"] + 1
    assert after["findings"] > before["findings"]


def test_an_error_keeps_nothing(run_writable, writable_store):
    result = run_writable("deps", "no such partner anywhere")
    assert result.exit_code == 1
    assert "no partner, finding or outcome" in result.output
    assert _kept(writable_store) == []


def test_another_table_width_is_another_answer(run_writable, writable_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run_writable("partners").output
    monkeypatch.setenv("COLUMNS", "150")
    wide = run_writable("partners").output
    assert max(map(len, narrow.splitlines())) <= 80
    assert max(map(len, wide.splitlines())) > 80
    assert len(_kept(writable_store)) == 2


def test_changed_code_computes_again(run_writable, writable_store, monkeypatch):
    # An edited checkout: the kept answer was computed by other code, so it is not read.
    first = run_writable("scores").output
    kept = _kept(writable_store)
    kept[0].write_text("an answer the old code gave\n", encoding="utf-8")
    assert run_writable("scores").output == "an answer the old code gave\n"
    monkeypatch.setattr(common, "code_fingerprint", lambda: "another version")
    assert run_writable("scores").output == first
    assert len(_kept(writable_store)) == 2


def test_the_code_fingerprint_follows_the_source_files(tmp_path, monkeypatch):
    for name in ("graph", "commands"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.py").write_text("x = 1\n")
    (tmp_path / "cli.py").write_text("y = 2\n")
    monkeypatch.setattr(common, "__file__", str(tmp_path / "commands" / "common.py"))
    before = common.code_fingerprint()
    assert common.code_fingerprint() == before
    (tmp_path / "cli.py").write_text("y = 33\n")  # another size (and time)
    assert common.code_fingerprint() != before


def test_a_damaged_kept_answer_is_computed_again(run_writable, writable_store):
    # A kept file that is not UTF-8 is no answer: the right one is printed and kept.
    first = run_writable("scores", "--format", "json")
    kept = _kept(writable_store)
    kept[0].write_bytes(b"\xff\xfe not text")
    again = run_writable("scores", "--format", "json")
    assert again.exit_code == 0, again.output
    assert again.output == first.output
    assert kept[0].read_bytes().decode("utf-8") == first.output


def test_a_damaged_kept_saved_query_is_computed_again(run_writable, writable_store):
    first = run_writable("sparql", "report-overview", "--format", "csv")
    _kept(writable_store)[0].write_bytes(b"\xc3")
    again = run_writable("sparql", "report-overview", "--format", "csv")
    assert again.exit_code == 0, again.output
    assert again.output == first.output
