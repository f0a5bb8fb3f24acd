"""Processes timed from outside, and facts about the machine: helpers for bench/run.py.

``run_timed`` starts one process, waits for it with ``os.wait4`` and returns its wall
time, exit status and peak resident memory (the child's and its waited-for children's);
``repeat`` runs a command several times within a time budget and gives p50 and p95.
"""

from __future__ import annotations

import hashlib
import math
import os
import platform
import re
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile: with 5 samples p95 is the largest, p50 the middle one."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def run_timed(
    argv: list[str],
    *,
    timeout: float | None = None,
    stdout: Path | None = None,
    env: dict | None = None,
    cwd: Path | None = None,
) -> dict:
    """Run ``argv`` once; wall seconds, exit code, peak RSS bytes, timed_out, stderr tail.

    The process gets its own session, so a timeout kills it and anything it started.
    """
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    err = tempfile.TemporaryFile()  # noqa: SIM115
    killed = []
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )

    def kill() -> None:
        killed.append(True)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if timer:
        timer.cancel()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if out is not subprocess.DEVNULL:
        out.close()
    err.seek(0)
    tail = err.read()[-2000:].decode("utf-8", "replace").strip()
    err.close()
    return {
        "wall_s": wall,
        "exit": code,
        "peak_rss_bytes": usage.ru_maxrss * 1024,
        "timed_out": bool(killed),
        "stderr": tail,
    }


def summarise(samples: list[float], runs: list[dict]) -> dict:
    """p50, p95, the samples and the largest peak RSS of a list of timed runs."""
    result: dict = {"samples": [round(s, 4) for s in samples]}
    if samples:
        result["p50"] = percentile(samples, 50)
        result["p95"] = percentile(samples, 95)
    if runs:
        result["peak_rss_bytes"] = max(r["peak_rss_bytes"] for r in runs)
    return result


def repeat(
    argv: list[str],
    *,
    times: int,
    budget: float,
    timeout: float,
    stdout: Path | None = None,
    env: dict | None = None,
) -> dict:
    """Run ``argv`` up to ``times`` times, stopping early once ``budget`` seconds are spent.

    ``status`` is ``ok``, ``timeout`` (a run passed ``timeout``: it was killed and the
    figure is only a lower bound) or ``error`` (an exit code other than 0).
    The first run's standard output goes to ``stdout`` when given.
    """
    job = {"argv": argv, "stdout": stdout}
    return in_turns({"": job}, times=times, budget=budget, timeout=timeout, env=env)[""]


def in_turns(
    jobs: dict[str, dict],
    *,
    times: int,
    budget: float,
    timeout: float,
    env: dict | None = None,
    before: dict[str, dict] | None = None,
) -> dict[str, dict]:
    """``repeat`` for several commands at once, one run of each in turn, ``times`` rounds.

    Five runs of one command in a row fall in the same few seconds; on this shared
    machine, whose speed drifts by a third from one minute to the next, a slow minute
    then sets that command's p50 alone. In turns, each command's runs are spread over
    the whole step, and a slow minute touches every command once. ``jobs`` maps a key
    to ``{"argv": [...], "stdout": Path or None}`` (the first run's output goes there);
    ``before`` holds results already measured for some keys (their runs count).
    """
    state = {key: _Turns() for key in jobs}
    for key, earlier in (before or {}).items():
        if key in state:
            state[key].take_over(earlier)
    for _ in range(times):
        for key, job in jobs.items():
            turns = state[key]
            if turns.done(times, budget):
                continue
            first = not turns.runs and not turns.samples
            turns.add(
                run_timed(
                    job["argv"],
                    timeout=timeout,
                    stdout=job.get("stdout") if first else None,
                    env=env,
                ),
                timeout,
            )
    return {key: turns.result(timeout) for key, turns in state.items()}


class _Turns:
    """The runs of one command so far, and whether it should run again."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.runs: list[dict] = []
        self.spent = 0.0
        self.status, self.error, self.code = "ok", "", 0

    def take_over(self, earlier: dict) -> None:
        self.samples = list(earlier.get("samples", []))
        self.spent = sum(self.samples)
        self.status, self.code = earlier.get("status", "ok"), earlier.get("exit", 0)
        self.error = earlier.get("error", "")
        if "peak_rss_bytes" in earlier:
            self.runs.append({"peak_rss_bytes": earlier["peak_rss_bytes"]})

    def done(self, times: int, budget: float) -> bool:
        if self.status != "ok" or len(self.samples) >= times:
            return True
        return bool(self.samples) and self.spent >= budget

    def add(self, run: dict, timeout: float) -> None:
        self.runs.append(run)
        self.spent += run["wall_s"]
        self.code = run["exit"]
        if run["timed_out"]:
            self.status, self.error = "timeout", f"killed after {timeout:g} s"
        elif self.code != 0:
            lines = run["stderr"].splitlines()
            self.status, self.error = "error", lines[-1] if lines else f"exit {self.code}"
        else:
            self.samples.append(run["wall_s"])

    def result(self, timeout: float) -> dict:
        result = summarise(self.samples, self.runs)
        result.update(status=self.status, exit=self.code)
        if self.error:
            result["error"] = self.error
        if self.status == "timeout":
            result["lower_bound_s"] = timeout
        return result


def disk_bytes(path: Path) -> int:
    """Bytes allocated on disk under ``path`` (like ``du``: hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in [*files, *_dirs]:
            info = os.lstat(os.path.join(folder, name))
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512
    return total


def _meminfo_total() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine() -> dict:
    """nproc, RAM, CPU model, OS and Python of this machine."""
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "ram_bytes": _meminfo_total(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def compile_bytecode() -> dict:
    """Byte-compile carekg's modules where Python imports them from, as ``pip install``
    does for an installed package, and say where and whether it was needed.

    Python saves a module's bytecode the first time it imports it, so a user's second
    command starts from bytecode. Here ``PYTHONDONTWRITEBYTECODE=1`` stops that, and every
    command of an editable install would compile its modules again: 0.04 s more per
    command, a cost no user pays.
    """
    import compileall

    import carekg

    package = Path(carekg.__file__).resolve().parent
    # Not the tests, the benchmark, hidden folders (.venv, .git) or build output.
    skip = re.compile(re.escape(str(package)) + r"/(\.|tests/|bench/|build/)")
    ok = compileall.compile_dir(package, rx=skip, quiet=1)
    return {
        "package": str(package),
        "compiled": bool(ok),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def git_info() -> dict:
    """The commit, and the files that differ from it (others may be editing the tree)."""
    changed = [line[3:] for line in _git("status", "--porcelain").splitlines() if line]
    return {
        "commit": _git("rev-parse", "HEAD"),
        "branch": _git("branch", "--show-current"),
        "dirty": bool(changed),
        "changed_files": changed,
    }


def code_hash() -> str:
    """A hash of the code and data carekg runs (not bench/ or tests/), to notice edits
    made by others while the benchmark runs."""
    digest = hashlib.sha256()
    for folder in ("graph", "commands", "queries", "ontology", "data"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".rq", ".ttl", ".yaml"}:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "cli.py").read_bytes())
    return digest.hexdigest()[:16]
