"""The embedded store: a persistent Oxigraph database in a directory.

The default store (``./.carekg/store`` or ``$CAREKG_STORE``). Reading commands open
it read-only, so they never block each other. Writes replace whole named
graphs inside one transaction: the new triples are first written to a staging
graph, then a single SPARQL update moves every staging graph into place. A
build or ingest that fails or is killed part-way leaves at most a staging
graph behind, which queries never see and the next write removes.

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

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple

from carekg.graph.errors import CarekgError, NoStoreError
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.text import one_line
from carekg.graph.store.base import STAGING, QueryableStore, bind
from carekg.graph.store.sparql_text import syntax_message


class EmbeddedStore(QueryableStore):
    """An Oxigraph store on disk."""

    def __init__(self, path: Path, store: Store, writable: bool):
        self.path = path
        self._store = store
        self.writable = writable
        if writable:
            self._drop_staging()

    @property
    def location(self) -> str:
        return str(self.path)

    # --- reading ----------------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        """IRIs of the visible named graphs."""
        return sorted(
            g.value for g in self._store.named_graphs() if not g.value.startswith(STAGING)
        )

    def _dataset(self) -> dict:
        graphs = [g for g in self._store.named_graphs()]
        if any(g.value.startswith(STAGING) for g in graphs):
            # Left by a write that was killed: keep it out of every answer.
            visible = [g for g in graphs if not g.value.startswith(STAGING)]
            return {"default_graph": visible or [DefaultGraph()], "named_graphs": visible}
        return {"use_default_graph_as_union": True}

    def _run(self, query: str, bindings=None):
        text = bind(query, bindings)
        try:
            # Prefixes passed apart from the text keep error positions in the user's lines.
            return self._store.query(text, prefixes=PREFIXES, **self._dataset())
        except SyntaxError as exc:
            raise CarekgError(syntax_message(text, str(exc))) from None

    def query_raw(self, query: str, bindings=None):
        """A query's native pyoxigraph result (solutions, triples or a boolean)."""
        return self._run(query, bindings)

    def dump(self, format: RdfFormat) -> bytes:
        """The whole dataset (a dataset format) or all graphs merged (a triple format)."""
        from pyoxigraph import serialize

        if format.supports_datasets:
            quads = [q for q in self._store if not q.graph_name.value.startswith(STAGING)]
            return serialize(quads, format=format, prefixes=PREFIXES)
        triples = self._run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return serialize(triples, format=format, prefixes=PREFIXES)

    # --- writing ----------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if not self.writable:
            raise CarekgError(f"the store at {self.path} was opened read-only")

    def _drop_staging(self) -> None:
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(STAGING):
                self._store.remove_graph(graph)

    def replace_graphs(
        self, graphs: Mapping[NamedNode, Iterable[Triple]], *, keep_only: bool = False
    ) -> None:
        """Replace each named graph's content in one transaction.

        With ``keep_only`` every other named graph is dropped in the same
        transaction (a full rebuild).
        """
        self._check_writable()
        staged: dict[NamedNode, NamedNode] = {}
        for index, (graph, triples) in enumerate(graphs.items()):
            stage = NamedNode(f"{STAGING}{os.getpid()}-{index}")
            self._store.extend(Quad(t.subject, t.predicate, t.object, stage) for t in triples)
            staged[graph] = stage
        operations = []
        if keep_only:
            keep = {g.value for g in graphs}
            operations += [
                f"DROP SILENT GRAPH <{g.value}>"
                for g in self._store.named_graphs()
                if g.value not in keep and not g.value.startswith(STAGING)
            ]
        for graph, stage in staged.items():
            if any(True for _ in self._store.quads_for_pattern(None, None, None, stage)):
                operations.append(f"MOVE SILENT GRAPH <{stage.value}> TO GRAPH <{graph.value}>")
            else:
                operations.append(f"DROP SILENT GRAPH <{graph.value}>")
        if operations:
            # One update is one transaction: readers see all of it or none of it.
            self._store.update(" ;\n".join(operations))
        self._store.flush()

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs in one transaction."""
        self._check_writable()
        ops = [f"DROP SILENT GRAPH <{g.value}>" for g in graphs]
        if ops:
            self._store.update(" ;\n".join(ops))

    def close(self) -> None:
        """Release the store (and its lock)."""
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info) -> None:
        # Close even on error: a traceback that keeps this object alive must not keep
        # the store locked.
        self.close()


def open_embedded(location: str, *, write: bool = False) -> EmbeddedStore:
    """Open the Oxigraph store in directory ``location``.

    Reading needs an existing store; writing creates it.
    """
    path = Path(location)
    if not write and not (path / "CURRENT").exists():
        raise NoStoreError(f"no carekg store at {path}")
    if path.exists() and not path.is_dir():
        raise CarekgError(f"{path} is a file, not a store directory")
    try:
        if write:
            path.mkdir(parents=True, exist_ok=True)
            return EmbeddedStore(path, Store(str(path)), True)
        return EmbeddedStore(path, Store.read_only(str(path)), False)
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise CarekgError(
                f"the store at {path} is being written by another carekg process; try again"
            ) from None
        raise CarekgError(f"cannot open the store at {path}: {one_line(exc)}") from None
