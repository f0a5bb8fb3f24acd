"""The WSGI application: ``/sparql``, the query page ``/`` and ``/health``.

- ``/sparql``: the SPARQL 1.1 Protocol query operation. ``GET ?query=...``,
  ``POST`` as ``application/x-www-form-urlencoded`` or with an
  ``application/sparql-query`` body (UTF-8 only, as the protocol says). The
  answer's format follows ``format=`` (a name or media type) or ``Accept``.
  ``GET`` with no query gives a SPARQL 1.1 Service Description in Turtle.
- ``/``: the query page (``page``).
- ``/health``: ``200 {"status": "ok", "quads": N, "idle_workers": K}``; it
  never waits for a query worker.

**Read-only, in layers.** The store is opened read-only, in worker processes
(``runner``) that a query past its time limit does not outlive. Updates,
``SERVICE`` and ``FROM`` are refused with 400 before a query reaches a worker,
by the parse-tree check in ``carekg.graph.store.sparql_text``. Requests that do
not name this server in ``Host``, or that come from another web site, are
refused with 403 (``guard``). At most ``max_rows`` rows or triples are
returned; a longer answer is cut and says so in ``X-Carekg-Truncated``.

Errors are plain text, one line: 400, 403, 404, 405, 406, 413, 415, 500, 503.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import parse_qs

from carekg.graph.errors import CarekgError
from carekg.graph.model.text import one_line
from carekg.graph.serve.guard import RequestGuard
from carekg.graph.serve.negotiation import HttpError
from carekg.graph.serve.page import query_page
from carekg.graph.serve.runner import QueryRunner
from carekg.graph.serve.watcher import StoreView
from carekg.graph.store.sparql_text import read_only_problem

log = logging.getLogger(__name__)

STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    406: "406 Not Acceptable",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"
SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ;
   sd:endpoint <{url}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
       <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
       <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
       <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>,
       <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/RDF_XML> ;
   sd:feature sd:UnionDefaultGraph .
"""


class SparqlEndpoint:
    """The WSGI application over the store directory ``location``."""

    def __init__(
        self,
        location: str,
        *,
        timeout: float = 30.0,
        max_rows: int = 10_000,
        workers: int = 4,
        max_query_bytes: int = 1_000_000,
        guard: RequestGuard | None = None,
    ):
        if timeout <= 0 or max_rows < 1 or workers < 1:
            raise ValueError("timeout, max_rows and workers must be positive")
        self.store = StoreView(location)
        self.timeout, self.max_rows = float(timeout), int(max_rows)
        self.max_query_bytes = int(max_query_bytes)
        self.guard = guard or RequestGuard("127.0.0.1")
        self.page, self.page_csp = query_page(self.timeout, self.max_rows)
        self.runner: QueryRunner | None = None
        self.workers = workers
        self._quads: tuple[object, int] | None = None

    def start(self) -> None:
        """Check the store opens, then start the query workers."""
        self.store.get()
        self.runner = QueryRunner(
            str(self.store.path), workers=self.workers, timeout=self.timeout,
            max_rows=self.max_rows,
        )  # fmt: skip

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()

    # --- WSGI ------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        try:
            problem = self.guard.problem(environ)
            if problem:
                raise HttpError(403, problem)
            status, headers, body = self.handle(environ)
            headers = [*headers, *self.guard.cors_headers(environ)]
        except HttpError as error:
            status, headers, body = self._error(error)
        except Exception:
            log.exception("internal error")
            status, headers, body = self._error(HttpError(500, "internal error; see the log"))
        headers = [*headers, ("Content-Length", str(len(body))),
                   ("X-Content-Type-Options", "nosniff")]  # fmt: skip
        start_response(STATUS.get(status, f"{status} Error"), headers)
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
                ("Content-Security-Policy", self.page_csp),
                ("Referrer-Policy", "no-referrer"),
            ]
            return 200, headers, self.page
        if path == "/health":
            self._allow(method, ("GET", "HEAD"))
            return self.health()
        if path == "/sparql":
            self._allow(method, ("GET", "HEAD", "POST"))
            return self.sparql(environ, method)
        raise HttpError(404, f"no such resource {path}; the endpoint is /sparql, the page is /")

    @staticmethod
    def _allow(method: str, allowed: tuple[str, ...]) -> None:
        if method not in allowed:
            raise HttpError(405, f"{method} is not allowed here", [("Allow", ", ".join(allowed))])

    # --- resources -------------------------------------------------------------------------
    def _quad_count(self) -> int:
        # Counted once per version of the store's files, not on every call.
        signature = self.store.signature()
        if self._quads is None or signature is None or self._quads[0] != signature:
            self._quads = (signature, self.store.get().quad_count())
        return self._quads[1]

    def health(self):
        try:
            payload = {"status": "ok", "quads": self._quad_count()}
        except CarekgError as exc:
            payload = {"status": "unavailable", "error": one_line(str(exc))}
            return 503, [("Content-Type", "application/json")], json.dumps(payload).encode()
        payload["idle_workers"] = self.runner.idle() if self.runner else 0
        headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        return 200, headers, json.dumps(payload).encode()

    @staticmethod
    def _endpoint_url(environ) -> str:
        return f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}/sparql"

    def _service_description(self, environ):
        url = self._endpoint_url(environ)
        body = SERVICE_DESCRIPTION.format(url=url).encode("utf-8")
        return 200, [("Content-Type", "text/turtle; charset=utf-8")], body

    def _queries(self, environ, method: str) -> tuple[list[str], dict[str, list[str]]]:
        params = _parse_params(_query_string(environ))
        queries = list(params.get("query", []))
        if method != "POST":
            return queries, params
        media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        body = self._read_body(environ)
        if media == "application/sparql-update":
            raise HttpError(400, READ_ONLY)
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
        return queries, params

    def sparql(self, environ, method: str):
        queries, params = self._queries(environ, method)
        if "update" in params:
            raise HttpError(400, READ_ONLY)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(
                400,
                "default-graph-uri and named-graph-uri are not supported: the default graph "
                "is the union of all carekg graphs; use GRAPH <iri> { ... } to pick one",
            )
        if not queries and method in ("GET", "HEAD") and not params:
            return self._service_description(environ)
        if not queries:
            raise HttpError(400, "give a SPARQL query in the query parameter (the page is at /)")
        if len(queries) > 1:
            raise HttpError(400, "give exactly one query")
        text = queries[0]
        if len(text.encode("utf-8")) > self.max_query_bytes:
            raise HttpError(413, f"the query is longer than {self.max_query_bytes} bytes")
        problem = read_only_problem(text)
        if problem:
            raise HttpError(400, problem)
        accept = environ.get("HTTP_ACCEPT", "")
        formats = [f for f in params.get("format", []) if f.strip()]  # "" is the default
        if self.runner is None:
            raise HttpError(503, "the endpoint is starting")
        answer = self.runner.run(text, accept, formats, self._endpoint_url(environ))
        headers = [("Content-Type", answer.content_type), ("Cache-Control", "no-store"),
                   ("Vary", "Accept")]  # fmt: skip
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


def _query_string(environ) -> str:
    raw = environ.get("QUERY_STRING", "")
    try:
        # WSGI gives the raw bytes as latin-1; the URL's text is UTF-8.
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise HttpError(400, "the URL is not valid UTF-8") from None


def _decode(body: bytes, environ) -> str:
    """A request body as text: UTF-8 only, as the SPARQL 1.1 Protocol requires."""
    match = re.search(r"charset=\"?([\w.:-]+)", environ.get("CONTENT_TYPE") or "", re.I)
    charset = match.group(1).lower() if match else "utf-8"
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"the request body must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not valid UTF-8") from None


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "a parameter is not valid UTF-8 once decoded") from None
    except ValueError as exc:
        raise HttpError(400, one_line(f"bad parameters: {exc}")) from None
