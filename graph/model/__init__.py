"""Layer **model**: the terms of the domain, shared by every other layer.

Owns the namespaces (declared once), the vocabulary loader (CQC framework,
Care Act duties, partners, as shipped in ``ontology/`` and ``data/``), the
kinds of finding and their classes, CQC's rating bands, small text forms
(``slug``, ``fold``, ``one_line``, ``compact``) and where package data lives.

May import: ``carekg.graph.errors`` only. Nothing here reads a store or a report.
"""
