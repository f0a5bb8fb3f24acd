"""Layer **analyse**: the store projected into NetworkX, and graph questions over it.

Owns the projection (``projection``), and one module per question: paths,
dependencies, centrality, communities, single points of failure, gaps,
comparisons. Reads the store only through SPARQL; writes back only its own
named graph.

May import: ``carekg.graph.ask``, ``carekg.graph.store``, ``carekg.graph.model``,
``carekg.graph.errors``.
"""
