"""A batch prepared by a pool of processes is the batch prepared in one.

``prepare_all`` hands a batch of ``POOL_FROM`` files or more to worker processes
(``CAREKG_WORKERS`` caps them; 1 keeps everything in this process). The reports,
their ids, the first error and what reaches the store must not depend on it.
"""

from __future__ import annotations

import pickle
import re
import shutil

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from carekg.graph import pipeline
from carekg.graph.errors import CarekgError
from carekg.graph.model.namespaces import PROV
from carekg.graph.pipeline import POOL_FROM, WORKERS_VARIABLE, build, ingest, prepare_all
from carekg.graph.store import embedded, open_store
from carekg.graph.store.embedded import SerializedGraph
from conftest import FIXTURES, SEEDS

FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".md"})[:6] + sorted(
    SEEDS.iterdir()
)


def _content(prepared) -> list:
    """What a batch says, without the time of its ingest."""
    return [
        (
            p.report.slug,
            repr(p.report),
            repr(p.findings),
            sorted(str(t) for t in p.triples if t.predicate != PROV.endedAtTime),
            p.notes,
            p.unmatched_curation,
        )
        for p in prepared
    ]


@pytest.fixture
def one_process(monkeypatch):
    def run(*args, **kwargs):
        with monkeypatch.context() as patch:
            patch.setenv(WORKERS_VARIABLE, "1")
            return prepare_all(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    monkeypatch.setenv(WORKERS_VARIABLE, "2")


def test_a_pool_prepares_what_one_process_does(one_process):
    assert len(FILES) >= POOL_FROM
    advanced = []

    def progress(items):
        for item in items:
            advanced.append(item)
            yield item

    pooled = prepare_all(FILES, progress)
    assert advanced == FILES
    assert _content(pooled) == _content(one_process(FILES))


def test_ids_taken_earlier_in_the_batch_are_kept(tmp_path, one_process):
    # "Report 1.txt" and "report-1.txt" share a slug: the second gets a hashed id.
    names = ["report-1.txt", "Report 1.txt", "report 1.txt", "REPORT_1.txt", "other.txt"]
    for name in names:
        shutil.copy(FILES[0], tmp_path / name)
    paths = [tmp_path / n for n in names]
    pooled = [p.report.slug for p in prepare_all(paths)]
    assert pooled == [p.report.slug for p in one_process(paths)]
    assert len(set(pooled)) == len(pooled)


def test_the_first_bad_file_fails_as_in_one_process(tmp_path, one_process):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    missing = tmp_path / "missing.txt"
    paths = [*FILES[:3], empty, *FILES[3:], missing]
    with pytest.raises(CarekgError) as alone:
        one_process(paths)
    with pytest.raises(CarekgError) as pooled:
        prepare_all(paths)
    assert str(pooled.value) == str(alone.value) and "empty.txt" in str(alone.value)


def test_a_bad_file_in_a_pooled_batch_writes_nothing(tmp_path):
    store = open_store(tmp_path / "store", write=True)
    build(store, FILES[:2])
    before = (store.generations.current(), store.named_graphs(), store.quad_count())
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    folders = sorted(store.generations.folder.iterdir())
    with pytest.raises(CarekgError, match="empty"):
        ingest(store, [*FILES[2:], empty])
    assert (store.generations.current(), store.named_graphs(), store.quad_count()) == before
    assert sorted(store.generations.folder.iterdir()) == folders  # nothing half-written left


def test_a_bad_file_after_reports_were_loaded_leaves_nothing(tmp_path, monkeypatch):
    # Every report is loaded as soon as it is prepared, so the write has begun when the
    # bad last file is reached: the store stays as it was, and the begun generation goes.
    monkeypatch.setattr(embedded, "LOAD_CHUNK", 1)
    loads = []
    monkeypatch.setattr(embedded, "_bulk_load", _recorded(embedded._bulk_load, loads))
    store = open_store(tmp_path / "store", write=True)
    build(store, FILES[:2])
    before = (store.generations.current(), store.named_graphs(), store.quad_count())
    folders = sorted(store.generations.folder.iterdir())
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    loads.clear()
    with pytest.raises(CarekgError, match="empty"):
        build(store, [*FILES[2:], empty])
    assert len(loads) == len(FILES) - 2  # each good report was written before the error
    assert (store.generations.current(), store.named_graphs(), store.quad_count()) == before
    assert sorted(store.generations.folder.iterdir()) == folders


def _recorded(function, calls: list):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper


def test_reports_are_written_while_the_batch_is_being_prepared(tmp_path, monkeypatch):
    events: list[str] = []
    collect = pipeline._collect

    def collected(*args, **kwargs):
        events.append("prepared")
        return collect(*args, **kwargs)

    def loaded(store, texts):
        events.append("loaded")
        return bulk_load(store, texts)

    bulk_load = embedded._bulk_load
    monkeypatch.setattr(pipeline, "_collect", collected)
    monkeypatch.setattr(embedded, "_bulk_load", loaded)
    monkeypatch.setattr(embedded, "LOAD_CHUNK", 1)
    streamed = open_store(tmp_path / "streamed", write=True)
    build(streamed, FILES)
    # The first report is written before the last is prepared, not after all of them.
    assert events.index("loaded") < len(events) - 1 - events[::-1].index("prepared")
    monkeypatch.undo()
    whole = open_store(tmp_path / "whole", write=True)
    build(whole, FILES)

    def quads(store) -> list[str]:
        # Blank nodes (in the ontology) are named afresh by each store: shown as "_:".
        return sorted(
            re.sub(r"_:\w+", "_:", str(q))
            for q in store._store.quads_for_pattern(None, None, None)
            if q.predicate != PROV.endedAtTime
        )

    assert quads(streamed) == quads(whole)


def test_a_report_travels_as_text():
    (one,) = prepare_all(FILES[:1])
    copy = pickle.loads(pickle.dumps(one))
    assert copy._triples is None  # not pickled as terms
    assert copy.triples == one.triples
    assert copy.findings == one.findings and copy.report == one.report


def test_serialized_graphs_store_what_triples_do(tmp_path):
    (one,) = prepare_all(FILES[:1])
    graph = one.report.graph
    stores = {}
    for name, value in {"triples": one.triples, "text": one.graph_text()}.items():
        store = open_store(tmp_path / name, write=True)
        store.replace_graphs({graph: value}, keep_only=True)
        stores[name] = sorted(map(str, store._store.quads_for_pattern(None, None, None)))
    assert stores["text"] == stores["triples"] and len(stores["text"]) == len(one.triples)


def test_a_serialized_graph_must_be_given_as_its_own_graph(tmp_path):
    (one,) = prepare_all(FILES[:1])
    store = open_store(tmp_path / "s", write=True)
    with pytest.raises(ValueError, match="given as"):
        store.replace_graphs({NamedNode("https://example.org/other"): one.graph_text()})


def test_a_serialized_graph_reads_as_triples():
    (one,) = prepare_all(FILES[:1])
    graph = one.report.graph
    text = serialize([Quad(t.subject, t.predicate, t.object, graph) for t in one.triples],
                     format=RdfFormat.N_QUADS)  # fmt: skip
    assert list(SerializedGraph(graph, text)) == one.triples
