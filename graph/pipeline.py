"""The pipeline: report files -> parsed documents -> findings -> RDF in the store.

``prepare_report`` does everything that can fail on bad input without touching
the store. ``ingest`` and ``build`` hand each prepared report to one store write
as soon as it is ready, so that the store loads the first reports while the
rest are being prepared; a bad file stops the write, which then publishes
nothing, so the store stays exactly as it was. ``build`` also loads the
reference graphs (ontology, framework, partners) and replaces all the store held.

A large batch is prepared by a pool of processes, one per core (``prepare_each``);
each sends its report's graph back as N-Quads text, which the embedded store
loads without making a Python object per triple.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import re
import signal
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date as date_type
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize

from carekg.graph.errors import CarekgError
from carekg.graph.extract.curation import apply_curation, load_curation, unmatched_entries
from carekg.graph.extract.document import parse_document
from carekg.graph.extract.findings import Finding, extract
from carekg.graph.extract.metadata import detect_metadata
from carekg.graph.extract.minted import MINTED_GRAPH, minted_graph
from carekg.graph.extract.partners import council_id
from carekg.graph.extract.report_graph import Report, report_n_quads
from carekg.graph.extract.sections import document_sections, section_contexts, stated_scores
from carekg.graph.model.namespaces import CKG, ID, ONTOLOGY_GRAPH, PARTNERS_GRAPH
from carekg.graph.model.package_data import (
    bundled_reports,
    curation_folder,
    ontology_files,
    partners_file,
)
from carekg.graph.model.text import fold, slug
from carekg.graph.model.vocabulary import load_vocabulary
from carekg.graph.read.readers import (
    DEFAULT_MAX_BYTES,
    file_name,
    read_source,
    report_files,
    shown,
)
from carekg.graph.store.embedded import SerializedGraph

REPORT_KINDS = ("peer-challenge", "cqc-assessment", "other")


class PreparedReport:
    """A report read and analysed, ready to be written.

    Its graph is N-Quads text (``graph_text``) as ``prepare_report`` makes it, or
    ``triples`` when given so; either is made from the other when asked.
    """

    def __init__(
        self,
        report: Report,
        findings: list[Finding],
        triples: list[Triple] | None,
        unmatched_curation: list[str],
        notes: list[str] | None = None,
        *,
        n_quads: bytes | None = None,
    ):
        self.report = report
        self.findings = findings
        self.unmatched_curation = unmatched_curation
        self.notes = notes if notes is not None else []  # how the file was read, if not as asked
        self._triples = triples
        self._n_quads = n_quads

    @property
    def triples(self) -> list[Triple]:
        if self._triples is None:
            self._triples = [q.triple for q in parse(self._n_quads, format=RdfFormat.N_QUADS)]
        return self._triples

    def graph_text(self) -> SerializedGraph:
        """The report's graph as N-Quads text (in its named graph)."""
        if self._n_quads is None:
            # Written as N-Triples and given the graph name on every line: the same
            # text as N-Quads of the triples, without making a Python Quad per triple.
            # A line ends at its only raw newline (one in a literal is written \n).
            n_triples = serialize(self._triples, format=RdfFormat.N_TRIPLES)
            self._n_quads = n_triples.replace(b" .\n", f" {self.report.graph} .\n".encode())
        return SerializedGraph(self.report.graph, self._n_quads)

    def __getstate__(self) -> dict:
        # Sent between processes as text: pickling a million pyoxigraph terms costs more.
        self.graph_text()
        return {**self.__dict__, "_triples": None}


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


def report_id(source: str, name: str | None = None, taken: Mapping[str, str] | None = None):
    """A report's id: the slug of its name, with a short hash of the name when needed.

    The hash is added when the slug cannot stand for the name (letters outside
    ASCII: ``報告.md`` and ``✓✓.txt`` would both be empty) and, unless a name
    was given on purpose, when ``taken`` (report id -> source file name) holds
    the slug for another file. The same name always gets the same id.

    >>> report_id("Bexley key messages.txt"), report_id("報告.md"), report_id("Café.txt")
    ('bexley-key-messages', 'report-d68a7e08', 'cafe-5da2e951')
    >>> taken = {"report-1": "report-1.txt"}
    >>> report_id("report-1.txt", taken=taken), report_id("Report 1.txt", taken=taken)
    ('report-1', 'report-1-bf3e07f6')
    """
    label = file_name(name or Path(source).stem)
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = slug(ascii_label) if re.search(r"[a-z0-9]", fold(ascii_label)) else "report"
    named = unicodedata.normalize("NFC", file_name(name or source))
    digest = hashlib.sha256(named.encode()).hexdigest()
    hashed = f"{base}-{digest[:8]}"
    if not label.isascii() or not re.search(r"[a-z0-9]", fold(label)):
        return hashed  # the slug alone would lose what tells this name from others
    owner = (taken or {}).get(base)
    return base if name or owner is None or owner == source else hashed


def _resolve_partners(
    report: Report,
    findings: list[Finding],
    known: set[str],
    minted: dict[str, tuple[str, str]],
    curation_path: Path | None,
) -> None:
    """Give every partner a finding names a node: known, minted for this report, or refused."""
    council = report.council
    for finding in findings:
        for partner in finding.partners:
            if partner in known:
                continue
            if partner in minted:
                report.extra_partners.setdefault(partner, minted[partner])
                continue
            if "partners" in finding.curated and partner != council_id(council or ""):
                raise CarekgError(
                    f"{curation_path or 'curation'}: unknown partner {partner!r}; use an id "
                    "from data/partners.ttl"
                )
            # The report's own council when the partner data does not know it.
            report.extra_partners.setdefault(partner, (council or partner, "council"))


def _curation_file(curation_dir: Path | None, report_slug: str) -> Path:
    folder = curation_dir if curation_dir is not None else curation_folder()
    if folder.exists() and not folder.is_dir():
        raise CarekgError(f"{folder} is a file, not a folder of curation files")
    return folder / f"{report_slug}.yaml"


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
    taken: Mapping[str, str] | None = None,
) -> PreparedReport:
    """Read, parse and analyse one report file; raise CarekgError on bad input.

    ``taken`` maps report ids already in use to their source file names (see
    ``report_id``).
    """
    if kind is not None and kind not in REPORT_KINDS:
        raise CarekgError(f"report kind must be one of {', '.join(REPORT_KINDS)}")
    if date is not None and not _is_date(date):
        raise CarekgError(f"date {date!r} is not a calendar date in YYYY-MM-DD form")
    source = read_source(path, encoding=encoding, max_bytes=max_bytes, stdin=stdin)
    vocab = load_vocabulary()
    detected = detect_metadata(source.text)
    council = council or detected["council"] or _known_council(source.text)
    report = Report(
        slug=report_id(source.name, name, taken),
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
    curation = load_curation(_curation_file(curation_dir, report.slug))
    unmatched: list[str] = []
    if curation is not None:
        unmatched = unmatched_entries(curation, findings)
        findings = apply_curation(curation, findings)
    _resolve_partners(
        report,
        findings,
        {p.iri.rsplit("/", 1)[-1] for p in vocab.partners},
        extraction.resolver.labels if extraction.resolver else {},
        curation.path if curation else None,
    )
    scores = stated_scores(document, contexts, vocab)
    # A section is a node only when a finding sits in it: a heading with nothing
    # under it costs nothing, however many of them a file holds.
    used = {f.section for f in findings}
    sections = [s for s in document_sections(document, contexts) if s.index in used]
    # The graph as the N-Quads text the store loads; triples are made from it if asked.
    n_quads = report_n_quads(
        report, findings, scores, sections, curation.path.name if curation else None
    )
    return PreparedReport(report, findings, None, unmatched, list(source.notes), n_quads=n_quads)


def reference_graphs() -> dict[NamedNode, list[Triple]]:
    """The ontology (with the framework and Care Act duties) and the partner data."""
    graphs: dict[NamedNode, list[Triple]] = {ONTOLOGY_GRAPH: [], PARTNERS_GRAPH: []}
    for graph, paths in ((ONTOLOGY_GRAPH, ontology_files()), (PARTNERS_GRAPH, [partners_file()])):
        for path in paths:
            with open(path, "rb") as handle:
                graphs[graph].extend(parse(handle, format=RdfFormat.TURTLE))
    return graphs


Progress = Callable[[Iterable], Iterable]
# A batch of fewer files is prepared in this process: starting others costs more.
POOL_FROM = 4
WORKERS_VARIABLE = "CAREKG_WORKERS"  # how many processes may prepare a batch (1: this one)


def _pool_size(paths: list) -> int:
    """Processes for the batch: one per core this process may use, none for a small batch."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = os.environ.get(WORKERS_VARIABLE, "")
    workers = int(wanted) if wanted.isdigit() else cores or 1
    if workers < 2 or len(paths) < POOL_FROM or any(str(p) == "-" for p in paths):
        return 0  # standard input is read once, by this process
    return min(workers, len(paths))


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the process that started it ends.

    A SIGKILLed ingest left its workers waiting for work forever; Linux's
    ``PR_SET_PDEATHSIG`` kills them with it. Elsewhere a worker ends when its
    queue closes.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)  # the parent was gone before the line above took effect


def _prepare_elsewhere(path, taken: Mapping[str, str], options: dict) -> PreparedReport:
    """``prepare_report`` in a worker process; the result travels as text (``__getstate__``)."""
    return prepare_report(path, taken=taken, **options)


@contextmanager
def _prepared_elsewhere(paths: list, taken: Mapping[str, str], options: dict) -> Iterator[list]:
    """Futures of ``paths`` prepared by a pool of processes, in order (empty: no pool)."""
    size = _pool_size(paths)
    if not size:
        yield []
        return
    # Forked where the system can: a worker starts at once with the rules loaded, and
    # never runs the caller's main module again (spawn does, and a script without a
    # main guard would build in every worker). A worker only extracts: it never
    # touches the store, whose threads the fork does not copy.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(
        size, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking a process with threads: see above.
            warnings.simplefilter("ignore", DeprecationWarning)
            futures = [pool.submit(_prepare_elsewhere, path, taken, options) for path in paths]
        yield futures
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(future: Future | None, path, ids: Mapping[str, str], options: dict) -> PreparedReport:
    """A worker's report, or the file prepared here: when the worker failed (a bad file
    raises here as it would have), or when an earlier file of the batch took its id."""
    if future is not None:
        try:
            one = future.result()
        except Exception:  # noqa: BLE001 - prepared again below, which raises what is wrong
            one = None
        if one is not None and one.report.slug == report_id(
            one.report.source_name, options.get("name"), ids
        ):
            return one
    return prepare_report(path, taken=ids, **options)


def prepare_each(
    paths: list,
    progress: Progress | None = None,
    taken: Mapping[str, str] | None = None,
    **options,
) -> Iterator[PreparedReport]:
    """Prepare every file in order, each report given as soon as it is ready; the first
    bad file raises when its turn comes. Folders are expanded by the caller
    (``report_files``), which may need the count of files first.

    ``taken`` maps the report ids a store already holds to their source file
    names, so that a new file never takes another file's id. A large batch is
    prepared by a pool of processes (``POOL_FROM``, ``WORKERS_VARIABLE``); the
    reports, their ids and the first error are the same as in one process.
    """
    ids = dict(taken or {})
    seen: dict[str, str] = {}
    paths = list(paths)
    with _prepared_elsewhere(paths, dict(ids), options) as futures:
        for index, path in enumerate(progress(paths) if progress else paths):
            one = _collect(futures[index] if futures else None, path, ids, options)
            if one.report.slug in seen:
                raise CarekgError(
                    f"{shown(path)} and {shown(seen[one.report.slug])} would both be report "
                    f"{one.report.slug!r}; rename one"
                )
            seen[one.report.slug] = str(path)
            ids[one.report.slug] = one.report.source_name
            yield one


def prepare_all(
    paths: list,
    progress: Progress | None = None,
    taken: Mapping[str, str] | None = None,
    **options,
) -> list[PreparedReport]:
    """``prepare_each`` as a list (a folder: the report files in it)."""
    return list(prepare_each(report_files(paths), progress, taken, **options))


class GraphsAsPrepared:
    """Each report's graph as soon as it is prepared, then the graph of the partners and
    outcomes they share, made by ``minted`` from them all; ``prepared`` lists the
    reports given so far.

    The store writes each graph as it comes, so it loads the first reports while the
    pool prepares the next ones. A bad file raises in the middle of the write, which
    then publishes nothing.
    """

    def __init__(self, reports: Iterator[PreparedReport], minted: Callable) -> None:
        self.prepared: list[PreparedReport] = []
        self._reports = reports
        self._minted = minted

    def __iter__(self) -> Iterator[tuple[NamedNode, Iterable[Triple]]]:
        for one in self._reports:
            self.prepared.append(one)
            yield one.report.graph, one.graph_text()
        yield MINTED_GRAPH, self._minted(self.prepared)


def stored_reports(store) -> dict[str, str]:
    """Report id -> source file name of every report the store holds."""
    base = ID["report/"].value
    rows = store.select(
        f"SELECT ?r ?doc WHERE {{ GRAPH ?g {{ ?r a {CKG.Report} ; {CKG.sourceDocument} ?doc }} }}"
    )
    return {
        row["r"].value[len(base) :]: row["doc"].value
        for row in rows
        if row["r"] is not None and row["doc"] is not None and row["r"].value.startswith(base)
    }


def ingest(store, paths: list, progress: Progress | None = None, **options) -> list[PreparedReport]:
    """Add reports to the store, each replacing its own named graph in one transaction.

    A report replaces only the graph of a file of the same name (or the id given
    as ``name``); another file whose name has the same slug gets its own id.
    """
    paths = report_files(paths)  # a folder's files count as files given
    if options.get("name") and len(paths) > 1:
        raise CarekgError("a report name names one report; give one file with it")
    reports = prepare_each(paths, progress, stored_reports(store), **options)
    graphs: dict[NamedNode, Iterable[Triple]] = {}
    present = set(store.named_graphs())
    for graph, triples in reference_graphs().items():
        if graph.value not in present:
            graphs[graph] = triples
    # Partners and outcomes that reports share are described once (see extract.minted).
    made = GraphsAsPrepared(reports, lambda done: minted_graph(done, store))
    store.replace_graphs(itertools.chain(graphs.items(), made))
    return made.prepared


def build(store, paths: list | None = None, progress: Progress | None = None, **options):
    """Rebuild the store from the reference data and reports (bundled ones by default).

    Everything else the store held is dropped in the same transaction.
    """
    files = report_files(paths) if paths else bundled_reports()
    reports = prepare_each(files, progress, **options)
    made = GraphsAsPrepared(reports, minted_graph)
    store.replace_graphs(itertools.chain(reference_graphs().items(), made), keep_only=True)
    return made.prepared
