"""The embedded store's generations: what a published one notes about itself."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from carekg.graph.store import open_store
from carekg.graph.store.base import QUAD_COUNT
from carekg.graph.store.embedded import QUAD_COUNT_FILE

EX = "https://example.org/"


def _triples(n: int, tag: str) -> list[Triple]:
    return [Triple(NamedNode(f"{EX}{tag}{i}"), NamedNode(f"{EX}p"), Literal(str(i)))
            for i in range(n)]  # fmt: skip


def _counted(store) -> int:
    return int(store.select(QUAD_COUNT)[0]["n"].value)


def test_the_noted_quad_count_follows_every_write(tmp_path):
    store = open_store(tmp_path / "s", write=True)
    a, b = NamedNode(EX + "a"), NamedNode(EX + "b")
    store.replace_graphs({a: _triples(5, "a"), b: _triples(3, "b")}, keep_only=True)
    assert store.quad_count() == _counted(store) == 8
    store.replace_graphs({a: _triples(2, "a")})
    assert store.quad_count() == _counted(store) == 5
    store.drop_graphs([b])
    assert store.quad_count() == _counted(store) == 2
    reader = open_store(tmp_path / "s")  # a new process's view: the note it reads
    assert reader.quad_count() == 2


def test_a_generation_without_a_note_is_counted(tmp_path):
    store = open_store(tmp_path / "s", write=True)
    store.replace_graphs({NamedNode(EX + "a"): _triples(4, "a")}, keep_only=True)
    (store.generations.current() / QUAD_COUNT_FILE).unlink()  # as an older carekg left it
    assert open_store(tmp_path / "s").quad_count() == 4
