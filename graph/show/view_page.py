"""The view's one HTML file: a small page of carekg's own around vis-network, all inlined.

The page (``static/view.html``, ``view.css``, ``view.js``) carries no report
text. Everything from the store reaches it in one place, ``script_json``: the
nodes, edges, title and legend as JSON inside a ``<script
type="application/json">`` element, with ``<``, ``>``, ``&`` and the two line
separators JavaScript chokes on written as ``\\u`` escapes, so no text can
close the element or open a tag. The script reads it with ``JSON.parse`` and
writes it with ``textContent`` only, and vis-network shows string tooltips as
text. vis-network itself is the copy that ships inside Pyvis, inlined; a
Content-Security-Policy in the page forbids every request.

>>> script_json({"quote": "</script><img src=x onerror=alert(1)>"})
'{"quote":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

from carekg.graph.errors import CarekgError
from carekg.graph.show.view_style import KIND_LABELS, label_inside, node_style, relation_style

VIS_VERSION = "9.1.2"
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_PLACEHOLDER = re.compile(r"\{\{(style|data|vis|script)\}\}")


def script_json(value) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element: the one escape."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE[m.group()], text)


@cache
def _static(name: str) -> str:
    return files("carekg.graph.show").joinpath("static", name).read_text(encoding="utf-8")


@cache
def vis_network_script() -> str:
    """vis-network's standalone script from the Pyvis package (no network needed)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # found, not imported: Pyvis's own imports take a second
    try:
        if spec is None or not spec.submodule_search_locations:
            raise OSError("Pyvis is not installed")
        folder = Path(list(spec.submodule_search_locations)[0])
        script = (folder / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js").read_text(
            encoding="utf-8"
        )
    except OSError as exc:  # pragma: no cover - a missing or broken Pyvis install
        raise CarekgError(f"cannot read vis-network from Pyvis ({exc})") from None
    # No source map: a browser's developer tools would ask for it.
    script = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", script)
    if "</script" in script.lower():  # pragma: no cover - would end the element early
        raise CarekgError("the vis-network script cannot be inlined safely")
    return script


FACET_LABELS = {
    "kind": "Kind of finding",
    "theme": "Theme",
    "qs": "Quality statement",
    "ptype": "Partner type",
    "gap": "Gaps",
}


def facets(nodes: list[dict], names: dict[str, dict]) -> list[dict]:
    """The filter groups the page offers: each facet's values with a label and a count.

    ``names`` gives labels by facet and value (``{"qs": {8: "8 Governance..."}}``).
    """
    counts: dict[str, Counter] = {name: Counter() for name in FACET_LABELS}
    for node in nodes:
        for name, values in node.get("facets", {}).items():
            counts.setdefault(name, Counter()).update(values)
    out = []
    for name, label in FACET_LABELS.items():
        if not counts[name] or (name == "gap" and "gap" not in counts[name]):
            continue

        def order(value, name=name):
            if name == "kind":
                return (list(KIND_LABELS).index(value) if value in KIND_LABELS else 99, "")
            return (isinstance(value, str), value)

        values = [
            [value, str(names.get(name, {}).get(value, value)), counts[name][value]]
            for value in sorted(counts[name], key=order)
        ]
        out.append({"name": name, "label": label, "values": values})
    return out


def groups_and_relations(model: dict, legends: dict[str, str]) -> tuple[dict, dict]:
    """The style of every node group and relation the model uses, for vis-network and the legend."""
    groups = {}
    for group in sorted({node["group"] for node in model["nodes"]}, key=_group_order):
        style = node_style(group)
        style["legend"] = legends.get(group, style["legend"])
        style["inside"] = label_inside(style["shape"])
        groups[group] = style
    relations = {r: relation_style(r) for r in sorted({e["relation"] for e in model["edges"]})}
    return groups, relations


def _group_order(group: str) -> tuple[int, str]:
    head = group.split(":", 1)[0]
    order = list(KIND_LABELS) + [
        "aggregate",
        "quality_statement",
        "theme",
        "partner",
        "outcome",
        "care_act_duty",
        "council",
    ]
    return (order.index(head) if head in order else len(order), group)


def render(page: dict) -> str:
    """The whole HTML page for ``page`` (title, subtitle, notes, groups, relations, facets,
    nodes, edges): template, style, data, vis-network and the page's script."""
    parts = {
        "style": _static("view.css"),
        "data": script_json(page),
        "vis": vis_network_script(),
        "script": _static("view.js"),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _static("view.html"))
