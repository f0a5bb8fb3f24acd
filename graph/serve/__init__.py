"""Layer **serve**: the read-only SPARQL 1.1 Protocol endpoint over the store.

One module per job: ``negotiation`` (formats by ``format=`` and ``Accept``),
``page`` (the query page, from the static files in ``static/``), ``watcher``
(re-opening the store when it changes), ``guard`` (Host and cross-site checks),
``answers`` (one query's answer in bytes), ``runner`` (query worker processes
with a time limit), ``app`` (the WSGI application) and ``server`` (waitress).

May import: ``carekg.graph.show``, ``carekg.graph.ask``, ``carekg.graph.store``,
``carekg.graph.model``, ``carekg.graph.errors``.
"""
