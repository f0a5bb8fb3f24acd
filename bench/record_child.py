"""The SPARQL each domain command sends, recorded (a child of run.py).

    python bench/record_child.py STORE ITEMS.json OUT.json

ITEMS.json: ``[{"key": K, "argv": [...]}, ...]``. Each command runs once, in this
process, through click's test runner, with ``carekg.graph.store.open_store`` replaced
by one that wraps the store it opens (never reading a kept answer): the wrapper records
``carekg.graph.store.base.bind(query, bindings)`` for every outermost ``select`` or
``query_raw`` call (``select`` goes through ``query_raw``; it is recorded once). OUT.json
gets ``{K: {"texts": [...], "exit": CODE, "error": TEXT}}``; run.py replays the texts on
rdflib.
"""

from __future__ import annotations

import gc
import json
import sys


def recording(store, log: list[str]):
    """``store`` with its ``select`` and ``query_raw`` recording the query text they run."""
    from carekg.graph.store.base import bind

    depth = [0]

    def wrap(inner):
        def call(query, bindings=None, *args, **kwargs):
            if depth[0] == 0:
                log.append(bind(query, bindings))
            depth[0] += 1
            try:
                return inner(query, bindings, *args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("select", "query_raw"):
        setattr(store, name, wrap(getattr(store, name)))
    # A command's answer kept by an earlier run would send no queries: compute each.
    store.remembered = lambda key, compute: compute()
    return store


def main() -> None:
    store_location, items_path, out_path = sys.argv[1:4]
    from click.testing import CliRunner

    import carekg.graph.store as stores
    from carekg.cli import cli

    with open(items_path, encoding="utf-8") as handle:
        items = json.load(handle)
    original = stores.open_store
    log: list[str] = []

    def open_recorded(*args, **kwargs):
        return recording(original(*args, **kwargs), log)

    stores.open_store = open_recorded
    result: dict = {}
    for item in items:
        log.clear()
        outcome = CliRunner().invoke(cli, ["--store", store_location, *item["argv"]])
        gc.collect()  # drop the command's store object
        error = ""
        if outcome.exit_code != 0:
            error = (outcome.output.strip().splitlines() or [repr(outcome.exception)])[-1]
        result[item["key"]] = {"texts": list(log), "exit": outcome.exit_code, "error": error}
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
