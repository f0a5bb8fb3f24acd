"""Issue 5: `carekg sparql`, its output formats, the saved queries and `carekg queries`."""

from __future__ import annotations

import csv
import doctest
import gc
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from carekg.cli import cli
from carekg.graph.ask import sparql
from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.show.results import run_sparql
from carekg.graph.store import open_store
from carekg.graph.store.sparql_text import QUERY_FORMS, query_form
from conftest import FIXTURES, ROOT, SEEDS, build_store

SAVED = sorted((ROOT / "queries").glob("*.rq"))
MAY_BE_EMPTY = "# May be empty"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
SELECT = "SELECT ?qs ?label WHERE { ?q a ckg:QualityStatement ; ckg:number ?qs ; skos:prefLabel ?label } ORDER BY ?qs"  # noqa: E501
CONSTRUCT = "CONSTRUCT { ?q skos:prefLabel ?label } WHERE { ?q a ckg:QualityStatement ; skos:prefLabel ?label }"  # noqa: E501
UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "# a comment\nPREFIX ex: <http://example.org/#x>\n  delete { ?s ?p ?o } where { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
]
# SPARQL 1.1 built-in functions and aggregates: what a saved query may call so that it
# also runs on another SPARQL 1.1 server (Virtuoso 7).
STANDARD_CALLS = {
    *"STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT"
    " STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR"
    " MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384"
    " SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX"
    " SUBSTR REPLACE EXISTS COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT IN FILTER BIND HAVING"
    " VALUES DESC ASC GROUP ORDER".split(),
}


@pytest.fixture(scope="module")
def store(bexley_store):
    opened = open_store(bexley_store)
    yield opened
    opened.close()
    del opened
    gc.collect()


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory):
    """The Bexley reports and every fixture report (CQC scores, more councils)."""
    path = tmp_path_factory.mktemp("wide") / "store"
    build_store(path, sorted(SEEDS.iterdir()) + sorted(FIXTURES.iterdir()))
    opened = open_store(path)
    yield opened
    opened.close()
    del opened
    gc.collect()


def invoke(store_path: Path, *args: str, input: str | None = None):
    result = CliRunner().invoke(
        cli, ["--store", str(store_path), *args], input=input, env={"COLUMNS": "80"}
    )
    gc.collect()
    return result


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def user_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # no traceback
    assert result.stderr.startswith("Error: ")
    assert result.stderr.strip().count("\n") == 0, result.stderr
    return result.stderr


def quads(path: Path) -> int:
    opened = open_store(path)
    try:
        return opened.quad_count()
    finally:
        opened.close()
        del opened
        gc.collect()


def test_docstring_examples(bexley_store):
    store = open_store(bexley_store)
    try:
        failures, tried = doctest.testmod(
            sparql, optionflags=doctest.ELLIPSIS, extraglobs={"bexley": store}
        )
    finally:
        store.close()
    assert tried > 0 and failures == 0


# --- saved queries --------------------------------------------------------------------------
def test_saved_query_library():
    assert len(SAVED) >= 8
    listed = dict(sparql.list_saved_queries())
    assert set(listed) == {p.stem for p in SAVED}
    for path in SAVED:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), path.name
        first = text.splitlines()[0][2:].strip()
        assert listed[path.stem] == first and len(first) > 10
        assert query_form(text) in QUERY_FORMS, path.name


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.stem)
def test_saved_query_runs_and_returns_rows(store, path):
    text = path.read_text(encoding="utf-8")
    rows = store.select(text)
    if MAY_BE_EMPTY not in text:
        assert rows, f"{path.name} returned no rows on the Bexley store"


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.stem)
def test_saved_query_is_portable(path):
    """Standard SPARQL 1.1 only, and no PREFIX that disagrees with the pre-declared ones."""
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line.split("#")[0] if "<" not in line else line for line in text.splitlines())
    for prefix, iri in re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", body, re.IGNORECASE):
        assert PREFIXES.get(prefix) == iri, f"{path.name} redeclares {prefix}:"
    body = re.sub(r'"[^"]*"', '""', body)
    for call in re.findall(r"(?<![?:\w])([A-Za-z_]+)\s*\(", body):
        assert call.upper() in STANDARD_CALLS, f"{path.name} calls {call}()"
    # Parses with no prefixes but the pre-declared ones.
    ox.Store().query(text, prefixes=PREFIXES)


def test_saved_queries_that_may_be_empty_fill_up_with_more_reports(wide_store):
    scores = wide_store.select(sparql.saved_query("scores-by-council"))
    assert scores and all(1 <= int(r["score"].value) <= 4 for r in scores)
    assert {r["council"].value for r in scores if r["council"] is not None}
    for path in SAVED:
        wide_store.select(path.read_text(encoding="utf-8"))  # every query still runs


def test_findings_per_quality_statement_agrees_with_findings(store):
    from carekg.graph.ask.findings import findings

    rows = store.select(sparql.saved_query("findings-per-quality-statement"))
    assert [int(r["qs"].value) for r in rows] == list(range(1, 10))
    for row in rows:
        expected = findings(store, qs=int(row["qs"].value))
        assert int(row["findings"].value) == len(expected)
        risks = sum(1 for f in expected if f["kind"] == "risk")
        assert int(row["risks"].value) == risks


def test_single_partner_findings_agree_with_findings(store):
    from carekg.graph.ask.findings import findings

    rows = store.select(sparql.saved_query("single-partner-findings"))
    expected = {f["id"] for f in findings(store) if len(f["partners"]) == 1}
    assert {r["finding"].value for r in rows} == expected


def test_risks_without_recommendations_agree_with_risks(store):
    from carekg.graph.ask.risks import risks

    rows = store.select(sparql.saved_query("risks-without-recommendations"))
    assert {r["risk"].value for r in rows} == {
        r["id"] for r in risks(store) if not r["recommendations"]
    }


def test_queries_command(bexley_store):
    out = ok(invoke(bexley_store, "queries"))
    assert all(len(line) <= 80 for line in out.splitlines())
    data = json.loads(ok(invoke(bexley_store, "queries", "--format", "json")))
    assert [d["name"] for d in data] == [p.stem for p in SAVED]
    assert "Example:" in ok(invoke(bexley_store, "queries", "--help"))


# --- how QUERY is given ---------------------------------------------------------------------
def test_query_by_name_file_stdin_and_text(bexley_store, tmp_path):
    by_name = ok(invoke(bexley_store, "sparql", "report-overview", "--format", "json"))
    by_name_rq = ok(invoke(bexley_store, "sparql", "report-overview.rq", "--format", "json"))
    query_file = tmp_path / "q.rq"
    query_file.write_text(sparql.saved_query("report-overview"), encoding="utf-8")
    by_file = ok(invoke(bexley_store, "sparql", f"@{query_file}", "--format", "json"))
    by_stdin = ok(
        invoke(bexley_store, "sparql", "-", "--format", "json", input=query_file.read_text())
    )
    by_text = ok(invoke(bexley_store, "sparql", query_file.read_text(), "--format", "json"))
    assert by_name == by_name_rq == by_file == by_stdin == by_text
    assert len(json.loads(by_name)["results"]["bindings"]) >= 2


def test_missing_file_and_unknown_name(bexley_store, tmp_path):
    assert "cannot read" in user_error(invoke(bexley_store, "sparql", f"@{tmp_path}/none.rq"))
    assert "no saved query" in user_error(invoke(bexley_store, "sparql", "no-such-query"))


# --- output formats -------------------------------------------------------------------------
def test_select_as_table(bexley_store):
    out = ok(invoke(bexley_store, "sparql", SELECT))
    lines = out.splitlines()
    assert lines[0].split() == ["qs", "label"]
    assert len(lines) == 2 + 9
    assert all(len(line) <= 80 for line in lines)
    assert "Governance, management and sustainability" in out


def test_select_as_json(bexley_store):
    data = json.loads(ok(invoke(bexley_store, "sparql", SELECT, "--format", "json")))
    assert data["head"]["vars"] == ["qs", "label"]
    bindings = data["results"]["bindings"]
    assert [int(b["qs"]["value"]) for b in bindings] == list(range(1, 10))
    assert bindings[0]["qs"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_select_as_csv_and_tsv(bexley_store):
    rows = list(
        csv.reader(io.StringIO(ok(invoke(bexley_store, "sparql", SELECT, "--format", "csv"))))
    )
    assert rows[0] == ["qs", "label"] and len(rows) == 10 and rows[8][0] == "8"
    tsv = ok(invoke(bexley_store, "sparql", SELECT, "--format", "tsv")).splitlines()
    assert tsv[0].split("\t") == ["?qs", "?label"] and len(tsv) == 10
    assert list(ox.parse_query_results(tsv_bytes(tsv), format=ox.QueryResultsFormat.TSV))


def tsv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_select_as_xml(bexley_store):
    root = ET.fromstring(ok(invoke(bexley_store, "sparql", SELECT, "--format", "xml")))
    assert root.tag == RESULTS_NS + "sparql"
    names = [v.get("name") for v in root.iter(RESULTS_NS + "variable")]
    assert names == ["qs", "label"]
    assert len(list(root.iter(RESULTS_NS + "result"))) == 9


def test_ask_formats(bexley_store):
    ask = "ASK { cqc:qs8 a ckg:QualityStatement }"
    assert ok(invoke(bexley_store, "sparql", ask)).strip() == "true"
    assert json.loads(ok(invoke(bexley_store, "sparql", ask, "--format", "json")))["boolean"]
    root = ET.fromstring(ok(invoke(bexley_store, "sparql", ask, "--format", "xml")))
    assert root.find(RESULTS_NS + "boolean").text == "true"
    assert ok(invoke(bexley_store, "sparql", "ASK { cqc:qs8 a ckg:Risk }")).strip() == "false"


def test_construct_as_turtle_and_jsonld(bexley_store):
    ttl = ok(invoke(bexley_store, "sparql", CONSTRUCT))
    assert ttl == ok(invoke(bexley_store, "sparql", CONSTRUCT, "--format", "ttl"))
    assert "@prefix cqc:" in ttl
    triples = list(ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 9
    jsonld = ok(invoke(bexley_store, "sparql", CONSTRUCT, "--format", "jsonld"))
    json.loads(jsonld)
    assert len(list(ox.parse(jsonld.encode("utf-8"), format=ox.RdfFormat.JSON_LD))) == 9


def test_describe(bexley_store):
    ttl = ok(invoke(bexley_store, "sparql", "DESCRIBE cqc:qs8"))
    triples = list(ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("prefLabel") for t in triples)


@pytest.mark.parametrize(
    "query, fmt",
    [
        (SELECT, "ttl"),
        (SELECT, "jsonld"),
        (CONSTRUCT, "csv"),
        (CONSTRUCT, "json"),
        (CONSTRUCT, "table"),
    ],
)
def test_formats_that_do_not_fit_the_query(bexley_store, query, fmt):
    assert "--format" in user_error(invoke(bexley_store, "sparql", query, "--format", fmt))


def test_every_saved_query_in_every_result_format(bexley_store):
    for path in SAVED:
        name = path.stem
        count = len(json.loads(ok(invoke(bexley_store, "sparql", name, "--format", "json")))
                    ["results"]["bindings"])  # fmt: skip
        rows = list(
            csv.reader(io.StringIO(ok(invoke(bexley_store, "sparql", name, "--format", "csv"))))
        )
        assert len(rows) == count + 1
        root = ET.fromstring(ok(invoke(bexley_store, "sparql", name, "--format", "xml")))
        assert len(list(root.iter(RESULTS_NS + "result"))) == count
        tsv = ok(invoke(bexley_store, "sparql", name, "--format", "tsv"))
        parsed = ox.parse_query_results(tsv.encode("utf-8"), format=ox.QueryResultsFormat.TSV)
        assert len(list(parsed)) == count
        table = ok(invoke(bexley_store, "sparql", name))
        assert all(len(line) <= 80 for line in table.splitlines()), name


# --- errors and safety ----------------------------------------------------------------------
def test_syntax_error_is_one_line_with_its_position(bexley_store):
    message = user_error(
        invoke(bexley_store, "sparql", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}")
    )
    assert "syntax error at line 4, column" in message
    message = user_error(invoke(bexley_store, "sparql", "SELECT * WHERE { ?s nope:p ?o }"))
    assert "line 1, column" in message and "unknown prefix nope:" in message
    message = user_error(invoke(bexley_store, "sparql", "SELEKT * WHERE { ?s ?p ?o }"))
    assert "line 1, column 1" in message


def test_syntax_error_from_the_library(store):
    with pytest.raises(CarekgError, match=r"line 2, column \d+"):
        run_sparql(store, "SELECT *\nWHERE { ?s ?p }")


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(run_writable, writable_store, update):
    before = quads(writable_store)
    message = user_error(run_writable("sparql", update))
    assert "update" in message and "only reads" in message
    assert quads(writable_store) == before


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_the_library_on_a_writable_store(writable_store, update):
    store = open_store(writable_store, write=True)
    try:
        before = store.quad_count()
        with pytest.raises(CarekgError):
            run_sparql(store, update, "json")
        assert store.quad_count() == before
    finally:
        store.close()
        del store
        gc.collect()


def test_a_query_that_smuggles_an_update_is_a_syntax_error(bexley_store):
    before = quads(bexley_store)
    user_error(invoke(bexley_store, "sparql", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"))
    assert quads(bexley_store) == before


def test_help_has_examples_and_formats(bexley_store):
    out = ok(invoke(bexley_store, "sparql", "--help"))
    assert "Example:" in out
    for fmt in ("table", "csv", "tsv", "json", "xml", "ttl", "jsonld"):
        assert fmt in out


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
    ],
)
def test_service_and_from_are_refused(bexley_store, query):
    message = user_error(invoke(bexley_store, "sparql", query))
    assert "not allowed" in message or "not supported" in message
