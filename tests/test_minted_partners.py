"""Issue 13: partners minted for reports are described once, in the minted graph.

Two reports of one council name its ICB differently; the union of the graphs
must still give the ICB one preferred label (the other name an alternative),
one type, and no descriptive triple in any report graph. Replacing a report
with one that no longer names a partner leaves the partner to the reports that
still do, and a partner no report names any longer is not described.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carekg.graph.extract.minted import MINTED_GRAPH
from carekg.graph.pipeline import build, ingest
from carekg.graph.store import open_store

A = """Northmoor County Council: LGA peer challenge

Key messages

The ICB and Healthwatch Northmoor praised the local authority.
Northmoor and Dale ICB works closely with the council on hospital discharge.
"""
B = """Northmoor County Council: CQC assessment

Areas for development

NHS Northmoor and Dale Integrated Care Board was slow to agree funding.
The ICB and the council should agree a joint plan.
"""
ICB = "https://w3id.org/carekg/partner/northmoor-icb"
HEALTHWATCH = "https://w3id.org/carekg/partner/northmoor-healthwatch"

LABELS = """
SELECT ?p ?label WHERE { ?p a ckg:Partner ; skos:prefLabel ?label }
"""
DESCRIBED_IN = """
SELECT DISTINCT ?g WHERE {
  #VALUES
  GRAPH ?g { ?p ?pred ?o }
}
"""


def _labels(store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in store.select(LABELS):
        out.setdefault(row["p"].value, []).append(row["label"].value)
    return out


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_reports(tmp_path):
    store = open_store(tmp_path / "store", write=True)
    build(store, [], curation_dir=tmp_path)
    a = _write(tmp_path, "a.txt", A)
    b = _write(tmp_path, "b.txt", B)
    ingest(store, [a], curation_dir=tmp_path)
    ingest(store, [b], curation_dir=tmp_path)
    return store, tmp_path


def test_each_partner_has_one_label_across_the_union(two_reports):
    store, _ = two_reports
    labels = _labels(store)
    assert all(len(v) == 1 for v in labels.values()), labels
    # The name most reports give, then the shortest: both give one, the shorter wins.
    assert labels[ICB] == ["Northmoor and Dale ICB"]
    alternatives = store.select(
        "SELECT ?alt WHERE { #VALUES\n ?p skos:altLabel ?alt }", {"p": _node(ICB)}
    )
    assert [r["alt"].value for r in alternatives] == [
        "NHS Northmoor and Dale Integrated Care Board"
    ]
    types = store.select("SELECT ?t WHERE { #VALUES\n ?p ckg:partnerType ?t }", {"p": _node(ICB)})
    assert len(types) == 1


def test_descriptions_live_in_the_minted_graph_only(two_reports):
    store, _ = two_reports
    graphs = {r["g"].value for r in store.select(DESCRIBED_IN, {"p": _node(ICB)})}
    assert graphs == {MINTED_GRAPH.value}
    # The findings of both reports involve the one node.
    rows = store.select("SELECT DISTINCT ?f WHERE { #VALUES\n ?f ckg:involves ?p }",
                        {"p": _node(ICB)})  # fmt: skip
    assert len(rows) >= 2


def test_label_does_not_depend_on_ingest_order(tmp_path):
    store = open_store(tmp_path / "store", write=True)
    build(store, [], curation_dir=tmp_path)
    ingest(store, [_write(tmp_path, "b.txt", B)], curation_dir=tmp_path)
    ingest(store, [_write(tmp_path, "a.txt", A)], curation_dir=tmp_path)
    assert _labels(store)[ICB] == ["Northmoor and Dale ICB"]


def test_replacing_a_report_keeps_partners_other_reports_mint(two_reports):
    store, folder = two_reports
    # a.txt again, now without its ICB or Healthwatch sentences.
    _write(folder, "a.txt", A.split("The ICB")[0] + "The council has a clear vision.\n")
    ingest(store, [folder / "a.txt"], curation_dir=folder)
    labels = _labels(store)
    assert labels[ICB] == ["NHS Northmoor and Dale Integrated Care Board"]
    assert HEALTHWATCH not in labels  # no report names it now: not described
    assert all(len(v) == 1 for v in labels.values()), labels


def test_a_rebuild_describes_each_partner_once(tmp_path):
    store = open_store(tmp_path / "store", write=True)
    paths = [_write(tmp_path, "a.txt", A), _write(tmp_path, "b.txt", B)]
    build(store, paths, curation_dir=tmp_path)
    labels = _labels(store)
    assert labels[ICB] == ["Northmoor and Dale ICB"]
    assert all(len(v) == 1 for v in labels.values()), labels
    duplicated = store.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?p a ckg:Partner } GROUP BY ?p HAVING (COUNT(*) > 1)"
    )
    assert duplicated == []


def _node(iri: str):
    from pyoxigraph import NamedNode

    return NamedNode(iri)


def test_saved_queries_return_no_duplicate_rows(two_reports):
    from carekg.graph.ask.sparql import list_saved_queries, saved_query

    store, _ = two_reports
    for name, _description in list_saved_queries():
        solutions = store.query_raw(saved_query(name))
        names = [v.value for v in solutions.variables]
        rows = [tuple(str(row[n]) for n in names) for row in solutions]
        assert len(rows) == len(set(rows)), name


def test_single_partner_findings_name_the_one_label(two_reports):
    from carekg.graph.ask.sparql import saved_query

    store, _ = two_reports
    rows = store.select(saved_query("single-partner-findings"))
    icb = [r for r in rows if "ICB" in r["partnerLabel"].value]
    assert icb and {r["partnerLabel"].value for r in icb} == {"Northmoor and Dale ICB"}
