"""Commands that write the store: build, ingest; and curate --check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg.commands.common import open_for, print_summary, progress_bar
from carekg.graph.errors import CarekgError

REPORT_KINDS = ["peer-challenge", "cqc-assessment", "other"]


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary.")
@click.pass_context
def build(ctx: click.Context, files: tuple[Path, ...], quiet: bool) -> None:
    """Rebuild the store from the ontology and reports (the bundled Bexley reports by default).

    FILES are report files or folders of them (every .txt, .md, .docx and .pdf
    inside, at any depth). The whole store is replaced in one transaction: if
    the build fails, the previous store is left as it was.

    \b
    Example:
        carekg build
        carekg --store /tmp/kg build my-report.docx other-report.pdf
        carekg --store /tmp/national build reports/
    """
    from carekg.graph.ask.summary import summary
    from carekg.graph.pipeline import build as build_store

    store = open_for(ctx, write=True)
    prepared = build_store(store, list(files) or None, progress_bar("Reading", _batch(files)))
    click.echo(f"Built {store.location} from {len(prepared)} reports.", err=True)
    if not quiet:
        print_summary(summary(store))


@click.command()
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
    """Add reports (.txt, .md, .docx, .pdf, folders of them, or - for standard input).

    Each report goes into its own named graph; ingesting the same report again
    replaces that graph. One bad file stops the ingest and leaves the store as
    it was.

    \b
    Example:
        carekg ingest report.docx --council "Eastbrook Borough Council" --date 2024-03-01
        cat notes.txt | carekg ingest - --name eastbrook-notes
    """
    from carekg.graph.pipeline import ingest as ingest_reports

    # The library never reads the terminal: standard input is read here and handed on.
    stdin = sys.stdin.buffer.read(max_bytes + 1) if "-" in files else None
    store = open_for(ctx, write=True)
    prepared = ingest_reports(
        store,
        list(files),
        progress_bar("Ingesting", _batch(files)),
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
        for note in one.notes:
            click.echo(f"  note: {note}", err=True)
        for problem in one.unmatched_curation:
            click.echo(f"  warning: curation {problem}", err=True)


def _batch(files) -> bool:
    """Several reports to read (a progress bar is worth showing)?"""
    return len(files) > 1 or any(str(f) != "-" and Path(f).is_dir() for f in files)


@click.command()
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
