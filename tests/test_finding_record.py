"""A finding's record (``ckg:record``) says what its triples say.

Questions that list findings read each finding's record instead of a dozen triples
(see ``carekg.graph.model.record``). Here the answer they give is compared with one
read from the triples alone, the way ``findings`` read them before records, on the
bundled Bexley reports and the twenty fixture reports of other councils: every filter
that changes which findings are read, every key of every finding.
"""

from __future__ import annotations

import gc
import json

import pytest

from carekg.graph.ask.evidence import evidence
from carekg.graph.ask.findings import findings
from carekg.graph.ask.fragments import report_order
from carekg.graph.ask.risks import risks
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import CLASS_KIND, EVIDENCE_CATEGORIES, KINDS
from carekg.graph.model.namespaces import ID
from carekg.graph.store import open_store
from conftest import FIXTURES, build_store

# Every finding with all it links to, read from its triples: one row per finding.
FROM_TRIPLES = """
SELECT ?finding ?class ?text ?start ?end ?document ?report ?theme ?confidence ?evidence
       (GROUP_CONCAT(DISTINCT STR(?qsn); SEPARATOR=" ") AS ?qss)
       (GROUP_CONCAT(DISTINCT STR(?plabel); SEPARATOR="\\u001f") AS ?partners)
WHERE {
  ?finding a ckg:Finding , ?class ; dcterms:isPartOf ?report ;
           ckg:quote ?text ; ckg:start ?start ; ckg:end ?end .
  FILTER(?class != ckg:Finding)
  ?report ckg:sourceDocument ?document .
  OPTIONAL { ?finding ckg:theme/ckg:number ?theme }
  OPTIONAL { ?finding ckg:confidence ?confidence }
  OPTIONAL { ?finding ckg:evidenceCategory/skos:notation ?evidence }
  OPTIONAL { ?finding ckg:qualityStatement/ckg:number ?qsn }
  OPTIONAL { ?finding ckg:involves/skos:prefLabel ?plabel }
}
GROUP BY ?finding ?class ?text ?start ?end ?document ?report ?theme ?confidence ?evidence
"""


def from_triples(store) -> list[dict]:
    """Every finding in the JSON contract, read from its triples only."""

    def value(term):
        return None if term is None else term.value

    out = []
    for row in store.select(FROM_TRIPLES):
        partners = value(row["partners"]) or ""
        out.append(
            {
                "id": row["finding"].value,
                "kind": CLASS_KIND[row["class"].value],
                "text": row["text"].value,
                "quality_statements": sorted(int(n) for n in (value(row["qss"]) or "").split()),
                "theme": int(row["theme"].value) if row["theme"] is not None else None,
                "partners": sorted(p for p in partners.split("\x1f") if p),
                "report": row["report"].value,
                "source": {
                    "document": value(row["document"]),
                    "start": int(row["start"].value),
                    "end": int(row["end"].value),
                },
                "confidence": round(float(value(row["confidence"]) or 1.0), 3),
                "evidence": value(row["evidence"]),
            }
        )
    return sorted(out, key=report_order)


@pytest.fixture(scope="module", params=["bexley", "fixtures"])
def store(request, bexley_store, tmp_path_factory):
    if request.param == "bexley":
        path = bexley_store
    else:
        reports = sorted(FIXTURES.iterdir())
        path = build_store(tmp_path_factory.mktemp("record") / "store", reports)
    opened = open_store(path)
    yield opened
    opened.close()
    gc.collect()


def test_every_finding_read_from_its_record_equals_its_triples(store):
    expected = from_triples(store)
    assert len(expected) > 40
    assert findings(store) == expected


def test_each_filter_reads_the_same_findings_as_the_triples(store):
    expected = from_triples(store)
    for qs in range(1, 10):
        assert findings(store, qs=qs) == [f for f in expected if qs in f["quality_statements"]]
    for theme in range(1, 5):
        assert findings(store, theme=theme) == [f for f in expected if f["theme"] == theme]
    for kind in KINDS:
        assert findings(store, kind=kind) == [f for f in expected if f["kind"] == kind]
    assert any(f["evidence"] for f in expected)
    for category in EVIDENCE_CATEGORIES:
        wanted = [f for f in expected if f["evidence"] == category]
        assert findings(store, evidence=category) == wanted
    sure = [f for f in expected if f["confidence"] >= 0.6]
    assert 0 < len(sure) < len(expected)
    assert findings(store, min_confidence=0.6) == sure
    reports = {f["report"] for f in expected}
    for report in sorted(reports)[:3]:
        assert findings(store, report=report) == [f for f in expected if f["report"] == report]
    labels = sorted({p for f in expected for p in f["partners"]})
    assert labels
    for label in labels[:5]:
        answer = findings(store, partner=label)
        assert answer and all(label in f["partners"] for f in answer)
        # Each finding once, though a name may match several partners.
        assert len({f["id"] for f in answer}) == len(answer)


def test_evidence_and_risks_read_the_same_quotes(store):
    expected = from_triples(store)
    grouped = evidence(store, 8)
    for kind in KINDS:
        assert [q["id"] for q in grouped[kind]] == [
            f["id"] for f in expected if f["kind"] == kind and 8 in f["quality_statements"]
        ]
    listed = risks(store)
    assert [(r["id"], r["text"], r["partners"], r["quality_statements"]) for r in listed] == [
        (f["id"], f["text"], f["partners"], f["quality_statements"])
        for f in expected
        if f["kind"] == "risk"
    ]


def test_a_finding_without_a_record_is_refused_in_one_line(writable_store, run_writable):
    """A store written before findings had records gives one line saying what to do,
    not an answer missing those findings."""
    store = open_store(writable_store, write=True)
    try:
        rows = store.select("SELECT ?f ?g WHERE { GRAPH ?g { ?f ckg:record ?r } } LIMIT 1")
        finding, graph = rows[0]["f"], rows[0]["g"]
        kept = store.query_raw(
            "CONSTRUCT { ?s ?p ?o } WHERE { #VALUES\n GRAPH ?g { ?s ?p ?o } "
            "FILTER(?s != ?f || ?p != ckg:record) }",
            {"g": graph, "f": finding},
        )
        store.replace_graphs({graph: list(kept)})
        with pytest.raises(CarekgError, match="carekg build"):
            findings(store)
    finally:
        store.close()
        gc.collect()
    result = run_writable("findings", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "older carekg" in result.stderr


def test_a_record_is_json_with_every_key(store):
    row = store.select("SELECT ?r WHERE { ?f ckg:record ?r } LIMIT 1")[0]
    assert row["r"].datatype.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
    fields = json.loads(row["r"].value)
    assert set(fields) == {"id", "kind", "text", "start", "end", "qs", "theme", "partners",
                           "confidence", "evidence", "report"}  # fmt: skip
    assert fields["report"].startswith(str(ID) + "report/")
