"""carekg's library: the knowledge graph of adult social care assurance reports.

The public API, for a Python user (each name is loaded when first used, so
importing ``carekg.graph`` costs nothing)::

    from carekg.graph import open_store, build, findings
    store = open_store("/tmp/kg", write=True)
    build(store)                                  # the bundled Bexley reports
    risks = findings(store, kind="risk", qs=8)    # dicts with quote and source

========================  =====================================================
name                      what it is
========================  =====================================================
``open_store``            the store at a directory or an ``http(s)://`` SPARQL server
``build``                 rebuild the store from reports (default: the Bexley seeds)
``ingest``                add or replace reports in the store
``prepare_report``        read and extract one report without storing it
``findings``              findings with their exact quotes, filtered
``summary``               counts by kind, theme, quality statement and partner
``scores``                quality statement scores that reports state
``partners``              partners with counts of findings by kind
``risks``                 risks, what they threaten, what addresses them
``evidence``              every quote for one quality statement
``path``                  the shortest chain of relations between two nodes
``run_sparql``            a read-only SPARQL query, its results as text
``validate``              SHACL violations of the store or an RDF file
``export``                the graph in a standard RDF format
``write_view``            the interactive HTML view
``write_pack``            the readiness pack (Markdown, HTML or Word)
``action_plan``           the action plan's rows (``show.actions_export`` writes them)
``import_action_plan``    a filled action plan's owners, dates and statuses recorded
``CarekgError``           what the library raises for a problem the user can fix
========================  =====================================================

The library is in layers, one folder each; ``docs/architecture.md`` draws
them and ``tests/test_layers.py`` keeps the imports flowing one way:
``model`` ← ``read`` / ``extract`` / ``store`` ← ``ask`` ← ``analyse`` ←
``show`` ← ``serve``, with ``pipeline`` (read + extract + store) and ``actions``
(a filled action plan back into the store) beside them.
"""

from __future__ import annotations

import importlib

_API = {
    "open_store": "carekg.graph.store",
    "build": "carekg.graph.pipeline",
    "ingest": "carekg.graph.pipeline",
    "prepare_report": "carekg.graph.pipeline",
    "findings": "carekg.graph.ask.findings",
    "summary": "carekg.graph.ask.summary",
    "scores": "carekg.graph.ask.summary",
    "partners": "carekg.graph.ask.partners",
    "risks": "carekg.graph.ask.risks",
    "evidence": "carekg.graph.ask.evidence",
    "path": "carekg.graph.analyse.paths",
    "run_sparql": "carekg.graph.show.results",
    "validate": "carekg.graph.ask.validation",
    "export": "carekg.graph.show.export",
    "write_view": "carekg.graph.show.view",
    "write_pack": "carekg.graph.show.pack",
    "action_plan": "carekg.graph.show.actions",
    "import_action_plan": "carekg.graph.actions",
    "CarekgError": "carekg.graph.errors",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'carekg.graph' has no attribute {name!r}")
