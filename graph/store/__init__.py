"""Layer **store**: where the graph lives, and the only way anything reads or writes it.

Owns the store interface (``base.QueryableStore``), the embedded Oxigraph store
(``embedded``, with the saved queries' answers it keeps beside each generation in
``answers``), a remote SPARQL 1.1 server (``remote``, its atomic writes in
``remote_plan``, one writer at a time by ``remote_lease``, ``http``) and the
reading of SPARQL text without running it (``sparql_text``: query form,
read-only check, syntax messages). ``open_store`` picks a backend by the
location's scheme from ``BACKENDS``.

May import: ``carekg.graph.model``, ``carekg.graph.errors``.

>>> import tempfile
>>> store = open_store(tempfile.mkdtemp() + "/s", write=True)
>>> type(store).__name__
'EmbeddedStore'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from carekg.graph.errors import CarekgError
from carekg.graph.store.base import DEFAULT_LOCATION, QueryableStore, default_location

__all__ = ["BACKENDS", "DEFAULT_LOCATION", "QueryableStore", "default_location", "open_store"]


def _embedded(location: str, write: bool) -> QueryableStore:
    from carekg.graph.store.embedded import open_embedded

    return open_embedded(location, write=write)


def _remote(location: str, write: bool) -> QueryableStore:
    # Imported only when asked for: the HTTP client is not needed for a local store.
    from carekg.graph.store.remote import RemoteStore

    try:
        return RemoteStore.open(location, write=write)
    except ValueError as exc:  # urllib's word on a malformed URL ("Invalid IPv6 URL")
        raise CarekgError(f"store location {location!r} is not a usable URL: {exc}") from None


# Location scheme -> backend. A plain path (no scheme) is the embedded store.
BACKENDS: dict[str, Callable[[str, bool], QueryableStore]] = {
    "": _embedded,
    "http": _remote,
    "https": _remote,
}


def open_store(location: str | os.PathLike | None = None, *, write: bool = False):
    """Open the store at ``location``: a directory, or an ``http(s)://`` SPARQL endpoint.

    ``None`` means ``$CAREKG_STORE`` or ``./.carekg/store``. Reading needs an
    existing store; writing creates one.
    """
    location = str(location or default_location())
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", location)
    scheme = match.group(1).lower() if match else ""
    if scheme not in BACKENDS:
        known = " or ".join(f"{s}://" for s in BACKENDS if s)
        raise CarekgError(f"store location {location!r}: give a folder or a URL starting {known}")
    return BACKENDS[scheme](location, write)
