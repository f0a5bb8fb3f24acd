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

import pyoxigraph
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


def run_sparql(store, text: str, fmt: str | None = None, *, saved_as: str | None = None) -> str:
    """Run a read-only SPARQL query and return its results as text in ``fmt``.

    ``fmt`` is ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` for SELECT and
    ASK; ``ttl`` or ``jsonld`` for CONSTRUCT and DESCRIBE. None picks ``table``
    or ``ttl``. Syntax errors, updates and formats that do not fit the query
    raise ``CarekgError`` (one line).

    ``saved_as`` names the saved query ``text`` is: its answer in a standard
    format is kept with the store's current data (``store.remembered``), so the
    next run reads it back instead of asking again, until a write changes the data.
    The table is written by carekg for people, and is made afresh each time.
    """
    if fmt is not None and fmt not in FORMATS:
        raise FormatError(f"format must be one of {', '.join(FORMATS)}")
    if saved_as is None or fmt in (None, "table"):
        return _answer(store, text, fmt)
    # What a kept answer depends on besides the data: the query, the format and the
    # engine that wrote it (pyoxigraph serialises every standard format).
    key = f"saved query {saved_as}\n{fmt}\npyoxigraph {pyoxigraph.__version__}\n{text}"
    return store.remembered(key, lambda: _answer(store, text, fmt))


def _answer(store, text: str, fmt: str | None) -> str:
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
