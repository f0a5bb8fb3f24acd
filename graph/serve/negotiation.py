"""Which format an answer is written in: ``format=`` first, then ``Accept``, then the default.

Formats and their media types come from the one registry in
``carekg.graph.model.formats``; this module only chooses among them.

>>> negotiate(False, "text/csv", [])
'csv'
>>> negotiate(True, "text/html,application/xml;q=0.9,*/*;q=0.8", [])
'ttl'
>>> negotiate(False, "", ["tsv"])
'tsv'
"""

from __future__ import annotations

from collections.abc import Iterable

from carekg.graph.model.formats import RDF_FORMATS, RESULT_FORMATS, rdf_format

# The formats each kind of answer is written in, in the endpoint's order of preference.
RESULT_NAMES = ["json", "xml", "csv", "tsv"]
GRAPH_NAMES = ["ttl", "jsonld", "nt", "rdfxml"]


class HttpError(Exception):
    """An answer with a status and a one-line plain-text message."""

    def __init__(self, status: int, message: str, headers: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)


def media_types(graph: bool) -> dict[str, str]:
    """Media type -> format name, in order of preference (the first is the default)."""
    if graph:
        return {m: n for n in GRAPH_NAMES for m in RDF_FORMATS[n].media_types}
    return {m: n for n in RESULT_NAMES for m in RESULT_FORMATS[n].media_types}


def _named(graph: bool, value: str) -> str | None:
    """The format a ``format=`` value names (a name, an alias or a media type), or None."""
    key = value.strip().lower()
    media = media_types(graph)
    if key.split(";")[0].strip() in media:
        return media[key.split(";")[0].strip()]
    if graph:
        spec = rdf_format(key)
        return spec.name if spec and spec.name in GRAPH_NAMES else None
    return key if key in RESULT_NAMES else None


def accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped, ties keep their order).

    >>> accepted("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1")
    ['application/sparql-results+xml', 'text/csv', '*/*']
    """
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, index, media))
    return [media for _, _, media in sorted(ranges)]


def negotiate(graph: bool, accept: str, formats: list[str]) -> str:
    """The format name for an answer: from ``format=`` values, else Accept, else the default.

    An Accept header that names nothing the endpoint writes, with no wildcard,
    is a 406; a ``format=`` that does not fit the query is a 400.
    """
    media = media_types(graph)
    if formats:
        for value in formats:
            name = _named(graph, value)
            if name:
                return name
        form = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
        allowed = GRAPH_NAMES if graph else RESULT_NAMES
        raise HttpError(
            400,
            f"format {formats[0]!r} does not fit a {form} query; use one of "
            f"{', '.join(allowed)} or a media type",
        )
    default = next(iter(media.values()))
    for wanted in accepted(accept or "*/*"):
        if wanted in media:
            return media[wanted]
        major, _, minor = wanted.partition("/")
        if wanted == "*/*":
            return default
        if minor == "*":
            for candidate, name in media.items():
                if candidate.startswith(major + "/"):
                    return name
    if accept.strip():
        raise HttpError(
            406,
            "none of the media types in Accept can hold this answer; the endpoint writes "
            + ", ".join(media),
        )
    return default
