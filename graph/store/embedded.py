"""The embedded store: an Oxigraph database on disk, written one generation at a time.

The default store (``./.carekg/store`` or ``$CAREKG_STORE``). Readers open the
current generation read-only, so they never block each other or a writer,
and never see a write half done. A write builds the next generation beside
the current one and publishes it in one atomic step (see ``generations``): a
build or ingest that fails or is killed leaves the store as it was.

Values from users never become query text: ``select`` takes ``bindings``, RDF
terms that are serialised by pyoxigraph and joined to the query as a
``VALUES`` block, the place the query marks with ``#VALUES``.

>>> import tempfile
>>> from carekg.graph.store import open_store
>>> from pyoxigraph import Literal, NamedNode, Triple
>>> store = open_store(tempfile.mkdtemp() + "/s", write=True)
>>> g = NamedNode("https://example.org/g")
>>> t = Triple(NamedNode("https://example.org/a"), NamedNode("https://example.org/p"), Literal("x"))
>>> store.replace_graphs({g: [t]})
>>> [row["o"].value for row in store.select("SELECT ?o WHERE { #VALUES\\n ?s ?p ?o }",
...                                         {"s": NamedNode("https://example.org/a")})]
['x']
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Triple, parse

from carekg.graph.errors import CarekgError, NoStoreError
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.store.answers import remembered_text
from carekg.graph.store.base import QUAD_COUNT, Graphs, QueryableStore, bind, graph_pairs
from carekg.graph.store.generations import Generations
from carekg.graph.store.sparql_text import syntax_message

# N-Quads bytes per bulk load: the loader's memory is a few times what one call reads.
LOAD_CHUNK = 96_000_000


class SerializedGraph:
    """One named graph's triples as N-Quads text, every line in ``graph``.

    What the pipeline hands the store for a report: the embedded store loads the
    text as it is (parsed in Rust, no Python object per triple); any other
    reader iterates it as triples.
    """

    __slots__ = ("graph", "n_quads")

    def __init__(self, graph: NamedNode, n_quads: bytes):
        self.graph = graph
        self.n_quads = n_quads

    def __iter__(self) -> Iterator[Triple]:
        for quad in parse(self.n_quads, format=RdfFormat.N_QUADS):
            yield quad.triple


class _Concatenated(io.RawIOBase):
    """Several byte strings read as one stream, without joining them in memory."""

    def __init__(self, parts: Iterable[bytes]):
        self._parts = iter(parts)
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            part = next(self._parts, None)
            if part is None:
                return 0
            self._rest = memoryview(part)
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _bulk_load(store: Store, texts: list[bytes]) -> None:
    reader = io.BufferedReader(_Concatenated(texts), 1 << 20)
    store.bulk_load(reader, format=RdfFormat.N_QUADS)


def _load(store: Store, graphs: Iterable[tuple[NamedNode, Iterable[Triple]]], *,
          replace: bool) -> None:  # fmt: skip
    """Write the graphs into ``store`` with the bulk loader, as they come.

    Serialized graphs go in as their text, parsed in Rust, about ``LOAD_CHUNK`` bytes
    a call: each call writes its own files, so the calls are few, and holds what it
    reads in memory. A pipeline whose reports are prepared by other processes hands
    each one over when it is ready, so that one chunk loads while the next is being
    prepared (on 150 councils the two took turns before). The other graphs go in at
    the end, in one ``bulk_extend``. With ``replace``, each graph is emptied first.
    """
    run: list[bytes] = []
    size = 0
    others: list[tuple[NamedNode, Iterable[Triple]]] = []
    for graph, triples in graphs:
        if replace:
            store.remove_graph(graph)
        if not isinstance(triples, SerializedGraph):
            others.append((graph, triples))
            continue
        if triples.graph != graph:
            raise ValueError(f"serialized graph {triples.graph} given as {graph}")
        run.append(triples.n_quads)
        size += len(triples.n_quads)
        if size >= LOAD_CHUNK:
            _bulk_load(store, run)
            run, size = [], 0
    if run:
        _bulk_load(store, run)
    if others:
        store.bulk_extend(
            Quad(t.subject, t.predicate, t.object, graph) for graph, triples in others
            for t in triples
        )  # fmt: skip


def _open_read_only(path: Path | None) -> Store:
    if path is None:
        return Store()  # nothing written yet: an empty graph to ask
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise CarekgError(f"cannot open the store at {path}: {one_line(exc)}") from None


QUAD_COUNT_FILE = "carekg-quads"  # in a generation's folder: its quad count


def _make_generation(target: Path, current: Path | None, graphs: Graphs,
                     drop: Iterable[NamedNode]) -> None:  # fmt: skip
    """Write generation ``target``: a copy of ``current`` (None: an empty store) with
    ``drop`` removed and each of ``graphs`` replaced; flushed, compacted and counted."""
    if current is not None:
        Store.read_only(str(current)).backup(str(target))
    store = Store(str(target))
    try:
        if current is not None:  # a new store has nothing to remove
            for graph in drop:
                store.remove_graph(graph)
        _load(store, graph_pairs(graphs), replace=current is not None)
        store.flush()
        # Compacted every time: what was removed is still on disk until then, and a
        # bulk-loaded store's files overlap, so that every lookup reads several. Measured
        # on 150 councils: 2.5 s more per build, 18% more disk, lookups twice as fast for
        # every later reader.
        store.optimize()
        # Counted once here, since a published generation never changes: a count of a
        # million quads would cost every later summary 0.6 s. (A query's answer holds the
        # store open: taken as text at once, so that the store really closes below,
        # before readers open the generation or a failed one is removed.)
        count = next(iter(store.query(QUAD_COUNT)))["n"].value
        (target / QUAD_COUNT_FILE).write_text(count)
    finally:
        del store


class EmbeddedStore(QueryableStore):
    """An Oxigraph store on disk, opened for reading and, if ``writable``, for writes."""

    def __init__(self, path: Path, writable: bool):
        self.path = path
        self.writable = writable
        self.generations = Generations(path)
        self._generation = self.generations.current()
        self._store = _open_read_only(self._generation)

    @property
    def location(self) -> str:
        return str(self.path)

    # --- reading ----------------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs."""
        return sorted(g.value for g in self._store.named_graphs())

    def _run(self, query: str, bindings=None, base_iri: str | None = None):
        text = bind(query, bindings)
        try:
            # Prefixes passed apart from the text keep error positions in the user's lines.
            return self._store.query(
                text, prefixes=PREFIXES, use_default_graph_as_union=True, base_iri=base_iri
            )
        except SyntaxError as exc:
            raise CarekgError(syntax_message(text, str(exc))) from None

    def query_raw(self, query: str, bindings=None, base_iri: str | None = None):
        """A query's native pyoxigraph result (solutions, triples or a boolean)."""
        return self._run(query, bindings, base_iri)

    def remembered(self, key: str, compute: Callable[[], str]) -> str:
        """``compute()``, kept beside the current generation (see ``answers``)."""
        return remembered_text(self._generation, key, compute)

    def quad_count(self) -> int:
        """How many quads are in the graphs, as noted when the generation was written."""
        if self._generation is not None:
            try:
                return int((self._generation / QUAD_COUNT_FILE).read_text())
            except (OSError, ValueError):
                pass  # written by an older carekg, or the layout of carekg 0.1: count
        return super().quad_count()

    def dump(self, format: RdfFormat) -> bytes:
        """The whole dataset (a dataset format) or all graphs merged (a triple format)."""
        from pyoxigraph import serialize

        if format.supports_datasets:
            return serialize(iter(self._store), format=format, prefixes=PREFIXES)
        triples = self._run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return serialize(triples, format=format, prefixes=PREFIXES)

    # --- writing ----------------------------------------------------------------------------
    def _write(self, graphs: Graphs, drop: Iterable[NamedNode], fresh: bool) -> None:
        """Make the next generation: the current one (or nothing, if ``fresh``) with
        ``drop`` removed and each of ``graphs`` replaced, then publish it."""
        if not self.writable:
            raise CarekgError(f"the store at {self.path} was opened read-only")
        with self.generations.write_lock():
            current = None if fresh else self.generations.current()
            target = self.generations.new_generation()
            try:
                _make_generation(target, current, graphs, drop)
            except BaseException as exc:
                # A disk error, a bad report found in the middle of the write, or an
                # interrupt: what was written is no generation, and its files go now
                # rather than at the next write.
                shutil.rmtree(target, ignore_errors=True)
                if isinstance(exc, OSError):
                    problem = f"cannot write the store at {self.path}: {one_line(exc)}"
                    raise CarekgError(problem) from None
                raise
            self.generations.publish(target)
            self._generation = target
            self._store = _open_read_only(target)
            self.generations.collect()

    def replace_graphs(self, graphs: Graphs, *, keep_only: bool = False) -> None:
        """Replace each named graph's content, all at once or not at all.

        ``graphs`` maps graph names to triples, or yields ``(graph, triples)`` pairs,
        which are written as they come (see ``_load``). With ``keep_only`` every other
        named graph is dropped in the same step (a full rebuild).
        """
        self._write(graphs, [], fresh=keep_only)

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs, all at once or not at all."""
        self._write({}, list(graphs), fresh=False)

    def close(self) -> None:
        """Release the store."""
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_embedded(location: str, *, write: bool = False) -> EmbeddedStore:
    """Open the store in directory ``location``.

    Reading needs an existing store; writing creates one (in a missing or empty
    folder only: a folder of other files is refused).
    """
    path = Path(location)
    generations = Generations(path)
    if path.exists() and not path.is_dir():
        raise CarekgError(f"{path} is a file, not a store directory")
    if write:
        generations.check_writable_location()
    elif generations.current() is None:
        raise NoStoreError(f"no carekg store at {path}")
    return EmbeddedStore(path, write)
