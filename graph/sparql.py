"""SPARQL from the command line: ``carekg sparql QUERY`` and the saved queries.

QUERY is the query text, ``@file.rq``, ``-`` (standard input) or the name of
a saved query (``queries/NAME.rq``, listed by ``carekg queries``). The
prefixes of carekg's namespaces and the standard vocabularies are
pre-declared. SELECT and ASK results print as a table, CSV, TSV, SPARQL 1.1
JSON or XML; CONSTRUCT and DESCRIBE results as Turtle or JSON-LD, all written
by pyoxigraph's own serialisers. The command only reads: updates, SERVICE and
FROM are refused (see ``query_text``).

>>> import tempfile
>>> from carekg.graph.ingest import build
>>> from carekg.graph.store import open_store
>>> store = open_store(tempfile.mkdtemp() + "/s", write=True)
>>> _ = build(store)
>>> print(run_sparql(store, "ASK { cqc:qs8 a ckg:QualityStatement }", "json"), end="")
{"head":{},"boolean":true}
>>> ("report-overview", "Each report with its council, kind, date and findings by kind.") in [
...     (n, d[:62]) for n, d in list_saved_queries()]
True
"""

from __future__ import annotations

import re
import sys
from importlib.resources import files
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    serialize,
)

from .errors import CarekgError
from .namespaces import PREFIXES
from .output import to_table
from .query_text import one_line, read_only_problem
from .questions import compact

RESULT_FORMATS = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD}
FORMATS = ["table", *RESULT_FORMATS, *GRAPH_FORMATS]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


# --- saved queries --------------------------------------------------------------------------
def _saved_folder():
    return files("carekg.queries")


def _description(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def list_saved_queries() -> list[tuple[str, str]]:
    """(name, one-line description) of every saved query, by name.

    The description is the first line of the ``#`` comment the file starts with.

    >>> "risks-without-recommendations" in dict(list_saved_queries())
    True
    """
    out = []
    for entry in _saved_folder().iterdir():
        if entry.name.endswith(".rq") and entry.is_file():
            lines = _description(entry.read_text(encoding="utf-8"))
            out.append((entry.name[: -len(".rq")], lines[0] if lines else ""))
    return sorted(out)


def saved_query(name: str) -> str | None:
    """The text of the saved query ``name`` (with or without ``.rq``), or None.

    >>> saved_query("report-overview").startswith("# ")
    True
    """
    name = name.removesuffix(".rq")
    if not _NAME.fullmatch(name):
        return None
    entry = _saved_folder().joinpath(f"{name}.rq")
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


def query_text(query: str) -> str:
    """The SPARQL text QUERY stands for: ``@file``, ``-``, a saved query's name, or itself.

    >>> query_text("report-overview") == saved_query("report-overview")
    True
    """
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CarekgError(f"cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CarekgError(f"{path} is not UTF-8 text") from None
    if _NAME.fullmatch(query.strip().removesuffix(".rq")):
        text = saved_query(query.strip())
        if text is None:
            raise CarekgError(
                f"no saved query named {query.strip()!r}; `carekg queries` lists them"
            )
        return text
    return query


# --- running --------------------------------------------------------------------------------
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


def run_sparql(store, text: str, fmt: str | None = None) -> str:
    """Run a read-only SPARQL query and return its results as text in ``fmt``.

    ``fmt`` is ``table``, ``csv``, ``tsv``, ``json`` (SPARQL 1.1 JSON results) or
    ``xml`` for SELECT and ASK; ``ttl`` or ``jsonld`` for CONSTRUCT and
    DESCRIBE. None picks ``table`` or ``ttl``. Syntax errors, updates and
    formats that do not fit the query raise ``CarekgError`` (one line).

    >>> print(run_sparql(store, "SELECT ?n { cqc:qs8 ckg:number ?n }", "csv"))  # doctest: +SKIP
    n
    8
    """
    if fmt is not None and fmt not in FORMATS:
        raise CarekgError(f"format must be one of {', '.join(FORMATS)}")
    problem = read_only_problem(text)
    if problem:
        raise CarekgError(problem)
    try:
        result = store.query_raw(text)
        if isinstance(result, QuerySolutions | QueryBoolean):
            fmt = fmt or "table"
            if fmt in GRAPH_FORMATS:
                raise CarekgError(
                    f"--format {fmt} is for CONSTRUCT and DESCRIBE; "
                    f"use one of table, {', '.join(RESULT_FORMATS)}"
                )
            if fmt == "table":
                if isinstance(result, QueryBoolean):
                    return ("true" if bool(result) else "false") + "\n"
                names = [v.value for v in result.variables]
                rows = [{n: _term(row[n]) for n in names} for row in result]
                return to_table(rows, names) if names else "(no columns)\n"
            data = result.serialize(format=RESULT_FORMATS[fmt])
        else:
            fmt = fmt or "ttl"
            if fmt not in GRAPH_FORMATS:
                raise CarekgError(
                    f"--format {fmt} is for SELECT and ASK; CONSTRUCT and DESCRIBE "
                    f"give {' or '.join(GRAPH_FORMATS)}"
                )
            data = serialize(result, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
    except (OSError, RuntimeError, ValueError) as exc:
        raise CarekgError(one_line(f"SPARQL query failed: {exc}")) from None
    text_out = data.decode("utf-8")
    return text_out if text_out.endswith("\n") or not text_out else text_out + "\n"
