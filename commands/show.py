"""Commands that write files to read or hand on: export, view."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg.commands.common import open_for
from carekg.graph.model.formats import RDF_FORMATS


@click.command()
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

    data = serialise(open_for(ctx), format_)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        click.echo(f"Wrote {output} ({len(data)} bytes).", err=True)


@click.command()
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

    nodes = write_view(open_for(ctx), output)
    click.echo(f"Wrote {output} ({nodes} nodes); open it in a browser.")
