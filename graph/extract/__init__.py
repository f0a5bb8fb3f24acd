"""Layer **extract**: text in, findings and their RDF out; pure, no store and no I/O.

Owns the document model (blocks, sentences, offsets; ``document``, with the cells of
pipe tables in ``tables`` and the page furniture of text from PDFs in ``pages``),
sections and scores,
report metadata (``metadata``: council, kind, date), the extraction pipeline
(``pipeline.STEPS``: segment, sections, findings, kind, quality_statements,
partners, evidence, relations; one module per step's rules: ``selection``,
``kind`` with ``polarity``, ``lexicon`` and ``measures``, ``quality_statements``, ``partners``
(with its wordings, ``partner_wordings``),
``evidence``, ``relations``), curation, and the one module that turns a report's
findings into RDF triples (``report_graph``).

May import: ``carekg.graph.model``, ``carekg.graph.errors``.
"""
