"""Layer **show**: turning answers into something to read or hand on.

Owns the format registry for records (table, CSV, JSON), RDF export formats,
and the interactive view. Later the readiness pack.

May import: ``carekg.graph.analyse``, ``carekg.graph.ask``, ``carekg.graph.store``,
``carekg.graph.model``, ``carekg.graph.errors``.
"""
