"""The console script ends its process itself once a command is done (``cli._end``):
what it printed or wrote must be whole, and its exit status the command's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def carekg(store: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "carekg.cli", "--store", str(store), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_a_large_answer_reaches_the_pipe_whole(bexley_store):
    # Far more than a pipe holds (64 KB), so most is written after the reader began.
    done = carekg(bexley_store, "sparql", "SELECT * WHERE { ?s ?p ?o }", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert len(done.stdout) > 500_000
    count = carekg(bexley_store, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                   "--format", "json")  # fmt: skip
    assert len(rows) == int(json.loads(count.stdout)["results"]["bindings"][0]["n"]["value"])


def test_a_written_file_is_whole(bexley_store, tmp_path):
    page = tmp_path / "view.html"
    done = carekg(bexley_store, "view", "-o", str(page))
    assert done.returncode == 0, done.stderr
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_an_error_keeps_its_line_and_status(tmp_path):
    done = carekg(tmp_path / "nothing-here", "summary")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("Error: no carekg store") and done.stderr.count("\n") == 1


def test_usage_errors_keep_click_status(bexley_store):
    done = carekg(bexley_store, "findings", "--qs", "ten")
    assert done.returncode == 2
    assert "Invalid value" in done.stderr
