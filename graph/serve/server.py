"""Serving the endpoint with waitress until interrupted: ``serve`` and ``make_app``."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable

from carekg.graph.errors import CarekgError
from carekg.graph.serve.app import SparqlEndpoint
from carekg.graph.serve.guard import RequestGuard
from carekg.graph.store import default_location

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def make_app(
    location: str | os.PathLike | None = None,
    *,
    host: str = "127.0.0.1",
    allow_hosts: Iterable[str] = (),
    cors: Iterable[str] = (),
    **options,
) -> SparqlEndpoint:
    """The endpoint over the store at ``location``, opened read-only (checked now)."""
    location = str(location or default_location())
    if re.match(r"^https?://", location, re.I):
        raise CarekgError(f"{location} is a SPARQL endpoint already; serve a store directory")
    guard = RequestGuard(host, allow_hosts, cors)
    app = SparqlEndpoint(location, guard=guard, **options)
    app.start()  # fails now, with the store's own message, if there is no store
    return app


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    location: str | os.PathLike | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    threads: int = 8,
    announce: Callable[[str], None] = lambda line: None,
    **options,
) -> None:
    """Serve the store with waitress until interrupted (Ctrl-C or SIGTERM).

    ``options`` go to ``make_app``: ``timeout``, ``max_rows``, ``workers``,
    ``allow_hosts``, ``cors``.
    """
    import waitress

    app = make_app(location, host=host, **options)
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=threads, ident="carekg",
            max_request_body_size=app.max_query_bytes,
        )  # fmt: skip
    except OSError as exc:
        app.close()
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
        app.close()
