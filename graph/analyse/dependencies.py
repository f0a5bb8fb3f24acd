"""What hangs on a node, and what it hangs on, as chains with quotes: ``carekg deps``.

Dependence flows one way through the graph:

- a partner → each finding that involves it (the finding hangs on the partner);
- a finding → each finding it leads to (a consequence hangs on its cause);
- a finding → each outcome it threatens or evidences;
- a finding → each recommendation that addresses it (the action exists
  because of the finding).

``dependency_chains`` follows these links from a node forwards (what depends
on it: partner → finding → risk → outcome) and backwards (what it depends
on), up to ``depth`` links, and returns every longest chain, each link with
its relation and, for findings, the quote, report and position.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.dependencies import dependency_chains
>>> chains = dependency_chains(project(bexley), "https://w3id.org/carekg/partner/icb")
>>> [step["relation"] for step in chains["dependents"][0]][:2]
[None, 'involved in']
>>> chains["dependents"][0][-1]["label"]
'agreed place-based integration arrangements'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carekg.graph.errors import CarekgError

if TYPE_CHECKING:
    import networkx as nx

# The projection's readers are imported where a graph is read: the projection imports
# NetworkX (a tenth of a second), which a refusal never needs.

DEFAULT_DEPTH = 4
MAX_CHAINS = 500

# (relation in the projection, the edge points along the flow?, how the link reads)
FLOW = {
    "involves": (False, "involved in"),
    "leadsTo": (True, "leads to"),
    "threatens": (True, "threatens"),
    "evidences": (True, "evidences"),
    "addresses": (False, "addressed by"),
}
BACKWARD_WORDS = {
    "involved in": "involves",
    "leads to": "follows from",
    "threatens": "threatened by",
    "evidences": "evidenced by",
    "addressed by": "addresses",
}


def _downstream(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """``(next node, words)`` for each link that depends on ``node``."""
    from carekg.graph.analyse.projection import in_links, out_links

    steps = []
    for target, key in out_links(graph, node):
        if key in FLOW and FLOW[key][0]:
            steps.append((target, FLOW[key][1]))
    for source, key in in_links(graph, node):
        if key in FLOW and not FLOW[key][0]:
            steps.append((source, FLOW[key][1]))
    return sorted(steps)


def _upstream(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """``(previous node, words)`` for each link ``node`` depends on."""
    from carekg.graph.analyse.projection import in_links, out_links

    steps = []
    for source, key in in_links(graph, node):
        if key in FLOW and FLOW[key][0]:
            steps.append((source, BACKWARD_WORDS[FLOW[key][1]]))
    for target, key in out_links(graph, node):
        if key in FLOW and not FLOW[key][0]:
            steps.append((target, BACKWARD_WORDS[FLOW[key][1]]))
    return sorted(steps)


def _step(graph: nx.MultiDiGraph, node: str, relation: str | None) -> dict:
    from carekg.graph.analyse.projection import label, quote

    data = graph.nodes[node]
    step = {
        "id": node,
        "type": data.get("type"),
        "kind": data.get("kind"),
        "label": label(graph, node),
        "relation": relation,
    }
    if data.get("type") == "finding":
        found = quote(graph, node)
        step.update(report=found["report"], source=found["source"])
    return step


def _chains(graph: nx.MultiDiGraph, start: str, depth: int, follow) -> list[list[dict]]:
    """Every longest chain from ``start`` of at most ``depth`` links, without cycles."""
    out: list[list[dict]] = []
    stack: list[tuple[list[tuple[str, str | None]], int]] = [([(start, None)], 0)]
    while stack and len(out) < MAX_CHAINS:
        path, _ = stack.pop()
        seen = {node for node, _ in path}
        nexts = [(n, w) for n, w in follow(graph, path[-1][0]) if n not in seen]
        if len(path) > depth or not nexts:
            if len(path) > 1:
                out.append([_step(graph, node, words) for node, words in path])
            continue
        for node, words in reversed(nexts):
            stack.append(([*path, (node, words)], 0))
    return sorted(out, key=_interest)


def _interest(chain: list[dict]) -> tuple:
    """Chains that reach an outcome first, then longer ones, then in text order."""
    ends_in_outcome = chain[-1]["type"] == "outcome"
    return (not ends_in_outcome, -len(chain), [step["id"] for step in chain])


def dependency_chains(graph: nx.MultiDiGraph, node: str, *, depth: int = DEFAULT_DEPTH) -> dict:
    """What depends on ``node`` and what it depends on, as chains of at most ``depth`` links.

    Returns ``{"node": step, "dependents": [chain...], "depends_on":
    [chain...]}``. A chain is a list of steps from ``node`` outwards; each
    step has ``id``, ``type``, ``kind`` (findings), ``label`` (a finding's
    quote), ``relation`` (how it links to the step before, in words; None for
    the first) and, for findings, ``report`` and ``source``. Chains that end
    in an outcome come first; at most ``MAX_CHAINS`` of each.
    """
    if node not in graph:
        raise CarekgError(f"{node} is not a finding, partner, outcome or framework node in scope")
    if depth < 1:
        raise CarekgError("depth must be at least 1")
    return {
        "node": _step(graph, node, None),
        "dependents": _chains(graph, node, depth, _downstream),
        "depends_on": _chains(graph, node, depth, _upstream),
    }


def _by_label(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Partners and outcomes in scope whose label contains ``name`` (any case)."""
    wanted = " ".join(name.split()).casefold()
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d.get("type") in ("partner", "outcome") and wanted in (d.get("label") or "").casefold()
    )


def deps(
    store,
    name: str,
    *,
    depth: int = DEFAULT_DEPTH,
    report: str | None = None,
    council: str | None = None,
) -> dict:
    """``dependency_chains`` for the node a person names (label, IRI, prefixed name or id).

    A name that matches no node linked to findings in scope may still be part
    of one partner's or outcome's label ("Testshire" for "Testshire ICB"); when
    it is part of several, the error lists some of them. Raises ``CarekgError``
    when nothing fits. Only the findings within ``depth`` links of the node
    are projected (``neighbourhood``), unless only the whole projection can
    answer exactly.
    """
    from carekg.graph.analyse import neighbourhood
    from carekg.graph.analyse.projection_sparql import scope_of
    from carekg.graph.ask.nodes import resolve_node

    scope_of(store, report, council)  # an unknown council is refused before anything else
    if depth < 1:
        raise CarekgError("depth must be at least 1")
    scope = {"report": report, "council": council}
    for candidate in resolve_node(store, name):
        if not neighbourhood.may_hold(store, candidate.value, **scope):
            continue  # not in the whole projection either: no part need be projected
        graph = neighbourhood.around(store, candidate.value, depth=depth, **scope)
        if graph is None:
            return _deps_on_whole_projection(store, name, depth, scope)
        if candidate.value in graph:
            return dependency_chains(graph, candidate.value, depth=depth)
    named = neighbourhood.partners_and_outcomes_named(store, name)
    if named is None:
        return _deps_on_whole_projection(store, name, depth, scope)
    held = neighbourhood.linked(store, [n for n, _ in named], **scope)
    found = [(n, text) for n, text in named if n in held]
    if len(found) == 1:
        graph = neighbourhood.around(store, found[0][0], depth=depth, **scope)
        if graph is None:
            return _deps_on_whole_projection(store, name, depth, scope)
        return dependency_chains(graph, found[0][0], depth=depth)
    return _no_single_node(name, [text for _, text in found])


def _no_single_node(name: str, labels: list[str]):
    if not labels:
        raise CarekgError(f"no partner, finding or outcome linked to findings is named {name!r}")
    some = "; ".join(labels[:5]) + ("; ..." if len(labels) > 5 else "")
    raise CarekgError(
        f"{name!r} is part of {len(labels)} names ({some}); give a fuller name or a council"
    )


def _deps_on_whole_projection(store, name: str, depth: int, scope: dict) -> dict:
    """``deps`` on the projection of every finding in scope (the exact answer, slowly)."""
    from carekg.graph.analyse.projection import label, project
    from carekg.graph.ask.nodes import resolve_node

    graph = project(store, **scope)
    for candidate in resolve_node(store, name):
        if candidate.value in graph:
            return dependency_chains(graph, candidate.value, depth=depth)
    found = _by_label(graph, name)
    if len(found) == 1:
        return dependency_chains(graph, found[0], depth=depth)
    return _no_single_node(name, [label(graph, n) for n in found])
