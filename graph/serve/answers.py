"""One query's answer as bytes in the negotiated format, at most ``max_rows`` rows long.

Runs inside a query worker process (``runner``). The rows are written as SPARQL
TSV (terms in pyoxigraph's own N-Triples syntax), read back with
``pyoxigraph.parse_query_results`` and serialised by pyoxigraph, so every
format is pyoxigraph's own; at most ``max_rows + 1`` rows are ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from carekg.graph.errors import CarekgError
from carekg.graph.model.formats import RDF_FORMATS, RESULT_FORMATS
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.serve.negotiation import HttpError, negotiate


@dataclass
class Answer:
    """What a worker hands back: body, content type and whether rows were cut."""

    body: bytes
    content_type: str
    truncated: bool = False


def _term(term) -> str:
    """A term in SPARQL TSV syntax (N-Triples; triple terms as ``<<( s p o )>>``)."""
    if isinstance(term, Triple):
        return f"<<( {_term(term.subject)} {_term(term.predicate)} {_term(term.object)} )>>"
    return str(term)


def solutions_as_tsv(variables, rows) -> str:
    """SELECT rows as SPARQL TSV, which pyoxigraph reads back exactly."""
    lines = ["\t".join(str(v) for v in variables)]
    width = len(variables)
    for row in rows:
        lines.append("\t".join("" if row[i] is None else _term(row[i]) for i in range(width)))
    return "\n".join(lines) + "\n"


def _take(items, max_rows: int) -> tuple[list, bool]:
    """Up to ``max_rows`` items, and whether there were more."""
    taken = []
    for item in items:
        if len(taken) == max_rows:
            return taken, True
        taken.append(item)
    return taken, False


def _write(serialise: Callable[[], bytes]) -> bytes:
    """Run a serialiser; a result the format cannot hold (e.g. RDF 1.2 in JSON-LD) is a 406."""
    try:
        return serialise()
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
        raise HttpError(406, one_line(f"cannot write this answer in that format: {exc}")) from None


def answer(
    store, text: str, accept: str, formats: list[str], max_rows: int, base_iri: str | None = None
) -> Answer:
    """Run ``text`` on ``store`` and write its answer; ``HttpError`` for a bad query.

    Relative IRIs in the query resolve against ``base_iri`` (the endpoint's URL).
    """
    try:
        result = store.query_raw(text, base_iri=base_iri)
        if isinstance(result, QueryBoolean):
            name = negotiate(False, accept, formats)
            if name in ("csv", "tsv"):
                # SPARQL 1.1's CSV and TSV results define no form for a boolean.
                raise HttpError(406, "an ASK answer has no CSV or TSV form; use json or xml")
            fmt = RESULT_FORMATS[name].oxigraph
            return Answer(_write(lambda: result.serialize(format=fmt)), fmt.media_type)
        if isinstance(result, QuerySolutions):
            fmt = RESULT_FORMATS[negotiate(False, accept, formats)].oxigraph
            variables = result.variables
            rows, truncated = _take(result, max_rows)
            tsv = solutions_as_tsv(variables, rows)
            body = _write(
                lambda: parse_query_results(tsv, QueryResultsFormat.TSV).serialize(format=fmt)
            )
            return Answer(body, fmt.media_type, truncated)
        fmt = RDF_FORMATS[negotiate(True, accept, formats)].oxigraph
        triples, truncated = _take(result, max_rows)
        body = _write(lambda: serialize(triples, format=fmt, prefixes=PREFIXES))
        media = fmt.media_type
        if fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):
            media += "; charset=utf-8"
        return Answer(body, media, truncated)
    except CarekgError as exc:  # the store's message for a syntax error
        raise HttpError(400, str(exc)) from None
    except (OSError, RuntimeError, ValueError) as exc:  # while evaluating
        raise HttpError(400, one_line(f"SPARQL query failed: {exc}")) from None
