"""The pipeline: report files -> parsed documents -> findings -> RDF in the store.

``prepare_report`` does everything that can fail on bad input without touching
the store; ``ingest`` prepares every file first and only then writes, so a bad
file in a batch leaves the store exactly as it was. ``build`` loads the
reference graphs (ontology, framework, partners) and the bundled reports into
a store in one transaction, replacing what it held.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date as date_type
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from carekg.graph.errors import CarekgError
from carekg.graph.extract.curation import apply_curation, load_curation, unmatched_entries
from carekg.graph.extract.document import parse_document
from carekg.graph.extract.findings import Finding, extract
from carekg.graph.extract.metadata import detect_metadata
from carekg.graph.extract.partners import council_id
from carekg.graph.extract.report_graph import Report, report_triples
from carekg.graph.extract.sections import document_sections, section_contexts, stated_scores
from carekg.graph.model.namespaces import ONTOLOGY_GRAPH, PARTNERS_GRAPH
from carekg.graph.model.package_data import (
    bundled_reports,
    curation_folder,
    ontology_files,
    partners_file,
)
from carekg.graph.model.text import slug
from carekg.graph.model.vocabulary import load_vocabulary
from carekg.graph.read.readers import DEFAULT_MAX_BYTES, read_source

REPORT_KINDS = ("peer-challenge", "cqc-assessment", "other")


@dataclass
class PreparedReport:
    """A report read and analysed, ready to be written."""

    report: Report
    findings: list[Finding]
    triples: list[Triple]
    unmatched_curation: list[str]


def _known_council(text: str) -> str | None:
    """A council in the partner data that the text names by one of its labels."""
    for partner in load_vocabulary().partners:
        if partner.type != "council":
            continue
        for label in [partner.label, *partner.alt_labels]:
            if label.lower() in {"the council", "council", "the local authority",
                                 "local authority"}:  # fmt: skip
                continue
            if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
                return partner.label
    return None


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(
            date_type.fromisoformat(text)
        )
    except ValueError:
        return False


def prepare_report(
    path: str | Path,
    *,
    council: str | None = None,
    kind: str | None = None,
    date: str | None = None,
    name: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    curation_dir: Path | None = None,
    stdin: bytes | None = None,
) -> PreparedReport:
    """Read, parse and analyse one report file; raise CarekgError on bad input."""
    if kind is not None and kind not in REPORT_KINDS:
        raise CarekgError(f"report kind must be one of {', '.join(REPORT_KINDS)}")
    if date is not None and not _is_date(date):
        raise CarekgError(f"date {date!r} is not a calendar date in YYYY-MM-DD form")
    source = read_source(path, encoding=encoding, max_bytes=max_bytes, stdin=stdin)
    vocab = load_vocabulary()
    detected = detect_metadata(source.text)
    council = council or detected["council"] or _known_council(source.text)
    report_slug = slug(name or Path(source.name).stem)
    report = Report(
        slug=report_slug,
        source_name=source.name,
        sha256=source.sha256,
        text_length=len(source.text),
        council=council,
        kind=kind or detected["kind"] or "other",
        date=date or detected["date"],
    )
    document = parse_document(source.text, source.heading_lines, source.bullet_lines)
    contexts = section_contexts(document, vocab)
    extraction = extract(document, council=council, vocab=vocab, contexts=contexts)
    findings = extraction.findings
    minted = extraction.resolver.labels if extraction.resolver else {}
    known_partners = {p.iri.rsplit("/", 1)[-1] for p in vocab.partners}
    folder = curation_dir if curation_dir is not None else curation_folder()
    curation = load_curation(folder / f"{report_slug}.yaml")
    unmatched: list[str] = []
    if curation is not None:
        unmatched = unmatched_entries(curation, findings)
        findings = apply_curation(curation, findings)
    for finding in findings:
        for partner in finding.partners:
            if partner in known_partners:
                continue
            if partner in minted:
                report.extra_partners.setdefault(partner, minted[partner])
                continue
            if "partners" in finding.curated and partner != council_id(council or ""):
                raise CarekgError(
                    f"{curation.path if curation else 'curation'}: unknown partner "
                    f"{partner!r}; use an id from data/partners.ttl"
                )
            # The report's own council when the partner data does not know it.
            report.extra_partners.setdefault(partner, (council or partner, "council"))
    scores = stated_scores(document, contexts, vocab)
    sections = document_sections(document, contexts)
    triples = report_triples(
        report, findings, scores, sections, curation.path.name if curation else None
    )
    return PreparedReport(report, findings, triples, unmatched)


def reference_graphs() -> dict[NamedNode, list[Triple]]:
    """The ontology (with the framework and Care Act duties) and the partner data."""
    graphs: dict[NamedNode, list[Triple]] = {ONTOLOGY_GRAPH: [], PARTNERS_GRAPH: []}
    for graph, paths in ((ONTOLOGY_GRAPH, ontology_files()), (PARTNERS_GRAPH, [partners_file()])):
        for path in paths:
            with open(path, "rb") as handle:
                graphs[graph].extend(parse(handle, format=RdfFormat.TURTLE))
    return graphs


Progress = Callable[[Iterable], Iterable]


def prepare_all(paths: list, progress: Progress | None = None, **options) -> list[PreparedReport]:
    """Prepare every file, failing on the first bad one before anything is written."""
    prepared: list[PreparedReport] = []
    seen: dict[str, str] = {}
    for path in progress(paths) if progress else paths:
        one = prepare_report(path, **options)
        if one.report.slug in seen:
            raise CarekgError(
                f"{path} and {seen[one.report.slug]} would both be report "
                f"{one.report.slug!r}; rename one"
            )
        seen[one.report.slug] = str(path)
        prepared.append(one)
    return prepared


def ingest(store, paths: list, progress: Progress | None = None, **options) -> list[PreparedReport]:
    """Add reports to the store, each replacing its own named graph in one transaction."""
    if options.get("name") and len(paths) > 1:
        raise CarekgError("a report name names one report; give one file with it")
    prepared = prepare_all(paths, progress, **options)
    graphs: dict[NamedNode, list[Triple]] = {p.report.graph: p.triples for p in prepared}
    present = set(store.named_graphs())
    for graph, triples in reference_graphs().items():
        if graph.value not in present:
            graphs[graph] = triples
    store.replace_graphs(graphs)
    return prepared


def build(store, paths: list | None = None, progress: Progress | None = None, **options):
    """Rebuild the store from the reference data and reports (bundled ones by default).

    Everything else the store held is dropped in the same transaction.
    """
    prepared = prepare_all(list(paths) if paths else bundled_reports(), progress, **options)
    graphs = reference_graphs()
    graphs.update({p.report.graph: p.triples for p in prepared})
    store.replace_graphs(graphs, keep_only=True)
    return prepared
