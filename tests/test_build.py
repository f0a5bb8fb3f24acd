"""Issue 3: the Bexley graph built from the seed reports, its contract and its checks."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from carekg.graph.errors import CarekgError
from carekg.graph.pipeline import build
from carekg.graph.store import open_store
from conftest import ROOT, SEEDS

CONTRACT_KINDS = {"strength", "area_for_development", "risk", "recommendation", "context"}


def findings_json(run, *args) -> list[dict]:
    result = run("findings", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_build_prints_a_summary(tmp_path):
    from conftest import Run

    result = Run(tmp_path / "store")("build")
    assert result.exit_code == 0, result.output
    assert "2 reports, " in result.stdout
    assert "By quality statement:" in result.stdout
    assert "Governance, management and sustainability" in result.stdout


def test_findings_json_meets_the_contract(run):
    findings = findings_json(run)
    assert len(findings) >= 45
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    for f in findings:
        assert set(f) >= {"id", "kind", "text", "quality_statements", "theme", "partners",
                          "report", "source"}  # fmt: skip
        assert f["kind"] in CONTRACT_KINDS
        assert f["text"], f
        source = f["source"]
        assert texts[source["document"]][source["start"] : source["end"]] == f["text"]
        assert all(isinstance(n, int) and 1 <= n <= 9 for n in f["quality_statements"])
        assert f["theme"] is None or 1 <= f["theme"] <= 4
        assert all(isinstance(p, str) for p in f["partners"])
        assert f["id"].startswith("https://") and f["report"].startswith("https://")
    assert len({f["id"] for f in findings}) == len(findings)
    # Both seed reports contribute, and all five kinds occur in the Bexley text.
    assert {f["source"]["document"] for f in findings} == set(texts)
    assert {f["kind"] for f in findings} == CONTRACT_KINDS


def test_findings_filters(run):
    everything = findings_json(run)
    qs8 = findings_json(run, "--qs", "8")
    assert qs8 and all(8 in f["quality_statements"] for f in qs8)
    assert {f["id"] for f in qs8} == {f["id"] for f in everything if 8 in f["quality_statements"]}
    risks = findings_json(run, "--kind", "risk")
    assert risks and all(f["kind"] == "risk" for f in risks)
    theme4 = findings_json(run, "--theme", "4")
    assert {f["id"] for f in theme4} == {f["id"] for f in everything if f["theme"] == 4}
    icb = findings_json(run, "--partner", "ICB")
    assert icb and all("Integrated Care Board" in f["partners"] for f in icb)
    assert findings_json(run, "--partner", "Integrated Care Board") == icb
    report = findings_json(run, "--report", "lga-peer-challenge-bexley-key-messages")
    assert report and all(f["source"]["document"].endswith("key-messages.txt") for f in report)


def test_every_framework_concept_is_in_the_graph(bexley_store):
    store = open_store(bexley_store)
    rows = store.select(
        "SELECT ?n ?label ?theme WHERE { ?q a ckg:QualityStatement ; ckg:number ?n ; "
        "skos:prefLabel ?label ; skos:broader/ckg:number ?theme }"
    )
    statements = {int(r["n"].value): (r["label"].value, int(r["theme"].value)) for r in rows}
    assert statements == {
        1: ("Assessing needs", 1),
        2: ("Supporting people to live healthier lives", 1),
        3: ("Equity in experience and outcomes", 1),
        4: ("Care provision, integration and continuity", 2),
        5: ("Partnerships and communities", 2),
        6: ("Safe pathways, systems and transitions", 3),
        7: ("Safeguarding", 3),
        8: ("Governance, management and sustainability", 4),
        9: ("Learning, improvement and innovation", 4),
    }
    themes = store.select("SELECT ?n ?label WHERE { ?t a ckg:Theme ; ckg:number ?n ; "
                          "skos:prefLabel ?label }")  # fmt: skip
    assert {int(r["n"].value): r["label"].value for r in themes} == {
        1: "Working with people",
        2: "Providing support",
        3: "Ensuring safety within the system",
        4: "Leadership",
    }


def test_every_quote_is_on_its_finding_as_on_its_selector(bexley_store):
    """ckg:quote, ckg:start and ckg:end on a finding or score are its selector's values."""
    store = open_store(bexley_store)
    rows = store.select(
        "SELECT ?x ?quote ?start ?end ?exact ?s ?e ?document ?source WHERE {"
        " ?x oa:hasSelector ?sel . ?sel oa:exact ?exact ; oa:start ?s ; oa:end ?e ;"
        " ckg:document ?document . ?x dcterms:isPartOf ?report ."
        " ?report ckg:sourceDocument ?source ."
        " OPTIONAL { ?x ckg:quote ?quote } OPTIONAL { ?x ckg:start ?start }"
        " OPTIONAL { ?x ckg:end ?end } }"
    )
    quoted = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { { ?x a ckg:Finding } UNION"
        " { ?x a ckg:QualityStatementScore } }"
    )
    assert len(rows) == int(quoted[0]["n"].value) > 40  # every finding and score, once
    for row in rows:
        assert row["quote"] == row["exact"], row["x"]
        assert (row["start"], row["end"]) == (row["s"], row["e"]), row["x"]
        assert row["document"] == row["source"], row["x"]


def test_every_ontology_term_has_a_label_and_definition(bexley_store):
    store = open_store(bexley_store)
    rows = store.select(
        """SELECT ?term WHERE {
             { ?term a owl:Class } UNION { ?term a owl:ObjectProperty }
             UNION { ?term a owl:DatatypeProperty }
             FILTER(STRSTARTS(STR(?term), STR(ckg:)))
             FILTER NOT EXISTS { ?term rdfs:label ?l . ?term skos:definition ?d }
           }"""
    )
    assert rows == []


def test_partners_are_one_node_each(run):
    result = run("findings", "--format", "json", "--partner", "SEL ICB")
    names = {p for f in json.loads(result.stdout) for p in f["partners"]}
    assert "Integrated Care Board" in names
    store = open_store(run.store)
    rows = store.select("SELECT DISTINCT ?p WHERE { ?f ckg:involves ?p }")
    labels = store.select("SELECT ?p (COUNT(?l) AS ?n) WHERE { ?p a ckg:Partner ; "
                          "skos:prefLabel ?l } GROUP BY ?p")  # fmt: skip
    assert rows and all(int(r["n"].value) == 1 for r in labels)


def test_validate_accepts_the_built_graph(run):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def _broken_copy(run, tmp_path: Path) -> Path:
    exported = tmp_path / "graph.ttl"
    assert run("export", "--format", "ttl", "-o", str(exported)).exit_code == 0
    triples = list(ox.parse(exported.read_bytes(), format=ox.RdfFormat.TURTLE))
    exact = ox.NamedNode("http://www.w3.org/ns/oa#exact")
    dropped = next(t for t in triples if t.predicate == exact)
    kept = [t for t in triples if t != dropped]
    ckg = "https://w3id.org/carekg/ns#"
    score = ox.NamedNode("https://w3id.org/carekg/id/report/broken/score/8")
    kept += [
        ox.Triple(score, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode(ckg + "QualityStatementScore")),
        ox.Triple(score, ox.NamedNode(ckg + "qualityStatement"),
                  ox.NamedNode("https://w3id.org/carekg/cqc/qs8")),
        ox.Triple(score, ox.NamedNode(ckg + "scoreValue"),
                  ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ]  # fmt: skip
    broken = tmp_path / "broken.ttl"
    broken.write_bytes(ox.serialize(kept, format=ox.RdfFormat.TURTLE))
    return broken


def test_validate_rejects_a_missing_quote_and_a_score_of_seven(run, tmp_path):
    broken = _broken_copy(run, tmp_path)
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert "exact quote" in result.stdout
    assert "score" in result.stdout.lower() and "1 to 4" in result.stdout
    assert "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0  # one line on stderr


def test_validate_rejects_a_broken_store(run_writable, tmp_path):
    store = open_store(run_writable.store, write=True)
    exact = "http://www.w3.org/ns/oa#exact"
    graph = store.select(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{exact}> ?o }} "
        "FILTER(CONTAINS(STR(?s), 'finding/1/selector')) } LIMIT 1"
    )[0]["g"]
    kept = [
        t
        for t in store.query_raw(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph.value}> "
                                 "{ ?s ?p ?o } }")
        if not (t.predicate.value == exact and "finding/1/selector" in t.subject.value)
    ]  # fmt: skip
    store.replace_graphs({graph: kept})
    store.close()
    del store
    gc.collect()
    result = run_writable("validate")
    assert result.exit_code == 1
    assert "exact quote" in result.stdout


def test_a_failed_build_leaves_the_previous_store(run_writable, tmp_path):
    before = run_writable("findings", "--format", "json").stdout
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run_writable("build", str(SEEDS / "lga-peer-challenge-bexley-key-messages.txt"),
                          str(bad))  # fmt: skip
    assert result.exit_code == 1
    assert "empty" in result.stderr
    assert run_writable("findings", "--format", "json").stdout == before


def test_a_build_killed_mid_write_leaves_the_previous_store(writable_store, monkeypatch):
    from carekg.graph.store.generations import Generations

    store = open_store(writable_store, write=True)
    count = store.quad_count()
    graphs = store.named_graphs()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed after writing the next generation, before publishing")

    # The next generation is written in full, then the process dies before the switch.
    monkeypatch.setattr(Generations, "publish", crash, raising=True)
    with pytest.raises(KeyboardInterrupt):
        build(store, [SEEDS / "lga-peer-challenge-bexley-key-messages.txt"])
    monkeypatch.undo()
    assert store.named_graphs() == graphs
    assert store.quad_count() == count
    store.close()
    del store
    gc.collect()
    generations = sorted((writable_store / "generations").iterdir())
    assert len(generations) == 2  # the published one and the abandoned one
    reopened = open_store(writable_store, write=True)
    assert reopened.quad_count() == count
    reopened.drop_graphs([])  # the next write removes the abandoned generation
    assert [g.name for g in (writable_store / "generations").iterdir()] != [
        g.name for g in generations
    ]
    assert reopened.quad_count() == count


def test_build_replaces_everything(run_writable):
    result = run_writable("build", "-q", str(SEEDS / "lga-peer-challenge-bexley-key-messages.txt"))
    assert result.exit_code == 0, result.output
    findings = findings_json(run_writable)
    assert findings and {f["source"]["document"] for f in findings} == {
        "lga-peer-challenge-bexley-key-messages.txt"
    }


def test_reading_a_missing_store_is_a_one_line_error(tmp_path):
    from conftest import Run

    result = Run(tmp_path / "nothing")("summary")
    assert result.exit_code == 1
    assert "carekg build" in result.stderr
    assert "Traceback" not in result.output


def test_export_formats_parse(run, tmp_path):
    formats = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}  # fmt: skip
    counts = {}
    for name, fmt in formats.items():
        result = run("export", "--format", name)
        assert result.exit_code == 0
        counts[name] = len(list(ox.parse(result.stdout_bytes, format=fmt)))
    assert counts["trig"] == counts["nq"] == counts["jsonld"]
    assert counts["ttl"] == counts["nt"] > 1000


def test_every_command_has_help_with_an_example(run):
    from carekg.cli import cli

    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_view_writes_an_offline_page(run, tmp_path):
    page = tmp_path / "view.html"
    result = run("view", "-o", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "vis.DataSet" in html and "BexleyCare" in html
    assert "cdn." not in html and 'src="http' not in html and 'href="http' not in html


def test_summary_json_counts_agree_with_findings(run):
    summary = json.loads(run("summary", "--json").stdout)
    findings = findings_json(run)
    assert summary["findings"] == len(findings)
    assert sum(summary["by_kind"].values()) == len(findings)
    assert summary["reports"] == 2


def test_console_script_runs_as_a_process(bexley_store):
    carekg = Path(sys.executable).with_name("carekg")
    command = [str(carekg), "--store", str(bexley_store), "findings", "--qs", "8"]
    command += ["--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def test_installed_package_ships_ontology_and_data(tmp_path):
    """A wheel carries the ontology, shapes, partners and seed reports as package data."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True)  # fmt: skip
    wheel = next(tmp_path.glob("carekg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "carekg/cli.py",
        "carekg/graph/store/embedded.py",
        "carekg/ontology/carekg.ttl",
        "carekg/ontology/shapes.ttl",
        "carekg/ontology/cqc-framework.ttl",
        "carekg/data/partners.ttl",
        "carekg/data/reports/lga-peer-challenge-bexley-key-messages.txt",
    ]:
        assert expected in names
    assert not any(n.startswith(("carekg/tests", "carekg/.venv")) for n in names)

    # Installed on its own (not from the source tree), it finds its data and builds.
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)  # fmt: skip
    script = (
        "import carekg, sys; from carekg.cli import main; "
        "assert carekg.__file__.startswith(sys.argv[1]), carekg.__file__; "
        "sys.argv = ['carekg', '--store', sys.argv[2], 'build', '-q']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(tmp_path / "store")],
        capture_output=True, text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "from 2 reports" in done.stderr


def test_library_errors_are_carekg_errors(tmp_path):
    with pytest.raises(CarekgError):
        open_store(tmp_path / "missing")


def test_build_reads_every_report_file_in_a_folder(tmp_path):
    from conftest import FIXTURES, Run

    reports = tmp_path / "reports"
    (reports / "eastbrook").mkdir(parents=True)
    (reports / "northmoor" / ".drafts").mkdir(parents=True)
    for name, folder in [
        ("cqc-assessment-harbourside-full.txt", "eastbrook"),
        ("cqc-assessment-northmoor-summary.md", "northmoor"),
    ]:
        (reports / folder / name).write_bytes((FIXTURES / name).read_bytes())
    (reports / "northmoor" / "scores.csv").write_text("qs,score\n1,3\n")  # not a report type
    (reports / "northmoor" / ".drafts" / "old.txt").write_text("a hidden draft")
    (reports / "northmoor" / ".notes.txt").write_text("a hidden file")
    run = Run(tmp_path / "store")
    result = run("build", "-q", str(reports))
    assert result.exit_code == 0, result.output
    assert "from 2 reports" in result.stderr
    findings = json.loads(run("findings", "--format", "json").stdout)
    assert {f["report"].rsplit("/", 1)[-1] for f in findings} == {
        "cqc-assessment-harbourside-full",
        "cqc-assessment-northmoor-summary",
    }
    summary = json.loads(run("summary", "--json").stdout)
    assert summary["reports"] == 2


def test_a_folder_without_reports_is_one_line_and_changes_nothing(tmp_path):
    from conftest import Run

    run = Run(tmp_path / "store")
    assert run("build", "-q").exit_code == 0
    before = run("summary", "--json").stdout
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "notes.csv").write_text("x\n")
    result = run("build", str(empty))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {empty} holds no report files (.docx, .markdown, .md, .pdf, .text, .txt)"
    ]
    assert run("summary", "--json").stdout == before


def test_a_report_name_with_a_folder_of_several_reports_is_refused(tmp_path):
    from conftest import FIXTURES, Run

    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("cqc-assessment-harbourside-full.txt", "cqc-assessment-northmoor-summary.md"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    result = Run(tmp_path / "store")("ingest", str(folder), "--name", "one")
    assert result.exit_code == 1
    assert "a report name names one report" in result.output
