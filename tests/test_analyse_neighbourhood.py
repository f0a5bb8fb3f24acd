"""Issue 13: ``deps`` projects only the findings near its node, and answers as before.

Every partner, outcome, finding, report and quality statement, at several
depths, in the whole store and in one council: the chains (or the refusal)
must be those of the whole projection.
"""

from __future__ import annotations

import pytest
from analyse_support import build_fixture_store

from carekg.graph.analyse import dependencies, neighbourhood
from carekg.graph.analyse.projection import project
from carekg.graph.errors import CarekgError
from carekg.graph.store import open_store

NODES = """
SELECT DISTINCT ?n WHERE {
  { ?f ckg:involves ?n } UNION { ?f ckg:threatens ?n } UNION { ?f ckg:evidences ?n }
  UNION { ?n a ckg:Finding } UNION { ?n a ckg:Report } UNION { ?n a ckg:QualityStatement }
}
"""


@pytest.fixture(scope="module", params=["bexley", "testshire"])
def store(request, bexley_store, tmp_path_factory):
    if request.param == "bexley":
        opened = open_store(bexley_store)
    else:
        opened = open_store(build_fixture_store(tmp_path_factory.mktemp("deps") / "store"))
    yield opened
    opened.close()


def _answer(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except CarekgError as error:
        return ("refused", str(error))


def _councils(store) -> list[str | None]:
    rows = store.select("SELECT DISTINCT ?c WHERE { ?r ckg:council ?c } ORDER BY ?c LIMIT 1")
    return [None, *[r["c"].value for r in rows]]


def test_deps_near_a_node_agrees_with_the_whole_projection(store, monkeypatch):
    whole = []
    real = dependencies._deps_on_whole_projection
    monkeypatch.setattr(
        dependencies, "_deps_on_whole_projection", lambda *a: whole.append(a) or real(*a)
    )
    names = sorted(row["n"].value for row in store.select(NODES))
    names += ["Housing", "ICB", "testshire", "Nobody at all", "carers"]
    for council in _councils(store):
        scope = {"report": None, "council": council}
        for name in names:
            for depth in (1, 2, 4):
                got = _answer(dependencies.deps, store, name, depth=depth, council=council)
                want = _answer(real, store, name, depth, scope)
                assert got == want, (name, depth, council)
    assert whole == [], "every answer came from the findings near the node"


def test_the_part_projected_is_the_whole_projection_near_the_node(store):
    graph = project(store)
    partners = sorted(n for n, d in graph.nodes(data=True) if d["type"] == "partner")
    for partner in partners:
        part = neighbourhood.around(store, partner, depth=2)
        assert part is not None and partner in part
        for node in part:
            assert part.nodes[node] == graph.nodes[node], node
        for source, target, key in part.edges(keys=True):
            assert graph.has_edge(source, target, key), (source, target, key)
