"""The query page at ``/``: static files shipped with carekg, filled in and locked down.

The page loads nothing from anywhere: its script and style are inline, and a
Content-Security-Policy allows only those (by hash) and requests to this
server. Every value put into the HTML is escaped; the script writes results
with ``textContent``.

>>> page, csp = query_page(30, 10_000)
>>> b"carekg SPARQL endpoint" in page and "default-src 'none'" in csp
True
"""

from __future__ import annotations

import base64
import hashlib
import html
from importlib.resources import files

from carekg.graph.model.namespaces import PREFIXES

FORMAT_CHOICES = [
    ("", "default (JSON results, Turtle graphs)"),
    ("json", "JSON (SELECT/ASK) or JSON-LD (graphs)"),
    ("xml", "XML (SELECT/ASK) or RDF/XML (graphs)"),
    ("csv", "CSV (SELECT/ASK)"),
    ("tsv", "TSV (SELECT/ASK)"),
    ("turtle", "Turtle (CONSTRUCT/DESCRIBE)"),
    ("nt", "N-Triples (CONSTRUCT/DESCRIBE)"),
]


def _static(name: str) -> str:
    return files("carekg.graph.serve").joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def query_page(timeout: float, max_rows: int) -> tuple[bytes, str]:
    """The page's HTML and the Content-Security-Policy to send with it."""
    style, script = _static("query.css"), _static("query.js")
    e = html.escape
    options = "".join(
        f'<option value="{e(value)}">{e(label)}</option>' for value, label in FORMAT_CHOICES
    )
    page = _static("query.html").format(
        style=style,
        script=script,
        prefixes=e(", ".join(f"{p}:" for p in PREFIXES)),
        timeout=e(f"{timeout:g}"),
        max_rows=e(f"{max_rows:,}"),
        example=e(_static("example.rq")),
        options=options,
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return page.encode("utf-8"), csp
