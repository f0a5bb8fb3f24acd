"""Layer **ask**: questions the store answers, as plain Python data.

Owns the domain questions (``findings``, ``summary``, ``scores``, ``partners``,
``risks``, ``evidence``), the shared SPARQL fragments they are written from,
the saved queries and ``run_sparql``, and SHACL validation. Every value a user
typed reaches SPARQL as a binding, never as query text.

May import: ``carekg.graph.store``, ``carekg.graph.model``, ``carekg.graph.errors``.
"""
