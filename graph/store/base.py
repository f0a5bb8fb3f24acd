"""What every store offers, whatever holds the graph: rows, bindings, counts.

A store answers SPARQL through ``query_raw``; ``QueryableStore`` builds rows,
serialised results and counts on top of it. Values from users never become
query text: ``select`` takes ``bindings``, RDF terms serialised by pyoxigraph and
joined to the query as a ``VALUES`` block where the query marks ``#VALUES``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
)

from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import GRAPH, PREFIXES

DEFAULT_LOCATION = os.path.join(".carekg", "store")
STAGING = str(GRAPH) + "staging/"

Term = NamedNode | Literal


def default_location() -> str:
    """``$CAREKG_STORE`` if set, else ``./.carekg/store``."""
    return os.environ.get("CAREKG_STORE") or DEFAULT_LOCATION


def prefix_header() -> str:
    """SPARQL PREFIX declarations for every namespace carekg knows."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def values_block(bindings: Mapping[str, Term | Iterable[Term]]) -> str:
    """A SPARQL ``VALUES`` block binding each variable to one term or a list of terms.

    Terms are written by pyoxigraph's own serialiser, so quotes, braces and
    newlines inside a literal stay inside the literal.

    >>> values_block({"label": Literal('a"} ; DROP ALL')})
    'VALUES ?label { "a\\\\"} ; DROP ALL" }'
    """
    parts = []
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"bad variable name {name!r}")
        terms = [value] if isinstance(value, NamedNode | Literal) else list(value)
        for term in terms:
            if not isinstance(term, NamedNode | Literal):
                raise TypeError(f"binding for {name} must be an RDF term, not {type(term)}")
        parts.append(f"VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}")
    return " ".join(parts)


def bind(query: str, bindings: Mapping[str, Term | Iterable[Term]] | None) -> str:
    """Put the ``VALUES`` block for ``bindings`` where the query says ``#VALUES``."""
    if not bindings:
        return query
    if "#VALUES" not in query:
        raise ValueError("a query with bindings must mark where they go with #VALUES")
    return query.replace("#VALUES", values_block(bindings), 1)


# What a write takes: graph names mapped to triples, or ``(graph, triples)`` pairs that a
# store writes as they come (a pipeline hands each report over once it is prepared).
Graphs = Mapping[NamedNode, Iterable[Triple]] | Iterable[tuple[NamedNode, Iterable[Triple]]]


def graph_pairs(graphs: Graphs) -> Iterator[tuple[NamedNode, Iterable[Triple]]]:
    """``(graph, triples)`` for each graph of a write, refusing a graph named twice (its
    second content would be merged into the first).

    >>> g = NamedNode("https://example.org/g")
    >>> [name.value for name, _ in graph_pairs({g: []})]
    ['https://example.org/g']
    >>> list(graph_pairs([(g, []), (g, [])]))
    Traceback (most recent call last):
    ValueError: graph https://example.org/g given twice in one write
    """
    seen: set[NamedNode] = set()
    for graph, triples in graphs.items() if isinstance(graphs, Mapping) else graphs:
        if graph in seen:
            raise ValueError(f"graph {graph.value} given twice in one write")
        seen.add(graph)
        yield graph, triples


QUAD_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class QueryableStore:
    """What every store offers on top of ``query_raw``: rows, serialised results, counts."""

    def query_raw(self, query: str, bindings=None, base_iri: str | None = None):  # abstract
        raise NotImplementedError

    def select(self, query: str, bindings=None) -> list[dict[str, Term | None]]:
        """Rows of a SELECT query as dicts from variable name to term (None when unbound)."""
        solutions = self.query_raw(query, bindings)
        if not isinstance(solutions, QuerySolutions):
            raise CarekgError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names} for row in solutions]

    def select_values(self, query: str, bindings=None) -> list[dict[str, str]]:
        """Rows of a SELECT query as dicts from variable name to the term's text (unbound
        left out), read from SPARQL JSON results that the store writes in one call: for
        large answers, a Python term per cell costs more than the query."""
        solutions = self.query_raw(query, bindings)
        if not isinstance(solutions, QuerySolutions):
            raise CarekgError("select_values() needs a SELECT query")
        data = json.loads(solutions.serialize(format=QueryResultsFormat.JSON))
        return [
            {name: cell["value"] for name, cell in row.items()}
            for row in data["results"]["bindings"]
        ]

    def serialize_results(self, query: str, media: str) -> bytes:
        """A SELECT/ASK result as SPARQL JSON, XML, CSV or TSV, or a graph as RDF."""
        from pyoxigraph import serialize

        result = self.query_raw(query)
        if isinstance(result, QuerySolutions | QueryBoolean):
            return result.serialize(format=QueryResultsFormat.from_media_type(media))
        return serialize(result, format=RdfFormat.from_media_type(media), prefixes=PREFIXES)

    def remembered(self, key: str, compute: Callable[[], str]) -> str:
        """``compute()``, or the answer kept under ``key`` for the data as it is now.
        A store that cannot tell when its data changed (a server) computes each time."""
        return compute()

    def quad_count(self) -> int:
        """How many quads are in the visible graphs."""
        rows = self.select(QUAD_COUNT)
        return int(rows[0]["n"].value)
