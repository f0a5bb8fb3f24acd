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

from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Triple

from carekg.graph.errors import CarekgError, NoStoreError
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.store.base import QueryableStore, bind
from carekg.graph.store.generations import Generations
from carekg.graph.store.sparql_text import syntax_message


def _open_read_only(path: Path | None) -> Store:
    if path is None:
        return Store()  # nothing written yet: an empty graph to ask
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise CarekgError(f"cannot open the store at {path}: {one_line(exc)}") from None


class EmbeddedStore(QueryableStore):
    """An Oxigraph store on disk, opened for reading and, if ``writable``, for writes."""

    def __init__(self, path: Path, writable: bool):
        self.path = path
        self.writable = writable
        self.generations = Generations(path)
        self._store = _open_read_only(self.generations.current())

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

    def dump(self, format: RdfFormat) -> bytes:
        """The whole dataset (a dataset format) or all graphs merged (a triple format)."""
        from pyoxigraph import serialize

        if format.supports_datasets:
            return serialize(iter(self._store), format=format, prefixes=PREFIXES)
        triples = self._run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return serialize(triples, format=format, prefixes=PREFIXES)

    # --- writing ----------------------------------------------------------------------------
    def _write(self, graphs: Mapping[NamedNode, Iterable[Triple]], drop: Iterable[NamedNode],
               fresh: bool) -> None:  # fmt: skip
        """Make the next generation: the current one (or nothing, if ``fresh``) with
        ``drop`` removed and each of ``graphs`` replaced, then publish it."""
        if not self.writable:
            raise CarekgError(f"the store at {self.path} was opened read-only")
        with self.generations.write_lock():
            current = self.generations.current()
            target = self.generations.new_generation()
            try:
                if current is not None and not fresh:
                    Store.read_only(str(current)).backup(str(target))
                store = Store(str(target))
                for graph in [*drop, *graphs]:
                    store.remove_graph(graph)
                for graph, triples in graphs.items():
                    store.bulk_extend(
                        Quad(t.subject, t.predicate, t.object, graph) for t in triples
                    )
                store.flush()
                store.optimize()  # compacted: no write-ahead log left behind
                del store
            except OSError as exc:
                raise CarekgError(
                    f"cannot write the store at {self.path}: {one_line(exc)}"
                ) from None
            self.generations.publish(target)
            self._store = _open_read_only(target)
            self.generations.collect()

    def replace_graphs(
        self, graphs: Mapping[NamedNode, Iterable[Triple]], *, keep_only: bool = False
    ) -> None:
        """Replace each named graph's content, all at once or not at all.

        With ``keep_only`` every other named graph is dropped in the same step
        (a full rebuild).
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
