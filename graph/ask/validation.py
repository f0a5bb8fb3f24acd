"""SHACL validation of the graph against ``ontology/shapes.ttl``.

The shapes are translated to SPARQL (``shape_checks``) and run where the graph
lives: in the store (the union of its graphs: the shapes speak of the whole
knowledge graph and of the ontology's class hierarchy), or, for an RDF file, in
an in-memory Oxigraph store. Nothing is copied into Python but the violations,
so a national store (a million quads) validates in seconds and little memory,
where pySHACL over an rdflib copy took minutes and gigabytes.

A shape that uses something the translation does not cover is checked by
pySHACL instead (``shacl_fallback``), never skipped; ``unchecked_by_sparql``
names such shapes.
"""

from __future__ import annotations

import os
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

from carekg.graph.ask.shape_checks import Violation, run_checks, why_not_translated
from carekg.graph.ask.shape_model import Shape, read_shapes
from carekg.graph.errors import CarekgError
from carekg.graph.model.formats import rdf_format_for_suffix, rdf_suffixes
from carekg.graph.model.namespaces import PREFIXES
from carekg.graph.model.package_data import shapes_file
from carekg.graph.store.base import QueryableStore, bind
from carekg.graph.store.embedded import EmbeddedStore

__all__ = ["Violation", "validate", "unchecked_by_sparql"]


class _FileGraph(QueryableStore):
    """Quads in an in-memory store: an RDF file's, every graph merged into the default
    graph, or a SPARQL server's, copied with their graphs (``union``: the default graph
    is their union, as carekg's own store answers)."""

    def __init__(self, store: Store, union: bool = False):
        self._store = store
        self._union = union

    def query_raw(self, query: str, bindings=None, base_iri: str | None = None):
        return self._store.query(bind(query, bindings), prefixes=PREFIXES, base_iri=base_iri,
                                 use_default_graph_as_union=self._union)  # fmt: skip

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())


def _copied(store: QueryableStore) -> _FileGraph:
    """A SPARQL server's quads copied into memory, in one request. The checks are many
    small queries: a server answered them slowly (87 s for Bexley on Virtuoso, and
    over 20 minutes in CI after other writes), the copy answers them at once."""
    memory = Store()
    memory.load(store.dump(RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return _FileGraph(memory, union=True)


def _load_file(path: Path) -> _FileGraph:
    spec = rdf_format_for_suffix(path.suffix)
    if spec is None:
        raise CarekgError(f"{path.name}: unknown RDF format; use {', '.join(rdf_suffixes())}")
    if not path.exists():
        raise CarekgError(f"{path}: no such file")
    store = Store()
    try:
        # Relative IRIs resolve against the file, as rdflib resolved them.
        quads = parse(path=str(path), format=spec.oxigraph, base_iri=path.resolve().as_uri())
        store.bulk_extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    except (SyntaxError, ValueError, OSError) as exc:
        detail = " ".join(str(exc).split())
        raise CarekgError(f"{path.name} is not valid {spec.rdflib}: {detail}") from None
    graph = _FileGraph(store)
    if not graph.query_raw("ASK { ?s a ?type }"):
        raise CarekgError(f"{path.name} holds no typed resources to validate")
    return graph


def _split(shapes: list[Shape]) -> tuple[list[Shape], list[Shape]]:
    """The shapes SPARQL checks, and those left to pySHACL."""
    by_sparql, by_pyshacl = [], []
    for shape in shapes:
        (by_pyshacl if why_not_translated(shape) else by_sparql).append(shape)
    return by_sparql, by_pyshacl


def unchecked_by_sparql(shapes_path: Path | None = None) -> dict[str, list[str]]:
    """Shapes that go to pySHACL, each with why the SPARQL translation does not cover it."""
    model = read_shapes(shapes_path or shapes_file())
    reasons = {s.node.value: why_not_translated(s) for s in model.shapes}
    return {shape: why for shape, why in reasons.items() if why}


def validate(store=None, path: Path | None = None, *,
             shapes_path: Path | None = None) -> list[Violation]:  # fmt: skip
    """SHACL violations of the store's graph (or of an RDF file); empty when it conforms."""
    shapes_path = shapes_path or shapes_file()
    by_sparql, by_pyshacl = _split(read_shapes(shapes_path).shapes)
    if path is not None:
        source = _load_file(path)
    else:
        source = store if isinstance(store, EmbeddedStore) else _copied(store)
    # Two threads (Oxigraph reads in parallel, without the GIL).
    violations = run_checks(source, by_sparql, workers=min(2, os.cpu_count() or 1))
    if by_pyshacl:
        from carekg.graph.ask.shacl_fallback import fallback

        violations += fallback(source, shapes_path, by_pyshacl, per_graph=path is None)
    return sorted(violations, key=lambda v: (v.focus, v.message, v.path or "", v.value or ""))
