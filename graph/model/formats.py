"""Every format carekg reads or writes, by name: one registry.

- ``RDF_FORMATS``: graphs and datasets (export, CONSTRUCT results, files
  handed to ``validate``), with their file suffixes, media types and the
  name rdflib knows them by;
- ``RESULT_FORMATS``: SPARQL 1.1 query results (SELECT and ASK);
- ``RECORD_FORMATS``: lists of records that questions return (rendered by
  ``carekg.graph.show.formats``).

Media types are listed in order of preference; the first is the one sent.

>>> rdf_format("turtle").name, rdf_format_for_suffix(".nq").name
('ttl', 'nq')
>>> RESULT_FORMATS["csv"].media_types[0]
'text/csv'
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class RdfFormatSpec:
    """A graph or dataset format."""

    name: str
    oxigraph: RdfFormat
    rdflib: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultFormatSpec:
    """A SPARQL query results format."""

    name: str
    oxigraph: QueryResultsFormat
    media_types: tuple[str, ...]


RDF_FORMATS: dict[str, RdfFormatSpec] = {
    spec.name: spec
    for spec in (
        RdfFormatSpec(
            "ttl",
            RdfFormat.TURTLE,
            "turtle",
            (".ttl",),
            ("text/turtle", "application/turtle", "application/x-turtle"),
            ("turtle", "n3"),
        ),
        RdfFormatSpec("trig", RdfFormat.TRIG, "trig", (".trig",), ("application/trig",)),
        RdfFormatSpec(
            "nq", RdfFormat.N_QUADS, "nquads", (".nq",), ("application/n-quads",), ("nquads",)
        ),
        RdfFormatSpec(
            "nt",
            RdfFormat.N_TRIPLES,
            "nt",
            (".nt",),
            ("application/n-triples", "text/plain"),
            ("ntriples", "n-triples"),
        ),
        RdfFormatSpec(
            "jsonld",
            RdfFormat.JSON_LD,
            "json-ld",
            (".jsonld",),
            ("application/ld+json", "application/x-json+ld", "application/json"),
            ("json-ld", "json"),
        ),
        RdfFormatSpec(
            "rdfxml",
            RdfFormat.RDF_XML,
            "xml",
            (".rdf", ".owl"),
            ("application/rdf+xml",),
            ("rdf+xml", "rdf", "xml"),
        ),
    )
}

RESULT_FORMATS: dict[str, ResultFormatSpec] = {
    spec.name: spec
    for spec in (
        ResultFormatSpec(
            "json",
            QueryResultsFormat.JSON,
            ("application/sparql-results+json", "application/json"),
        ),
        ResultFormatSpec(
            "xml",
            QueryResultsFormat.XML,
            ("application/sparql-results+xml", "application/xml", "text/xml"),
        ),
        ResultFormatSpec("csv", QueryResultsFormat.CSV, ("text/csv",)),
        ResultFormatSpec("tsv", QueryResultsFormat.TSV, ("text/tab-separated-values",)),
    )
}

RECORD_FORMATS: tuple[str, ...] = ("table", "json", "csv")
# What ``carekg sparql`` prints: a table, the results formats, or a graph format.
SPARQL_GRAPH_FORMATS: tuple[str, ...] = ("ttl", "jsonld")
SPARQL_FORMATS: tuple[str, ...] = ("table", *RESULT_FORMATS, *SPARQL_GRAPH_FORMATS)
# The NetworkX projection, for Gephi and spreadsheets (written by show.graph_export).
PROJECTION_FORMATS: tuple[str, ...] = ("graphml", "gexf", "nodes-csv", "edges-csv")
# The readiness pack and the action plan (written by show.pack and show.actions_export).
PACK_FORMATS: tuple[str, ...] = ("md", "html", "docx")
ACTION_FORMATS: tuple[str, ...] = ("csv", "md", "xlsx")


def rdf_format(name: str) -> RdfFormatSpec | None:
    """The RDF format called ``name`` or one of its aliases (any case), or None."""
    key = name.strip().lower()
    for spec in RDF_FORMATS.values():
        if key == spec.name or key in spec.aliases:
            return spec
    return None


def rdf_format_for_suffix(suffix: str) -> RdfFormatSpec | None:
    """The RDF format a file suffix (``.ttl``) stands for, or None."""
    suffix = suffix.lower()
    return next((s for s in RDF_FORMATS.values() if suffix in s.suffixes), None)


def rdf_suffixes() -> list[str]:
    """Every file suffix carekg reads as RDF."""
    return [suffix for spec in RDF_FORMATS.values() for suffix in spec.suffixes]
