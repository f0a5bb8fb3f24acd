"""What the tests against a SPARQL server share: the server's URL, the mark that skips
without one, the CLI run in-process, and rows of SPARQL JSON results made comparable."""

from __future__ import annotations

import gc
import json
import os

import pytest
from click.testing import CliRunner

from carekg.cli import cli

URL = os.environ.get("CAREKG_TEST_SPARQL_STORE", "")

needs_server = pytest.mark.skipif(
    not URL,
    reason="no SPARQL server: set CAREKG_TEST_SPARQL_STORE (e.g. `.ci/virtuoso.sh start`, "
    "then `set -a; . .ci/virtuoso.env; set +a`)",
)


def carekg(store: str, *args: str, env: dict | None = None):
    """Run the CLI in-process (environment: os.environ, plus ``env``)."""
    result = CliRunner().invoke(cli, ["--store", store, *args], env=env)
    gc.collect()  # drop the command's store object and its lock
    return result


def ok(store: str, *args: str) -> str:
    result = carekg(store, *args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout


def as_json(store: str, *args: str):
    return json.loads(ok(store, *args))


def sparql_rows(output: str) -> list[tuple]:
    """A SPARQL JSON result's rows as sorted tuples of values (blank nodes and times masked)."""
    data = json.loads(output)
    if "boolean" in data:
        return [(data["boolean"],)]
    names = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for name in names:
            term = binding.get(name)
            if term is None:
                row.append(None)
            elif term["type"] == "bnode":
                row.append("_:")
            elif term.get("datatype", "").endswith("#dateTime"):
                row.append("<time>")  # ingest times differ between the two builds
            else:
                row.append(term["value"])
        rows.append(tuple(row))
    return sorted(rows, key=repr)
