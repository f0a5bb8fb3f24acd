"""The SPARQL endpoint (`carekg serve`) as standard clients see it.

Each server is the real command (waitress) in a subprocess on 127.0.0.1, on a port the
system picks (``--port 0``; the URL is read from the line the command prints on stderr).
The clients are SPARQLWrapper and ``urllib`` with Accept headers.
"""

from __future__ import annotations

import doctest
import gc
import io
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.dom import minidom

import pyoxigraph
import pytest
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import carekg.graph.serve.negotiation as endpoint
from carekg.graph.pipeline import build
from carekg.graph.store import open_store
from conftest import FIXTURES, build_store

STARTUP = 15  # seconds a server may take to answer /health
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    """A `carekg serve` subprocess; ``stop`` ends it."""

    def __init__(self, store: Path, log: Path, *options: str):
        self.log = log
        command = [sys.executable, "-m", "carekg.cli", "--store", str(store), "serve",
                   "--port", "0", *options]  # fmt: skip
        with open(log, "wb") as stderr:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
            )
        self.url = self._wait_until_up()
        self.sparql = self.url + "sparql"

    def _wait_until_up(self) -> str:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"carekg serve exited: {self.log.read_text()}")
            found = re.search(r" at (http://[^/\s]+/) ", self.log.read_text())
            if found:
                try:
                    with urllib.request.urlopen(found.group(1) + "health", timeout=5) as reply:
                        if reply.status == 200:
                            return found.group(1)
                except (urllib.error.URLError, ConnectionError):
                    pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"carekg serve did not answer within {STARTUP} s: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store built from the bundled reports, its writer closed (the lock released)."""
    return build_store(tmp_path_factory.mktemp("endpoint") / "store")


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    """The endpoint with a small row cap (100), so that the cap is easy to reach."""
    running = Server(store, tmp_path_factory.mktemp("logs") / "serve.log", "--max-rows", "100")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def quads(server) -> int:
    return health(server)["quads"]


def health(server) -> dict:
    with urllib.request.urlopen(server.url + "health", timeout=30) as reply:
        assert reply.headers["Content-Type"] == "application/json"
        return json.load(reply)


def request(server, query=None, *, accept=None, method="GET", body=None, content_type=None,
            params=None, timeout=60):  # fmt: skip
    """(status, headers, body text) of one request to /sparql."""
    fields = dict(params or {})
    if query is not None:
        fields["query"] = query
    url = server.sparql
    data = None
    if method == "GET":
        url += "?" + urllib.parse.urlencode(fields)
    elif body is None:
        data = urllib.parse.urlencode(fields).encode()
        content_type = content_type or "application/x-www-form-urlencoded"
    else:
        data = body.encode()
        if fields:
            url += "?" + urllib.parse.urlencode(fields)
    req = urllib.request.Request(url, data=data, method=method)
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            return reply.status, reply.headers, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def count(server) -> int:
    status, _, text = request(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    return int(json.loads(text)["results"]["bindings"][0]["n"]["value"])


def wrapper(server, query, fmt=JSON, method=None) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    elif method:
        client.setMethod(method)
    return client


# --- serving ------------------------------------------------------------------------------
def test_binds_to_loopback_and_prints_the_url(server):
    assert server.url.startswith("http://127.0.0.1:")
    assert "read-only" in server.log.read_text()


def test_health_gives_the_quad_count(server, quads):
    assert quads > 1000
    assert count(server) == quads


def test_docstring_examples():
    failures, tried = doctest.testmod(endpoint, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0


# --- standard clients ---------------------------------------------------------------------
QS8 = "SELECT ?n ?label WHERE { cqc:qs8 ckg:number ?n ; skos:prefLabel ?label }"


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY], ids=["get", "form", "direct"])
def test_sparqlwrapper_json_with_predeclared_prefixes(server, method):
    rows = wrapper(server, QS8, JSON, method).queryAndConvert()["results"]["bindings"]
    assert [(r["n"]["value"], r["label"]["value"]) for r in rows] == [
        ("8", "Governance, management and sustainability")
    ]


def test_sparqlwrapper_xml(server):
    document = wrapper(server, QS8, XML).queryAndConvert()
    assert isinstance(document, minidom.Document)
    values = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "8" in values


def test_sparqlwrapper_ask(server):
    assert wrapper(server, "ASK { cqc:qs8 a ckg:QualityStatement }").queryAndConvert() == {
        "head": {},
        "boolean": True,
    }


def test_sparqlwrapper_construct_as_turtle(server):
    query = (
        "CONSTRUCT { ?q skos:prefLabel ?l } WHERE { ?q a ckg:QualityStatement ; skos:prefLabel ?l }"
    )
    result = wrapper(server, query, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    data = result.convert()
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == 9
    assert b"@prefix cqc:" in data


@pytest.mark.parametrize(
    ("accept", "media", "separator"),
    [
        ("text/csv", "text/csv", ","),
        ("text/tab-separated-values", "text/tab-separated-values", "\t"),
    ],
)
def test_csv_and_tsv_by_accept(server, accept, media, separator):
    status, headers, text = request(server, QS8, accept=accept)
    assert status == 200
    assert headers["Content-Type"].startswith(media)
    lines = text.splitlines()
    assert lines[0].split(separator) == (["n", "label"] if separator == "," else ["?n", "?label"])
    assert lines[1].split(separator)[0] == "8"


def test_accept_quality_values_and_format_parameter(server):
    accept = "text/csv;q=0.2, application/sparql-results+xml"
    assert request(server, QS8, accept=accept)[1]["Content-Type"].startswith(
        "application/sparql-results+xml"
    )
    assert request(server, QS8, accept=accept, params={"format": "tsv"})[1][
        "Content-Type"
    ].startswith("text/tab-separated-values")
    status, headers, text = request(server, "DESCRIBE cqc:qs8", params={"format": "jsonld"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(text)
    status, headers, _ = request(server, "DESCRIBE cqc:qs8", accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    status, _, text = request(server, "DESCRIBE cqc:qs8", params={"format": "csv"})
    assert status == 400 and "format" in text
    # The page's form without its script sends format= empty: the default.
    status, headers, _ = request(server, QS8, method="POST", params={"format": ""})
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_non_ascii_query_text(server, method):
    query = 'SELECT ?x WHERE { BIND("café – Bexley’s ü" AS ?x) }'
    if method == "GET":
        status, _, text = request(server, query)
    else:
        status, _, text = request(
            server, method="POST", body=query, content_type="application/sparql-query"
        )
    assert status == 200, text
    assert json.loads(text)["results"]["bindings"][0]["x"]["value"] == "café – Bexley’s ü"


def test_rdf_1_2_terms_survive_or_get_406(server):
    query = "SELECT ?t WHERE { BIND(<<( cqc:qs8 ckg:number 8 )>> AS ?t) }"
    status, _, text = request(server, query)
    assert status == 200, text
    term = json.loads(text)["results"]["bindings"][0]["t"]
    assert term["type"] == "triple"
    assert term["value"]["subject"]["value"].endswith("/cqc/qs8")
    construct = "CONSTRUCT { cqc:qs8 ckg:x <<( cqc:qs8 ckg:number 8 )>> } WHERE {}"
    assert request(server, construct, accept="text/turtle")[0] == 200
    status, _, text = request(server, construct, accept="application/ld+json")
    assert status == 406 and "JSON-LD" in text


def test_service_in_a_string_or_a_name_is_not_a_keyword(server):
    query = 'SELECT ?x WHERE { BIND("SERVICE <x> {}" AS ?x) } # SERVICE'
    status, _, text = request(server, query)
    assert status == 200, text


# --- the query page -------------------------------------------------------------------------
def test_query_page_works_offline(server):
    with urllib.request.urlopen(server.url, timeout=30) as reply:
        assert reply.headers["Content-Type"].startswith("text/html")
        policy = reply.headers["Content-Security-Policy"]
        page = reply.read().decode()
    assert not re.search(r"https?://", page, re.I)
    assert not re.search(r"\b(src|href)\s*=", page, re.I)
    assert "<textarea" in page and "<select" in page and "fetch(" in page
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    # The example query in the page runs.
    example = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    status, _, text = request(server, example.replace("&#x27;", "'").replace("&quot;", '"'))
    assert status == 200, text


# --- read-only ----------------------------------------------------------------------------
REFUSED = {
    "update-parameter": dict(method="POST", params={"update": "DROP ALL"}),
    "update-body": dict(
        method="POST",
        body="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        content_type="application/sparql-update",
    ),
    "insert-data-get": dict(query="INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"),
    "insert-data-post": dict(
        method="POST",
        body="PREFIX ex: <urn:x:>\nINSERT DATA { ex:a ex:b ex:c }",
        content_type="application/sparql-query",
    ),
    "select-then-drop": dict(query="SELECT * WHERE { ?s ?p ?o } ; DROP ALL"),
    "load": dict(query="LOAD <urn:nothing> INTO GRAPH <urn:g>"),
    "delete-where": dict(method="POST", query="DELETE WHERE { ?s ?p ?o }"),
    "service": dict(query="SELECT * WHERE { SERVICE <urn:elsewhere> { ?s ?p ?o } }"),
    "service-silent": dict(query="select * { ?s ?p ?o . service silent <urn:x> { ?s ?p ?o } }"),
    # An IRI with a \\u escape is one token: its '#' does not start a comment.
    "service-after-escaped-iri": dict(
        query="SELECT * { <urn:\\u0041#> ?p ?o . SERVICE <urn:x> { ?s ?p ?o } }"
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_updates_and_service_are_refused(server, quads, case):
    options = dict(REFUSED[case])
    status, headers, text = request(server, options.pop("query", None), **options)
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert "not allowed" in text and len(text.strip().splitlines()) == 1
    assert health(server)["quads"] == quads
    assert count(server) == quads


def test_sparqlwrapper_update_is_refused(server, quads):
    client = SPARQLWrapper(server.sparql)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    with pytest.raises(QueryBadFormed):
        client.query()
    assert count(server) == quads


def test_syntax_error_is_a_400_with_its_position(server):
    status, headers, text = request(server, "SELECT * WHERE {\n  ?s ?p ")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert text.startswith("SPARQL syntax error at line 2")
    assert len(text.strip().splitlines()) == 1


def test_bad_requests(server):
    assert request(server, method="POST")[0] == 400  # no query
    assert request(server, params={"format": "json"})[0] == 400  # no query
    assert request(server, method="PUT", body="x")[0] == 405
    assert request(server, method="POST", body="x", content_type="text/plain")[0] == 415
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(server.url + "nothing-here", timeout=30)
    assert missing.value.code == 404


def test_bare_get_is_a_service_description(server):
    status, headers, text = request(server)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = list(pyoxigraph.parse(io.BytesIO(text.encode()), format=pyoxigraph.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in graph if t.predicate.value.endswith("#endpoint")]
    assert endpoints == [server.sparql]


# --- limits -------------------------------------------------------------------------------
def test_row_cap_cuts_select_and_says_so(server, quads):
    status, headers, text = request(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(text)["results"]["bindings"]) == 100
    assert headers["X-Carekg-Truncated"] == "true"
    assert headers["X-Carekg-Max-Rows"] == "100"
    status, headers, text = request(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 100")
    assert len(json.loads(text)["results"]["bindings"]) == 100
    assert headers["X-Carekg-Truncated"] is None


def test_row_cap_cuts_construct(server):
    status, headers, text = request(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert status == 200
    assert headers["X-Carekg-Truncated"] == "true"
    triples = list(pyoxigraph.parse(io.BytesIO(text.encode()), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == 100


def test_timeout_answers_503(store, tmp_path):
    slow = Server(store, tmp_path / "serve.log", "--timeout", "1")
    try:
        started = time.monotonic()
        status, headers, text = request(slow, SLOW_QUERY, timeout=30)
        assert status == 503
        assert "time limit of 1 s" in text
        assert time.monotonic() - started < 20  # generous: the limit is 1 s
        assert health(slow)["quads"] > 0  # and the server goes on answering
    finally:
        slow.stop()


def test_answers_follow_a_rebuild_that_is_not_blocked(store, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy, symlinks=True)
    (copy / "LOCK").unlink(missing_ok=True)
    running = Server(copy, tmp_path / "serve.log")
    try:
        before = health(running)["quads"]
        writable = open_store(copy, write=True)  # the server holds no lock
        build(writable, [FIXTURES / "cqc-assessment-harbourside-full.txt"])
        writable.close()
        del writable
        gc.collect()
        after = health(running)["quads"]
        assert after != before
        assert count(running) == after
    finally:
        running.stop()
