"""Steps of bench/run.py that ask the store: saved queries, domain commands, the rdflib
reference for both, validate and start-up times."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bench_proc import in_turns, loadavg, repeat, run_timed
from bench_store import BENCH, Context, log

# Domain commands: key, command name, argument lists to try in turn (the next one when
# a command fails), and which target applies. Placeholders: {out} a file to write,
# {council} and {council2} two councils of the corpus, {partner} the id of the partner
# other than a council that most findings involve.
COMMANDS: list[tuple[str, str, list[list[str]], str]] = [
    ("summary", "summary", [["summary"]], "command"),
    (
        "findings --qs 8 --format json",
        "findings",
        [["findings", "--qs", "8", "--format", "json"]],
        "command",
    ),
    ("scores", "scores", [["scores"]], "command"),
    ("partners", "partners", [["partners"]], "command"),
    ("risks", "risks", [["risks"]], "command"),
    ("evidence 8", "evidence", [["evidence", "8"]], "command"),
    ("path ICB qs8", "path", [["path", "ICB", "qs8"]], "command"),
    ("deps", "deps", [["deps", "ICB"], ["deps", "{partner}"]], "command"),
    ("analyse", "analyse", [["analyse"]], "analysis"),
    ("gaps", "gaps", [["gaps"]], "analysis"),
    ("compare", "compare", [["compare"], ["compare", "{council}", "{council2}"]], "analysis"),
    ("view (national)", "view", [["view", "-o", "{out}"]], "view"),
    ("view --council", "view", [["view", "--council", "{council}", "-o", "{out}"]], "view-one"),
]


def available_commands(ctx: Context) -> list[str]:
    """The command names ``carekg --help`` lists."""
    text = subprocess.run(
        [*ctx.carekg, "--help"], capture_output=True, text=True, env=ctx.env(), check=True
    ).stdout
    names, listing = [], False
    for line in text.splitlines():
        if line.strip() == "Commands:":
            listing = True
        elif listing and re.match(r"^  \S", line):
            names.append(line.split()[0])
    return names


def saved_queries() -> dict[str, str]:
    """Name -> text of every saved query (what ``carekg queries`` lists)."""
    from carekg.graph.ask.sparql import list_saved_queries, saved_query

    return {name: saved_query(name) for name, _ in list_saved_queries()}


def _rows(path: Path) -> tuple[int | None, int | None]:
    """Rows and distinct rows of a SPARQL JSON results file."""
    try:
        bindings = json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    distinct = {json.dumps(b, sort_keys=True) for b in bindings}
    return len(bindings), len(distinct)


def queries(ctx: Context, names: list[str]) -> dict:
    """Every saved query as a whole process: ``carekg sparql NAME --format json``, the
    queries run in turns (see ``in_turns``)."""
    folder = ctx.work / "answers"
    folder.mkdir(exist_ok=True)
    log(f"{len(names)} saved queries, {ctx.repeat} rounds of one run each")
    jobs = {
        name: {
            "argv": ctx.at(ctx.store, "sparql", name, "--format", "json"),
            "stdout": folder / f"{name}.json",
        }
        for name in names
    }
    out = in_turns(jobs, times=ctx.repeat, budget=ctx.budget, timeout=ctx.timeout, env=ctx.env())
    for name, result in out.items():
        if result["status"] == "ok":
            result["rows"], result["distinct_rows"] = _rows(folder / f"{name}.json")
        result["loadavg"] = loadavg()
    return out


def _councils(ctx: Context) -> list[str]:
    folders = sorted({p.parent.name for p in ctx.files})
    names = [f.replace("-", " ") for f in folders] or ["none"]
    return (names * 2)[:2]


def _top_partner(ctx: Context) -> str:
    """The id of the partner, other than a council, that most findings involve."""
    run = subprocess.run(
        ctx.at(ctx.store, "partners", "--format", "json"),
        capture_output=True,
        text=True,
        env=ctx.env(),
        timeout=ctx.timeout,
    )
    try:
        rows = json.loads(run.stdout)
    except ValueError:
        return "icb"
    ids = [r["id"] for r in rows if r.get("id") and not r["id"].endswith("council")]
    return ids[0] if ids else "icb"


def _fill(argv: list[str], ctx: Context, out: Path) -> list[str]:
    council, council2 = _councils(ctx)
    values = {"out": str(out), "council": council, "council2": council2}
    if any("{partner}" in arg for arg in argv):
        values["partner"] = _top_partner(ctx)
    return [arg.format(**values) for arg in argv]


def commands(ctx: Context) -> dict:
    """Every domain command present in this carekg, as whole processes: a first run of
    each finds the arguments that work, then the rest run in turns (see ``in_turns``)."""
    present = set(available_commands(ctx))
    out: dict = {}
    folder = ctx.work / "answers"
    folder.mkdir(exist_ok=True)
    jobs: dict[str, dict] = {}
    for number, (key, name, choices, target) in enumerate(COMMANDS):
        if name not in present:
            out[key] = {"status": "absent", "target": target}
            continue
        log(f"command: {key}")
        page = folder / f"view-{number}.html"
        for index, choice in enumerate(choices):
            argv = _fill(choice, ctx, page)
            first = repeat(
                ctx.at(ctx.store, *argv),
                times=1,
                budget=ctx.budget,
                timeout=ctx.timeout,
                stdout=folder / f"command-{number}.out",
                env=ctx.env(),
            )
            if first["status"] != "error" or index + 1 == len(choices):
                break
        out[key] = first
        jobs[key] = {"argv": ctx.at(ctx.store, *argv), "number": number, "page": page}
        first.update(argv=argv, target=target)
    log(f"{len(jobs)} commands, {ctx.repeat - 1} more rounds of one run each")
    more = in_turns(
        jobs,
        times=ctx.repeat,
        budget=ctx.budget,
        timeout=ctx.timeout,
        env=ctx.env(),
        before={key: out[key] for key in jobs},
    )
    for key, job in jobs.items():
        result = {**more[key], "argv": out[key]["argv"], "target": out[key]["target"]}
        result["loadavg"] = loadavg()
        number, page = job["number"], job["page"]
        if page.exists():
            result["page_bytes"] = page.stat().st_size
        elif (folder / f"command-{number}.out").exists():
            result["output_bytes"] = (folder / f"command-{number}.out").stat().st_size
        out[key] = result
    return out


def record(ctx: Context, commands_run: dict) -> dict:
    """The SPARQL texts each command that ran sends, recorded in one child process."""
    items = []
    for number, (key, result) in enumerate(commands_run.items()):
        if result.get("status") in ("ok", "timeout") and "argv" in result:
            argv = list(result["argv"])
            if "-o" in argv:
                argv[argv.index("-o") + 1] = str(ctx.work / f"recorded-{number}.html")
            items.append({"key": key, "argv": argv})
    if not items:
        return {}
    log(f"recording the SPARQL of {len(items)} commands")
    job, out = ctx.work / "record-items.json", ctx.work / "recorded.json"
    job.write_text(json.dumps(items), encoding="utf-8")
    argv = [sys.executable, str(BENCH / "record_child.py"), str(ctx.store), str(job), str(out)]
    run = run_timed(argv, timeout=max(ctx.timeout * len(items), 600), env=ctx.env())
    if run["exit"] != 0:
        raise RuntimeError(f"record_child failed: {run['stderr'][-500:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def rdflib_reference(ctx: Context, texts: dict[str, str], recorded: dict) -> dict:
    """rdflib's in-memory SPARQL on the exported quads: saved queries and the commands'
    recorded queries, in one child process."""
    from carekg.graph.model.namespaces import PREFIXES

    items = [{"key": f"query:{name}", "texts": [text]} for name, text in texts.items()]
    items += [
        {"key": f"command:{key}", "texts": r["texts"]}
        for key, r in recorded.items()
        if r.get("texts") and r.get("exit") == 0
    ]
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    job_path, out = ctx.work / "rdflib-job.json", ctx.work / "rdflib.json"
    job = {
        "nq": str(ctx.nq),
        "prefixes": prefixes,
        "timeout": ctx.rdflib_timeout,
        "repeat": ctx.repeat,
        "budget": ctx.budget,
        "items": items,
    }
    job_path.write_text(json.dumps(job), encoding="utf-8")
    log(f"reference: rdflib loads {ctx.nq.name} and runs {len(items)} items")
    limit = 3600 + len(items) * (ctx.rdflib_timeout + ctx.budget) * 2
    run = run_timed(
        [sys.executable, str(BENCH / "rdflib_child.py"), str(job_path), str(out)], timeout=limit
    )
    result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"items": {}}
    result.update(wall_s=run["wall_s"], peak_rss_bytes=run["peak_rss_bytes"], exit=run["exit"])
    if run["exit"] != 0:
        result["error"] = run["stderr"][-500:]
    return result


def validate(ctx: Context) -> dict:
    """``carekg validate`` on the whole store: time, peak memory, violations."""
    log("validate")
    answer = ctx.work / "validate.out"
    run = run_timed(
        ctx.at(ctx.store, "validate"), stdout=answer, timeout=max(ctx.timeout, 1800), env=ctx.env()
    )
    text = answer.read_text(encoding="utf-8", errors="replace") if answer.exists() else ""
    result = {
        "wall_s": run["wall_s"],
        "peak_rss_bytes": run["peak_rss_bytes"],
        "exit": run["exit"],
        "timed_out": run["timed_out"],
        "conforms": run["exit"] == 0,
        "output_lines": len(text.splitlines()),
        "loadavg": loadavg(),
    }
    if run["exit"] not in (0, 1) or run["timed_out"]:
        result["error"] = run["stderr"][-300:] or "timed out"
    return result


def startup(ctx: Context) -> dict:
    """Whole-process start-up: ``python -c pass``, ``carekg --help``, and the fixed cost of
    a query: ``carekg sparql "ASK {}"`` on the store."""
    log("start-up: python -c pass, carekg --help, carekg sparql 'ASK {}'")
    times = 3 if ctx.quick else max(ctx.repeat, 10)
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "help": [*ctx.carekg, "--help"],
        "sparql_ask": ctx.at(ctx.store, "sparql", "ASK {}"),
    }
    return {
        name: repeat(argv, times=times, budget=ctx.budget, timeout=60, env=ctx.env())
        for name, argv in commands.items()
    }
