"""Commands that write files to read or hand on: export, view."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg.commands.common import open_for
from carekg.graph.model.formats import PROJECTION_FORMATS as GRAPH_FORMATS
from carekg.graph.model.formats import RDF_FORMATS


@click.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice([*RDF_FORMATS, *GRAPH_FORMATS]),
    default="trig",
    show_default=True,
    help="RDF format (trig, nq and jsonld keep the named graphs), or the projected graph "
    "with its analysis for other tools: graphml, gexf (Gephi), nodes-csv, edges-csv.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--report", metavar="R", help="graphml, gexf, CSV: only this report (id or IRI).")
@click.option("--council", metavar="C", help="graphml, gexf, CSV: only this council's reports.")
@click.pass_context
def export(ctx: click.Context, format_: str, output: Path | None, report, council) -> None:
    """Export the whole graph as standard RDF, or its projection for graph tools.

    graphml and gexf hold findings, partners, quality statements, duties,
    outcomes and reports with their links, and the analysis as node
    attributes (degree, betweenness, community, gaps); nodes-csv and
    edges-csv hold the same as two tables.

    \b
    Example:
        carekg export --format ttl -o bexley.ttl
        carekg export --format graphml -o bexley.graphml
        carekg export --format nodes-csv --council Bexley -o nodes.csv
    """
    from carekg.graph.show.files import write_atomically

    if format_ in GRAPH_FORMATS:
        from carekg.graph.show.graph_export import export_graph

        data = export_graph(open_for(ctx), format_, report=report, council=council)
    else:
        from carekg.graph.show.export import export as serialise

        if report is not None or council is not None:
            raise click.UsageError("--report and --council go with graphml, gexf and the CSVs")
        data = serialise(open_for(ctx), format_)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        click.echo(f"Wrote {output} ({len(data)} bytes).", err=True)


def _drill(scope: dict) -> str:
    """The command that writes the detailed view for a scope of the aggregated page."""
    import shlex

    parts = ["carekg", "view"]
    for key, value in sorted(scope.items()):
        parts += [f"--{key}", str(value)]
    return shlex.join(parts)


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("carekg-view.html"),
    show_default=True,
    help="Where to write the HTML page.",
)
@click.option("--open", "open_", is_flag=True, help="Open the page in a web browser.")
@click.option("--report", metavar="R", help="Only this report (id or IRI).")
@click.option(
    "--council", metavar="C", help="Only this council's reports (any case; part of the name)."
)
@click.option(
    "--theme", type=click.IntRange(1, 4), metavar="N", help="Only findings in theme N (1-4)."
)
@click.option(
    "--qs",
    type=click.IntRange(1, 9),
    metavar="N",
    help="Only findings on quality statement N (1-9).",
)
@click.option(
    "--partner", metavar="NAME", help="Only findings involving this partner (name, id or type)."
)
@click.option(
    "--focus",
    metavar="LABEL",
    help="Only this node (label, id or words of a quote) and its neighbours.",
)
@click.option(
    "--depth",
    type=click.IntRange(0, 10),
    default=1,
    show_default=True,
    help="How many links from --focus to include.",
)
@click.option("--gaps", is_flag=True, help="Only the nodes the saved analysis marks as gaps.")
@click.option(
    "--aggregate/--detail",
    default=None,
    help="Force the aggregated view (counts per quality statement and kind; with --council, "
    "that council's) or the detailed one. Default: aggregated above 1,500 nodes unless an "
    "option narrows the view.",
)
@click.pass_context
def view(
    ctx: click.Context,
    output: Path,
    open_: bool,
    report: str | None,
    council: str | None,
    theme: int | None,
    qs: int | None,
    partner: str | None,
    focus: str | None,
    depth: int,
    gaps: bool,
    aggregate: bool | None,
) -> None:
    """Write an interactive view of the graph: one HTML file that works offline.

    Findings are coloured and shaped by kind, partners coloured by partner
    type, with quality statements, themes, outcomes and Care Act duties;
    node size follows centrality and gaps have a red dashed border when
    `carekg analyse --save` has run. The page has a legend, a search box,
    filters and a side panel with each node's links and quotes. Above 1,500
    nodes the default page counts findings by quality statement and kind;
    --council or --qs writes the detailed page.

    \b
    Example:
        carekg view -o bexley.html --open
        carekg view --council Bexley --qs 8 -o qs8.html
        carekg view --focus ICB --depth 2 -o icb.html
    """
    from carekg.graph.show.view import write_view
    from carekg.graph.show.view_scope import ViewOptions

    options = ViewOptions(
        report=report,
        council=council,
        theme=theme,
        qs=qs,
        partner=partner,
        focus=focus,
        depth=depth,
        gaps=gaps,
    )
    result = write_view(open_for(ctx), output, options, aggregate=aggregate, drill=_drill)
    what = "aggregated, " if result.mode == "aggregate" else ""
    click.echo(f"Wrote {output} ({what}{result.nodes} nodes); open it in a browser.")
    if result.analysis == "degree in this view" and (gaps or result.mode == "detail"):
        click.echo(
            "No saved analysis: run `carekg analyse --save` to size nodes by "
            "centrality and mark gaps.",
            err=True,
        )
    if open_:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())
