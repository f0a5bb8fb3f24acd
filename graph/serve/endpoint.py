"""A read-only SPARQL 1.1 Protocol endpoint over the store: ``carekg serve``.

``SparqlEndpoint`` is a plain WSGI application (served by waitress in
``serve``) with three resources:

- ``/sparql``: the SPARQL 1.1 Protocol query operation. ``GET ?query=...``,
  ``POST`` as ``application/x-www-form-urlencoded`` (``query=...``) or with an
  ``application/sparql-query`` body. The prefixes of ``store.prefix_header()``
  (ckg:, cqc:, skos:, ...) are pre-declared. The answer's format follows the
  ``Accept`` header, or a ``format=`` parameter (``json``, ``xml``, ``csv``,
  ``tsv``, ``turtle``, ``jsonld``, ``nt``, ``rdfxml`` or a media type), which wins
  over ``Accept``. SELECT and ASK give SPARQL JSON (default), XML, CSV or TSV;
  CONSTRUCT and DESCRIBE give Turtle (default), JSON-LD, N-Triples or RDF/XML. An
  ``Accept`` header that names nothing the endpoint writes gets the default (it is
  lenient, like most endpoints); a ``format=`` that does not fit the query is a 400.
- ``/``: a query page (a plain HTML form; a small inline script shows the answer as
  a table or text). It loads nothing from anywhere: no external URL, and a
  Content-Security-Policy that allows only its own inline script and style (by
  hash) and requests to this server. Everything shown is escaped: the page is
  built with ``html.escape`` and the script writes results with ``textContent``.
- ``/health``: ``200 {"status": "ok", "quads": N}``.

**Read-only, in three layers.** (1) The store is opened with ``Store.read_only``:
it cannot write, and it takes no lock, so ``carekg build`` and other readers
are never blocked. (2) Queries go only through ``Store.query``, whose parser
accepts the four query forms and rejects every SPARQL Update operation. (3)
Before that, updates are refused with 400 and a message saying so: an ``update=``
parameter, an ``application/sparql-update`` body, a text whose first keyword
after the prologue is an update operation (INSERT, DELETE, LOAD, CLEAR, DROP,
CREATE, ADD, MOVE, COPY, WITH), or a text the query parser rejects that holds
such a keyword.

**SERVICE is refused** (pyoxigraph would otherwise fetch the remote endpoint).
pyoxigraph does not expose the query algebra, so the text is scanned by a small
SPARQL tokenizer (``query_text``, shared with ``carekg sparql``) that skips comments, string
literals (short and long, with escapes), IRIs (with ``\\u`` escapes), variables
and language tags, and keeps bare words; a bare word ``SERVICE`` in any case is
refused. A prefixed name such as ``ex:service`` or ``service:x``, a variable
``?service``, an IRI, a comment or a string containing "service" are not
keywords and pass. The tokenizer reads strings, IRIs and comments by the SPARQL
grammar's own rules (and oxigraph does not undo ``\\u`` escapes outside strings
and IRIs), so that a keyword the parser sees is a bare word to it too; where it
is unsure (an unterminated string, a bad escape in an IRI) it sees more words,
never fewer, or the parser rejects the text. ``FROM`` and ``FROM NAMED`` are
refused in the same way: the store answers over the union of its graphs and
would silently ignore them; ``GRAPH <iri> { ... }`` picks a graph.

**Time limit.** Each query runs in its own daemon worker thread (pyoxigraph
releases the GIL while it evaluates); the request waits for it at most
``timeout`` seconds, then answers 503. Python cannot kill a thread, and
pyoxigraph has no cancellation, so the abandoned worker stops at the next row
or triple it reads (a cancel flag checked between rows), but an operator that
computes everything before its first row (ORDER BY, GROUP BY, COUNT over a huge
join) runs on until it finishes. To bound the cost, at most ``max_running``
queries run at once, abandoned ones included (a slot is freed only when its
thread really ends); when every slot is taken the endpoint answers 503 "busy"
until one frees. Restarting the server ends them all.

**Size cap.** At most ``max_rows`` rows (SELECT) or triples (CONSTRUCT,
DESCRIBE) are returned; when there were more, the answer holds the first
``max_rows`` and carries the headers ``X-Carekg-Truncated: true`` and
``X-Carekg-Max-Rows: N``. Cutting keeps standard clients working (a 413 would
leave them with nothing) and never reads more than ``max_rows + 1`` rows. The
rows are written as SPARQL TSV (terms in pyoxigraph's own N-Triples syntax),
read back with ``pyoxigraph.parse_query_results`` and serialised by pyoxigraph,
so every format is pyoxigraph's own.

**A fresh view.** The read-only handle is a snapshot of the store when it was
opened; the endpoint re-opens it when the store's files change (a ``build`` or
``ingest`` in another process), so answers follow the store.

Errors are plain text, one line: 400 for a bad query or request, 404, 405,
406 (an answer that cannot be written in the asked format), 413 (a query over
``max_query_bytes``), 415, 503 (time limit, busy, or no store).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.store import default_location, open_store
from carekg.graph.store.sparql_text import read_only_problem

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_RUNNING = 4
DEFAULT_MAX_QUERY_BYTES = 1_000_000


# --- formats ------------------------------------------------------------------------------
# name -> pyoxigraph format; the media type sent is the format's own.
RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
    "nt": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
}
# Media types (and format= names) each kind of answer understands, in the
# endpoint's order of preference; the first is the default.
RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "rdfxml",
}
RESULT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_NAMES = {
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}


class HttpError(Exception):
    """An answer with a status and a one-line plain-text message."""

    def __init__(self, status: int, message: str, headers: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)


def _accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped, ties keep their order).

    >>> _accepted("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1")
    ['application/sparql-results+xml', 'text/csv', '*/*']
    """
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, index, media))
    return [media for _, _, media in sorted(ranges)]


def negotiate(graph: bool, accept: str, formats: list[str]) -> str:
    """The format name for an answer: from ``format=`` values, else Accept, else the default.

    >>> negotiate(False, "text/csv", [])
    'csv'
    >>> negotiate(True, "text/html,application/xml;q=0.9,*/*;q=0.8", [])
    'turtle'
    >>> negotiate(False, "", ["tsv", "text/tab-separated-values"])
    'tsv'
    """
    media, names = (GRAPH_MEDIA, GRAPH_NAMES) if graph else (RESULT_MEDIA, RESULT_NAMES)
    if formats:
        for value in formats:
            key = value.strip().lower()
            if key in names:
                return names[key]
            if key.split(";")[0].strip() in media:
                return media[key.split(";")[0].strip()]
        form = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
        allowed = sorted(set(names)) if graph else list(RESULT_NAMES)
        raise HttpError(
            400,
            f"format {formats[0]!r} does not fit a {form} query; use one of "
            f"{', '.join(allowed)} or a media type",
        )
    default = next(iter(media.values()))
    for wanted in _accepted(accept or "*/*"):
        if wanted in media:
            return media[wanted]
        major, _, minor = wanted.partition("/")
        if wanted == "*/*" or minor == "*":
            for candidate, name in media.items():
                if wanted == "*/*" or candidate.startswith(major + "/"):
                    return name if wanted != "*/*" else default
    return default


# --- reading the query text ----------------------------------------------------------------
def check_query(text: str) -> None:
    """Refuse (HttpError 400) updates, SERVICE and FROM before the query runs."""
    problem = read_only_problem(text)
    if problem:
        raise HttpError(400, problem)


# --- results --------------------------------------------------------------------------------
def _term(term) -> str:
    """A term in SPARQL TSV syntax (N-Triples; triple terms as ``<<( s p o )>>``)."""
    if isinstance(term, Triple):
        return f"<<( {_term(term.subject)} {_term(term.predicate)} {_term(term.object)} )>>"
    return str(term)


def solutions_as_tsv(variables, rows) -> str:
    """SELECT rows as SPARQL TSV, which pyoxigraph reads back exactly."""
    lines = ["\t".join(str(v) for v in variables)]
    width = len(variables)
    for row in rows:
        lines.append("\t".join("" if row[i] is None else _term(row[i]) for i in range(width)))
    return "\n".join(lines) + "\n"


class Answer:
    """What a worker hands back: body, content type and whether rows were cut."""

    def __init__(self, body: bytes, content_type: str, truncated: bool = False):
        self.body = body
        self.content_type = content_type
        self.truncated = truncated


# --- the store ----------------------------------------------------------------------------
class StoreView:
    """The read-only store, re-opened when its files change (a build in another process)."""

    IGNORED = ("LOG", "LOCK")  # RocksDB's info log and lock file: not data

    def __init__(self, location: str | os.PathLike):
        self.path = Path(location)
        self._lock = threading.Lock()
        self._store = None
        self._signature = None

    def _files(self):
        try:
            entries = []
            for entry in os.scandir(self.path):
                if entry.name.startswith(self.IGNORED):
                    continue
                stat = entry.stat()
                entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
            return tuple(sorted(entries))
        except OSError:
            return None  # being rewritten: open again next time

    def get(self):
        signature = self._files()
        with self._lock:
            if self._store is None or signature is None or signature != self._signature:
                self._store = open_store(self.path)  # read-only; raises CarekgError
                self._signature = signature
            return self._store


# --- the WSGI application --------------------------------------------------------------------
EXAMPLE_QUERY = """\
# Findings per quality statement. The prefixes ckg:, cqc:, skos:, ... are declared.
SELECT ?qs ?statement (COUNT(?finding) AS ?findings)
WHERE {
  ?finding a ckg:Finding ;
           ckg:qualityStatement ?q .
  ?q ckg:number ?qs ;
     skos:prefLabel ?statement .
}
GROUP BY ?qs ?statement
ORDER BY ?qs
"""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; max-width: 70em; }
textarea { width: 100%; font-family: monospace; font-size: 0.95em; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
pre { background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; word-break: break-word; }
#status { font-weight: bold; }
"""

_SCRIPT = """
(function () {
  var form = document.getElementById("form");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  function show(term) {
    if (!term) return "";
    if (term.type === "literal") {
      if (term["xml:lang"]) return term.value + " @" + term["xml:lang"];
      return term.value;
    }
    if (term.type === "bnode") return "_:" + term.value;
    if (term.type === "triple") {
      var v = term.value;
      return "<< " + show(v.subject) + " " + show(v.predicate) + " " + show(v.object) + " >>";
    }
    return term.value;
  }
  function table(data) {
    if (typeof data.boolean === "boolean") return text("pre", String(data.boolean));
    var vars = data.head.vars || [];
    var tableNode = document.createElement("table");
    var head = document.createElement("tr");
    vars.forEach(function (name) { head.appendChild(text("th", "?" + name)); });
    tableNode.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var tr = document.createElement("tr");
      vars.forEach(function (name) { tr.appendChild(text("td", show(row[name]))); });
      tableNode.appendChild(tr);
    });
    return tableNode;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    if (!body.get("format")) body.delete("format");
    status.textContent = "Running...";
    results.replaceChildren();
    var started = Date.now();
    fetch(form.getAttribute("action"), { method: "POST", body: body })
      .then(function (response) {
        return response.text().then(function (payload) {
          var seconds = ((Date.now() - started) / 1000).toFixed(2);
          var type = response.headers.get("Content-Type") || "";
          var note = response.status + " " + response.statusText + " in " + seconds + " s";
          if (response.headers.get("X-Carekg-Truncated")) {
            note += "; cut to the first " + response.headers.get("X-Carekg-Max-Rows") + " rows";
          }
          status.textContent = note;
          if (response.ok && type.indexOf("application/sparql-results+json") === 0) {
            var data = JSON.parse(payload);
            if (data.results) {
              status.textContent += "; " + data.results.bindings.length + " rows";
            }
            results.appendChild(table(data));
          } else {
            results.appendChild(text("pre", payload));
          }
        });
      })
      .catch(function (error) { status.textContent = "Request failed: " + error; });
  });
})();
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


PAGE_CSP = (
    "default-src 'none'; "
    f"script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(_STYLE)}; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

_FORMAT_CHOICES = [
    ("", "default (JSON results, Turtle graphs)"),
    ("json", "JSON (SELECT/ASK) or JSON-LD (graphs)"),
    ("xml", "XML (SELECT/ASK) or RDF/XML (graphs)"),
    ("csv", "CSV (SELECT/ASK)"),
    ("tsv", "TSV (SELECT/ASK)"),
    ("turtle", "Turtle (CONSTRUCT/DESCRIBE)"),
    ("nt", "N-Triples (CONSTRUCT/DESCRIBE)"),
]


def query_page(timeout: float, max_rows: int) -> bytes:
    """The query page: a form that works offline and without the script, too."""
    e = html.escape
    options = "".join(
        f'<option value="{e(value)}">{e(label)}</option>' for value, label in _FORMAT_CHOICES
    )
    prefixes = ", ".join(f"{p}:" for p in PREFIXES)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>carekg SPARQL endpoint</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>carekg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 at <code>/sparql</code> (GET or POST). Declared prefixes:
<code>{e(prefixes)}</code>. Queries stop after {e(f"{timeout:g}")} s; answers hold at most
{e(f"{max_rows:,}")} rows or triples.</p>
<form id="form" method="post" action="sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="16" cols="100"
 spellcheck="false">{e(EXAMPLE_QUERY)}</textarea></p>
<p><label for="format">Format</label>
<select id="format" name="format">{options}</select>
<button type="submit">Run query</button></p>
</form>
<p id="status" role="status"></p>
<div id="results"></div>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")


_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    406: "406 Not Acceptable",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}


class SparqlEndpoint:
    """The WSGI application. ``location`` is the store directory."""

    def __init__(
        self,
        location: str | os.PathLike,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_running: int = DEFAULT_MAX_RUNNING,
        max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    ):
        if timeout <= 0 or max_rows < 1 or max_running < 1:
            raise ValueError("timeout, max_rows and max_running must be positive")
        self.store = StoreView(location)
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.max_running = int(max_running)
        self.max_query_bytes = int(max_query_bytes)
        self._slots = threading.BoundedSemaphore(self.max_running)
        self._page = query_page(self.timeout, self.max_rows)

    # --- WSGI ------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        try:
            status, headers, body = self.handle(environ)
        except HttpError as error:
            status, headers, body = self._error(error)
        except Exception:
            log.exception("internal error")
            status, headers, body = self._error(HttpError(500, "internal error; see the log"))
        headers = [*headers, ("Content-Length", str(len(body))),
                   ("X-Content-Type-Options", "nosniff")]  # fmt: skip
        start_response(_STATUS.get(status, f"{status} Error"), headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    @staticmethod
    def _error(error: HttpError):
        body = (error.message + "\n").encode("utf-8")
        headers = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")]
        return error.status, headers + error.headers, body

    def handle(self, environ):
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path == "/":
            self._allow(method, ("GET", "HEAD"))
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Security-Policy", PAGE_CSP),
                ("Referrer-Policy", "no-referrer"),
            ]
            return 200, headers, self._page
        if path == "/health":
            self._allow(method, ("GET", "HEAD"))
            return self.health()
        if path == "/sparql":
            self._allow(method, ("GET", "POST"))
            return self.sparql(environ, method)
        raise HttpError(404, f"no such resource {path}; the endpoint is /sparql, the page is /")

    @staticmethod
    def _allow(method: str, allowed: tuple[str, ...]) -> None:
        if method not in allowed:
            raise HttpError(405, f"{method} is not allowed here", [("Allow", ", ".join(allowed))])

    # --- resources -------------------------------------------------------------------------
    def health(self):
        try:
            store = self.store.get()
            quads = self.run(lambda cancel: store.quad_count())
        except CarekgError as exc:
            payload = {"status": "unavailable", "error": one_line(str(exc))}
            return 503, [("Content-Type", "application/json")], json.dumps(payload).encode()
        payload = {"status": "ok", "quads": quads}
        headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        return 200, headers, json.dumps(payload).encode()

    def sparql(self, environ, method: str):
        params = _parse_params(_query_string(environ))
        queries = list(params.get("query", []))
        if method == "POST":
            media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            body = self._read_body(environ)
            if media == "application/sparql-update":
                raise HttpError(400, "SPARQL Update is not allowed: this endpoint is read-only")
            if media == "application/x-www-form-urlencoded":
                form = _parse_params(_decode(body, environ))
                for name, values in form.items():
                    params.setdefault(name, []).extend(values)
                queries += form.get("query", [])
            elif media == "application/sparql-query":
                queries.append(_decode(body, environ))
            else:
                raise HttpError(
                    415,
                    "POST a query as application/x-www-form-urlencoded (query=...) "
                    "or as an application/sparql-query body",
                )
        if "update" in params:
            raise HttpError(400, "SPARQL Update is not allowed: this endpoint is read-only")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(
                400,
                "default-graph-uri and named-graph-uri are not supported: the default graph "
                "is the union of all carekg graphs; use GRAPH <iri> { ... } to pick one",
            )
        if not queries:
            raise HttpError(400, "give a SPARQL query in the query parameter (the page is at /)")
        if len(queries) > 1:
            raise HttpError(400, "give exactly one query")
        text = queries[0]
        if len(text.encode("utf-8")) > self.max_query_bytes:
            raise HttpError(413, f"the query is longer than {self.max_query_bytes} bytes")
        check_query(text)
        accept = environ.get("HTTP_ACCEPT", "")
        formats = [f for f in params.get("format", []) if f.strip()]  # "" is the default
        try:
            store = self.store.get()
        except CarekgError as exc:
            raise HttpError(503, one_line(str(exc))) from None
        answer = self.run(lambda cancel: self._answer(store, text, accept, formats, cancel))
        headers = [("Content-Type", answer.content_type), ("Cache-Control", "no-store")]
        if answer.truncated:
            headers += [("X-Carekg-Truncated", "true"), ("X-Carekg-Max-Rows", str(self.max_rows))]
        return 200, headers, answer.body

    def _read_body(self, environ) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if length > self.max_query_bytes:
            raise HttpError(413, f"the request body is longer than {self.max_query_bytes} bytes")
        return environ["wsgi.input"].read(length) if length > 0 else b""

    # --- running a query -----------------------------------------------------------------
    def run(self, work: Callable[[threading.Event], object]):
        """Run ``work(cancel)`` in a worker thread; 503 if it takes longer than the timeout."""
        deadline = time.monotonic() + self.timeout
        if not self._slots.acquire(timeout=self.timeout):
            raise HttpError(
                503,
                f"busy: the endpoint already runs its limit of {self.max_running} queries; "
                "try again later",
                [("Retry-After", str(max(1, round(self.timeout))))],
            )
        cancel = threading.Event()
        done = threading.Event()
        outcome: dict[str, object] = {}

        def worker():
            # Only fresh exceptions cross to the request thread: a traceback would carry
            # this thread's frames, and pyoxigraph's result iterators must be dropped in
            # the thread that made them.
            try:
                outcome["value"] = work(cancel)
            except HttpError as exc:
                outcome["error"] = HttpError(exc.status, exc.message, exc.headers)
            except CarekgError as exc:
                outcome["error"] = CarekgError(str(exc))
            except BaseException:
                log.exception("query failed")
                outcome["error"] = HttpError(500, "internal error; see the server's log")
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=worker, name="carekg-query", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            cancel.set()
            raise HttpError(
                503, f"the query did not finish within the time limit of {self.timeout:g} s"
            )
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]

    def _answer(self, store, text: str, accept: str, formats: list[str], cancel) -> Answer:
        try:
            result = store.query_raw(text)
            if isinstance(result, QueryBoolean):
                fmt = RESULT_FORMATS[negotiate(False, accept, formats)]
                return Answer(_write(lambda: result.serialize(format=fmt)), fmt.media_type)
            if isinstance(result, QuerySolutions):
                fmt = RESULT_FORMATS[negotiate(False, accept, formats)]
                variables = result.variables
                rows, truncated = self._take(result, cancel)
                tsv = solutions_as_tsv(variables, rows)
                body = _write(
                    lambda: parse_query_results(tsv, QueryResultsFormat.TSV).serialize(format=fmt)
                )
                return Answer(body, fmt.media_type, truncated)
            fmt = GRAPH_FORMATS[negotiate(True, accept, formats)]
            triples, truncated = self._take(result, cancel)
            body = _write(lambda: serialize(triples, format=fmt, prefixes=PREFIXES))
            media = fmt.media_type
            if fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):
                media += "; charset=utf-8"
            return Answer(body, media, truncated)
        except CarekgError as exc:  # the store's message for a syntax error
            raise HttpError(400, str(exc)) from None
        except (OSError, RuntimeError, ValueError) as exc:  # while evaluating
            raise HttpError(400, one_line(f"SPARQL query failed: {exc}")) from None

    def _take(self, items, cancel: threading.Event) -> tuple[list, bool]:
        """Up to ``max_rows`` items, and whether there were more; stops early if cancelled."""
        taken = []
        for item in items:
            if cancel.is_set():
                raise HttpError(503, "cancelled")  # nobody is waiting for it any more
            if len(taken) == self.max_rows:
                return taken, True
            taken.append(item)
        return taken, False


def _write(serialise: Callable[[], bytes]) -> bytes:
    """Run a serialiser; a result the format cannot hold (e.g. RDF 1.2 in JSON-LD) is a 406."""
    try:
        return serialise()
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
        raise HttpError(406, one_line(f"cannot write this answer in that format: {exc}")) from None


def _query_string(environ) -> str:
    raw = environ.get("QUERY_STRING", "")
    try:
        # WSGI gives the raw bytes as latin-1; the URL's text is UTF-8.
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise HttpError(400, "the URL is not valid UTF-8") from None


def _decode(body: bytes, environ) -> str:
    charset = "utf-8"
    match = re.search(r"charset=\"?([\w.:-]+)", environ.get("CONTENT_TYPE") or "", re.I)
    if match:
        charset = match.group(1)
    try:
        return body.decode(charset)
    except LookupError:
        raise HttpError(415, f"unknown charset {charset}") from None
    except UnicodeDecodeError:
        raise HttpError(400, f"the request body is not valid {charset}") from None


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "a parameter is not valid UTF-8 once decoded") from None
    except ValueError as exc:
        raise HttpError(400, one_line(f"bad parameters: {exc}")) from None


# --- serving ------------------------------------------------------------------------------
def make_app(location: str | os.PathLike | None = None, **options) -> SparqlEndpoint:
    """The endpoint over the store at ``location``, opened read-only (checked now)."""
    location = str(location or default_location())
    if re.match(r"^https?://", location, re.I):
        raise CarekgError(
            f"{location} is a SPARQL endpoint already; `carekg serve` serves a store directory"
        )
    app = SparqlEndpoint(location, **options)
    app.store.get()  # fail now, with the store's own message, if there is no store
    return app


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    location: str | os.PathLike | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    threads: int = 8,
    announce: Callable[[str], None] = lambda line: None,
) -> None:
    """Serve the store with waitress until interrupted (Ctrl-C or SIGTERM)."""
    import waitress

    app = make_app(location, timeout=timeout, max_rows=max_rows)
    try:
        server = waitress.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="carekg",
            max_request_body_size=app.max_query_bytes,
        )
    except OSError as exc:
        raise CarekgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    listening = getattr(server, "effective_listen", None) or [
        (server.effective_host, server.effective_port)
    ]
    for bound_host, bound_port in listening:
        url = _url(str(bound_host), int(bound_port))
        announce(f"Serving {app.store.path} read-only at {url} (SPARQL endpoint: {url}sparql)")
    if host not in LOOPBACK and not host.startswith("127."):
        announce(
            f"Warning: listening on {host}: anyone who can reach this machine can query the "
            "store (there is no authentication)"
        )
    announce("Press Ctrl-C to stop.")
    if threading.current_thread() is threading.main_thread():

        def stop(signum, frame):
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
    try:
        server.run()  # returns on KeyboardInterrupt or SystemExit
    finally:
        with contextlib.suppress(OSError, ValueError, KeyError):
            server.close()
