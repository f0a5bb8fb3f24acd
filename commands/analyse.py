"""Commands that analyse the graph with NetworkX: path."""

from __future__ import annotations

import click

from carekg.commands.common import FORMAT, open_for, out
from carekg.graph.errors import CarekgError


@click.command()
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

    steps = shortest_path(open_for(ctx), a, b)
    if not steps:
        raise CarekgError(f"no chain of relations links {a!r} and {b!r}")
    out(render_answer("path", steps, format_))
