"""SPARQL answers as text: a table, CSV, TSV, JSON or XML results, Turtle or JSON-LD.

SELECT and ASK results are written by pyoxigraph's own serialisers in the
SPARQL 1.1 results formats (or as a table for people); CONSTRUCT and DESCRIBE
results as Turtle or JSON-LD. Formats come from the one registry in
``carekg.graph.model.formats``.

>>> print(run_sparql(bexley, "ASK { cqc:qs8 a ckg:QualityStatement }", "json"), end="")
{"head":{},"boolean":true}
>>> run_sparql(bexley, "SELECT ?n { cqc:qs8 ckg:number ?n }", "csv").splitlines()
['n', '8']
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, serialize

from carekg.graph.ask.sparql import run_query
from carekg.graph.errors import CarekgError, FormatError
from carekg.graph.model.formats import (
    RDF_FORMATS,
    RESULT_FORMATS,
    SPARQL_FORMATS,
    SPARQL_GRAPH_FORMATS,
)
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import compact, one_line
from carekg.graph.show.formats import to_table

GRAPH_FORMATS = SPARQL_GRAPH_FORMATS
FORMATS = SPARQL_FORMATS


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _solutions(result, fmt: str) -> str:
    if fmt in GRAPH_FORMATS:
        raise FormatError(
            f"format {fmt} is for CONSTRUCT and DESCRIBE; "
            f"use one of table, {', '.join(RESULT_FORMATS)}"
        )
    if fmt != "table":
        return result.serialize(format=RESULT_FORMATS[fmt].oxigraph).decode("utf-8")
    if isinstance(result, QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    names = [v.value for v in result.variables]
    rows = [{n: _term(row[n]) for n in names} for row in result]
    return to_table(rows, names) if names else "(no columns)\n"


def _graph(result, fmt: str) -> str:
    if fmt not in GRAPH_FORMATS:
        raise FormatError(
            f"format {fmt} is for SELECT and ASK; CONSTRUCT and DESCRIBE "
            f"give {' or '.join(GRAPH_FORMATS)}"
        )
    return serialize(result, format=RDF_FORMATS[fmt].oxigraph, prefixes=PREFIXES).decode("utf-8")


def run_sparql(store, text: str, fmt: str | None = None) -> str:
    """Run a read-only SPARQL query and return its results as text in ``fmt``.

    ``fmt`` is ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` for SELECT and
    ASK; ``ttl`` or ``jsonld`` for CONSTRUCT and DESCRIBE. None picks ``table``
    or ``ttl``. Syntax errors, updates and formats that do not fit the query
    raise ``CarekgError`` (one line).
    """
    if fmt is not None and fmt not in FORMATS:
        raise FormatError(f"format must be one of {', '.join(FORMATS)}")
    result = run_query(store, text)
    try:
        # Results are computed while they are read, so errors can come from here too.
        if isinstance(result, QuerySolutions | QueryBoolean):
            out = _solutions(result, fmt or "table")
        else:
            out = _graph(result, fmt or "ttl")
    except (OSError, RuntimeError, ValueError) as exc:
        raise CarekgError(one_line(f"SPARQL query failed: {exc}")) from None
    return out if out.endswith("\n") or not out else out + "\n"
