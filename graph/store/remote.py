"""The store in an existing SPARQL 1.1 server: ``--store http(s)://host:port/sparql``.

``RemoteStore`` has the public interface of ``EmbeddedStore``, so every command runs
unchanged against a server such as Virtuoso. It speaks the SPARQL 1.1 Protocol for
queries, the Graph Store Protocol (``POST``) to upload triples, and SPARQL 1.1 Update
for ``DROP``/``MOVE``, with nothing but the standard library's ``urllib``.

**What queries see.** carekg owns the named graphs under
``https://w3id.org/carekg/graph/`` on the server and nothing else. Every query is sent
with its dataset made explicit: one ``default-graph-uri`` and one ``named-graph-uri``
parameter for each visible carekg graph, so the default graph is the union of the carekg
graphs (as in the embedded store) and ``GRAPH ?g`` ranges over them. The server's other
data (Virtuoso's own system graphs, other applications' graphs) and carekg's staging
graphs are never seen, and ``build`` drops only carekg graphs. The explicit dataset is
needed on Virtuoso, whose default graph is otherwise the union of *all* its graphs and
which lets ``GRAPH ?g`` see every graph unless ``named-graph-uri`` is given too. The list
of graphs is read with one query and kept for a few seconds. A ``FROM`` clause in a
query is overridden by this dataset, as the protocol says.

**Queries** are parsed locally by pyoxigraph first (on an empty in-memory store), so a
syntax error reads exactly as on the embedded store and updates are refused before
anything is sent. ``select`` returns rows of pyoxigraph terms read from SPARQL JSON
results; ``query_raw`` returns pyoxigraph's own result objects (``QuerySolutions``,
``QueryBoolean``, ``QueryTriples``) rebuilt from the server's answer, so callers cannot
tell the stores apart. Virtuoso's quirks are smoothed over here: blank nodes named
``nodeID://b1`` become ``b1``, SPARQL 1.0 ``typed-literal`` becomes ``literal``, an ASK
answered as a one-row ``__ASK_RETVAL`` table becomes a boolean, and an answer marked
partial (``X-SQL-State``, an "anytime" query cut short) is an error, not a short result.

**Writes** (``replace_graphs``) are as atomic as the server allows: each graph's triples
are uploaded, as N-Triples written by pyoxigraph, into a staging graph
``<https://w3id.org/carekg/graph/staging/TIME-PID-RANDOM/N>``, then one SPARQL Update
request drops the replaced graphs and ``MOVE``s every staging graph into place. Uploads
use Graph Store ``POST`` in chunks of ``UPLOAD_CHUNK`` triples, or ``INSERT DATA`` batches
of ``INSERT_CHUNK`` if the server has no Graph Store endpoint. The triples with blank nodes
go up in one request (in ``INSERT {...} WHERE {}`` on that path, as Virtuoso refuses blank
nodes in ``INSERT DATA``), so a blank node is never split in two. Virtuoso commits the
final request at its end, but an operation in it that fails does not undo the ones before
it. Queries through carekg never see staging graphs, but on a remote server a staging
graph left by a killed write stays visible to other clients' raw queries until the next
write removes it: every write starts by dropping the staging graphs that a write started
more than ``STALE_AFTER`` seconds ago left behind (not younger ones, which may belong to
a write still running in another process; the remote store has no lock).

**Endpoints and credentials.** The query URL is the ``--store`` location. The update and
Graph Store URLs derive from it, or come from ``CAREKG_STORE_UPDATE_URL`` and
``CAREKG_STORE_GSP_URL`` (set the latter to ``none`` to upload with ``INSERT DATA``):

============================  ==================================  ================================
query URL ends with           update URL                          Graph Store URL
============================  ==================================  ================================
``/sparql`` (Virtuoso)        ``/sparql-auth`` with credentials,  ``/sparql-graph-crud-auth`` with
                              else ``/sparql``                    credentials, else
                                                                  ``/sparql-graph-crud``
``/query`` (Fuseki)           ``/update``                         ``/data``
anything else                 the query URL                       the query URL
============================  ==================================  ================================

A Graph Store URL that answers 404, 405, 415 or 501 is given up for ``INSERT DATA``.
``CAREKG_STORE_USER`` and ``CAREKG_STORE_PASSWORD`` are sent, with HTTP Digest or Basic
authentication as the server asks, to the hosts of those three URLs only. Virtuoso's
``dba`` may update through ``/sparql-auth`` with no further grant; its anonymous
``/sparql`` is read-only. Virtuoso caps result sizes (``ResultSetMaxRows``) and query
times; set them high enough for your data. ``dump`` checks that it got every quad.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import (
    BlankNode,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from carekg.graph.errors import CarekgError, NoStoreError
from carekg.graph.model.namespaces import GRAPH, PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.store.base import STAGING, QueryableStore, bind, prefix_header
from carekg.graph.store.http import Http, HttpStatusError, derived_endpoints
from carekg.graph.store.sparql_text import query_form, read_only_problem, syntax_message

CAREKG_GRAPHS = str(GRAPH)
# Sent as the whole dataset when there is no carekg graph yet: it never holds triples.
EMPTY_GRAPH = STAGING + "none"
UPLOAD_CHUNK = 50_000  # triples per Graph Store POST
INSERT_CHUNK = 2_000  # triples per INSERT DATA request
STALE_AFTER = 3600  # seconds after which another write's staging graph is abandoned
GRAPH_LIST_TTL = 5.0  # seconds a read list of graphs is reused for
GSP_UNSUPPORTED = {404, 405, 415, 501}

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def _bnode_id(value: str) -> str:
    """A valid blank node label for a server's (Virtuoso: ``nodeID://b10000``)."""
    label = re.sub(r"[^A-Za-z0-9_]", "_", value.removeprefix("nodeID://"))
    return label or "b"


def _normalise_json(data: dict, form: str) -> dict:
    """SPARQL JSON results as the W3C Recommendation has them, Virtuoso's quirks removed."""
    bindings = (data.get("results") or {}).get("bindings") or []
    if form == "ask":
        if "boolean" in data:
            return {"head": {}, "boolean": bool(data["boolean"])}
        # Virtuoso 7 answers ASK with a table: one row (__ASK_RETVAL 1) for true, none for false.
        value = any(
            term.get("value") not in ("0", "false") for row in bindings for term in row.values()
        )
        return {"head": {}, "boolean": value}
    for row in bindings:
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
            elif term.get("type") == "bnode":
                term["value"] = _bnode_id(str(term.get("value", "")))
    return {
        "head": {"vars": (data.get("head") or {}).get("vars", [])},
        "results": {"bindings": bindings},
    }


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def _has_blank_node(triple: Triple) -> bool:
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


class RemoteStore(QueryableStore):
    """carekg's named graphs in a SPARQL 1.1 server (the interface of ``EmbeddedStore``)."""

    def __init__(self, url: str, *, writable: bool = False):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CarekgError(f"{url} is not an http(s) SPARQL endpoint URL")
        if parts.username is not None or parts.password is not None:
            raise CarekgError(
                "put the login in CAREKG_STORE_USER and CAREKG_STORE_PASSWORD, not in the URL"
            )
        user = os.environ.get("CAREKG_STORE_USER") or None
        password = os.environ.get("CAREKG_STORE_PASSWORD")
        if password and user is None:
            raise CarekgError("CAREKG_STORE_PASSWORD is set but CAREKG_STORE_USER is not")
        self.url = urllib.parse.urlunsplit(parts._replace(fragment=""))
        self.update_url, self.gsp_url = derived_endpoints(self.url, user is not None)
        urls = [self.url, self.update_url] + ([self.gsp_url] if self.gsp_url else [])
        self._http = Http(urls, user, password)
        self.writable = writable
        self._graphs: list[str] | None = None  # every carekg graph, staging ones included
        self._graphs_read_at = 0.0
        self._parser = Store()  # empty: parses queries and tells their form

    @classmethod
    def open(cls, url: str, *, write: bool = False) -> RemoteStore:
        """A store at ``url``; reading needs carekg graphs there already."""
        store = cls(url, writable=write)
        if not write and not store.named_graphs():
            raise NoStoreError(f"no carekg graphs at {store.url}")
        return store

    @property
    def location(self) -> str:
        return self.url

    # --- the graphs -------------------------------------------------------------------------
    def _all_graphs(self, fresh: bool = False) -> list[str]:
        """Every carekg graph on the server, staging graphs included."""
        if (
            fresh
            or self._graphs is None
            or time.monotonic() - self._graphs_read_at > GRAPH_LIST_TTL
        ):
            # Filtered here, not in SPARQL: Virtuoso would test the FILTER on every quad
            # (1.3 s instead of 0.25 s for a million quads).
            # GROUP BY, not DISTINCT: Virtuoso 7 answers it at once (DISTINCT took 15 s).
            query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            data, media = self._post_query(query, "select", dataset=False)
            solutions = self._results(data, media, "select")
            self._graphs = sorted(
                row["g"].value
                for row in solutions
                if isinstance(row["g"], NamedNode) and row["g"].value.startswith(CAREKG_GRAPHS)
            )
            self._graphs_read_at = time.monotonic()
        return self._graphs

    def named_graphs(self) -> list[str]:
        """IRIs of the visible named graphs (carekg's, staging graphs left out)."""
        return [g for g in self._all_graphs(fresh=True) if not g.startswith(STAGING)]

    def _dataset(self) -> list[tuple[str, str]]:
        visible = [g for g in self._all_graphs() if not g.startswith(STAGING)] or [EMPTY_GRAPH]
        return [("default-graph-uri", g) for g in visible] + [
            ("named-graph-uri", g) for g in visible
        ]

    # --- reading ----------------------------------------------------------------------------
    def _form(self, text: str) -> str:
        """``select``, ``ask`` or ``graph``; a syntax error (or an update) is a CarekgError."""
        problem = read_only_problem(text)
        if problem:  # refused before anything reaches the server
            raise CarekgError(problem)
        try:
            # Parsed (and run on an empty store, which is cheap) so that syntax errors
            # read as on the embedded store; prefixes apart keep the user's positions.
            result = self._parser.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise CarekgError(syntax_message(text, str(exc))) from None
        except (OSError, RuntimeError, ValueError) as exc:
            form = _FORMS.get(query_form(text) or "")
            if form is None:
                raise CarekgError(f"SPARQL query failed: {one_line(exc)}") from None
            return form
        if isinstance(result, QuerySolutions):
            return "select"
        if isinstance(result, QueryBoolean):
            return "ask"
        return "graph"

    def _post_query(self, text: str, form: str, dataset: bool = True) -> tuple[bytes, str]:
        fields = [("query", text)] + (self._dataset() if dataset else [])
        accept = N_TRIPLES + ", text/turtle;q=0.5" if form == "graph" else JSON_RESULTS
        body = urllib.parse.urlencode(fields).encode("ascii")
        return self._http.post(self.url, body, "application/x-www-form-urlencoded", accept)

    def _results(self, data: bytes, media: str, form: str):
        """The server's answer as pyoxigraph's own result object."""
        where = f"the SPARQL server at {self.url}"
        try:
            if form == "graph":
                rdf_format = RdfFormat.from_media_type(media)
                if rdf_format is None:
                    raise CarekgError(f"{where} answered with {media}, not RDF")
                graph = Store()
                graph.load(data, format=rdf_format)
                return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
            if media in (JSON_RESULTS, "application/json"):
                parsed = json.loads(data.decode("utf-8"), strict=False)
                data = json.dumps(_normalise_json(parsed, form)).encode("utf-8")
                media = JSON_RESULTS
            results_format = QueryResultsFormat.from_media_type(media)
            if results_format is None:
                raise CarekgError(f"{where} answered with {media}, not SPARQL results")
            return parse_query_results(data, format=results_format)
        except (ValueError, SyntaxError, UnicodeDecodeError) as exc:
            raise CarekgError(f"{where} sent an unreadable answer: {one_line(exc)}") from None

    def query_raw(self, query: str, bindings=None, base_iri: str | None = None):
        """A query's result as pyoxigraph objects (solutions, triples or a boolean)."""
        text = bind(query, bindings)
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        form = self._form(text)
        data, media = self._post_query(prefix_header() + text, form)
        return self._results(data, media, form)

    def dump(self, format: RdfFormat) -> bytes:
        """The whole dataset (a dataset format) or all graphs merged (a triple format)."""
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
        expected = self.quad_count()
        if len(quads) != expected:
            raise CarekgError(
                f"the SPARQL server at {self.url} returned {len(quads)} of {expected} quads; "
                "raise its result size limit (Virtuoso: ResultSetMaxRows)"
            )
        if format.supports_datasets:
            return serialize(quads, format=format, prefixes=PREFIXES)
        triples = dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in quads)
        return serialize(list(triples), format=format, prefixes=PREFIXES)

    # --- writing ----------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if not self.writable:
            raise CarekgError(f"the store at {self.url} was opened read-only")

    def _update(self, text: str) -> None:
        body = urllib.parse.urlencode([("update", text)]).encode("ascii")
        accept = f"{JSON_RESULTS}, text/plain;q=0.5, */*;q=0.1"
        self._http.post(self.update_url, body, "application/x-www-form-urlencoded", accept)

    def _drop_stale_staging(self) -> None:
        """Drop staging graphs that a write which started over STALE_AFTER s ago left behind."""
        now = time.time()
        stale = []
        for graph in self._all_graphs(fresh=True):
            if not graph.startswith(STAGING):
                continue
            started = re.match(r"(\d+)-", graph[len(STAGING) :])
            if started is None or now - int(started.group(1)) > STALE_AFTER:
                stale.append(graph)
        if stale:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))

    def _chunks(self, triples: Iterable[Triple]) -> Iterator[list[Triple]]:
        """Batches of at most UPLOAD_CHUNK triples; those with blank nodes all in one batch."""
        batch: list[Triple] = []
        with_blank_nodes: list[Triple] = []
        for triple in triples:
            if _has_blank_node(triple):
                with_blank_nodes.append(triple)
                continue
            batch.append(triple)
            if len(batch) >= UPLOAD_CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch
        if with_blank_nodes:
            yield with_blank_nodes

    def _upload(self, stage: str, triples: Iterable[Triple]) -> int:
        """Add ``triples`` to the graph ``stage``; how many were sent."""
        sent = 0
        for batch in self._chunks(triples):
            if self.gsp_url is not None:
                try:
                    self._gsp_post(stage, batch)
                    sent += len(batch)
                    continue
                except HttpStatusError as exc:
                    if exc.status not in GSP_UNSUPPORTED:
                        raise
                    self.gsp_url = None  # no Graph Store endpoint there: use SPARQL Update
            self._insert_data(stage, batch)
            sent += len(batch)
        return sent

    def _gsp_post(self, stage: str, batch: list[Triple]) -> None:
        query = urllib.parse.urlencode([("graph", stage)])
        separator = "&" if urllib.parse.urlsplit(self.gsp_url).query else "?"
        body = serialize(batch, format=RdfFormat.N_TRIPLES)
        self._http.post(f"{self.gsp_url}{separator}{query}", body, N_TRIPLES, "*/*")

    def _insert_data(self, stage: str, batch: list[Triple]) -> None:
        if any(map(_has_blank_node, batch)):
            # One request, so that a blank node label means one node; and a template, since
            # Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause").
            lines = serialize(batch, format=RdfFormat.N_TRIPLES).decode("utf-8")
            self._update(f"INSERT {{ GRAPH <{stage}> {{\n{lines}}} }} WHERE {{}}")
            return
        for start in range(0, len(batch), INSERT_CHUNK):
            part = batch[start : start + INSERT_CHUNK]
            lines = serialize(part, format=RdfFormat.N_TRIPLES).decode("utf-8")
            self._update(f"INSERT DATA {{ GRAPH <{stage}> {{\n{lines}}} }}")

    def replace_graphs(
        self, graphs: Mapping[NamedNode, Iterable[Triple]], *, keep_only: bool = False
    ) -> None:
        """Replace each named graph's content, as atomically as the server allows.

        With ``keep_only`` every other carekg graph is dropped in the same request (a full
        rebuild). A failure before the last request leaves the graphs as they were.
        """
        self._check_writable()
        self._drop_stale_staging()
        run = f"{STAGING}{int(time.time())}-{os.getpid()}-{uuid.uuid4().hex[:8]}/"
        stages: list[str] = []
        operations: list[str] = []
        try:
            moves = []
            for index, (graph, triples) in enumerate(graphs.items()):
                stage = f"{run}{index}"
                stages.append(stage)
                count = self._upload(stage, triples)
                moves.append(f"DROP SILENT GRAPH {graph}")
                if count:
                    moves.append(f"MOVE SILENT GRAPH <{stage}> TO GRAPH {graph}")
            if keep_only:
                keep = {g.value for g in graphs}
                operations += [
                    f"DROP SILENT GRAPH <{g}>" for g in self.named_graphs() if g not in keep
                ]
            operations += moves
            if operations:
                self._update(" ;\n".join(operations))
        except BaseException:
            if stages:  # best effort: take this write's staging graphs away again
                try:
                    self._update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in stages))
                except CarekgError:
                    pass
            raise
        finally:
            self._graphs = None

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs in one request."""
        self._check_writable()
        self._drop_stale_staging()
        operations = [f"DROP SILENT GRAPH {g}" for g in graphs]
        try:
            if operations:
                self._update(" ;\n".join(operations))
        finally:
            self._graphs = None

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""
        self._graphs = None
