"""SHACL validation of the graph against ``ontology/shapes.ttl`` with pySHACL.

The store (or an RDF file) is merged into one rdflib graph, since the shapes
speak of the whole knowledge graph and the ontology's class hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carekg.graph.errors import CarekgError
from carekg.graph.model.formats import rdf_format_for_suffix, rdf_suffixes
from carekg.graph.model.package_data import shapes_file


@dataclass
class Violation:
    """One SHACL result, in words."""

    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}"


def _load_file(path: Path):
    import rdflib

    spec = rdf_format_for_suffix(path.suffix)
    if spec is None:
        raise CarekgError(f"{path.name}: unknown RDF format; use {', '.join(rdf_suffixes())}")
    format = spec.rdflib
    if not path.exists():
        raise CarekgError(f"{path}: no such file")
    dataset = rdflib.Dataset()
    try:
        dataset.parse(str(path), format=format)
    except Exception as exc:  # rdflib's parsers raise many types
        detail = " ".join(str(exc).split())
        raise CarekgError(f"{path.name} is not valid {format}: {detail}") from None
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _load_store(store):
    import rdflib
    from pyoxigraph import RdfFormat

    graph = rdflib.Graph()
    graph.parse(data=store.dump(RdfFormat.N_TRIPLES), format="nt")
    return graph


def validate(store=None, path: Path | None = None) -> list[Violation]:
    """SHACL violations of the store's graph (or of an RDF file); empty when it conforms."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    data = _load_file(path) if path is not None else _load_store(store)
    if path is not None and not any(True for _ in data.triples((None, rdflib.RDF.type, None))):
        raise CarekgError(f"{path.name} holds no typed resources to validate")
    shapes = rdflib.Graph().parse(str(shapes_file()), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           advanced=True)  # fmt: skip
    if conforms:
        return []
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):

        def one(predicate, result=result):
            value = report.value(result, predicate)
            return None if value is None else str(value)

        violations.append(
            Violation(
                focus=one(SH.focusNode) or "?",
                path=one(SH.resultPath),
                message=one(SH.resultMessage) or "constraint not met",
                severity=(one(SH.resultSeverity) or "Violation").rsplit("#", 1)[-1],
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.message))
