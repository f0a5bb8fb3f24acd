"""carekg at national scale, beside references doing the same work (issue 13).

    python bench/run.py [--councils 150] [--repeat 5] [--out bench/results.json]
                        [--corpus DIR] [--compare OLD.json] [--sparql-server URL] [--quick]

Writes a synthetic corpus (bench/make_corpus.py) unless --corpus names one, then
measures, each as a whole process unless said otherwise:

- ingest: ``carekg build`` of every file into a fresh store (wall time, files/s,
  findings/s, triples/s, peak RSS from ``os.wait4``), beside pyoxigraph's
  ``bulk_load`` of the same quads (exported with ``carekg export --format nq``) in a
  child process; both three times (once with --quick), the median run's time and the
  largest peak memory shown, every run's time kept; both stores' size on disk;
- reopening the store (open + count, timed inside a fresh process) beside rdflib
  parsing the N-Quads export;
- every saved query (``carekg sparql NAME --format json``) and every domain command
  that ``carekg --help`` lists (summary, findings, scores, partners, risks, evidence,
  path, and deps, analyse, gaps, compare and view when present): p50 and p95 over
  ``--repeat`` runs, beside rdflib's in-memory SPARQL in one child process (the saved
  query's text; for a command, the queries it sends, recorded by wrapping the store),
  each rdflib query stopped after ``--rdflib-timeout`` seconds;
- ``carekg validate``: time and peak memory;
- ``carekg --help`` and ``findings --qs 8 --format json`` beside ``python -c pass``;
- ingest of the corpus's longest file and of that file with its text twice;
- with ``--sparql-server URL`` (credentials from CAREKG_STORE_USER and
  CAREKG_STORE_PASSWORD, as .ci/virtuoso.sh writes them): ``carekg --store URL build``
  and the saved queries through the server, beside the embedded store.

Prints one table (what, carekg, reference, ratio, target, met?) and writes the
results, the machine (nproc, RAM, load average) and the git commit to --out.
p50 and p95 are nearest-rank: with 5 runs, p95 is the slowest. A repeated
measurement stops early once --budget seconds are spent on it (at least one run);
the JSON keeps every sample. --quick is a 3-council smoke run of under a minute.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import bench_queries
import bench_store
from bench_proc import ROOT, code_hash, compile_bytecode, git_info, loadavg, machine
from bench_report import all_rows
from bench_store import Context, log
from bench_table import compare, table

SKIPPABLE = [
    "bulk_load",
    "reopen",
    "queries",
    "commands",
    "startup",
    "validate",
    "proportionality",
    "rdflib",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150, help="corpus size (150)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--corpus", type=Path, help="reuse this corpus (DIR/<council>/<file>)")
    parser.add_argument("--repeat", type=int, help="runs per query or command (5; quick: 1)")
    parser.add_argument(
        "--budget", type=float, help="seconds per repeated measurement before it stops early (60)"
    )
    parser.add_argument(
        "--timeout", type=float, help="seconds before a query or command process is killed (300)"
    )
    parser.add_argument(
        "--rdflib-timeout", type=float, help="seconds before an rdflib query is stopped (60)"
    )
    parser.add_argument(
        "--skip", default="", metavar="STEP,...", help=f"steps to leave out: {', '.join(SKIPPABLE)}"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="OLD.json",
        help="print the change from an earlier results file",
    )
    parser.add_argument(
        "--show",
        type=Path,
        metavar="RESULTS.json",
        help="measure nothing: print the table of a saved results file (rows recomputed)",
    )
    parser.add_argument(
        "--sparql-server", metavar="URL", help="also load and query through this SPARQL server"
    )
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--quick", action="store_true", help="3-council smoke run (< 1 min)")
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "repeat": 1 if quick else 5,
        "budget": 2.0 if quick else 60.0,
        "timeout": 60.0 if quick else 300.0,
        "rdflib_timeout": 2.0 if quick else 60.0,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if quick and args.councils == 150:
        args.councils = 3
    unknown = set(filter(None, args.skip.split(","))) - set(SKIPPABLE)
    if unknown:
        parser.error(f"--skip: no step {', '.join(sorted(unknown))}; steps: {', '.join(SKIPPABLE)}")
    return args


def step(ctx: Context, results: dict, name: str, fn, *args) -> dict:
    """Run one step; a failure is recorded and the benchmark goes on."""
    if name in ctx.skip:
        results[name] = {"skipped": True}
        return results[name]
    started = time.perf_counter()
    try:
        results[name] = fn(*args)
    except Exception as exc:  # noqa: BLE001 - report it and measure the rest
        log(f"{name} failed: {exc}")
        results[name] = {"error": f"{type(exc).__name__}: {exc}"[:1000]}
    results.setdefault("step_seconds", {})[name] = round(time.perf_counter() - started, 2)
    if ctx.checkpoint:
        ctx.checkpoint()  # what is measured so far survives a run stopped later
    return results[name]


def measure(ctx: Context, args: argparse.Namespace) -> dict:
    r = ctx.results
    if "error" in step(ctx, r, "corpus", bench_store.make_corpus, ctx, args.corpus):
        return r
    ingest = step(ctx, r, "ingest", bench_store.ingest, ctx)
    if "error" in ingest or ingest.get("exit"):
        return r
    exported = "error" not in step(ctx, r, "export", bench_store.export, ctx)
    if not exported:
        ctx.skip |= {"bulk_load", "rdflib"}
    step(ctx, r, "bulk_load", bench_store.bulk_load, ctx)
    step(ctx, r, "reopen", bench_store.reopen, ctx)
    texts = bench_queries.saved_queries()
    step(ctx, r, "queries", bench_queries.queries, ctx, list(texts))
    step(ctx, r, "commands", bench_queries.commands, ctx)
    step(ctx, r, "startup", bench_queries.startup, ctx)
    step(ctx, r, "validate", bench_queries.validate, ctx)
    step(ctx, r, "proportionality", bench_store.proportionality, ctx)
    recorded: dict = {}
    if "rdflib" not in ctx.skip:
        recorded = step(ctx, r, "recorded", bench_queries.record, ctx, r.get("commands") or {})
        recorded = {} if "error" in recorded else recorded
    step(ctx, r, "rdflib", bench_queries.rdflib_reference, ctx, texts, recorded)
    r["recorded"] = {
        k: {"queries": len(v.get("texts", [])), "exit": v.get("exit"), "error": v.get("error")}
        for k, v in recorded.items()
    }
    if ctx.server:
        server: dict = {}
        step(ctx, server, "load", bench_store.server_load, ctx)
        if server["load"].get("exit") == 0:
            step(ctx, server, "queries", bench_store.server_queries, ctx, list(texts))
        r["server"] = server
    return r


def header(meta: dict) -> str:
    m, g = meta["machine"], meta["git"]
    ram = f"{m['ram_bytes'] / 2**30:.1f} GiB" if m.get("ram_bytes") else "?"
    dirty = f", {len(g['changed_files'])} files changed" if g.get("dirty") else ""
    lines = [
        f"carekg benchmark, {meta['date']} (took {meta['elapsed_s']:.0f} s)",
        f"machine: {m['nproc']} cores ({m['cpu']}), {ram} RAM; load average "
        f"{' '.join(map(str, meta['loadavg_start']))} at start, "
        f"{' '.join(map(str, meta['loadavg_end']))} at end",
        f"git {g['commit'][:12]}{dirty}; corpus {meta['corpus']}",
        "carekg: whole processes (p50 / p95 where repeated); rdflib: engine time in one "
        "process after loading; ratio = carekg's cost / the reference's (>1: carekg slower)",
    ]
    if not meta.get("complete", True):
        lines.append("PARTIAL: this run stopped before its end; the figures are those measured")
    lines += [f"note: {note}" for note in meta.get("notes", [])]
    if meta.get("code_changed_during_run"):
        lines.append("WARNING: carekg's code changed while the benchmark ran")
    return "\n".join(lines)


def finish(meta: dict, results: dict, started: float, *, done: bool) -> dict:
    """The JSON document of the results so far (``done``: the run is complete)."""
    meta.update(
        loadavg_end=loadavg(),
        elapsed_s=round(time.perf_counter() - started, 1),
        code_hash_end=code_hash(),
        complete=done,
    )
    meta["code_changed_during_run"] = meta["code_hash_start"] != meta["code_hash_end"]
    corpus = results.get("corpus") or {}
    meta["corpus"] = (
        f"{corpus.get('councils')} councils, {corpus.get('files')} files, "
        f"{corpus.get('bytes', 0) / 1e6:.1f} MB"
    )
    return {"schema": 1, "meta": meta, **results, "rows": all_rows(results)}


def write(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=1, default=str) + "\n", encoding="utf-8")
    temporary.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.show:
        document = json.loads(args.show.read_text(encoding="utf-8"))
        document["rows"] = all_rows(document)
        return report(document, args.show, args.compare)
    started, when = time.perf_counter(), datetime.now(UTC)
    work = args.work or Path(tempfile.mkdtemp(prefix="carekg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(
        work=work,
        councils=args.councils,
        seed=args.seed,
        repeat=args.repeat,
        budget=args.budget,
        timeout=args.timeout,
        rdflib_timeout=args.rdflib_timeout,
        skip=set(filter(None, args.skip.split(","))),
        server=args.sparql_server,
        quick=args.quick,
    )
    meta = {
        "date": when.isoformat(timespec="seconds"),
        "machine": machine(),
        "loadavg_start": loadavg(),
        "git": git_info(),
        "code_hash_start": code_hash(),
        "bytecode": compile_bytecode(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    ctx.checkpoint = lambda: write(args.out, finish(meta, ctx.results, started, done=False))
    try:
        results = measure(ctx, args)
    finally:
        if not (args.keep or args.work):
            shutil.rmtree(work, ignore_errors=True)
    meta["work"] = str(work) if args.keep or args.work else None
    document = finish(meta, results, started, done=True)
    write(args.out, document)
    return report(document, args.out, args.compare)


def report(document: dict, path: Path, old: Path | None) -> int:
    """Print the header, the table and, with ``old``, the change from an earlier run."""
    rows = document["rows"]
    print(header(document["meta"]))
    print()
    print(table(rows))
    met = [r["met"] for r in rows if r["met"] is not None]
    print(f"\n{sum(met)} of {len(met)} targets met. Results: {path}")
    if old:
        print()
        print(compare(json.loads(old.read_text(encoding="utf-8")), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
