"""The shape of the graph in one call: ``carekg analyse``.

Partner centrality (``centrality``), communities (``communities``) and single
points of failure (``failures``), each computed once on one projection. With
``save`` the gaps (``gaps``) are found too, on the same communities, and all
of it replaces the analysis graph in the store (``writeback``).

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.structure import analyse
>>> results = analyse(project(bexley))
>>> sorted(results)
['centrality', 'communities', 'membership', 'single_points_of_failure']
>>> results["single_points_of_failure"][0]["reason"]
'Remove Housing and “availability of extra care housing” loses every supporting finding.'
"""

from __future__ import annotations

import networkx as nx

from carekg.graph.analyse.centrality import SEED, partner_centrality
from carekg.graph.analyse.communities import communities, membership
from carekg.graph.analyse.failures import single_points_of_failure
from carekg.graph.analyse.gaps import find_gaps
from carekg.graph.analyse.projection import project
from carekg.graph.analyse.projection_sparql import RELATIONS
from carekg.graph.analyse.writeback import ANALYSIS_GRAPH, save_analysis
from carekg.graph.errors import CarekgError

# What centrality, communities and single points of failure read.
ANALYSED_RELATIONS = (
    "involves",
    "qualityStatement",
    "leadsTo",
    "addresses",
    "listItemOf",
    "threatens",
    "evidences",
)


def analyse(
    graph: nx.MultiDiGraph, *, sample: int | None = None, seed: int = SEED, gaps: bool = False
) -> dict:
    """Centrality, communities and single points of failure of a projected graph.

    Returns ``{"centrality", "communities", "membership",
    "single_points_of_failure"}`` (and ``"gaps"`` when ``gaps`` is true);
    ``membership`` maps each node of a community to its id. ``sample`` forces
    betweenness to be estimated from that many nodes; ``seed`` fixes the
    sampling and Louvain.
    """
    found = membership(graph, seed=seed)
    results = {
        "centrality": partner_centrality(graph, sample=sample, seed=seed),
        "communities": communities(graph, seed=seed, found=found),
        "membership": found,
        "single_points_of_failure": single_points_of_failure(graph),
    }
    if gaps:
        results["gaps"] = find_gaps(graph, communities=found)
    return results


def analysis(
    store,
    *,
    report: str | None = None,
    council: str | None = None,
    sample: int | None = None,
    save: bool = False,
) -> dict:
    """``analyse`` on the store's projection; with ``save``, gaps too, written back.

    Saving analyses the whole store (the analysis graph is replaced wholly), so
    ``save`` cannot be combined with ``report`` or ``council``. When saved, the
    result has ``"saved"``: ``{"graph", "triples", "gaps"}``.
    """
    if save and (report is not None or council is not None):
        raise CarekgError("saving analyses the whole store; leave out the report and council")
    # Without gaps, no question reads a finding's theme, duties or evidence categories
    # (a third of the links at national scale), so they are not projected.
    relations = RELATIONS if save else ANALYSED_RELATIONS
    graph = project(store, report=report, council=council, relations=relations)
    results = analyse(graph, sample=sample, gaps=save)
    if save:
        written = save_analysis(store, graph, results)
        results["saved"] = {
            "graph": ANALYSIS_GRAPH.value,
            "triples": written,
            "gaps": len(results["gaps"]),
        }
    return results
