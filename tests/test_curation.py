"""Curation files: fixes that survive re-ingest, are marked as curated, and are checked."""

from __future__ import annotations

import json
import shutil

import pytest

from carekg.graph.errors import CarekgError
from carekg.graph.extract.curation import load_curation
from carekg.graph.pipeline import prepare_report
from conftest import ROOT, SEEDS

THEME4 = SEEDS / "lga-peer-challenge-bexley-theme4-leadership.txt"
CURATED = """
SELECT ?subject ?predicate ?object ?source WHERE {
  ?c a ckg:CuratedStatement ; rdf:subject ?subject ; rdf:predicate ?predicate ;
     rdf:object ?object ; prov:wasDerivedFrom ?source .
  ?subject ?predicate ?object .
}
"""


@pytest.fixture
def curation_dir(tmp_path):
    folder = tmp_path / "curation"
    folder.mkdir()
    (folder / "lga-peer-challenge-bexley-theme4-leadership.yaml").write_text(
        """
findings:
  - match: "The OneBexley model is expanding."
    kind: strength
    partners: [onebexley]
  - match: "Front line staff were used to service visits"
    drop: true
  - match: "The Council and the ICB are both financially challenged."
    kind: risk
    quality_statements: [8]
    threatens: [sustainable adult social care funding]
relations:
  - from: "The Council and the ICB are both financially challenged."
    type: leadsTo
    to: "This is a significant risk for all partners."
""",
        encoding="utf-8",
    )
    return folder


def test_curation_fixes_drops_and_adds(curation_dir):
    plain = prepare_report(THEME4, curation_dir=curation_dir.parent / "none")
    curated = prepare_report(THEME4, curation_dir=curation_dir)
    assert len(curated.findings) == len(plain.findings) - 1
    assert not any("service visits" in f.text for f in curated.findings)
    expanding = next(f for f in curated.findings if f.text == "The OneBexley model is expanding.")
    assert expanding.kind == "strength" and expanding.curated == {"kind", "partners"}
    money = next(f for f in curated.findings if "financially challenged" in f.text)
    assert money.kind == "risk" and money.qs_method == "curated"
    assert money.threatens == ["sustainable adult social care funding"]
    target = next(f for f in curated.findings if f.text.startswith("This is a significant risk"))
    assert target.number in money.leads_to


def test_curated_statements_are_marked_and_survive_reingest(run_writable, curation_dir):
    for _ in range(2):
        result = run_writable("ingest", str(THEME4), "--curation-dir", str(curation_dir))
        assert result.exit_code == 0, result.output
    from carekg.graph.store import open_store

    store = open_store(run_writable.store)
    rows = store.select(CURATED)
    predicates = {r["predicate"].value.rsplit("#", 1)[-1] for r in rows}
    assert {"type", "involves", "qualityStatement", "threatens", "leadsTo"} <= predicates
    assert {r["source"].value for r in rows} >= {"lga-peer-challenge-bexley-theme4-leadership.yaml"}
    store.close()
    risks = json.loads(run_writable("findings", "--kind", "risk", "--format", "json").stdout)
    assert any("financially challenged" in f["text"] for f in risks)


def test_curate_check_reports_stale_entries(tmp_path, curation_dir):
    from conftest import Run

    run = Run(tmp_path / "store")
    ok = run("curate", "--check", str(THEME4), "--curation-dir", str(curation_dir))
    assert ok.exit_code == 0, ok.output
    stale = curation_dir / "lga-peer-challenge-bexley-theme4-leadership.yaml"
    stale.write_text(
        stale.read_text(encoding="utf-8")
        + '  - from: "a sentence the report never had"\n    type: addresses\n'
        + '    to: "This is a significant risk for all partners."\n',
        encoding="utf-8",
    )
    result = run("curate", "--check", str(THEME4), "--curation-dir", str(curation_dir))
    assert result.exit_code == 1
    assert "a sentence the report never had" in result.stdout


def test_bundled_curation_matches_the_bundled_reports(tmp_path):
    from conftest import Run

    result = Run(tmp_path / "store")("curate", "--check")
    assert result.exit_code == 0, result.output


def test_bad_curation_files_are_one_line_errors(tmp_path):
    bad = tmp_path / "r.yaml"
    for content, message in [
        ("findings: [{kind: strength}]", "needs a 'match'"),
        ("findings: [{match: x, kind: wonderful}]", "kind must be one of"),
        ("findings: [{match: x, quality_statements: [12]}]", "1 to 9"),
        ("relations: [{from: a, to: b, type: causes}]", "leadsTo or addresses"),
        ("findings: [{match: x, colour: red}]", "unknown keys"),
        ("- just\n- a list", "expected a mapping"),
        ("findings: [", "not valid YAML"),
    ]:
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(CarekgError, match=message):
            load_curation(bad)


def test_unknown_partner_in_curation_is_refused(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(THEME4, tmp_path / "t.txt")
    (folder / "t.yaml").write_text(
        'findings: [{match: "The OneBexley model is expanding.", partners: [martians]}]',
        encoding="utf-8",
    )
    with pytest.raises(CarekgError, match="martians"):
        prepare_report(tmp_path / "t.txt", curation_dir=folder)
    assert ROOT
