"""The benchmark (bench/run.py) runs end to end on a tiny corpus and writes its JSON.

No timing is asserted: this only proves that the benchmark works and keeps its shape.
The rdflib reference, validate and the proportionality check are left out to keep the
run short; each still leaves its key, marked as skipped.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "bench" / "run.py"
SKIPPED = ["rdflib", "validate", "proportionality"]
sys.path.insert(0, str(RUN.parent))  # bench/ modules import each other by name
spec = importlib.util.spec_from_file_location("bench_table", RUN.with_name("bench_table.py"))
bench_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_table)


def test_quick_run_writes_the_expected_json(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--skip", ",".join(SKIPPED), "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))

    assert {"date", "machine", "git", "loadavg_start", "loadavg_end"} <= results["meta"].keys()
    assert {"nproc", "ram_bytes"} <= results["meta"]["machine"].keys()
    assert len(results["meta"]["git"]["commit"]) == 40
    assert results["corpus"]["councils"] == 3
    for key in ("wall_s", "peak_rss_bytes", "files_per_s", "findings_per_s", "triples_per_s",
                "store_bytes"):  # fmt: skip
        assert isinstance(results["ingest"][key], int | float), key
    assert results["bulk_load"]["store_bytes"] > 0
    assert results["reopen"]["quads"] == results["ingest"]["quads"]
    assert {"p50", "p95", "samples", "status"} <= results["queries"]["report-overview"].keys()
    assert results["commands"]["summary"]["status"] == "ok"
    assert results["commands"]["findings --qs 8 --format json"]["status"] == "ok"
    assert {"python", "help", "sparql_ask"} <= results["startup"].keys()
    for name in SKIPPED:
        assert results[name] == {"skipped": True}

    rows = {row["key"]: row for row in results["rows"]}
    assert {"ingest.wall", "store.bytes", "reopen", "startup.help"} <= rows.keys()
    assert "query.report-overview" in rows and "command.summary" in rows
    for row in rows.values():
        assert {"what", "carekg", "reference", "ratio", "target", "met"} <= row.keys()
    assert "what" in done.stdout and "met?" in done.stdout

    change = bench_table.compare(results, results["rows"])
    assert "report-overview" in change and "+0%" in change


def test_commands_run_in_turns_not_in_a_row(tmp_path):
    from bench_proc import in_turns

    log = tmp_path / "order"

    def job(letter: str, code: int = 0) -> dict:
        write = f"open({str(log)!r}, 'a').write({letter!r}); raise SystemExit({code})"
        return {"argv": [sys.executable, "-c", write], "stdout": None}

    jobs = {"a": job("a"), "b": job("b"), "bad": job("x", code=3), "c": job("c")}
    earlier = {"c": {"samples": [0.1, 0.1], "status": "ok", "exit": 0}}
    out = in_turns(jobs, times=3, budget=60, timeout=60, before=earlier)
    # One run of each in turn; a failing job stops; ``c`` had two runs already.
    assert log.read_text() == "abxcabab"
    assert [len(out[k]["samples"]) for k in ("a", "b", "bad", "c")] == [3, 3, 0, 3]
    assert out["bad"]["status"] == "error" and out["bad"]["exit"] == 3
    assert out["a"]["status"] == "ok" and out["a"]["p50"] > 0
