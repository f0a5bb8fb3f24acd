"""Confidence, evidence categories and partner types as filters, and `carekg review`."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, build_store


@pytest.fixture(scope="module")
def cqc_store(tmp_path_factory):
    from carekg.graph.pipeline import build
    from carekg.graph.store import open_store

    path = build_store(tmp_path_factory.mktemp("cqc") / "store")
    store = open_store(path, write=True)
    build(store, [FIXTURES / "cqc-assessment-harbourside-full.txt"])
    store.close()
    return path


@pytest.fixture
def run_cqc(cqc_store):
    from conftest import Run

    return Run(cqc_store)


def rows(run, *args):
    result = run("findings", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_finding_has_a_confidence_and_maybe_an_evidence_category(run_cqc):
    everything = rows(run_cqc)
    assert everything and all(0 <= r["confidence"] <= 1 for r in everything)
    people = rows(run_cqc, "--evidence", "people")
    assert people and all(r["evidence"] == "people" for r in people)
    assert all("told us" in r["text"] or "said" in r["text"] or "People" in r["text"]
               for r in people)  # fmt: skip
    assert len(people) < len(everything)


def test_min_confidence_keeps_only_the_surer_findings(run_cqc):
    everything = rows(run_cqc)
    threshold = sorted(r["confidence"] for r in everything)[len(everything) // 2]
    surer = rows(run_cqc, "--min-confidence", str(threshold))
    assert 0 < len(surer) < len(everything)
    assert all(r["confidence"] >= threshold for r in surer)


def test_review_lists_the_least_certain_first_with_a_reason(run_cqc):
    result = run_cqc("review", "--limit", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert len(listed) == 5
    confidences = [r["confidence"] for r in listed]
    assert confidences == sorted(confidences)
    assert min(r["confidence"] for r in rows(run_cqc)) == confidences[0]
    assert all(r["reason"] for r in listed)
    table = run_cqc("review", "--limit", "3").stdout
    assert "why" in table.splitlines()[0]


def test_a_partner_type_selects_every_partner_of_that_type(run_cqc):
    by_type = rows(run_cqc, "--partner", "icb")
    assert by_type
    labels = {p for r in by_type for p in r["partners"]}
    assert any("Integrated Care" in label or "ICB" in label for label in labels)
