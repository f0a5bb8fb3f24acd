"""How the remote store commits a write of any size atomically: a plan, then roll-forward.

A SPARQL server cannot be trusted to apply one large update atomically: Virtuoso refuses
to compile an update of ~900 ``MOVE``s ("Query too large"), an operation that fails does
not undo the ones before it in the same request, and moving a million quads in one request
outlasts any client timeout. So a write (see ``RemoteStore.replace_graphs``) goes:

1. **upload** each graph's triples into its own staging graph ``STAGING RUN/N``
   (invisible to carekg's queries; a failure here drops them and changes nothing);
2. **commit**: one small ``INSERT DATA`` writes the plan graph ``STAGING RUN/plan``: for
   each staging graph the graph it replaces (``plan#move``), and the graphs to drop
   (``plan#drop``). The plan's existence is the commit point;
3. **apply** the plan in requests of ``APPLY_BATCH`` graphs: ``MOVE SILENT`` each
   staging graph to its target (Virtuoso's native copy: a million quads in about a
   minute), ``DROP SILENT`` the dropped graphs; then drop the plan graph. A move is done
   when its staging graph is gone, so a write that finishes another's plan first reads
   which staging graphs remain, before each request (``operations``).

**Readers** never see a write half applied: while a plan exists, each carekg query's
dataset (``View``) leaves out the graphs the plan drops or replaces and includes, in their
place, the staging graphs not yet moved. A write that is killed or fails after its commit
is therefore already complete for readers (``GRAPH ?g`` names the staging graph for a
report not yet moved, the only trace), and the next write rolls its plan forward before
doing anything else. A write killed before its commit leaves only invisible staging
graphs, which the next write drops once they are ``STALE_AFTER`` old.

Every value in the update text is an IRI serialised by pyoxigraph, never pasted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize

from carekg.graph.store.base import STAGING

PLAN = NamedNode(STAGING + "plan#")
MOVE = NamedNode(PLAN.value + "move")  # <staging graph> plan#move <target graph>
DROP = NamedNode(PLAN.value + "drop")  # <plan graph> plan#drop <graph>
APPLY_BATCH = 20  # graphs per apply request: ~60 operations compile fast on Virtuoso
_RUN = re.compile(re.escape(STAGING) + r"(\d+)-[^/]+/")


def has_blank_node(triple: Triple) -> bool:
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


def upload_batches(triples: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    """Batches of at most ``size`` triples; those with blank nodes all in one batch (a
    blank node label means one node only within one request)."""
    batch: list[Triple] = []
    with_blank_nodes: list[Triple] = []
    for triple in triples:
        if has_blank_node(triple):
            with_blank_nodes.append(triple)
            continue
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
    if with_blank_nodes:
        yield with_blank_nodes


def run_started(graph: str) -> int | None:
    """When the write that made a staging or plan graph started (Unix seconds)."""
    match = _RUN.match(graph)
    return int(match.group(1)) if match else None


def is_plan(graph: str) -> bool:
    return graph.startswith(STAGING) and graph.endswith("/plan") and run_started(graph) is not None


def plan_graph(run: str) -> str:
    """The plan graph of the run whose staging graphs start with ``run``."""
    return run + "plan"


def run_of(plan: str) -> str:
    return plan[: -len("plan")]


@dataclass
class Plan:
    """What one committed write does: staging graph -> target, and graphs to drop."""

    graph: str
    moves: dict[str, str] = field(default_factory=dict)
    drops: list[str] = field(default_factory=list)

    def triples(self) -> list[Triple]:
        node = NamedNode(self.graph)
        return [Triple(NamedNode(s), MOVE, NamedNode(t)) for s, t in self.moves.items()] + [
            Triple(node, DROP, NamedNode(g)) for g in self.drops
        ]

    def insert_text(self) -> str:
        """The commit: one ``INSERT DATA`` of the whole plan."""
        lines = serialize(self.triples(), format=RdfFormat.N_TRIPLES).decode("utf-8")
        return f"INSERT DATA {{ GRAPH {NamedNode(self.graph)} {{\n{lines}}} }}"

    def targets(self) -> list[str]:
        return [*self.drops, *self.moves.values()]


def plans_from_rows(rows: Iterable[tuple[str, str, str, str]]) -> list[Plan]:
    """Plans from (plan graph, subject, predicate, object) rows, oldest write first."""
    plans: dict[str, Plan] = {}
    for graph, subject, predicate, obj in rows:
        plan = plans.setdefault(graph, Plan(graph))
        if predicate == MOVE.value:
            plan.moves[subject] = obj
        elif predicate == DROP.value:
            plan.drops.append(obj)
    return sorted(plans.values(), key=lambda p: (run_started(p.graph) or 0, p.graph))


def apply_steps(plan: Plan) -> list[list[tuple[str | None, str]]]:
    """The plan's steps, (staging graph or None, target), in requests of APPLY_BATCH."""
    steps: list[tuple[str | None, str]] = [(None, t) for t in plan.drops]
    steps += list(plan.moves.items())
    return [steps[i : i + APPLY_BATCH] for i in range(0, len(steps), APPLY_BATCH)]


def operations(steps: Iterable[tuple[str | None, str]], present: set[str]) -> list[str]:
    """SPARQL Update operations for ``steps``; moves whose staging graph is not ``present``
    are done already and left out: ``MOVE SILENT`` from a missing graph would clear the
    target (Virtuoso clears it first), so a move must never run twice."""
    out = []
    for source, target in steps:
        if source is None:
            out.append(f"DROP SILENT GRAPH {NamedNode(target)}")
        elif source in present:
            out.append(f"MOVE SILENT GRAPH {NamedNode(source)} TO GRAPH {NamedNode(target)}")
    return out


@dataclass
class View:
    """What carekg's queries see of the server's graphs, committed plans applied."""

    logical: list[str]  # the graph names, as if every plan were applied
    dataset: list[str]  # the graphs to query: staging graphs stand in for targets not moved


def view(graphs: Iterable[str], plans: Iterable[Plan]) -> View:
    """The graphs as readers should see them, given the server's graphs and its plans.

    >>> run = STAGING + "1-1-a/"
    >>> p = Plan(run + "plan", moves={run + "0": "g/new", run + "1": "g/done"}, drops=["g/old"])
    >>> v = view(["g/old", "g/new", "g/done", "g/kept", run + "0", run + "plan"], [p])
    >>> v.logical, [g.removeprefix(STAGING) for g in v.dataset]
    (['g/done', 'g/kept', 'g/new'], ['g/done', 'g/kept', '1-1-a/0'])
    """
    graphs = list(graphs)
    present = set(graphs)
    visible = {g for g in graphs if not g.startswith(STAGING)}
    stand_in: dict[str, str] = {}  # target -> staging graph holding its new content
    for plan in plans:
        for target in plan.drops:
            visible.discard(target)
            stand_in.pop(target, None)
        for source, target in plan.moves.items():
            if source in present:
                visible.discard(target)
                stand_in[target] = source
            else:  # applied: the target holds the new content
                stand_in.pop(target, None)
                visible.add(target)
    logical = sorted(visible | stand_in.keys())
    return View(logical=logical, dataset=sorted(visible | set(stand_in.values())))


def exclusions(graphs: Iterable[str]) -> str:
    """Virtuoso pragmas leaving ``graphs`` out of a query's default and named graphs.

    Virtuoso answers a query whose dataset lists 450 graphs (``default-graph-uri``) in
    minutes (202 s for one that takes 0.9 s over the same graphs named by exclusion).

    >>> exclusions(["http://x/g"]).splitlines()[0]
    'DEFINE input:default-graph-exclude <http://x/g>'
    """
    out = []
    for graph in graphs:
        iri = NamedNode(graph)
        out.append(f"DEFINE input:default-graph-exclude {iri}\n")
        out.append(f"DEFINE input:named-graph-exclude {iri}\n")
    return "".join(out)
