"""The plain table a person reads (what, carekg, reference, ratio, target, met?), and the
change of every figure since an earlier run (``--compare``)."""

from __future__ import annotations

from bench_report import fmt


def _table(header: list[str], lines: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
        for i, h in enumerate(header)
    ]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    ]
    return "\n".join(out)


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[met]


def table(rows: list[dict]) -> str:
    lines = [
        [
            r["what"],
            r["carekg_text"],
            r["reference_text"],
            fmt(r["ratio"], "x") if r["ratio"] is not None else "",
            r["target"],
            met_text(r["met"]),
            r["note"],
        ]
        for r in rows
    ]
    return _table(["what", "carekg", "reference", "ratio", "target", "met?", "note"], lines)


def compare(old: dict, new_rows: list[dict]) -> str:
    """The change of every figure present in both runs."""
    before = {r["key"]: r for r in old.get("rows", [])}
    lines = []
    for r in new_rows:
        o = before.get(r["key"])
        if o is None:
            continue
        a, b = o.get("carekg"), r.get("carekg")
        if isinstance(a, int | float) and isinstance(b, int | float) and a:
            change = f"{(b - a) / a * 100:+.0f}%"
        else:
            change = "" if a == b else "changed"
        met = f"{met_text(o.get('met')) or '-'} -> {met_text(r.get('met')) or '-'}"
        lines.append(
            [
                r["what"],
                o.get("carekg_text", fmt(a, r["unit"])),
                r["carekg_text"],
                change,
                met if r.get("target") else "",
            ]
        )
    when = (old.get("meta") or {}).get("date", "?")
    return f"Change since {when}:\n" + _table(["what", "before", "now", "change", "met?"], lines)
