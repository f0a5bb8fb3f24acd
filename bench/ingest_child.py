"""Is ingest time proportional to the text? (a child of run.py)

    python bench/ingest_child.py WORKDIR ORIGINAL DOUBLED REPEAT OUT.json

In one process, after a warm-up of each file (imports, vocabularies, caches): the
median seconds over REPEAT runs, alternating the two files, of

- ``prepare``: ``carekg.graph.pipeline.prepare_report`` (read and extract, no store);
- ``ingest``: ``carekg.graph.pipeline.ingest`` into a store that already holds the
  bundled Bexley graph, as a user adds one report to an existing store (each ingest
  replaces the report's own graph).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    work, original, doubled = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    repeat, out_path = int(sys.argv[4]), sys.argv[5]
    from carekg.graph.pipeline import build, ingest, prepare_report
    from carekg.graph.store import open_store

    store = open_store(work / "proportionality-store", write=True)
    build(store)
    files = {"original": original, "doubled": doubled}
    times: dict = {name: {"prepare": [], "ingest": []} for name in files}
    findings = {name: len(prepare_report(path).findings) for name, path in files.items()}
    for path in files.values():  # warm-up
        ingest(store, [path])
    for _ in range(repeat):
        for name, path in files.items():
            times[name]["prepare"].append(timed(lambda p=path: prepare_report(p)))
            times[name]["ingest"].append(timed(lambda p=path: ingest(store, [p])))
    result = {
        name: {
            "bytes": files[name].stat().st_size,
            "findings": findings[name],
            **{f"{step}_s": statistics.median(values) for step, values in steps.items()},
            "samples": steps,
        }
        for name, steps in times.items()
    }
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
