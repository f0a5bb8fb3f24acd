"""HTTP for the remote store: one client with credentials for the server's hosts only.

Only the standard library's ``urllib``: requests go to the query, update and
Graph Store URLs, credentials (HTTP Digest or Basic, as the server asks) only
to their hosts, and every failure becomes one readable ``CarekgError`` line.
Servers' SPARQL JSON answers are made standard here too (``normalise_json``).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request

from carekg.graph.errors import CarekgError
from carekg.graph.model.text import one_line

TIMEOUT = 300  # seconds to wait on one HTTP request
# Virtuoso echoes every graph of a query's dataset as a response header
# (X-SPARQL-default-graph, X-SPARQL-named-graph): 900 of them for 450 reports, where
# http.client stops at 100 ("got more than 100 headers").
_LIMIT = max(getattr(http.client, "_MAXHEADERS", 100), 1_000_000)
http.client._MAXHEADERS = _LIMIT  # type: ignore[attr-defined]


class HttpStatusError(CarekgError):
    """An HTTP error answer, with its status kept for callers that can recover."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def derived_endpoints(query_url: str, with_credentials: bool) -> tuple[str, str | None]:
    """The update and Graph Store URLs for a query URL (see the module docstring).

    >>> derived_endpoints("http://127.0.0.1:8890/sparql", True)
    ('http://127.0.0.1:8890/sparql-auth', 'http://127.0.0.1:8890/sparql-graph-crud-auth')
    >>> derived_endpoints("http://h:3030/ds/query", False)
    ('http://h:3030/ds/update', 'http://h:3030/ds/data')
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def with_path(new_path: str) -> str:
        return urllib.parse.urlunsplit(parts._replace(path=new_path))

    if path.endswith("/sparql"):
        suffix = "-auth" if with_credentials else ""
        update, gsp = with_path(path + suffix), with_path(path + "-graph-crud" + suffix)
    elif path.endswith("/query"):
        base = path[: -len("query")]
        update, gsp = with_path(base + "update"), with_path(base + "data")
    else:
        update = gsp = query_url
    update = os.environ.get("CAREKG_STORE_UPDATE_URL") or update
    gsp_override = os.environ.get("CAREKG_STORE_GSP_URL")
    if gsp_override is not None and gsp_override.strip():
        gsp = None if gsp_override.strip().lower() == "none" else gsp_override.strip()
    return update, gsp


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _reason(reason: object) -> str:
    """A network failure in a few words."""
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {TIMEOUT} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({one_line(reason.verify_message or reason)})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[0].lower() + reason.strerror[1:]
    return one_line(reason) or type(reason).__name__


def _error_detail(body: bytes, content_type: str) -> str:
    """The first telling line of an error answer (Virtuoso puts its message there)."""
    if "html" in content_type:
        return ""
    for line in body.decode("utf-8", "replace").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 300 else line[:297] + "..."
    return ""


class Http:
    """POST requests with credentials, turning every failure into a one-line CarekgError."""

    def __init__(self, urls: list[str], user: str | None, password: str | None):
        handlers: list[urllib.request.BaseHandler] = []
        self.with_credentials = user is not None
        if user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for origin in {_origin(u) for u in urls}:
                manager.add_password(None, origin, user, password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        self.opener = urllib.request.build_opener(*handlers)
        self.server = ""  # the Server header of the last answer: who we talk to

    @property
    def virtuoso(self) -> bool:
        return self.server.lower().startswith("virtuoso")

    def post(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """POST ``body``; the answer's bytes and media type."""
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept, "User-Agent": "carekg"},
        )
        where = f"the SPARQL server at {url.split('?', 1)[0]}"
        try:
            with self.opener.open(request, timeout=TIMEOUT) as answer:
                data = answer.read()
                media = answer.headers.get_content_type()
                state = answer.headers.get("X-SQL-State")
                self.server = answer.headers.get("Server") or ""
        except urllib.error.HTTPError as exc:
            raise self._status_error(where, exc) from None
        except urllib.error.URLError as exc:
            raise CarekgError(f"cannot reach {where}: {_reason(exc.reason)}") from None
        except ValueError as exc:  # urllib's digest handler on an unknown auth scheme
            raise CarekgError(f"{where} asks for an unsupported login: {one_line(exc)}") from None
        except (OSError, http.client.HTTPException) as exc:
            raise CarekgError(f"lost the connection to {where}: {_reason(exc)}") from None
        if state:
            message = answer.headers.get("X-SQL-Message") or state
            raise CarekgError(f"{where} returned a partial answer: {one_line(message)}")
        return data, media

    def _status_error(self, where: str, exc: urllib.error.HTTPError) -> HttpStatusError:
        status = exc.code
        if status in (401, 403) and not self.with_credentials:
            hint = "set CAREKG_STORE_USER and CAREKG_STORE_PASSWORD"
            return HttpStatusError(f"{where} requires a login (HTTP {status}); {hint}", status)
        if status == 401:
            hint = "check CAREKG_STORE_USER and CAREKG_STORE_PASSWORD"
            return HttpStatusError(f"{where} refused the login (HTTP 401); {hint}", status)
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException):
            body = b""
        media = exc.headers.get_content_type() if exc.headers else "text/plain"
        detail = _error_detail(body, media) or exc.reason or ""
        return HttpStatusError(f"{where} answered HTTP {status}: {one_line(detail)}", status)


def _bnode_id(value: str) -> str:
    """A valid blank node label for a server's (Virtuoso: ``nodeID://b10000``)."""
    label = re.sub(r"[^A-Za-z0-9_]", "_", value.removeprefix("nodeID://"))
    return label or "b"


def normalise_json(data: dict, form: str) -> dict:
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
