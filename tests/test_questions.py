"""Issue 5: the domain questions (partners, risks, evidence, path) and their commands."""

from __future__ import annotations

import csv
import doctest
import gc
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from carekg.cli import cli
from carekg.graph.analyse import paths
from carekg.graph.ask import evidence as evidence_module
from carekg.graph.ask import partners as partners_module
from carekg.graph.ask import risks as risks_module
from carekg.graph.ask.findings import findings
from carekg.graph.ask.nodes import resolve_node
from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import CQC, PARTNER
from carekg.graph.store import open_store
from conftest import SEEDS

INJECTIONS = [
    'x" } ; DROP ALL ; SELECT * { ?s ?p ?o',
    "'); DELETE WHERE { ?s ?p ?o } #",
    "{}",
]
QS8 = "Governance, management and sustainability"
KIND_KEYS = ["strength", "area_for_development", "risk", "recommendation", "context"]


@pytest.fixture(scope="module")
def store(bexley_store):
    opened = open_store(bexley_store)
    yield opened
    opened.close()
    del opened
    gc.collect()


def ok(result) -> str:
    """The command's stdout, after checking it succeeded without a traceback."""
    assert result.exit_code == 0, result.output
    return result.stdout


def user_error(result) -> str:
    """The one-line message of a command that failed as a user error."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith("Error: ")
    return result.stderr


def invoke80(store_path: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store_path), *args], env={"COLUMNS": "80"})
    gc.collect()
    return result


def test_docstring_examples(store):
    for module in (paths, evidence_module, partners_module, risks_module):
        failures, tried = doctest.testmod(
            module, optionflags=doctest.ELLIPSIS, extraglobs={"bexley": store}
        )
        assert tried > 0 and failures == 0


# --- partners -------------------------------------------------------------------------------
def test_partners_counts_agree_with_findings_by_partner(store, run):
    rows = partners_module.partners(store)
    assert rows, "the Bexley findings involve partners"
    for row in rows:
        assert row["total"] == sum(row[k] for k in KIND_KEYS) > 0
        for name in (row["id"], row["partner"]):
            listed = json.loads(ok(run("findings", "--partner", name, "--format", "json")))
            counts = Counter(f["kind"] for f in listed)
            assert {k: counts.get(k, 0) for k in KIND_KEYS} == {k: row[k] for k in KIND_KEYS}
            assert len(listed) == row["total"]


def test_partners_sorted_and_complete(store):
    rows = partners_module.partners(store)
    totals = [r["total"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    involved = {p for f in findings(store) for p in f["partners"]}
    assert {r["partner"] for r in rows} == involved
    assert {"icb", "bexley-council"} <= {r["id"] for r in rows}


def test_partners_command_formats(store, run):
    assert json.loads(ok(run("partners", "--format", "json"))) == partners_module.partners(store)
    parsed = list(csv.DictReader(io.StringIO(ok(run("partners", "--format", "csv")))))
    assert [r["id"] for r in parsed] == [r["id"] for r in partners_module.partners(store)]
    assert set(parsed[0]) == {"partner", "id", *KIND_KEYS, "total"}


# --- risks ----------------------------------------------------------------------------------
def test_every_risk_appears_in_risks(store):
    listed = risks_module.risks(store)
    assert {r["id"] for r in listed} == {f["id"] for f in findings(store, kind="risk")}
    for risk in listed:
        assert risk["text"] and risk["report"].startswith("https://")
        assert all(1 <= n <= 9 for n in risk["quality_statements"])
        assert isinstance(risk["recommendations"], list)


def test_risks_links_are_real(store):
    listed = {r["id"]: r for r in risks_module.risks(store)}
    by_id = {f["id"]: f for f in findings(store)}
    for risk in listed.values():
        assert risk["partners"] == by_id[risk["id"]]["partners"]
        assert risk["quality_statements"] == by_id[risk["id"]]["quality_statements"]
        for item in risk["threatens"]:
            predicate = "ckg:threatens" if item["kind"] == "outcome" else "ckg:leadsTo"
            assert triple_exists(store, risk["id"], predicate, item["id"])
        for rec in risk["recommendations"]:
            direct = triple_exists(store, rec["id"], "ckg:addresses", risk["id"])
            assert direct or store.select(
                "SELECT ?c WHERE { #VALUES\n ?rec ckg:addresses ?c . ?c ckg:leadsTo ?risk }",
                {"rec": NamedNode(rec["id"]), "risk": NamedNode(risk["id"])},
            )
    # Every threatens and leadsTo link of a risk is listed once.
    outcomes = [t for r in listed.values() for t in r["threatens"] if t["kind"] == "outcome"]
    consequences = [t for r in listed.values() for t in r["threatens"] if t["kind"] != "outcome"]
    assert len(outcomes) == count(store, "?r a ckg:Risk ; ckg:threatens ?x")
    assert len(consequences) == count(store, "?r a ckg:Risk ; ckg:leadsTo ?x")
    assert all(t["label"] and not t["label"].startswith("http") for t in outcomes)


def count(store, pattern: str) -> int:
    rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {pattern} }} }}"
    )
    return int(rows[0]["n"].value)


def test_risks_addressed_directly_or_through_a_cause(tmp_path):
    """A recommendation addressing a risk, or a finding that leads to it, addresses the risk."""
    from pyoxigraph import Literal, Triple

    from carekg.graph.model.kinds import CLASS_KIND
    from carekg.graph.model.namespaces import CKG, DCTERMS, GRAPH, ID, OA, RDF
    from carekg.graph.model.record import record_text

    report = ID["report/t"]
    triples = [
        Triple(report, RDF.type, CKG.Report),
        Triple(report, CKG.sourceDocument, Literal("t.txt")),
    ]

    def record(node: NamedNode, kind: str, text: str, start: int, end: int) -> Literal:
        fields = record_text(
            id=node.value, kind=kind, text=text, start=start, end=end, quality_statements=[],
            theme=None, partners=[], confidence=1.0, evidence=None, report=report.value,
        )  # fmt: skip
        return Literal(fields, datatype=RDF.JSON)

    def finding(n: int, cls, text: str) -> NamedNode:
        node, sel = ID[f"report/t/finding/{n}"], ID[f"report/t/finding/{n}/selector"]
        triples.extend(
            Triple(*t)
            for t in [
                (node, RDF.type, CKG.Finding),
                (node, RDF.type, cls),
                (node, DCTERMS.isPartOf, report),
                (node, CKG.quote, Literal(text)),
                (node, CKG.start, Literal(n * 10)),
                (node, CKG.end, Literal(n * 10 + 5)),
                (node, CKG.record, record(node, CLASS_KIND[cls.value], text, n * 10, n * 10 + 5)),
                (node, OA.hasSelector, sel),
                (sel, OA.exact, Literal(text)),
                (sel, OA.start, Literal(n * 10)),
                (sel, OA.end, Literal(n * 10 + 5)),
                (sel, CKG.document, Literal("t.txt")),
            ]
        )
        return node

    cause = finding(1, CKG.AreaForDevelopment, "No workforce strategy.")
    risk = finding(2, CKG.Risk, "Vacancies may rise.")
    lonely = finding(3, CKG.Risk, "Nobody answers this.")
    direct = finding(4, CKG.Recommendation, "Fill the vacancies.")
    indirect = finding(5, CKG.Recommendation, "Write a workforce strategy.")
    triples += [
        Triple(cause, CKG.leadsTo, risk),
        Triple(direct, CKG.addresses, risk),
        Triple(indirect, CKG.addresses, cause),
    ]
    store = open_store(tmp_path / "s", write=True)
    try:
        store.replace_graphs({GRAPH["report/t"]: triples})
        listed = {r["id"]: r for r in risks_module.risks(store)}
        assert set(listed) == {risk.value, lonely.value}
        assert sorted(r["text"] for r in listed[risk.value]["recommendations"]) == [
            "Fill the vacancies.",
            "Write a workforce strategy.",
        ]
        assert listed[lonely.value]["recommendations"] == []
        assert listed[risk.value]["source"] == {"document": "t.txt", "start": 20, "end": 25}
    finally:
        store.close()


def test_risks_report_filter(store):
    everything = risks_module.risks(store)
    reports = {r["report"] for r in everything}
    assert reports
    for report in reports:
        slug = report.rsplit("/", 1)[-1]
        for name in (slug, report):
            only = risks_module.risks(store, report=name)
            assert only and {r["report"] for r in only} == {report}
    assert risks_module.risks(store, report="no-such-report") == []


def test_risks_command(store, bexley_store):
    table = ok(invoke80(bexley_store, "risks"))
    assert all(len(line) <= 80 for line in table.splitlines()), table
    assert "none" in table  # risks no recommendation addresses say so
    data = json.loads(ok(invoke80(bexley_store, "risks", "--format", "json")))
    assert [r["id"] for r in data] == [r["id"] for r in risks_module.risks(store)]
    rows = list(csv.DictReader(io.StringIO(ok(invoke80(bexley_store, "risks", "--format", "csv")))))
    assert len(rows) == len(data)
    assert {"id", "report", "risk", "threatens", "partners", "addressed_by"} <= set(rows[0])


# --- evidence -------------------------------------------------------------------------------
def test_evidence_for_qs8_is_exactly_its_findings(store):
    grouped = evidence_module.evidence(store, 8)
    assert list(grouped) == KIND_KEYS
    expected = {f["id"]: f for f in findings(store, qs=8)}
    got = {q["id"]: (kind, q) for kind, quotes in grouped.items() for q in quotes}
    assert set(got) == set(expected)
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    for fid, (kind, quote) in got.items():
        assert kind == expected[fid]["kind"]
        assert quote["text"] == expected[fid]["text"]
        assert quote["report"] == expected[fid]["report"]
        source = quote["source"]
        assert texts[source["document"]][source["start"] : source["end"]] == quote["text"]


@pytest.mark.parametrize("qs", range(1, 10))
def test_evidence_matches_findings_for_every_statement(store, qs):
    grouped = evidence_module.evidence(store, qs)
    ids = sorted(q["id"] for quotes in grouped.values() for q in quotes)
    assert ids == sorted(f["id"] for f in findings(store, qs=qs))


def test_evidence_rejects_bad_statements(store, run):
    for bad in (0, 10, -1):
        with pytest.raises(CarekgError):
            evidence_module.evidence(store, bad)
    assert run("evidence", "10").exit_code == 2
    assert run("evidence", "eight").exit_code == 2


def test_evidence_report_filter(store):
    report = "lga-peer-challenge-bexley-theme4-leadership"
    grouped = evidence_module.evidence(store, 8, report=report)
    quotes = [q for qs in grouped.values() for q in qs]
    assert quotes and all(q["report"].endswith("/" + report) for q in quotes)
    assert not any(evidence_module.evidence(store, 8, report="nothing-here").values())


def test_evidence_command_formats(store, bexley_store):
    data = json.loads(ok(invoke80(bexley_store, "evidence", "8", "--format", "json")))
    assert data == evidence_module.evidence(store, 8)
    out = ok(invoke80(bexley_store, "evidence", "8", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == sum(len(v) for v in data.values())
    assert {"kind", "id", "text", "report", "document", "start", "end"} <= set(rows[0])
    table = ok(invoke80(bexley_store, "evidence", "8"))
    assert all(len(line) <= 80 for line in table.splitlines())


# --- path -----------------------------------------------------------------------------------
def triple_exists(store, s: str, predicate: str, o: str) -> bool:
    rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ #VALUES\n ?s {predicate} ?o }}",
        {"s": NamedNode(s), "o": NamedNode(o)},
    )
    return int(rows[0]["n"].value) > 0


def assert_real_chain(store, steps):
    for step, after in zip(steps, steps[1:], strict=False):
        assert step["predicate"] and step["direction"] in ("out", "in")
        s, o = (step["node"], after["node"])
        if step["direction"] == "in":
            s, o = o, s
        assert triple_exists(store, s, f"<{step['predicate']}>", o), step
        assert step["predicate"] not in {p.value for p in paths.PATH_EXCLUDED}
    assert steps[-1]["predicate"] is None and steps[-1]["direction"] is None
    assert [s["step"] for s in steps] == list(range(len(steps)))


def test_path_from_icb_to_qs8(store):
    steps = paths.path(store, "ICB", QS8)
    assert steps[0]["node"] == PARTNER.icb.value
    assert steps[-1]["node"] == CQC.qs8.value
    assert steps[-1]["label"] == QS8
    assert len(steps) == 3  # partner <- finding -> quality statement
    assert_real_chain(store, steps)


@pytest.mark.parametrize(
    "a, b",
    [
        ("icb", "qs8"),
        ("integrated care board", "GOVERNANCE, MANAGEMENT AND SUSTAINABILITY"),
        ("https://w3id.org/carekg/partner/icb", "cqc:qs8"),
        ("Housing", "The Mayor"),
        ("OneBexley", "qs9"),
        ("Strengths", "Working with people"),
    ],
)
def test_path_names_and_chains(store, a, b):
    steps = paths.path(store, a, b)
    assert len(steps) >= 2
    assert_real_chain(store, steps)


def test_path_same_node_and_unknown_names(store, bexley_store):
    assert [s["node"] for s in paths.path(store, "icb", "ICB")] == [PARTNER.icb.value]
    with pytest.raises(CarekgError, match="no node is named 'Narnia'"):
        paths.path(store, "Narnia", QS8)
    with pytest.raises(CarekgError, match="Narnia"):
        paths.path(store, "ICB", "Narnia")
    assert "Narnia" in user_error(invoke80(bexley_store, "path", "ICB", "Narnia"))


def test_path_command_formats(store, bexley_store):
    table = ok(invoke80(bexley_store, "path", "ICB", QS8))
    assert all(len(line) <= 80 for line in table.splitlines()), table
    assert "partner:icb" in table and "cqc:qs8" in table
    data = json.loads(ok(invoke80(bexley_store, "path", "ICB", QS8, "--format", "json")))
    assert data == paths.path(store, "ICB", QS8)
    out = ok(invoke80(bexley_store, "path", "ICB", QS8, "--format", "csv"))
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(data)


# --- tables fit 80 columns --------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["partners"],
        ["risks"],
        ["evidence", "9"],
        ["path", "Housing", "The Mayor"],
        ["queries"],
        ["findings"],
        ["findings", "--qs", "8"],
    ],
)
def test_tables_fit_80_columns(bexley_store, args):
    out = ok(invoke80(bexley_store, *args))
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "(no rows)" not in out


def test_findings_table_keeps_its_columns_readable(bexley_store):
    out = ok(invoke80(bexley_store, "findings", "--qs", "5"))
    header = out.splitlines()[0].split()
    assert header == ["kind", "qs", "partners", "text"]
    assert "area_for_development" in out  # kinds stay whole
    assert "Voluntary and" in out  # partner names wrap instead of being cut off


# --- injection --------------------------------------------------------------------------------
@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize(
    "args",
    [
        ["findings", "--partner", "{v}"],
        ["findings", "--report", "{v}"],
        ["risks", "--report", "{v}"],
        ["evidence", "8", "--report", "{v}"],
        ["partners"],
    ],
)
def test_injection_through_filters_finds_nothing(bexley_store, store, value, args):
    before = store.quad_count()
    args = [a.replace("{v}", value) for a in args]
    result = invoke80(bexley_store, *args, "--format", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        data = json.loads(result.stdout)
        if args[0] == "partners":
            assert data == partners_module.partners(store)
        elif args[0] == "evidence":
            assert not any(data.values())
        else:
            assert data == []
    assert open_quad_count(bexley_store) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_path_finds_nothing(bexley_store, store, value):
    before = store.quad_count()
    for a, b in ((value, QS8), ("ICB", value)):
        message = user_error(invoke80(bexley_store, "path", a, b))
        assert "no node is named" in message
    assert invoke80(bexley_store, "evidence", value).exit_code == 2  # not a number
    assert open_quad_count(bexley_store) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_the_library_on_a_writable_store(writable_store, value):
    store = open_store(writable_store, write=True)
    try:
        before = store.quad_count()
        with pytest.raises(CarekgError):
            paths.path(store, value, QS8)
        with pytest.raises(CarekgError):
            paths.path(store, "ICB", value)
        assert resolve_node(store, value) == []
        assert risks_module.risks(store, report=value) == []
        assert not any(evidence_module.evidence(store, 8, report=value).values())
        assert store.quad_count() == before
    finally:
        store.close()
        del store
        gc.collect()


def open_quad_count(path: Path) -> int:
    opened = open_store(path)
    try:
        return opened.quad_count()
    finally:
        opened.close()
        del opened
        gc.collect()


# --- help ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["partners", "risks", "evidence", "path"])
def test_help_has_an_example_and_formats(command):
    out = ok(CliRunner().invoke(cli, [command, "--help"]))
    assert "Example:" in out
    assert "table|json|csv" in out
