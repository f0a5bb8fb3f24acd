"""The table bench/run.py prints: one row per figure, carekg beside its reference, the
ratio and the target of issue 13; and the change from an earlier run (``--compare``)."""

from __future__ import annotations

from collections.abc import Callable

MB = 1_000_000
GB = 1_000_000_000
Q_TARGET = "p50 ≤0.5 s, p95 ≤2 s"


def fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "bytes":
        return f"{value / GB:.2f} GB" if value >= GB else f"{value / MB:.1f} MB"
    if unit == "per_s":
        return f"{value:,.0f}/s" if value >= 100 else f"{value:.2f}/s"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:,}" if isinstance(value, int) else f"{value:.3f}"


def row(
    key: str,
    what: str,
    unit: str,
    mine,
    ref=None,
    *,
    ref_name: str = "",
    target: str = "",
    met: bool | None = None,
    inverse: bool = False,
    mine95=None,
    ref95=None,
    note: str = "",
) -> dict:
    """One figure. ``mine``/``ref`` are numbers or a status text (timeout, error).

    ``ratio`` is carekg's cost over the reference's: time or bytes divided, or for a
    rate (``inverse``) the reference's rate over carekg's; above 1, carekg is slower.
    """
    numeric = isinstance(mine, int | float) and isinstance(ref, int | float) and ref and mine
    ratio = ((ref / mine) if inverse else (mine / ref)) if numeric else None
    mine_text = fmt(mine, unit) if mine95 is None else f"{fmt(mine, unit)} / {fmt(mine95, unit)}"
    ref_text = fmt(ref, unit) if ref95 is None else f"{fmt(ref, unit)} / {fmt(ref95, unit)}"
    note = " ".join(note.split())  # one line, whatever an error message held
    if ref is None:
        ref_text = ""
    elif ref_name:
        ref_text = f"{ref_text} ({ref_name})"
    return {
        "key": key,
        "what": what,
        "unit": unit,
        "carekg": mine,
        "carekg_p95": mine95,
        "reference": ref,
        "reference_p95": ref95,
        "reference_name": ref_name,
        "ratio": ratio,
        "target": target,
        "met": met,
        "note": note,
        "carekg_text": mine_text,
        "reference_text": ref_text,
    }


def _p(result: dict | None) -> tuple:
    """(p50, p95) of a repeated measurement, or (status text, None)."""
    if not result:
        return None, None
    if result.get("status") == "timeout":
        bound = result.get("lower_bound_s", 0)
        if result.get("samples"):  # runs that finished, then one that did not: p95 ≥ bound
            return result["p50"], max(result["p95"], bound)
        return f"timeout >{bound:g} s", None
    if result.get("status") not in (None, "ok"):
        return result.get("status", "error"), None
    return result.get("p50"), result.get("p95")


def _latency_met(p50, p95, p50_max: float, p95_max: float) -> bool | None:
    if isinstance(p50, str):
        return False
    if p50 is None:
        return None
    return p50 <= p50_max and (p95 is None or p95 <= p95_max)


def _section(r: dict, name: str) -> dict:
    """The results of one step, or {} if it was skipped or failed before measuring."""
    value = r.get(name)
    if not isinstance(value, dict) or "skipped" in value or set(value) == {"error"}:
        return {}
    return value


def _runs_note(ing: dict, bulk: dict) -> str:
    """Every build's and bulk load's time when there were several (the median is shown)."""
    parts = []
    for name, section in (("builds", ing), ("bulk_load", bulk)):
        samples = section.get("samples") or []
        if len(samples) > 1:
            parts.append(f"{name} {' / '.join(f'{s:.1f}' for s in samples)} s")
    return f"median of {'; '.join(parts)}" if parts else ""


def ingest_rows(r: dict) -> list[dict]:
    ing, bulk, corpus = _section(r, "ingest"), _section(r, "bulk_load"), _section(r, "corpus")
    if "wall_s" not in ing:
        return [row("ingest.wall", "ingest: carekg build (whole corpus)", "s", "error")]
    wall, ref = ing["wall_s"], bulk.get("wall_s")
    ok_time = wall <= 30 and (ref is None or wall / ref <= 5) and ing.get("exit") == 0
    files = corpus.get("files")
    rows = [
        row(
            "ingest.wall",
            f"ingest: carekg build, {files} files",
            "s",
            wall,
            ref,
            ref_name="bulk_load",
            target="≤30 s, ≤5×",
            met=ok_time,
            note=_runs_note(ing, bulk),
        ),
        row(
            "ingest.peak_rss",
            "ingest: peak memory",
            "bytes",
            ing.get("peak_rss_bytes"),
            bulk.get("peak_rss_bytes"),
            ref_name="bulk_load",
            target="≤2 GB",
            met=ing.get("peak_rss_bytes", 2 * GB + 1) <= 2 * GB,
        ),
        row("ingest.files_per_s", "ingest: files/s", "per_s", ing.get("files_per_s")),
        row(
            "ingest.findings_per_s",
            "ingest: findings/s",
            "per_s",
            ing.get("findings_per_s"),
            note=f"{ing.get('findings')} findings",
        ),
        row(
            "ingest.triples_per_s",
            "ingest: triples/s",
            "per_s",
            ing.get("triples_per_s"),
            (bulk["quads"] / bulk["wall_s"]) if bulk.get("quads") else None,
            ref_name="bulk_load",
            inverse=True,
            note=f"{ing.get('quads')} quads",
        ),
    ]
    size, ref_size = ing.get("store_bytes"), bulk.get("store_bytes")
    rows.append(
        row(
            "store.bytes",
            "store on disk after ingest",
            "bytes",
            size,
            ref_size,
            ref_name="bulk_load",
            target="≤3×",
            met=(size / ref_size <= 3) if size and ref_size else None,
        )
    )
    if _section(r, "export"):
        rows.append(
            row(
                "export.wall",
                "export --format nq (the reference's input)",
                "s",
                r["export"]["wall_s"],
                note=fmt(r["export"]["bytes"], "bytes"),
            )
        )
    reopen, rd = _section(r, "reopen"), _section(r, "rdflib")
    if reopen:
        rows.append(
            row(
                "reopen",
                "reopen: open + count quads",
                "s",
                reopen.get("p50"),
                rd.get("load_s"),
                ref_name="rdflib parse",
                note=f"{reopen.get('quads')} quads",
            )
        )
    return rows


def _rdflib_item(r: dict, key: str) -> dict | None:
    return (_section(r, "rdflib").get("items") or {}).get(key)


def _ref_error(r: dict, key: str, note: str) -> str:
    """``note``, and the reference's error if it failed."""
    error = (_rdflib_item(r, key) or {}).get("error")
    if not error:
        return note
    return f"{note}; rdflib: {error.split(':')[0]}" if note else f"rdflib: {error[:50]}"


def query_rows(r: dict) -> list[dict]:
    rows = []
    for name, result in _section(r, "queries").items():
        p50, p95 = _p(result)
        ref50, ref95 = _p(_rdflib_item(r, f"query:{name}"))
        note = ""
        if result.get("rows") is not None:
            note = f"{result['rows']} rows"
            if result["distinct_rows"] != result["rows"]:
                note += f", {result['distinct_rows']} distinct"
        if result.get("samples"):
            # The first run computes the answer; carekg keeps a saved query's answer
            # with the data, so the later runs read it back. Both are worth seeing.
            note += f"{'; ' if note else ''}first run {result['samples'][0]:.3f} s"
        note = _ref_error(r, f"query:{name}", note)
        rows.append(
            row(
                f"query.{name}",
                f"sparql {name}",
                "s",
                p50,
                ref50,
                mine95=p95,
                ref95=ref95,
                ref_name="rdflib" if ref50 is not None else "",
                target=Q_TARGET,
                met=_latency_met(p50, p95, 0.5, 2.0),
                note=note,
            )
        )
    return rows


def _command_target(kind: str, p50, p95) -> tuple[str, bool | None]:
    if kind == "analysis":
        return "≤30 s", _latency_met(p50, p95, 30, float("inf"))
    if kind == "view":
        return "≤3 s", _latency_met(p50, p95, 3, float("inf"))
    if kind == "view-one":
        return "", None
    return Q_TARGET, _latency_met(p50, p95, 0.5, 2.0)


def command_rows(r: dict) -> list[dict]:
    rows = []
    for key, result in _section(r, "commands").items():
        if result.get("status") == "absent":
            continue
        p50, p95 = _p(result)
        ref50, ref95 = _p(_rdflib_item(r, f"command:{key}"))
        target, met = _command_target(result.get("target", "command"), p50, p95)
        item = _rdflib_item(r, f"command:{key}") or {}
        note = f"{item['queries']} queries" if item.get("queries") else ""
        if result.get("target") == "command" and result.get("samples"):
            # As for saved queries: the first run computes the answer, which carekg
            # keeps with the data for the same command and arguments.
            note += f"{'; ' if note else ''}first run {result['samples'][0]:.3f} s"
        if result.get("status") == "error":
            note = result.get("error", "")[:60]
        note = _ref_error(r, f"command:{key}", note)
        rows.append(
            row(
                f"command.{key}",
                key,
                "s",
                p50,
                ref50,
                mine95=p95,
                ref95=ref95,
                ref_name="rdflib" if ref50 is not None else "",
                target=target,
                met=met,
                note=note,
            )
        )
        if "page_bytes" in result:
            national = result.get("target") == "view"
            rows.append(
                row(
                    f"command.{key}.bytes",
                    f"{key}: page size",
                    "bytes",
                    result["page_bytes"],
                    target="≤5 MB" if national else "",
                    met=(result["page_bytes"] <= 5 * MB) if national else None,
                )
            )
    return rows


def other_rows(r: dict) -> list[dict]:
    rows = []
    v = _section(r, "validate")
    if v:
        wall = v["wall_s"] if not v.get("timed_out") else "timeout"
        note = "conforms" if v.get("conforms") else f"exit {v.get('exit')}"
        rows.append(
            row(
                "validate.wall",
                "validate",
                "s",
                wall,
                target="≤20 s",
                met=isinstance(wall, float) and wall <= 20,
                note=note,
            )
        )
        rows.append(
            row(
                "validate.peak_rss",
                "validate: peak memory",
                "bytes",
                v["peak_rss_bytes"],
                target="≤1 GB",
                met=v["peak_rss_bytes"] <= 1 * GB,
            )
        )
    s = _section(r, "startup")
    python50, _ = _p(s.get("python"))
    if s:
        h50, h95 = _p(s.get("help"))
        rows.append(
            row(
                "startup.help",
                "carekg --help (whole process)",
                "s",
                h50,
                python50,
                mine95=h95,
                ref_name="python -c pass",
                target="≤0.15 s",
                met=_latency_met(h50, None, 0.15, 0),
            )
        )
    if s.get("sparql_ask"):
        a50, a95 = _p(s["sparql_ask"])
        rows.append(
            row(
                "startup.sparql_ask",
                "carekg sparql 'ASK {}' (a query's fixed cost)",
                "s",
                a50,
                python50,
                mine95=a95,
                ref_name="python -c pass",
            )
        )
    f = _section(r, "commands").get("findings --qs 8 --format json")
    if f and f.get("status") != "absent":
        f50, f95 = _p(f)
        rows.append(
            row(
                "startup.findings",
                "findings --qs 8 --format json (process)",
                "s",
                f50,
                python50,
                mine95=f95,
                ref_name="python -c pass",
                target=Q_TARGET,
                met=_latency_met(f50, f95, 0.5, 2.0),
            )
        )
    p = _section(r, "proportionality")
    for step, what in (("ingest", "ingest one file"), ("prepare", "read + extract one file")):
        if f"{step}_ratio" in p:
            ratio = p[f"{step}_ratio"]
            rows.append(
                row(
                    f"proportionality.{step}",
                    f"{what}: 2× text vs 1×",
                    "s",
                    p["doubled"][f"{step}_s"],
                    p["original"][f"{step}_s"],
                    ref_name="1× text",
                    target="≤2.2×",
                    met=ratio <= 2.2,
                    note=f"{p['original']['bytes']:,} bytes",
                )
            )
    return rows + server_rows(r)


def server_rows(r: dict) -> list[dict]:
    srv = r.get("server")
    if not srv:
        return []
    load = srv.get("load") or {}
    rows = [
        row(
            "server.load",
            "server: carekg --store URL build",
            "s",
            load.get("wall_s") if load.get("exit") == 0 else "error",
            _section(r, "ingest").get("wall_s"),
            ref_name="embedded",
            note=(load.get("error", "").strip().splitlines() or [""])[-1][:80],
        )
    ]
    if load.get("exit") == 0:
        server_rss = load.get("server_peak_rss_bytes")
        rows.append(
            row(
                "server.load_rss",
                "server: build, client peak memory",
                "bytes",
                load["peak_rss_bytes"],
                _section(r, "ingest").get("peak_rss_bytes"),
                ref_name="embedded",
                note=f"Virtuoso peak {server_rss / 1e6:.0f} MB" if server_rss else "",
            )
        )
    for name, result in _section(srv, "queries").items():
        p50, p95 = _p(result)
        embedded = _section(r, "queries").get(name)
        if name == "ASK {}":
            embedded = _section(r, "startup").get("sparql_ask")
        e50, e95 = _p(embedded)
        note = ""
        if name != "ASK {}" and (embedded or {}).get("samples"):
            # The embedded store's later runs read a kept answer, which a server never
            # keeps: its first run is the one that computed, as the server does each time.
            e50 = e95 = embedded["samples"][0]
            note = "against the embedded store's first run"
        rows.append(
            row(
                f"server.query.{name}",
                f"server: sparql {name}",
                "s",
                p50,
                e50,
                mine95=p95,
                ref95=e95,
                ref_name="embedded",
                note=note,
                target=Q_TARGET if name != "ASK {}" else "",
                met=_latency_met(p50, p95, 0.5, 2.0) if name != "ASK {}" else None,
            )
        )
    return rows


ROW_BUILDERS: list[Callable[[dict], list[dict]]] = [
    ingest_rows,
    query_rows,
    command_rows,
    other_rows,
]


def all_rows(results: dict) -> list[dict]:
    """Every row; a step that failed, or a row builder that did, is a row of its own."""
    rows = []
    for name, value in results.items():
        if isinstance(value, dict) and set(value) == {"error"}:
            rows.append(
                row(f"error.{name}", f"{name}: failed", "", "error", note=value["error"][:80])
            )
    for build in ROW_BUILDERS:
        try:
            rows += build(results)
        except Exception as exc:  # noqa: BLE001 - show the other rows anyway
            note = f"{type(exc).__name__}: {exc}"[:80]
            rows.append(
                row(f"error.{build.__name__}", f"{build.__name__}: failed", "", "error", note=note)
            )
    return rows
