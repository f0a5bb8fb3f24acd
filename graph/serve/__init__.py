"""Layer **serve**: the read-only SPARQL 1.1 Protocol endpoint over the store.

Owns content negotiation, the query page (static files shipped as package
data), the store watcher, the query runner with its timeout, the WSGI app and
the waitress server.

May import: ``carekg.graph.show``, ``carekg.graph.ask``, ``carekg.graph.store``,
``carekg.graph.model``, ``carekg.graph.errors``.
"""
