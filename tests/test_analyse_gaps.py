"""Issue 10: the seven gap rules on a graph of known structure and on Bexley, and `carekg gaps`."""

from __future__ import annotations

import csv
import gc
import io
import json

import pytest
from analyse_support import FINDING, OUTCOME, PARTNER, QS, build_fixture_store

from carekg.graph.analyse.gaps import find_gaps, gaps
from carekg.graph.analyse.projection import project
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import GAP_KINDS
from carekg.graph.store import open_store
from conftest import Run

TESTSHIRE = "Testshire County Council"


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    return build_fixture_store(tmp_path_factory.mktemp("testshire") / "store")


@pytest.fixture(scope="module")
def found(fixture_store):
    store = open_store(fixture_store)
    result = find_gaps(project(store))
    store.close()
    gc.collect()
    return result


@pytest.fixture(scope="module")
def bexley_gaps(bexley_store):
    store = open_store(bexley_store)
    result = gaps(store)
    store.close()
    gc.collect()
    return result


def of_kind(found: list[dict], kind: str, council: str = TESTSHIRE) -> list[dict]:
    return [g for g in found if g["kind"] == kind and g["council"] == council]


def about(gap: dict) -> set[str]:
    return {a["id"] for a in gap["about"]}


def test_every_gap_has_a_kind_a_reason_and_quotes_with_positions(found):
    assert {g["kind"] for g in found} == set(GAP_KINDS)
    for gap in found:
        assert gap["kind"] in GAP_KINDS and gap["reason"].endswith(".")
        assert gap["id"].startswith("https://w3id.org/carekg/id/analysis/gap/")
        for quote in gap["evidence"]:
            assert quote["text"] and quote["report"] and quote["source"]["start"] is not None
    assert len({g["id"] for g in found}) == len(found)


def test_coverage_names_the_bare_quality_statements_and_no_covered_one(found):
    coverage = of_kind(found, "coverage")
    no_finding = {
        a for g in coverage if g["detail"] == "quality-statement-no-finding" for a in about(g)
    }
    assert no_finding == {QS.format(2), QS.format(3)}
    no_strength = {
        a for g in coverage if g["detail"] == "quality-statement-no-strength" for a in about(g)
    }
    assert no_strength == {QS.format(1), QS.format(4), QS.format(8)}
    unanswered = [
        g for g in coverage if g["detail"] == "quality-statement-areas-without-recommendation"
    ]
    assert [about(g) for g in unanswered] == [{QS.format(4)}]
    [duties] = [g for g in coverage if g["detail"] == "duty-no-finding"]
    assert "https://w3id.org/carekg/care-act/s9" not in about(duties)
    assert "https://w3id.org/carekg/care-act/s42" in about(duties)


def test_a_risk_without_a_recommendation_is_a_gap_and_one_with_a_recommendation_is_not(found):
    [gap] = of_kind(found, "unaddressed-risk")
    assert about(gap) == {FINDING.format("t-peer", 2)}
    assert "Testshire ICB" in gap["reason"] and "integrated place arrangements" in gap["reason"]
    assert gap["evidence"][0]["text"].startswith("Decisions taken by the ICB")


def test_an_area_without_action_is_a_gap_and_an_addressed_area_is_not(found):
    [gap] = of_kind(found, "area-without-action")
    assert about(gap) == {FINDING.format("t-peer", 5)}


def test_threatened_outcomes_never_evidenced_are_gaps_and_an_evidenced_one_is_not(found):
    outcomes = {a for g in of_kind(found, "unevidenced-outcome") for a in about(g)}
    assert outcomes == {
        OUTCOME.format("integrated-place-arrangements"),
        OUTCOME.format("extra-care-housing"),
    }


def test_a_partner_seen_only_in_problems_is_a_gap(found):
    [gap] = of_kind(found, "problem-only-partner")
    assert about(gap) == {PARTNER.format("t-housing")}
    assert "1 area for development and 1 risk" in gap["reason"]
    assert not of_kind(found, "problem-only-partner", "Otherborough Council")


def test_one_evidence_category_is_a_gap_and_two_with_peoples_experience_are_not(found):
    [gap] = of_kind(found, "evidence-category")
    assert about(gap) == {QS.format(5)} and gap["detail"] == "one-category"
    assert "processes only" in gap["reason"] and "people's experience" in gap["reason"]


def test_evidence_category_gaps_need_categories(bexley_store, tmp_path):
    # Without any ckg:evidenceCategory the rule reports nothing rather than everything.
    store = open_store(bexley_store)
    graph = project(store)
    store.close()
    for _, data in graph.nodes(data=True):
        if data.get("type") == "finding":
            data["evidence_categories"] = []
    assert find_gaps(graph, kinds=["evidence-category"]) == []


def test_two_communities_on_one_statement_with_no_link_are_a_structural_gap(found):
    [gap] = of_kind(found, "structural")
    assert about(gap) == {QS.format(9)}
    assert "2 separate groups" in gap["reason"]
    texts = [q["text"] for q in gap["evidence"]]
    assert any("case recording" in t for t in texts) and any("ccupational" in t for t in texts)


def test_gaps_of_one_report(fixture_store):
    store = open_store(fixture_store)
    found = gaps(store, report="o-peer")
    assert {g["council"] for g in found} == {"Otherborough Council"}
    assert (
        gaps(store, council="testshire", kinds=["unaddressed-risk"])[0]["kind"]
        == "unaddressed-risk"
    )
    with pytest.raises(CarekgError, match="no report in the store is about a council"):
        gaps(store, council="Nowhere")
    with pytest.raises(CarekgError, match="unknown gap kind"):
        gaps(store, kinds=["nonsense"])
    store.close()


def test_gap_ids_are_stable(fixture_store, found):
    store = open_store(fixture_store)
    again = find_gaps(project(store))
    store.close()
    assert [g["id"] for g in again] == [g["id"] for g in found]


# --- Bexley: what the issue says the gap report must name ------------------------------------
def test_bexley_names_the_icb_reversal_as_a_risk_to_all_partners(bexley_gaps):
    unaddressed = [g for g in bexley_gaps if g["kind"] == "unaddressed-risk"]
    quoted = [" ".join(e["text"] for e in g["evidence"]) for g in unaddressed]
    assert any(
        "reversed previously agreed Place arrangements" in text
        and "This is a significant risk for all partners." in text
        for text in quoted
    ), quoted


def test_bexley_names_the_missing_evidence_for_the_most_complex_needs(bexley_gaps):
    unevidenced = [g for g in bexley_gaps if g["kind"] == "unevidenced-outcome"]
    texts = [g["reason"] + " ".join(e["text"] for e in g["evidence"]) for g in unevidenced]
    assert any("most complex" in t and "improved outcomes" in t for t in texts), texts


def test_bexley_names_the_quality_statements_the_excerpts_never_cover(bexley_gaps):
    bare = [
        a["label"]
        for g in bexley_gaps
        if g["detail"] == "quality-statement-no-finding"
        for a in g["about"]
    ]
    assert "Supporting people to live healthier lives" in bare
    assert "Safeguarding" not in bare and "Governance, management and sustainability" not in bare


# --- the command ------------------------------------------------------------------------------
def test_gaps_command_prints_json_csv_and_a_table(run, bexley_gaps):
    result = run("gaps", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == bexley_gaps
    rows = list(csv.DictReader(io.StringIO(run("gaps", "--format", "csv").stdout)))
    assert len(rows) == len(bexley_gaps) and rows[0]["reason"]
    table = run("gaps", "--kind", "unaddressed-risk").stdout
    assert "No recommendation" in table and "coverage" not in table


def test_gaps_command_refuses_an_unknown_council_in_one_line(run):
    result = run("gaps", "--council", "Atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no report in the store is about a council")
    assert result.stderr.count("\n") == 1


def test_gaps_command_on_the_fixture_scopes_by_report(fixture_store):
    result = Run(fixture_store)("gaps", "--report", "t-peer", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    reports = {e["report"] for g in found for e in g["evidence"]}
    assert reports == {"https://w3id.org/carekg/id/report/t-peer"}
