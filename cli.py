"""The ``carekg`` command line: thin commands over the library in ``carekg.graph``.

Every command calls one library function and formats what it returns. A user
error (bad input, a missing store) prints one line on stderr and exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg import __version__
from carekg.graph.errors import (
    CarekgError,
    EncodingError,
    FormatError,
    NoStoreError,
    TooLargeError,
)
from carekg.graph.model.formats import RDF_FORMATS, RECORD_FORMATS
from carekg.graph.model.kinds import KINDS

REPORT_KINDS = ["peer-challenge", "cqc-assessment", "other"]
# carekg.graph.show.results.FORMATS, listed here so that --help needs no pyoxigraph import.
SPARQL_FORMATS = ["table", "csv", "tsv", "json", "xml", "ttl", "jsonld"]
FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(RECORD_FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


def advice(exc: CarekgError) -> str:
    """The library's one-line message, with the command or flag that helps, if any."""
    if isinstance(exc, NoStoreError):
        return f"{exc}; run `carekg build` (or `carekg --store LOCATION build`) first"
    if isinstance(exc, EncodingError) and exc.suggestion:
        hint = exc.suggestion
        return f"{exc}; if it was saved as {hint}, re-run with --encoding {hint}"
    if isinstance(exc, TooLargeError):
        return f"{exc} (raise it with --max-bytes)"
    if isinstance(exc, FormatError):
        return f"--format: {exc}"
    return str(exc)


class CarekgGroup(click.Group):
    """Turns CarekgError into click's one-line 'Error: ...' and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CarekgError as exc:
            raise click.ClickException(advice(exc)) from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; the store keeps what it had") from None


@click.group(cls=CarekgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_location",
    envvar="CAREKG_STORE",
    default=None,
    metavar="LOCATION",
    help="Store directory (default ./.carekg/store) or http(s):// SPARQL endpoint; "
    "env CAREKG_STORE. For a server, CAREKG_STORE_USER and CAREKG_STORE_PASSWORD.",
)
@click.version_option(__version__, prog_name="carekg")
@click.pass_context
def cli(ctx: click.Context, store_location: str | None) -> None:
    """carekg: knowledge graphs of adult social care assurance reports.

    Build the Bexley graph from the bundled seed reports, then ask it questions:

    \b
        carekg build
        carekg summary
        carekg findings --qs 8 --kind risk
    """
    ctx.obj = {"store": store_location}


def _store(ctx: click.Context, write: bool = False):
    from carekg.graph.store import open_store

    store = open_store(ctx.obj["store"], write=write)
    # Closed when the command ends, even on error, so no traceback keeps it locked.
    ctx.call_on_close(store.close)
    return store


def _progress(label: str, enabled: bool):
    """A progress bar on stderr for batches of files."""
    if not enabled:
        return None

    def wrap(items):
        with click.progressbar(list(items), label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def _print_summary(summary: dict) -> None:
    click.echo(
        f"{summary['reports']} reports, {summary['findings']} findings, {summary['quads']} quads"
    )
    for name, title in (
        ("by_kind", "By kind"),
        ("by_theme", "By theme"),
        ("by_quality_statement", "By quality statement"),
        ("by_partner", "By partner"),
    ):
        click.echo(f"\n{title}:")
        for key, count in summary[name].items():
            click.echo(f"  {count:4d}  {key}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary.")
@click.pass_context
def build(ctx: click.Context, files: tuple[Path, ...], quiet: bool) -> None:
    """Rebuild the store from the ontology and reports (the bundled Bexley reports by default).

    The whole store is replaced in one transaction: if the build fails, the
    previous store is left as it was.

    \b
    Example:
        carekg build
        carekg --store /tmp/kg build my-report.docx other-report.pdf
    """
    from carekg.graph.ask.summary import summary
    from carekg.graph.pipeline import build as build_store

    store = _store(ctx, write=True)
    prepared = build_store(store, list(files) or None, _progress("Reading", len(files) > 1))
    click.echo(f"Built {store.location} from {len(prepared)} reports.", err=True)
    if not quiet:
        _print_summary(summary(store))


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--council", help="The council the report is about (else read from the text).")
@click.option(
    "--kind",
    type=click.Choice(REPORT_KINDS),
    help="What kind of report it is (else read from the text).",
)
@click.option("--date", help="The report's date, YYYY-MM-DD (else read from the text).")
@click.option("--name", help="Report id to use instead of the file name (for - or renames).")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option(
    "--max-bytes",
    type=int,
    default=20_000_000,
    show_default=True,
    help="Refuse files larger than this.",
)
@click.option(
    "--curation-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of curation YAML files (default: the bundled data/curation).",
)
@click.pass_context
def ingest(ctx: click.Context, files, council, kind, date, name, encoding, max_bytes,
           curation_dir) -> None:  # fmt: skip
    """Add reports (.txt, .md, .docx, .pdf, or - for standard input) to the store.

    Each report goes into its own named graph; ingesting the same report again
    replaces that graph. All files are read before anything is written, so one
    bad file leaves the store as it was.

    \b
    Example:
        carekg ingest report.docx --council "Eastbrook Borough Council" --date 2024-03-01
        cat notes.txt | carekg ingest - --name eastbrook-notes
    """
    from carekg.graph.pipeline import ingest as ingest_reports

    # The library never reads the terminal: standard input is read here and handed on.
    stdin = sys.stdin.buffer.read(max_bytes + 1) if "-" in files else None
    store = _store(ctx, write=True)
    prepared = ingest_reports(
        store,
        list(files),
        _progress("Ingesting", len(files) > 1),
        stdin=stdin,
        council=council,
        kind=kind,
        date=date,
        name=name,
        encoding=encoding,
        max_bytes=max_bytes,
        curation_dir=curation_dir,
    )
    for one in prepared:
        r = one.report
        click.echo(
            f"{r.source_name}: {len(one.findings)} findings -> {r.iri.value} "
            f"(council: {r.council or 'unknown'}, kind: {r.kind})"
        )
        for problem in one.unmatched_curation:
            click.echo(f"  warning: curation {problem}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def summary(ctx: click.Context, as_json: bool) -> None:
    """Counts of findings by kind, theme, quality statement and partner.

    \b
    Example:
        carekg summary
    """
    import json

    from carekg.graph.ask.summary import summary as summarise

    counts = summarise(_store(ctx))
    if as_json:
        click.echo(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        _print_summary(counts)


@cli.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only findings of this kind.")
@click.option("--qs", type=click.IntRange(1, 9), help="Only findings on this quality statement.")
@click.option("--theme", type=click.IntRange(1, 4), help="Only findings in this theme.")
@click.option("--partner", help="Only findings involving this partner (name, alias or id).")
@click.option("--report", help="Only findings of this report (id or IRI).")
@FORMAT
@click.pass_context
def findings(ctx: click.Context, kind, qs, theme, partner, report, format_) -> None:
    """List findings with their exact quotes.

    JSON output is one array; each element has id, kind, text, quality_statements,
    theme, partners, report and source {document, start, end}.

    \b
    Example:
        carekg findings --qs 8 --kind risk
        carekg findings --partner ICB --format json
    """
    from carekg.graph.ask.findings import findings as list_findings
    from carekg.graph.show.tables import render_answer

    rows = list_findings(_store(ctx), kind=kind, qs=qs, theme=theme, partner=partner, report=report)
    click.echo(render_answer("findings", rows, format_), nl=False)


@cli.command()
@FORMAT
@click.pass_context
def scores(ctx: click.Context, format_) -> None:
    """Quality statement scores (1-4) that reports state.

    \b
    Example:
        carekg scores --format json
    """
    from carekg.graph.ask.summary import scores as list_scores
    from carekg.graph.show.tables import render_answer

    click.echo(render_answer("scores", list_scores(_store(ctx)), format_), nl=False)


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, file: Path | None) -> None:
    """Check the store (or an RDF file) against the SHACL shapes.

    Prints each violation and exits 1 if there are any.

    \b
    Example:
        carekg validate
        carekg validate exported.ttl
    """
    from carekg.graph.ask.validation import validate as check

    violations = check(None if file else _store(ctx), file)
    if not violations:
        click.echo("The graph conforms to the carekg shapes.")
        return
    for violation in violations:
        click.echo(str(violation))
    raise CarekgError(f"{len(violations)} SHACL violations")


@cli.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice(list(RDF_FORMATS)),
    default="trig",
    show_default=True,
    help="RDF format; trig, nq and jsonld keep the named graphs.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")  # fmt: skip
@click.pass_context
def export(ctx: click.Context, format_: str, output: Path | None) -> None:
    """Export the whole graph as standard RDF.

    \b
    Example:
        carekg export --format ttl -o bexley.ttl
    """
    from carekg.graph.show.export import export as serialise
    from carekg.graph.show.files import write_atomically

    data = serialise(_store(ctx), format_)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        click.echo(f"Wrote {output} ({len(data)} bytes).", err=True)


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("carekg-view.html"), show_default=True,
              help="Where to write the HTML page.")  # fmt: skip
@click.pass_context
def view(ctx: click.Context, output: Path) -> None:
    """Write an interactive view of the graph: one HTML file that works offline.

    Findings are dots coloured by kind (green strength, orange area for
    development, red risk, blue recommendation, grey context), linked to their
    partners, quality statements and outcomes. Open the file in a browser.

    \b
    Example:
        carekg view -o bexley.html
    """
    from carekg.graph.show.view import write_view

    nodes = write_view(_store(ctx), output)
    click.echo(f"Wrote {output} ({nodes} nodes); open it in a browser.")


@cli.command()
@click.option("--check", is_flag=True, required=True, help="Report stale curation entries.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--curation-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of curation YAML files (default: the bundled data/curation).",
)
def curate(check: bool, files, curation_dir) -> None:
    """Check curation files against the reports they curate.

    Lists every entry that no longer matches any finding; exits 1 if any.

    \b
    Example:
        carekg curate --check                 # the bundled reports
        carekg curate --check my-report.docx --curation-dir curation/
    """
    from carekg.graph.model.package_data import bundled_reports
    from carekg.graph.pipeline import prepare_all

    prepared = prepare_all(list(files) or bundled_reports(), curation_dir=curation_dir)
    stale = [(p.report.slug, problem) for p in prepared for problem in p.unmatched_curation]
    for slug, problem in stale:
        click.echo(f"{slug}: {problem}")
    if stale:
        raise CarekgError(f"{len(stale)} curation entries match no finding")
    click.echo(f"All curation entries match ({len(prepared)} reports checked).")


# --- questions and SPARQL ------------------------------------------------------------------
@cli.command()
@FORMAT
@click.pass_context
def partners(ctx: click.Context, format_) -> None:
    """Partners with the number of findings of each kind that involve them.

    Only partners that at least one finding involves, most findings first. The
    id column is what `carekg findings --partner` accepts.

    \b
    Example:
        carekg partners
        carekg partners --format json
    """
    from carekg.graph.ask.partners import partners as list_partners
    from carekg.graph.show.tables import render_answer

    click.echo(render_answer("partners", list_partners(_store(ctx)), format_), nl=False)


@cli.command()
@click.option("--report", help="Only risks of this report (id or IRI).")
@FORMAT
@click.pass_context
def risks(ctx: click.Context, report, format_) -> None:
    """Risks with what they threaten, their partners and the recommendations that address them.

    A recommendation addresses a risk when it addresses the risk itself or a
    finding that leads to it; "none" when nothing does.

    \b
    Example:
        carekg risks
        carekg risks --report lga-peer-challenge-bexley-theme4-leadership --format json
    """
    from carekg.graph.ask.risks import risks as list_risks
    from carekg.graph.show.tables import render_answer

    click.echo(render_answer("risks", list_risks(_store(ctx), report=report), format_), nl=False)


@cli.command()
@click.argument("qs", type=click.IntRange(1, 9), metavar="QS")
@click.option("--report", help="Only quotes of this report (id or IRI).")
@FORMAT
@click.pass_context
def evidence(ctx: click.Context, qs: int, report, format_) -> None:
    """All quotes for quality statement QS (1-9), grouped by kind, with where they come from.

    JSON output is one object from kind to a list of {id, text, report,
    source {document, start, end}}.

    \b
    Example:
        carekg evidence 8
        carekg evidence 8 --format json
    """
    from carekg.graph.ask.evidence import evidence as gather
    from carekg.graph.show.tables import render_answer

    grouped = gather(_store(ctx), qs, report=report)
    text = render_answer("evidence", grouped, format_)
    click.echo(text, nl=format_ == "json" and not text.endswith("\n"))


@cli.command()
@click.argument("a")
@click.argument("b")
@FORMAT
@click.pass_context
def path(ctx: click.Context, a: str, b: str, format_) -> None:
    """The shortest chain of relations between two nodes named by label, IRI or id.

    A and B are labels (any case), IRIs, prefixed names (cqc:qs8) or ids
    (icb, qs8, s42). Relations are followed in either direction; the arrow
    shows which way each one points.

    \b
    Example:
        carekg path ICB "Governance, management and sustainability"
        carekg path onebexley qs7 --format json
    """
    from carekg.graph.analyse.paths import path as shortest_path
    from carekg.graph.show.tables import render_answer

    steps = shortest_path(_store(ctx), a, b)
    if not steps:
        raise CarekgError(f"no chain of relations links {a!r} and {b!r}")
    click.echo(render_answer("path", steps, format_), nl=False)


@cli.command()
@click.argument("query")
@click.option(
    "--format",
    "format_",
    type=click.Choice(SPARQL_FORMATS),
    default=None,
    help="Output format: table (default), csv, tsv, json or xml for SELECT and ASK; "
    "ttl (default) or jsonld for CONSTRUCT and DESCRIBE.",
)
@click.pass_context
def sparql(ctx: click.Context, query: str, format_) -> None:
    """Run a read-only SPARQL query: its text, @FILE.rq, - (stdin) or a saved query's name.

    The prefixes ckg:, cqc:, careact:, partner:, id:, rdf:, rdfs:, xsd:, owl:,
    skos:, prov:, oa:, org: and dcterms: are declared already. JSON and XML
    follow the SPARQL 1.1 results formats. Updates are refused.

    \b
    Example:
        carekg sparql "SELECT ?q ?l WHERE { ?q a ckg:QualityStatement ; skos:prefLabel ?l }"
        carekg sparql risks-without-recommendations --format csv
        carekg sparql @my-query.rq --format json
        carekg sparql "DESCRIBE cqc:qs8" --format ttl
    """
    from carekg.graph.ask.sparql import query_text
    from carekg.graph.show.results import run_sparql

    # The library never reads the terminal: standard input is read here.
    text = sys.stdin.read() if query == "-" else query_text(query)
    click.echo(run_sparql(_store(ctx), text, format_), nl=False)


@cli.command()
@FORMAT
def queries(format_) -> None:
    """List the saved SPARQL queries that `carekg sparql NAME` runs.

    \b
    Example:
        carekg queries
        carekg sparql findings-per-quality-statement
    """
    from carekg.graph.ask.sparql import list_saved_queries
    from carekg.graph.show.formats import render

    rows = [{"name": n, "description": d} for n, d in list_saved_queries()]
    click.echo(render(rows, format_), nl=False)


# --- the SPARQL endpoint ---------------------------------------------------------------------
@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the endpoint on this machine.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="TCP port (0 picks a free one).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before the answer is 503.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer; "
    "a longer answer is cut and has the header X-Carekg-Truncated: true.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout: float, max_rows: int) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint, with a query page.

    The endpoint is /sparql (GET or POST; JSON, XML, CSV or TSV results and
    Turtle, JSON-LD or N-Triples graphs by Accept or format=), the query page is
    / and /health gives the quad count. Updates, SERVICE and FROM are refused
    with 400. The store is opened read-only, so builds and other readers are
    not blocked; answers follow the store when it is rebuilt. Ctrl-C stops.

    \b
    Example:
        carekg serve
        carekg serve --port 8080 --timeout 10 --max-rows 50000
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
            http://127.0.0.1:7878/sparql
    """
    from carekg.graph.serve.endpoint import serve as run_server

    def announce(line: str) -> None:
        click.echo(line, err=True)

    try:
        run_server(
            ctx.obj["store"],
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            announce=announce,
        )
    except KeyboardInterrupt:
        pass
    click.echo("Stopped.", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="carekg")


if __name__ == "__main__":
    main()
