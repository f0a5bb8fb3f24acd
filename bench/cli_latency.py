"""How long whole `carekg` commands take on the Bexley store, as processes.

Prints, for each command, the median wall time over several runs and its ratio to
(a) a bare Python interpreter start measured in the same run and (b) the one-second
budget that issue 5 sets for `carekg findings --qs 8`.

    python bench/cli_latency.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CAREKG = str(Path(sys.executable).with_name("carekg"))
COMMANDS = [
    ["findings", "--qs", "8"],
    ["findings", "--qs", "8", "--format", "json"],
    ["findings", "--partner", "ICB"],
    ["summary"],
    ["scores", "--format", "json"],
]


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp()) / "store"
    build = timed([CAREKG, "--store", str(store), "build", "-q"], 1)
    python = timed([sys.executable, "-c", "pass"], args.runs)
    print(f"build (2 seed reports): {build:.3f} s")
    print(f"bare python start:      {python:.3f} s")
    print(f"{'command':42} {'median s':>9} {'x python':>9} {'x 1 s budget':>13}")
    for command in COMMANDS:
        seconds = timed([CAREKG, "--store", str(store), *command], args.runs)
        print(f"{' '.join(command):42} {seconds:9.3f} {seconds / python:9.1f} {seconds:13.2f}")


if __name__ == "__main__":
    main()
