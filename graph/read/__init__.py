"""Layer **read**: files in, normalised text out.

Owns the readers, chosen by file suffix from one registry (txt, md, docx, pdf),
their limits and the decoding of text. Knows nothing of findings or the store.

May import: ``carekg.graph.model``, ``carekg.graph.errors``.
"""
