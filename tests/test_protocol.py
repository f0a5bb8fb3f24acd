"""SPARQL 1.1 Protocol conformance, written from the W3C's protocol test descriptions.

The cases follow the query tests of rdf-tests' ``sparql/sparql11/protocol/manifest.ttl``
(query_get, query_post_form, query_post_direct, query_content_type_*, bad_*), the
dataset tests (refused by design: carekg's default graph is the union of its graphs)
and the update tests (refused: the endpoint is read-only). The server is the real
`carekg serve` on loopback.
"""

from __future__ import annotations

import io
import json
from xml.dom import minidom

import pyoxigraph
import pytest
from test_endpoint import Server, request

from conftest import build_store

SELECT = "SELECT ?n WHERE { cqc:qs8 ckg:number ?n }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("protocol") / "store")
    running = Server(store, tmp_path_factory.mktemp("logs") / "serve.log")
    yield running
    running.stop()


def bindings(text: str) -> list:
    return json.loads(text)["results"]["bindings"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_get_and_post_form(server, method):
    status, headers, text = request(server, SELECT, method=method)
    assert status == 200 and bindings(text)[0]["n"]["value"] == "8"


def test_query_post_direct(server):
    status, _, text = request(server, method="POST", body=SELECT,
                              content_type="application/sparql-query")  # fmt: skip
    assert status == 200 and bindings(text)[0]["n"]["value"] == "8"


def test_query_content_type_select_and_ask(server):
    status, headers, text = request(server, SELECT, accept="application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    minidom.parseString(text)
    status, headers, text = request(server, "ASK { ?s ?p ?o }")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(text)["boolean"] is True


@pytest.mark.parametrize("form", ["DESCRIBE cqc:qs8", "CONSTRUCT { <s> <p> 1 } WHERE {}"])
def test_query_content_type_describe_and_construct(server, form):
    # The CONSTRUCT has relative IRIs: they resolve against the endpoint's URL.
    status, headers, text = request(server, form, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = list(pyoxigraph.parse(io.BytesIO(text.encode()), format=pyoxigraph.RdfFormat.TURTLE))
    assert triples
    if form.startswith("CONSTRUCT"):
        assert triples[0].subject.value == server.url + "s"


@pytest.mark.parametrize(
    "params",
    [
        {"default-graph-uri": "https://w3id.org/carekg/graph/ontology"},
        {"named-graph-uri": "https://w3id.org/carekg/graph/ontology"},
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_dataset_parameters_are_refused_with_a_reason(server, params, method):
    status, _, text = request(server, SELECT, method=method, params=params)
    assert status == 400 and "union" in text


@pytest.mark.parametrize(
    "query",
    ["SELECT * FROM <http://x/> { ?s ?p ?o }", "SELECT * FROM NAMED <http://x/> { ?s ?p ?o }"],
)
def test_dataset_clauses_are_refused(server, query):
    status, _, text = request(server, query)
    assert status == 400 and "FROM" in text


def test_bad_query_method(server):
    assert request(server, SELECT, method="PUT", body=SELECT)[0] == 405


def test_bad_multiple_queries(server):
    status, _, _ = request(server, SELECT, params={"query": SELECT}, method="GET")
    assert status in (200, 400)  # urlencode merges equal keys; send two by hand:
    import urllib.request
    from urllib.parse import quote

    url = f"{server.sparql}?query={quote(SELECT)}&query={quote(SELECT)}"
    try:
        urllib.request.urlopen(url, timeout=30)
        raise AssertionError("two queries were accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 400


def post_raw(server, body: str, content_type: str | None) -> int:
    """The status of a POST with exactly this Content-Type (or none at all)."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(server.sparql)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Content-Length": str(len(body.encode()))}
    if content_type:
        headers["Content-Type"] = content_type
    conn.request("POST", parts.path, body=body.encode(), headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (SELECT, "text/plain"),  # bad_query_wrong_media_type
        (f"query={SELECT}", None),  # bad_query_missing_form_type
        (SELECT, None),  # bad_query_missing_direct_type
    ],
)
def test_bad_media_types(server, body, content_type):
    assert post_raw(server, body, content_type) == 415


def test_bad_query_non_utf8(server):
    import urllib.request

    for charset in ("utf-16", "latin-1"):
        data = 'SELECT ("café" AS ?x) {}'.encode(charset)
        req = urllib.request.Request(server.sparql, data=data, method="POST", headers={
            "Content-Type": f"application/sparql-query; charset={charset.upper()}"})  # fmt: skip
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError(f"a {charset} body was run")
        except urllib.error.HTTPError as error:
            assert 400 <= error.code < 500
    latin = 'SELECT ("café" AS ?x) {}'.encode("latin-1")  # not UTF-8, charset not given
    req = urllib.request.Request(server.sparql, data=latin, method="POST",
                                 headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=30)
    assert refused.value.code == 400


def test_bad_query_syntax(server):
    assert request(server, "SELECT * WHERE {")[0] == 400


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "CLEAR ALL",
        "DROP DEFAULT",
        "LOAD <http://127.0.0.1:1/x>",
    ],
)
def test_updates_are_refused(server, update):
    status, _, text = request(server, method="POST", params={"update": update})
    assert status == 400 and "read-only" in text
    status, _, _ = request(server, method="POST", body=update,
                           content_type="application/sparql-update")  # fmt: skip
    assert status == 400


def test_head_vary_and_406(server):
    import urllib.request

    req = urllib.request.Request(f"{server.sparql}?query=ASK%7B%7D", method="HEAD")
    with urllib.request.urlopen(req, timeout=30) as reply:
        assert reply.status == 200 and reply.read() == b""
    status, headers, _ = request(server, SELECT)
    assert "Accept" in (headers["Vary"] or "")
    assert request(server, SELECT, accept="image/png")[0] == 406
    assert request(server, "ASK { ?s ?p ?o }", accept="text/csv")[0] == 406
