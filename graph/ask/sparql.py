"""SPARQL queries by text, file or saved name, run read-only.

A query is its text, ``@file.rq`` or the name of a saved query
(``queries/NAME.rq``). The prefixes of carekg's namespaces and the standard
vocabularies are pre-declared. Only queries run: updates, ``SERVICE`` and
``FROM`` are refused (see ``carekg.graph.store.sparql_text``).

>>> bool(run_query(bexley, "ASK { cqc:qs8 a ckg:QualityStatement }"))
True
>>> ("report-overview", "Each report with its council, kind, date and findings by kind.") in [
...     (n, d[:62]) for n, d in list_saved_queries()]
True
"""

from __future__ import annotations

import re
from pathlib import Path

from carekg.graph.errors import CarekgError
from carekg.graph.model.package_data import saved_queries_folder
from carekg.graph.model.text import one_line
from carekg.graph.store.sparql_text import read_only_problem

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


# --- saved queries --------------------------------------------------------------------------
def _saved_folder():
    return saved_queries_folder()


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


def saved_query_name(query: str) -> str | None:
    """The saved query's name if ``query`` names one (as ``query_text`` reads it), else None.

    >>> saved_query_name("report-overview.rq"), saved_query_name("ASK {}")
    ('report-overview', None)
    """
    name = query.strip().removesuffix(".rq")
    if query.startswith("@") or not _NAME.fullmatch(name) or saved_query(name) is None:
        return None
    return name


def query_text(query: str) -> str:
    """The SPARQL text ``query`` stands for: ``@file``, a saved query's name, or itself.

    >>> query_text("report-overview") == saved_query("report-overview")
    True
    """
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
            raise CarekgError(f"no saved query named {query.strip()!r}")
        return text
    return query


# --- running --------------------------------------------------------------------------------
def run_query(store, text: str):
    """Run a read-only query; pyoxigraph's result (solutions, boolean or triples).

    Updates, ``SERVICE`` and ``FROM`` raise ``CarekgError`` before anything runs.
    """
    problem = read_only_problem(text)
    if problem:
        raise CarekgError(problem)
    try:
        return store.query_raw(text)
    except (OSError, RuntimeError, ValueError) as exc:
        raise CarekgError(one_line(f"SPARQL query failed: {exc}")) from None
