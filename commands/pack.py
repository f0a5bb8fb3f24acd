"""Commands that hand the graph to people: the readiness pack and the action plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg.commands.common import open_for
from carekg.graph.model.formats import ACTION_FORMATS, PACK_FORMATS

BINARY = {"docx", "xlsx"}


SUFFIXES = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "docx": "docx",
            "csv": "csv", "xlsx": "xlsx"}  # fmt: skip


def _format_for(format_: str | None, output: Path | None, known: list[str], default: str) -> str:
    """The format asked for, else the output file's suffix, else ``default``."""
    if format_:
        return format_
    suffix = SUFFIXES.get(output.suffix.lower().lstrip(".")) if output else None
    return suffix if suffix in known else default


def _write(data: bytes, output: Path | None, format_: str) -> None:
    from carekg.graph.show.files import write_atomically

    if output is None:
        if format_ in BINARY and sys.stdout.isatty():
            raise click.UsageError(f"{format_} is a binary file: write it with -o FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
        click.echo(f"Wrote {output} ({len(data):,} bytes).", err=True)


OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (its suffix picks the format) instead of standard output.",
)
REPORT = click.option("--report", metavar="R", help="Only this report (id or IRI).")
COUNCIL = click.option(
    "--council", metavar="C", help="Only this council's reports (any case; part of the name)."
)


@click.command()
@REPORT
@COUNCIL
@click.option(
    "--format",
    "format_",
    type=click.Choice(PACK_FORMATS),
    default=None,
    help="md, html (one offline page that prints well) or docx (Word, LibreOffice). "
    "Default: the suffix of -o, else md.",
)
@OUTPUT
@click.pass_context
def pack(ctx: click.Context, report, council, format_, output: Path | None) -> None:
    """Write the readiness pack: what a council takes into the room.

    Page one is an overview of the nine quality statements (stated score,
    findings by kind, gaps, open actions) with a heat map of kind x quality
    statement. Then, per theme and quality statement: every strength, area
    for development, risk and recommendation as its exact quote with report
    and position, partners involved, Care Act duties touched, CQC evidence
    categories present and missing, and the gaps with their reasons. Actions
    imported with `carekg actions --import` show as progress.

    \b
    Example:
        carekg pack --council Bexley -o bexley-pack.docx
        carekg pack --format html -o bexley-pack.html
    """
    from carekg.graph.show.pack import write_pack

    chosen = _format_for(format_, output, PACK_FORMATS, "md")
    data = write_pack(open_for(ctx), chosen, report=report, council=council)
    _write(data, output, chosen)


@click.command()
@REPORT
@COUNCIL
@click.option(
    "--format",
    "format_",
    type=click.Choice(ACTION_FORMATS),
    default=None,
    help="csv, md or xlsx (with a status drop-down). Default: the suffix of -o, else csv.",
)
@OUTPUT
@click.option(
    "--import",
    "import_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Read a filled plan (.csv or .xlsx) back: record its owners, due dates and "
    "statuses in the graph.",
)
@click.pass_context
def actions(ctx: click.Context, report, council, format_, output, import_file) -> None:
    """Write the action plan, or import a filled one back into the graph.

    One row per recommendation, and per area for development or risk that no
    recommendation addresses: its quote, what it addresses, quality
    statements, partners, the risks it would reduce, and owner, due date and
    status for the council to fill in.

    --import records owner, due date and status on each row's finding (in
    the named graph <https://w3id.org/carekg/graph/actions>, with the file
    name as their source). Rows that match no finding are listed; a file
    that is not a readable plan changes nothing; importing the same file
    again changes nothing. `carekg build` starts a new graph: import the
    plan again after it.

    \b
    Example:
        carekg actions -o plan.xlsx
        carekg actions --import plan.xlsx
        carekg sparql risks-without-owner
    """
    if import_file is not None:
        if format_ or output or report or council:
            raise click.UsageError("--import takes only the file to read")
        _import(ctx, import_file)
        return
    from carekg.graph.show.actions import action_plan
    from carekg.graph.show.actions_export import render_plan

    chosen = _format_for(format_, output, ACTION_FORMATS, "csv")
    rows = action_plan(open_for(ctx), report=report, council=council)
    _write(render_plan(rows, chosen), output, chosen)


def _import(ctx: click.Context, path: Path) -> None:
    from carekg.graph.actions import import_action_plan
    from carekg.graph.model.actions import ACTIONS_GRAPH

    result = import_action_plan(open_for(ctx, write=True), path)
    outcome = (
        f"{result.changed} changed, recorded in <{ACTIONS_GRAPH.value}>"
        if result.written
        else "nothing changed"
    )
    click.echo(
        f"{result.file}: {result.rows} rows, {result.matched} matched, "
        f"{len(result.unmatched)} unmatched; {outcome}."
    )
    for line in result.unmatched:
        click.echo(f"unmatched: {line}", err=True)
