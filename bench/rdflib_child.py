"""The reference for queries: rdflib's in-memory SPARQL on the same quads (a child of run.py).

    python bench/rdflib_child.py JOB.json OUT.json

JOB.json: ``{"nq": PATH, "prefixes": TEXT, "timeout": S, "repeat": R, "budget": S,
"items": [{"key": K, "texts": [QUERY, ...]}, ...]}``. Loads the N-Quads into an
``rdflib.Dataset`` with ``default_union=True`` (timed: the reference for reopening
a store), then runs each item's queries in turn, ``repeat`` times or until ``budget``
seconds are spent on the item; an item's time is the sum of its queries' times. A
query still running after ``timeout`` seconds is stopped by ``SIGALRM`` and the item
is reported as ``timeout``. Writes OUT.json after every item, so a crash keeps what
was measured.
"""

from __future__ import annotations

import json
import signal
import sys
import time

from bench_proc import percentile


class QueryTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


def _alarm(_signum, _frame):
    raise QueryTimeout


def run_once(dataset, prefixes: str, texts: list[str], timeout: float) -> tuple[float, int]:
    """Seconds for all ``texts`` and the number of result rows of the last one."""
    total, rows = 0.0, 0
    for text in texts:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            result = dataset.query(prefixes + text)
            rows = len(result)  # evaluates the whole answer
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        total += time.perf_counter() - start
    return total, rows


def measure(dataset, prefixes: str, item: dict, job: dict) -> dict:
    samples: list[float] = []
    out: dict = {"status": "ok", "queries": len(item["texts"])}
    spent = 0.0
    while len(samples) < job["repeat"] and (not samples or spent < job["budget"]):
        try:
            seconds, rows = run_once(dataset, prefixes, item["texts"], job["timeout"])
        except QueryTimeout:
            out.update(status="timeout", lower_bound_s=job["timeout"])
            break
        except Exception as exc:  # noqa: BLE001 - an engine error is a result to report
            out.update(status="error", error=f"{type(exc).__name__}: {exc}"[:300])
            break
        samples.append(seconds)
        spent += seconds
        out["rows"] = rows
    out["samples"] = [round(s, 4) for s in samples]
    if samples:
        out["p50"] = percentile(samples, 50)
        out["p95"] = percentile(samples, 95)
    return out


def main() -> None:
    job_path, out_path = sys.argv[1], sys.argv[2]
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    import rdflib

    imported = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(job["nq"], format="nquads")
    quads = sum(len(graph) for graph in dataset.graphs())
    loaded = time.perf_counter()
    result: dict = {
        "rdflib": rdflib.__version__,
        "import_s": imported - start,
        "load_s": loaded - imported,
        "quads": quads,
        "items": {},
    }
    for item in job["items"]:
        result["items"][item["key"]] = measure(dataset, job["prefixes"], item, job)
        with open(out_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
