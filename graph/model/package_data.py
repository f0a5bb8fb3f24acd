"""Where the files shipped with carekg live, in a source tree or an installed copy."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

REPORT_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


def ontology_files() -> list[Path]:
    """The shipped ontology Turtle files that go into the ontology graph (not the shapes)."""
    folder = Path(str(files("carekg.ontology")))
    return sorted(p for p in folder.glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    """The shipped SHACL shapes."""
    return Path(str(files("carekg.ontology"))) / "shapes.ttl"


def partners_file() -> Path:
    """The shipped partner organisations."""
    return Path(str(files("carekg.data"))) / "partners.ttl"


def bundled_reports() -> list[Path]:
    """The bundled Bexley seed reports."""
    folder = Path(str(files("carekg.data"))) / "reports"
    return sorted(p for p in folder.iterdir() if p.suffix in REPORT_SUFFIXES)


def curation_folder() -> Path:
    """Where the bundled curation files live."""
    return Path(str(files("carekg.data"))) / "curation"


def saved_queries_folder() -> Path:
    """Where the saved SPARQL queries (``*.rq``) live."""
    return Path(str(files("carekg.queries")))
