"""Export the graph in standard RDF formats, chosen by name.

>>> sorted(EXPORT_FORMATS)
['jsonld', 'nq', 'nt', 'rdfxml', 'trig', 'ttl']
"""

from __future__ import annotations

from pyoxigraph import RdfFormat

EXPORT_FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nq": RdfFormat.N_QUADS,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}


def export(store, format: str) -> bytes:
    """The store's graphs serialised: a dataset for trig/nq/jsonld, merged triples otherwise."""
    return store.dump(EXPORT_FORMATS[format])
