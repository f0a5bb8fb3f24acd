"""Time the analysis layer step by step on one store (issue 10, bounds from issue 13).

    python bench/analysis.py --store STORE [--repeat 3] [--council NAME] [--json OUT]

Each step runs in this process on the projection built once (the projection
itself is timed separately), best of ``--repeat`` runs, with the process's peak
memory. For a 150-council store, make one with

    python bench/make_corpus.py /tmp/corpus --councils 150
    carekg --store /tmp/c150 build -q /tmp/corpus/*/*

Steps: open + projection (four SPARQL reads), partner centrality, communities
(Louvain), single points of failure, gaps (all seven rules, every council),
compare (scores, themes, partner types), one council over time, and the whole
``carekg analyse``, ``gaps`` and ``compare`` commands as processes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU: dict[str, float] = {}


def best_of(repeat: int, name: str, step):
    """(best wall seconds, last result) of ``repeat`` runs; the best CPU time goes in ``CPU``."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = step()
        best = min(best, time.perf_counter() - start)
        CPU[name] = min(CPU.get(name, float("inf")), time.process_time() - cpu)
    return best, result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def command_seconds(store: str, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one ``carekg`` process."""
    carekg = Path(sys.executable).with_name("carekg")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(carekg), "--store", store, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"carekg {' '.join(args)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="the store to analyse (read only)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (best is kept)")
    parser.add_argument("--council", help="council for the over-time step (default: the first)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-commands", action="store_true", help="skip the whole commands")
    options = parser.parse_args(argv)

    from carekg.graph.analyse.centrality import partner_centrality
    from carekg.graph.analyse.communities import communities, membership
    from carekg.graph.analyse.compare import compare
    from carekg.graph.analyse.failures import single_points_of_failure
    from carekg.graph.analyse.gaps import find_gaps
    from carekg.graph.analyse.over_time import findings_over_time
    from carekg.graph.analyse.projection import councils_of, project
    from carekg.graph.store import open_store

    store = open_store(options.store)
    figures: dict[str, float | int | str] = {}
    figures["projection_s"], graph = best_of(options.repeat, "projection", lambda: project(store))
    figures["nodes"] = graph.number_of_nodes()
    figures["edges"] = graph.number_of_edges()
    figures["findings"] = sum(1 for _, d in graph.nodes(data=True) if d["type"] == "finding")
    figures["councils"] = len(councils_of(graph))
    figures["centrality_s"], rows_c = best_of(
        options.repeat, "centrality", lambda: partner_centrality(graph)
    )
    figures["centrality_approximate"] = str(any(r["approximate"] for r in rows_c))
    figures["communities_s"], found = best_of(
        options.repeat, "communities", lambda: membership(graph)
    )
    figures["communities"] = len(communities(graph, found=found))
    figures["failures_s"], spof = best_of(
        options.repeat, "failures", lambda: single_points_of_failure(graph)
    )
    figures["single_points_of_failure"] = len(spof)
    figures["gaps_s"], gaps = best_of(
        options.repeat, "gaps", lambda: find_gaps(graph, communities=found)
    )
    figures["gaps"] = len(gaps)
    figures["compare_s"], answer = best_of(
        options.repeat, "compare", lambda: compare(store, graph=graph)
    )
    figures["themes"] = len(answer["themes"])
    council = options.council or next(iter(councils_of(graph)))
    figures["over_time_s"], rows = best_of(
        options.repeat, "over_time", lambda: findings_over_time(project(store, council=council))
    )
    figures["over_time_rows"] = len(rows)
    figures["peak_mb"] = round(peak_mb())
    partner = max(rows_c, key=lambda r: r["findings"])["id"] if rows_c else "x"
    store.close()
    if not options.no_commands:
        for name, args in (
            ("cmd_analyse_s", ["analyse", "--format", "json"]),
            ("cmd_gaps_s", ["gaps", "--format", "json"]),
            ("cmd_compare_s", ["compare", "--format", "json"]),
            ("cmd_deps_s", ["deps", partner, "--format", "json"]),
        ):
            figures[name], CPU[name.removesuffix("_s")] = command_seconds(options.store, *args)
    figures.update({f"{k}_cpu_s": v for k, v in CPU.items()})
    figures["load_average"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key.ljust(width)}  {shown}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
