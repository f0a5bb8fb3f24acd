"""Layer **show**: turning answers into something to read or hand on.

Owns the format registry for records (table, CSV, JSON), RDF export formats,
the interactive view, the readiness pack (``pack*``: Markdown, HTML, Word) and
the action plan (``actions*``: CSV, Markdown, xlsx).

May import: ``carekg.graph.analyse``, ``carekg.graph.ask``, ``carekg.graph.store``,
``carekg.graph.model``, ``carekg.graph.errors``.
"""
