"""The pack's heat map: findings by kind (columns) and quality statement (rows).

Drawn with matplotlib (imported only here, when a pack is written) on a
``Figure`` of its own, never through pyplot's global state. The same counts
give the same bytes: the SVG has no date and a fixed id salt, the PNG no
software stamp.

>>> overview = [{"number": n, "label": f"QS {n}", "gaps": n % 2,
...              "counts": {"strength": n, "area_for_development": 0, "risk": 1,
...                         "recommendation": 2}} for n in range(1, 10)]
>>> heat_map(overview, "svg")[:5]
b'<?xml'
>>> heat_map(overview, "png")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import textwrap

COLUMNS = (
    ("strength", "Strengths"),
    ("area_for_development", "Areas for\ndevelopment"),
    ("risk", "Risks"),
    ("recommendation", "Recommend-\nations"),
)


def _figure(overview: list[dict]):
    from matplotlib.figure import Figure

    counts = [[row["counts"].get(kind, 0) for kind, _ in COLUMNS] for row in overview]
    top = max([1, *(c for line in counts for c in line)])
    figure = Figure(figsize=(6.3, 3.9), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.imshow(counts, cmap="Blues", vmin=0, vmax=top, aspect="auto")
    axes.set_xticks(range(len(COLUMNS)), [title for _, title in COLUMNS], fontsize=8)
    axes.xaxis.tick_top()
    labels = []
    for row in overview:
        flag = "  \u25b2 gap" if row.get("gaps") else ""
        short = textwrap.shorten(row["label"], 46, placeholder="…")
        labels.append(f"{row['number']}  {short}{flag}")
    axes.set_yticks(range(len(overview)), labels, fontsize=8)
    for tick, row in zip(axes.get_yticklabels(), overview, strict=True):
        if row.get("gaps"):
            tick.set_color("#a40000")
    for y, line in enumerate(counts):
        for x, count in enumerate(line):
            axes.text(
                x,
                y,
                str(count) if count else "·",
                ha="center",
                va="center",
                fontsize=9,
                color="white" if count > top * 0.55 else "#1a1a1a",
            )
    axes.set_xticks([x - 0.5 for x in range(1, len(COLUMNS))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(overview))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="both", length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return figure


def heat_map(overview: list[dict], format_: str = "svg") -> bytes:
    """The heat map of the pack's overview rows as SVG or PNG bytes."""
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "carekg", "svg.fonttype": "path"}):
        figure = _figure(overview)
        buffer = io.BytesIO()
        if format_ == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()
