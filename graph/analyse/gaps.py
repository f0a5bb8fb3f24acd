"""What is missing, with the quotes that show it: ``carekg gaps``.

Gaps are found for each council on its own (the findings of all its reports),
or for one report when a report is asked for: a quality statement one council
never mentions is a gap for that council, not for the nation. Each of the
seven rules is one function whose docstring says what the gap means for a
council, in ``gap_rules`` (the structural rule, which reads communities, in
``structural_gaps``); ``_rules`` lists them in the order they are run.

Every gap is a dict: ``id`` (a stable IRI, the same on every run), ``kind``
(one of ``GAP_KINDS``), ``detail`` (a finer kind, such as ``no-finding``),
``council`` (the council, or the report for one without a council),
``about`` (``{"id", "label", "type"}`` of the nodes it concerns),
``reason`` (plain words) and ``evidence`` (quotes: ``id``, ``kind``,
``text``, ``report``, ``source`` ``{document, start, end}``).

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.gaps import find_gaps
>>> found = find_gaps(project(bexley))
>>> {"coverage", "unaddressed-risk", "unevidenced-outcome"} <= {g["kind"] for g in found}
True
>>> [g["about"][0]["label"] for g in found if g["detail"] == "quality-statement-no-finding"]
['Supporting people to live healthier lives', 'Equity in experience and outcomes', \
'Safe pathways, systems and transitions']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from carekg.graph.analyse import gap_rules, structural_gaps
from carekg.graph.analyse.gap_rules import Unit
from carekg.graph.analyse.projection import councils_of
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import GAP_KINDS

__all__ = ["GAP_KINDS", "find_gaps", "gaps", "units_of"]


def units_of(graph: nx.MultiDiGraph) -> list[Unit]:
    """One unit per council (or per report that names no council), by name."""
    out = []
    for name, findings in councils_of(graph).items():
        reports = sorted({graph.nodes[f]["report"] for f in findings})
        out.append(Unit(name=name, findings=findings, reports=reports))
    return out


def _rules() -> list[tuple[str, Callable[[nx.MultiDiGraph, Unit], list[dict]]]]:
    return [
        ("coverage", gap_rules.uncovered_quality_statements_and_duties),
        ("unaddressed-risk", gap_rules.unaddressed_risks),
        ("area-without-action", gap_rules.areas_without_action),
        ("unevidenced-outcome", gap_rules.threatened_outcomes_without_evidence),
        ("problem-only-partner", gap_rules.partners_only_in_problems),
        ("evidence-category", gap_rules.single_evidence_category),
        ("structural", structural_gaps.disconnected_communities),
    ]


def find_gaps(
    graph: nx.MultiDiGraph,
    *,
    kinds: Iterable[str] | None = None,
    communities: dict[str, str] | None = None,
) -> list[dict]:
    """Every gap in the projected graph, council by council, rule by rule.

    ``kinds`` keeps some of ``GAP_KINDS``; ``communities`` is a membership from
    ``communities.membership`` already computed on the same graph (computed
    here when the structural rule needs it).
    """
    wanted = list(GAP_KINDS if kinds is None else kinds)
    unknown = [k for k in wanted if k not in GAP_KINDS]
    if unknown:
        raise CarekgError(f"unknown gap kind {unknown[0]!r}; kinds: {', '.join(GAP_KINDS)}")
    if "structural" in wanted and communities is None:
        from carekg.graph.analyse.communities import membership

        communities = membership(graph)
    found: list[dict] = []
    for unit in units_of(graph):
        unit.communities = communities or {}
        for kind, rule in _rules():
            if kind in wanted:
                found.extend(rule(graph, unit))
    return found


def gaps(
    store,
    *,
    report: str | None = None,
    council: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[dict]:
    """The gaps in the store, in one report or in one council's reports.

    ``report`` is a report's id or IRI, ``council`` a council's name (any
    case, or a part of it). See the module's docstring for each gap's keys.
    """
    from carekg.graph.analyse.projection import project
    from carekg.graph.analyse.projection_sparql import RELATIONS

    # No rule reads a finding's theme (a quarter of the links): it is not projected.
    relations = [r for r in RELATIONS if r != "theme"]
    graph = project(store, report=report, council=council, relations=relations)
    return find_gaps(graph, kinds=kinds)
