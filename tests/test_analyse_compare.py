"""Issue 10: councils side by side (scores, themes, partner types) and one council over time."""

from __future__ import annotations

import csv
import io
import json

import pytest
from analyse_support import FINDING, PARTNER, build_fixture_store

from carekg.graph.analyse.compare import compare, partner_types_in_risks, scores_by_council
from carekg.graph.analyse.over_time import findings_over_time, stages
from carekg.graph.analyse.projection import project
from carekg.graph.analyse.themes import recurring_themes
from carekg.graph.store import open_store
from conftest import FIXTURES, Run, build_store


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    return build_fixture_store(tmp_path_factory.mktemp("testshire") / "store")


@pytest.fixture(scope="module")
def councils_store(tmp_path_factory):
    """The hand-annotated fixture reports: several councils, some with their nine scores."""
    return build_store(tmp_path_factory.mktemp("councils") / "store", sorted(FIXTURES.iterdir()))


def test_scores_side_by_side_with_the_rating_they_imply(fixture_store):
    store = open_store(fixture_store)
    rows = scores_by_council(store)
    store.close()
    assert [r["council"] for r in rows] == ["Testshire County Council"]
    row = rows[0]
    assert [row[f"qs{n}"] for n in range(1, 10)] == [3, 3, 3, 2, 3, 3, 4, 3, 3]
    assert (row["percentage"], row["implied_rating"], row["stated_rating"]) == (75, "Good", "Good")


def test_compare_names_each_council_and_its_scores(councils_store):
    run = Run(councils_store)
    result = run("compare", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    scored = {r["council"]: r for r in answer["scores"]}
    assert len(scored) >= 3
    complete = [r for r in scored.values() if r["implied_rating"]]
    assert complete and all(isinstance(r["percentage"], int) for r in complete)
    table = run("compare").stdout
    for council in scored:
        assert council.split()[0] in table
    assert len({e["council"] for t in answer["themes"] for e in t["examples"]}) >= 2


def test_a_theme_recurs_across_two_councils(fixture_store):
    store = open_store(fixture_store)
    themes = recurring_themes(project(store))
    store.close()
    [carers] = [t for t in themes if "unpaid carers" in t["phrases"]]
    assert carers["councils"] == 2 and "carers assessments" in carers["name"]
    assert {e["council"] for e in carers["examples"]} == {
        "Testshire County Council",
        "Otherborough Council",
    }


def test_partner_types_in_risks(fixture_store):
    store = open_store(fixture_store)
    graph = project(store)
    store.close()
    rows = partner_types_in_risks(graph)
    by_type = {r["partner_type"]: r for r in rows}
    icb, housing = (
        graph.nodes[PARTNER.format(p)]["partner_type_label"] for p in ("t-icb", "t-housing")
    )
    assert by_type[icb]["risks"] == 1 and by_type[housing]["areas_for_development"] == 1
    assert rows[0]["risks"] >= rows[-1]["risks"]


def test_one_council_over_time(fixture_store):
    store = open_store(fixture_store)
    graph = project(store, council="Testshire")
    store.close()
    assert [[r.rsplit("/", 1)[-1] for r in s] for s in stages(graph)] == [["t-peer"], ["t-cqc"]]
    rows = findings_over_time(graph)
    status = {r["finding"]["id"]: r["status"] for r in rows}
    assert status[FINDING.format("t-peer", 6)] == "found again"
    assert status[FINDING.format("t-peer", 5)] == "not found again"
    assert status[FINDING.format("t-peer", 2)] == "not found again"
    assert status[FINDING.format("t-cqc", 2)] == "new"
    assert FINDING.format("t-cqc", 1) not in status  # seen before, so not new
    again = next(r for r in rows if r["status"] == "found again")
    assert again["match"]["id"] == FINDING.format("t-cqc", 1) and again["similarity"] >= 0.35
    assert again["finding"]["source"]["start"] == 311


def test_compare_one_council_command(fixture_store):
    run = Run(fixture_store)
    result = run("compare", "--council", "testshire")
    assert result.exit_code == 0, result.output
    assert "Over time" in result.stdout and "found again" in result.stdout
    answer = json.loads(run("compare", "--council", "testshire", "--format", "json").stdout)
    assert answer["themes"] == [] and answer["over_time"]
    rows = list(csv.DictReader(io.StringIO(run("compare", "--format", "csv").stdout)))
    assert {r["part"] for r in rows} >= {"Quality statement scores", "Partner types in risks"}


def test_compare_on_bexley_has_no_scores_and_no_themes(bexley_store):
    store = open_store(bexley_store)
    answer = compare(store)
    store.close()
    assert answer["scores"] == [] and answer["themes"] == []
