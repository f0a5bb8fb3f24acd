"""What the pack and action plan tests share: a hostile report, source texts, store dumps."""

from __future__ import annotations

import gc
from pathlib import Path

from carekg.graph.read.readers import read_source
from carekg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "reports"
NORTHMOOR = ROOT / "tests" / "fixtures" / "reports" / "cqc-assessment-northmoor-summary.md"

HYPERLINK = '=HYPERLINK("http://x","y")'
# A report whose quotes would be markup or formulas if a writer interpreted them.
HOSTILE = f"""LGA Adult Social Care Peer Challenge: Evilham Borough Council

Quality Statement Seven: Safeguarding

Areas for development

{HYPERLINK} The safeguarding triage backlog is growing and people wait too long.

<script>alert(1)</script> Staff told us that the Safeguarding Adults Board hears too little.

Recommendations

+SUM(1,2) The Council may wish to review its safeguarding triage and its waiting times.
"""


def ingest_hostile(run, folder: Path) -> Path:
    """Ingest the hostile report into ``run``'s (writable) store; return its file."""
    path = folder / "evilham-peer-challenge.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    return path


def source_texts(*extra: Path) -> dict[str, str]:
    """Each report document's normalised text by file name: the seeds and ``extra``."""
    paths = [*sorted(SEEDS.iterdir()), NORTHMOOR, *extra]
    return {p.name: read_source(p).text for p in paths}


def dump(store_path: Path) -> bytes:
    """Every quad in the store at ``store_path``, sorted: equal dumps, equal stores."""
    store = open_store(store_path)
    try:
        rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        lines = sorted(" ".join(str(row[k]) for k in ("g", "s", "p", "o")) for row in rows)
    finally:
        store.close()
        del store
        gc.collect()
    return "\n".join(lines).encode("utf-8")
