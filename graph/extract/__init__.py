"""Layer **extract**: text in, findings and their RDF out; pure, no store and no I/O.

Owns the document model (blocks, sentences, offsets), sections and scores,
report metadata, findings (kind, quality statements, partners, relations),
curation, and the one module that turns a report's findings into RDF triples
(``report_graph``).

May import: ``carekg.graph.model``, ``carekg.graph.errors``.
"""
