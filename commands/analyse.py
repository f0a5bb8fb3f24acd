"""Commands that analyse the graph with NetworkX: path, deps, analyse, gaps, compare."""

from __future__ import annotations

import click

from carekg.commands.common import FORMAT, answer, open_for, out
from carekg.graph.errors import CarekgError
from carekg.graph.model.kinds import GAP_KINDS


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

    def text(store) -> str:
        steps = shortest_path(store, a, b)
        if not steps:
            raise CarekgError(f"no chain of relations links {a!r} and {b!r}")
        return render_answer("path", steps, format_)

    answer(ctx, text)


REPORT = click.option("--report", metavar="R", help="Only this report (id or IRI).")
COUNCIL = click.option(
    "--council", metavar="C", help="Only this council's reports (any case, or part of the name)."
)


@click.command()
@click.argument("node")
@click.option("--depth", type=click.IntRange(1, 10), default=4, show_default=True,
              help="How many links to follow each way.")  # fmt: skip
@REPORT
@COUNCIL
@FORMAT
@click.pass_context
def deps(ctx: click.Context, node: str, depth: int, report, council, format_) -> None:
    """What depends on NODE and what NODE depends on, as chains with quotes.

    NODE is a partner, finding or outcome, named by label (any case), IRI,
    prefixed name or id. Dependence runs partner -> finding -> risk ->
    outcome: a finding hangs on the partners it involves, a consequence on
    its cause, an outcome on the findings that threaten or evidence it, and a
    recommendation on the finding it addresses.

    \b
    Example:
        carekg deps ICB
        carekg deps "agreed place-based integration arrangements" --depth 3
        carekg deps housing --format json
    """
    from carekg.graph.analyse.dependencies import deps as chains_for
    from carekg.graph.show.analysis_tables import render_deps

    scope = {"depth": depth, "report": report, "council": council}
    answer(ctx, lambda store: render_deps(chains_for(store, node, **scope), format_))


@click.command()
@click.option("--save", is_flag=True,
              help="Also find the gaps and write everything into the analysis graph "
                   "(replacing what was saved before).")  # fmt: skip
@REPORT
@COUNCIL
@click.option("--sample", type=click.IntRange(2), metavar="K",
              help="Estimate betweenness from K sampled nodes (fixed seed).")  # fmt: skip
@click.option("--top", type=click.IntRange(1), default=20, show_default=True,
              help="Rows of each table to print (tables only).")  # fmt: skip
@FORMAT
@click.pass_context
def analyse(ctx: click.Context, save: bool, report, council, sample, top: int, format_) -> None:
    """Partner centrality, communities and single points of failure.

    Centrality (degree and betweenness) is measured on partners, risks,
    outcomes and quality statements; communities are Louvain groups of
    findings, partners and outcomes (fixed seed); a single point of failure
    is a partner or finding whose removal leaves outcomes without any
    supporting finding. --save also finds the gaps and writes all of it into
    the named graph <https://w3id.org/carekg/graph/analysis> for SPARQL and
    the view; a rerun replaces it.

    \b
    Example:
        carekg analyse
        carekg analyse --save
        carekg sparql "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?g ckg:gapKind ?kind } GROUP BY ?kind"
    """
    from carekg.graph.analyse.structure import analysis
    from carekg.graph.show.analysis_tables import render_analysis

    store = open_for(ctx, write=save)
    answer = analysis(store, report=report, council=council, sample=sample, save=save)
    out(render_analysis(answer, format_, top=top))
    if save:
        saved = answer["saved"]
        click.echo(f"Saved {saved['gaps']} gaps and the analysis ({saved['triples']} triples) "
                   f"in <{saved['graph']}>.", err=True)  # fmt: skip


@click.command()
@REPORT
@COUNCIL
@click.option("--kind", "kinds", multiple=True, type=click.Choice(GAP_KINDS),
              help="Only gaps of this kind (repeat for several).")  # fmt: skip
@FORMAT
@click.pass_context
def gaps(ctx: click.Context, report, council, kinds, format_) -> None:
    """What is missing, council by council, with the quotes that show it.

    Seven kinds: coverage (quality statements and Care Act duties with no
    finding, no strength, or areas for development and no recommendation),
    unaddressed-risk, area-without-action, unevidenced-outcome (threatened,
    never evidenced), problem-only-partner (a partner seen only in risks and
    areas), evidence-category (findings from one CQC evidence category only)
    and structural (a subject split across groups of findings that never link).
    The table prints each gap with its quotes for one council; for several it
    counts them by council and kind (JSON and CSV always hold every gap).

    \b
    Example:
        carekg gaps
        carekg gaps --report lga-peer-challenge-bexley-theme4-leadership
        carekg gaps --council Bexley --kind unaddressed-risk --format json
    """
    from carekg.graph.analyse.gaps import gaps as find
    from carekg.graph.show.analysis_tables import render_gaps

    found = find(open_for(ctx), report=report, council=council, kinds=kinds or None)
    out(render_gaps(found, format_))


@click.command()
@COUNCIL
@click.option("--top", type=click.IntRange(1), default=15, show_default=True,
              help="Themes and partner types to print (tables only).")  # fmt: skip
@FORMAT
@click.pass_context
def compare(ctx: click.Context, council, top: int, format_) -> None:
    """Councils side by side: scores and ratings, recurring themes, partner types in risks.

    Scores are those the reports state, with the rating all nine imply.
    Themes are groups of key phrases that areas for development and risks of
    several councils share. With --council: that council's reports over
    time instead, each area and risk found again, now a strength, not found
    again, or new, with both quotes.

    \b
    Example:
        carekg compare
        carekg compare --council Bexley --format json
    """
    from carekg.graph.analyse.compare import compare as side_by_side
    from carekg.graph.show.analysis_tables import render_compare

    answer = side_by_side(open_for(ctx), council=council)
    out(render_compare(answer, format_, top=top))
