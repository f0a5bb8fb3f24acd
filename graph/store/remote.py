"""The store in an existing SPARQL 1.1 server: ``--store http(s)://host:port/sparql``.

``RemoteStore`` has the public interface of ``EmbeddedStore``, so every command runs
unchanged against a server such as Virtuoso. It speaks the SPARQL 1.1 Protocol for
queries, the Graph Store Protocol (``POST``) to upload triples, and SPARQL 1.1 Update
for ``DROP``/``MOVE``, with nothing but the standard library's ``urllib``.

**What queries see.** carekg owns the named graphs under
``https://w3id.org/carekg/graph/`` on the server and nothing else. Every query's dataset
is made explicit, so the default graph is the union of the visible carekg graphs (as in
the embedded store) and ``GRAPH ?g`` ranges over them; the server's other graphs and
carekg's staging graphs are never seen, and ``build`` drops only carekg graphs. On
Virtuoso (whose default graph is otherwise every graph) the other graphs are left out by
``DEFINE input:default-graph-exclude`` and ``named-graph-exclude``: listing 450 graphs as
``default-graph-uri`` made a query take minutes. Elsewhere, one ``default-graph-uri`` and
one ``named-graph-uri`` per visible graph. The list of graphs is read with one query and
kept for a few seconds. A ``FROM`` clause in a query is overridden, as the protocol says.

**Queries** are parsed locally by pyoxigraph first (on an empty in-memory store), so a
syntax error reads exactly as on the embedded store and updates are refused before
anything is sent. ``select`` returns rows of pyoxigraph terms read from SPARQL JSON
results; ``query_raw`` returns pyoxigraph's own result objects (``QuerySolutions``,
``QueryBoolean``, ``QueryTriples``) rebuilt from the server's answer, so callers cannot
tell the stores apart. Virtuoso's quirks are smoothed over here: blank nodes named
``nodeID://b1`` become ``b1``, SPARQL 1.0 ``typed-literal`` becomes ``literal``, an ASK
answered as a one-row ``__ASK_RETVAL`` table becomes a boolean, and an answer marked
partial (``X-SQL-State``, an "anytime" query cut short) is an error, not a short result.

**Writes** (``replace_graphs``, ``drop_graphs``) are atomic for carekg's readers, however
large (``remote_plan`` says how): each graph's triples go up, as N-Triples written by
pyoxigraph, into a staging graph; one small ``INSERT DATA`` of the plan (which staging
graph replaces which graph, which graphs go) is the commit point; ``MOVE``s apply it a few
graphs per request. Until then queries see the staging graphs in place of the graphs they
replace; a write stopped before the commit changes nothing, one stopped after it is
complete for readers and the next write finishes it. Uploads use Graph Store ``POST`` in
chunks of ``UPLOAD_CHUNK`` triples, or ``INSERT DATA`` batches of ``INSERT_CHUNK`` if the
server has no Graph Store endpoint; triples with blank nodes go up in one request (in
``INSERT {...} WHERE {}`` on that path: Virtuoso refuses them in ``INSERT DATA``). Other
clients' raw queries do see staging graphs: every write drops those that a write started
more than ``STALE_AFTER`` s ago left uncommitted. One write at a time: a second one gets a
one-line error while the first holds its lease on the server (``remote_lease``).

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

A Graph Store URL answering 404, 405, 415 or 501 is given up for ``INSERT DATA``. The
login (``CAREKG_STORE_USER``, ``CAREKG_STORE_PASSWORD``; Digest or Basic) goes to those
URLs' hosts only. Virtuoso's ``dba`` updates through ``/sparql-auth``; anonymous
``/sparql`` is read-only; raise its ``ResultSetMaxRows`` and query time limits to fit your
data (``dump`` checks that it got every quad).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable

from pyoxigraph import (
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
from carekg.graph.store.base import (
    STAGING,
    Graphs,
    QueryableStore,
    bind,
    graph_pairs,
    prefix_header,
)
from carekg.graph.store.http import Http, HttpStatusError, derived_endpoints, normalise_json
from carekg.graph.store.remote_lease import HOLDERS, LEASE, Holder, Lease, holders_from_rows
from carekg.graph.store.remote_plan import (
    Plan,
    View,
    apply_steps,
    exclusions,
    has_blank_node,
    is_plan,
    operations,
    plan_graph,
    plans_from_rows,
    run_started,
    upload_batches,
    view,
)
from carekg.graph.store.sparql_text import query_form, read_only_problem, syntax_message

CAREKG_GRAPHS = str(GRAPH)
# Sent as the whole dataset when there is no carekg graph yet: it never holds triples.
EMPTY_GRAPH = STAGING + "none"
UPLOAD_CHUNK = 50_000  # triples per Graph Store POST
INSERT_CHUNK = 2_000  # triples per INSERT DATA request
STALE_AFTER = 3600  # seconds after which another write's staging graph is abandoned
GRAPH_LIST_TTL = 5.0  # seconds a read list of graphs is reused for
GSP_UNSUPPORTED = {404, 405, 415, 501}
SETTLE = 30.0  # quiet seconds before finishing another process's committed write
DATASET_TRIES = 3  # a query asked again while the graphs change under it
DEADLOCK_RETRIES = 5  # tries again after 1, 2, 4, 8, 16 s

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


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
        self._others: list[str] = []  # the server's other graphs (Virtuoso's own, ...)
        self._graphs_read_at = 0.0
        self._view_of: list[str] | None = None  # the graph list _view_cached was made from
        self._view_cached = View([], [])
        self._parser = Store()  # empty: parses queries and tells their form
        self._lease: Lease | None = None  # held while this store writes

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
        age = time.monotonic() - self._graphs_read_at
        if fresh or self._graphs is None or age > GRAPH_LIST_TTL:
            # Filtered here, not by a FILTER Virtuoso tests on every quad (1.3 s, not 0.25 s
            # for a million); GROUP BY, not DISTINCT (15 s on Virtuoso 7).
            query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            data, media = self._post_query(query, "select", dataset=False)
            solutions = self._results(data, media, "select")
            names = [row["g"].value for row in solutions if isinstance(row["g"], NamedNode)]
            self._others = [g for g in names if not g.startswith(CAREKG_GRAPHS)]
            self._graphs = sorted(g for g in names if g.startswith(CAREKG_GRAPHS))
            self._graphs_read_at = time.monotonic()
        return self._graphs

    def _plans(self, graphs: list[str]) -> list[Plan]:
        """The committed plans among ``graphs`` (writes not yet fully applied), oldest first."""
        plans = [g for g in graphs if is_plan(g)]
        if not plans:
            return []
        query = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        data, media = self._send(query, "select", [("named-graph-uri", g) for g in plans])
        rows = self._results(data, media, "select")
        return plans_from_rows(
            (r["g"].value, r["s"].value, r["p"].value, r["o"].value) for r in rows
        )

    def _view(self, fresh: bool = False) -> View:
        """What queries see: the server's carekg graphs with committed plans applied."""
        graphs = self._all_graphs(fresh)
        if self._view_of is not graphs:  # worked out once per graph list read
            self._view_cached = view(graphs, self._plans(graphs))
            self._view_of = graphs
        return self._view_cached

    def named_graphs(self) -> list[str]:
        """IRIs of the visible named graphs (carekg's, staging graphs left out)."""
        return list(self._view(fresh=True).logical)

    def _dataset(self) -> list[tuple[str, str]]:
        visible = self._view().dataset or [EMPTY_GRAPH]
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
        if not dataset:
            return self._send(text, form, [])
        for attempt in range(DATASET_TRIES):
            known, others, shown = self._all_graphs(), self._others, self._view().dataset
            exclude = self._http.virtuoso and attempt < DATASET_TRIES - 1
            if exclude:
                hidden = others + [g for g in known if g not in set(shown)]
                try:
                    answer = self._send(exclusions(hidden) + text, form, [])
                except CarekgError as exc:  # Virtuoso 7 compiles some (MINUS) too deep
                    if "SQ200" not in str(exc):
                        raise
                    exclude, answer = False, self._send(text, form, self._dataset())
            else:
                answer = self._send(text, form, self._dataset())
            # Graphs changed meanwhile (a move ended, a graph appeared): ask again.
            after = self._all_graphs(fresh=True)
            if self._view().dataset == shown and (not exclude or {*after} <= {*known, *others}):
                return answer
        return answer

    def _send(self, text: str, form: str, dataset: list) -> tuple[bytes, str]:
        fields = [("query", text)] + dataset
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
                data = json.dumps(normalise_json(parsed, form)).encode("utf-8")
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
    def _update(self, text: str) -> None:
        body = urllib.parse.urlencode([("update", text)]).encode("ascii")
        accept = f"{JSON_RESULTS}, text/plain;q=0.5, */*;q=0.1"
        self._http.post(self.update_url, body, "application/x-www-form-urlencoded", accept)

    def _recover(self) -> None:
        """Finish writes committed but not applied; drop staging graphs left by writes that
        started over STALE_AFTER s ago and never committed."""
        graphs = self._all_graphs(fresh=True)
        plans = self._plans(graphs)
        if plans:
            graphs = self._settle(graphs)
        for plan in plans:  # oldest first: a later write may replace the same graphs
            self._apply(plan, own=False)
        if plans:
            graphs = self._all_graphs(fresh=True)
        now = time.time()
        stale = []
        for graph in graphs:
            if not graph.startswith(STAGING) or graph == LEASE.value:
                continue
            started = run_started(graph)
            if started is None or now - started > STALE_AFTER:
                stale.append(graph)
        if stale:
            self._graphs = None
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))

    def _settle(self, graphs: list[str]) -> list[str]:
        """Wait for SETTLE quiet seconds: a killed writer's last MOVE may still run, and one
        redone meanwhile would find its staging graph gone and clear the target."""
        quiet_since, deadline = time.monotonic(), time.monotonic() + 10 * SETTLE
        while time.monotonic() - quiet_since < SETTLE and time.monotonic() < deadline:
            time.sleep(min(1.0, SETTLE))
            now = self._all_graphs(fresh=True)
            if now != graphs:
                graphs, quiet_since = now, time.monotonic()
        return graphs

    def _upload(self, stage: str, triples: Iterable[Triple]) -> int:
        """Add ``triples`` to the graph ``stage``; how many were sent."""
        sent = 0
        for batch in upload_batches(triples, UPLOAD_CHUNK):
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
        if any(map(has_blank_node, batch)):
            # One request, so that a blank node label means one node; and a template, since
            # Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause").
            lines = serialize(batch, format=RdfFormat.N_TRIPLES).decode("utf-8")
            self._update(f"INSERT {{ GRAPH <{stage}> {{\n{lines}}} }} WHERE {{}}")
            return
        for start in range(0, len(batch), INSERT_CHUNK):
            part = batch[start : start + INSERT_CHUNK]
            lines = serialize(part, format=RdfFormat.N_TRIPLES).decode("utf-8")
            self._update(f"INSERT DATA {{ GRAPH <{stage}> {{\n{lines}}} }}")

    def replace_graphs(self, graphs: Graphs, *, keep_only: bool = False) -> None:
        """Replace each named graph's content, all at once for readers (see remote_plan).

        ``graphs`` maps graph names to triples, or yields ``(graph, triples)`` pairs, each
        uploaded as it comes.

        With ``keep_only`` every other carekg graph is dropped in the same write (a full
        rebuild). A failure before the commit leaves the graphs as they were; one after it
        leaves the write complete for readers, and the next write finishes it.
        """
        with self._leased() as (lease, run):
            self._recover()
            plan = Plan(plan_graph(run))
            stages: list[str] = []
            try:
                keep: set[str] = set()
                for index, (graph, triples) in enumerate(graph_pairs(graphs)):
                    keep.add(graph.value)
                    stage = f"{run}{index}"
                    stages.append(stage)
                    lease.renew()
                    if self._upload(stage, triples):
                        plan.moves[stage] = graph.value
                    else:
                        plan.drops.append(graph.value)
                if keep_only:
                    plan.drops += [g for g in self.named_graphs() if g not in keep]
                lease.renew(confirm=True)  # no other write took over meanwhile
            except BaseException:
                if stages:  # best effort: take this write's staging graphs away again
                    with contextlib.suppress(CarekgError):
                        self._update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in stages))
                self._graphs = None
                raise
            self._commit(plan)

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs, all at once for readers."""
        with self._leased() as (_, run):
            self._recover()
            self._commit(Plan(plan_graph(run), drops=[g.value for g in graphs]))

    @contextlib.contextmanager
    def _leased(self):
        """Hold the server's write lease for a new run (its staging graphs' prefix)."""
        if not self.writable:
            raise CarekgError(f"the store at {self.url} was opened read-only")
        run = f"{STAGING}{int(time.time())}-{os.getpid()}-{uuid.uuid4().hex[:8]}/"
        lease = Lease(run, self._update, self._holders, self.url)
        lease.take()
        self._lease = lease
        try:
            yield lease, run
        finally:
            self._lease = None
            with contextlib.suppress(CarekgError):  # else it lapses after EXPIRES s
                lease.release()

    def _holders(self) -> list[Holder]:
        data, media = self._post_query(HOLDERS, "select", dataset=False)
        return holders_from_rows(self._results(data, media, "select"))

    def _commit(self, plan: Plan) -> None:
        """Write the plan (the commit point), then apply it and remove it."""
        try:
            if not plan.moves and not plan.drops:
                return
            # On failure the plan may be committed or not: staging graphs are kept either way.
            self._update(plan.insert_text())
            try:
                self._apply(plan)
            except CarekgError as exc:
                raise CarekgError(
                    f"the write is committed and readers see it, but applying it on the "
                    f"server stopped ({exc}); the next write to {self.url} finishes it"
                ) from None
        finally:
            self._graphs = None

    def _apply(self, plan: Plan, own: bool = True) -> None:
        """Apply a committed plan (another process's may be part done: re-read what is left)."""
        present = set(plan.moves)
        for steps in apply_steps(plan):
            if self._lease is not None:
                self._lease.renew()
            for attempt in range(DEADLOCK_RETRIES + 1):
                if not own or attempt:
                    present = set(self._all_graphs(fresh=True))
                operations_ = operations(steps, present)
                if not operations_:
                    break
                try:
                    self._update(" ;\n".join(operations_))
                    break
                except CarekgError as exc:
                    # Virtuoso rolls a deadlocked transaction back (SR172), as when two
                    # writes move graphs at once; the moves are redone from what is left.
                    if attempt == DEADLOCK_RETRIES or "deadlock" not in str(exc).lower():
                        raise
                    time.sleep(2**attempt)
        self._update(f"DROP SILENT GRAPH {NamedNode(plan.graph)}")

    def close(self) -> None:
        self._graphs = None  # nothing to release: every request has its own connection
