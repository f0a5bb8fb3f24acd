"""Export the graph in standard RDF formats, chosen by name from the format registry.

>>> sorted(EXPORT_FORMATS)
['jsonld', 'nq', 'nt', 'rdfxml', 'trig', 'ttl']
"""

from __future__ import annotations

from carekg.graph.model.formats import RDF_FORMATS

EXPORT_FORMATS = list(RDF_FORMATS)


def export(store, format: str) -> bytes:
    """The store's graphs serialised: a dataset for trig/nq/jsonld, merged triples otherwise."""
    return store.dump(RDF_FORMATS[format].oxigraph)
