"""The read-only check decides on a full parse: no spelling gets SERVICE, FROM or an update past it.

Each smuggling attempt is also aimed at a listening socket on loopback: the test
fails if anything connects to it.
"""

from __future__ import annotations

import socket
import threading

import pytest

from carekg.graph.store.sparql_text import read_only_problem


@pytest.fixture
def listener():
    """A loopback port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(1)
    server.close()


SMUGGLED = [
    "SELECT * {{ ?s ?p ?o.SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?y ?z }} }}",
    "SELECT * {{ ?s ?p ?o;SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?y ?z }} }}",
    "SELECT * {{ {{ ?s ?p ?o }} SeRvIcE SILENT <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
    "SELECT * {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }} }}",
    "SELECT * {{ ?s ?p ?o #x\n.SERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
    "SELECT * {{ ?s ?p <<( ?a ?b ?c )>> . SERVICE <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}",
]


@pytest.mark.parametrize("template", SMUGGLED)
def test_service_is_found_however_it_is_spelt(template, listener, run):
    port, hits = listener
    query = template.format(port=port)
    assert (read_only_problem(query) or "").startswith("SERVICE")
    result = run("sparql", query)
    assert result.exit_code == 1 and "SERVICE" in result.stderr
    assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://x/> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://x/> { GRAPH ?g { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } FROM <http://x/> WHERE { ?s ?p ?o }",
    ],
)
def test_from_is_refused(query):
    assert (read_only_problem(query) or "").startswith("FROM")


@pytest.mark.parametrize(
    "query",
    [
        "DROP ALL",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:1/x.ttl>",
    ],
)
def test_updates_are_refused(query):
    assert "update" in (read_only_problem(query) or "")


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service { ?s <x#SERVICE> "SERVICE" } # SERVICE',
        "SELECT ?from WHERE { ?from ckg:service ?o }",
        "SELECT * { ?s ?p ?o . FILTER(?o = 'FROM') }",
    ],
)
def test_words_in_names_strings_and_comments_are_fine(query):
    assert read_only_problem(query) is None


def test_a_name_ending_in_from_does_not_cost_a_full_parse():
    # prov:wasDerivedFrom is no FROM clause: the check must not load rdflib's parser for it.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from carekg.graph.store.sparql_text import read_only_problem as check\n"
        "assert check('SELECT * { ?s prov:wasDerivedFrom ?o }') is None\n"
        "assert check('SELECT * from <http://x/> { ?s ?p ?o }').startswith('FROM')\n"
        "print('rdflib.plugins.sparql.parser' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "True"  # loaded for the real FROM only
    code = code.replace("check('SELECT * from <http://x/> { ?s ?p ?o }').startswith('FROM')",
                        "True")  # fmt: skip
    assert subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True).stdout.strip() == "False"  # fmt: skip
