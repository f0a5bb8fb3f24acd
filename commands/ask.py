"""Commands that ask the store.

summary, findings, scores, validate, partners, risks, evidence, sparql, queries.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekg.commands.common import FORMAT, answer, open_for, out, summary_text
from carekg.graph.errors import CarekgError
from carekg.graph.model.formats import SPARQL_FORMATS
from carekg.graph.model.kinds import EVIDENCE_CATEGORIES, KINDS


@click.command()
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

    def text(store) -> str:
        counts = summarise(store)
        return (
            json.dumps(counts, indent=2, ensure_ascii=False) + "\n"
            if as_json
            else summary_text(counts)
        )

    answer(ctx, text)


@click.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only findings of this kind.")
@click.option("--qs", type=click.IntRange(1, 9), help="Only findings on this quality statement.")
@click.option("--theme", type=click.IntRange(1, 4), help="Only findings in this theme.")
@click.option("--partner", help="Only findings involving this partner (name, alias or id).")
@click.option("--report", help="Only findings of this report (id or IRI).")
@click.option(
    "--evidence",
    type=click.Choice(EVIDENCE_CATEGORIES),
    help="Only findings from this CQC evidence category.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Only findings whose kind the extractor is at least this sure of (0-1).",
)
@FORMAT
@click.pass_context
def findings(ctx: click.Context, kind, qs, theme, partner, report, evidence, min_confidence,
             format_) -> None:  # fmt: skip
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

    filters = dict(kind=kind, qs=qs, theme=theme, partner=partner, report=report,
                   evidence=evidence, min_confidence=min_confidence)  # fmt: skip
    answer(ctx, lambda store: render_answer("findings", list_findings(store, **filters), format_))


@click.command()
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

    answer(ctx, lambda store: render_answer("scores", list_scores(store), format_))


@click.command()
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

    violations = check(None if file else open_for(ctx), file)
    if not violations:
        click.echo("The graph conforms to the carekg shapes.")
        return
    for violation in violations:
        click.echo(str(violation))
    raise CarekgError(f"{len(violations)} SHACL violations")


# --- questions and SPARQL ------------------------------------------------------------------
@click.command()
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

    answer(ctx, lambda store: render_answer("partners", list_partners(store), format_))


@click.command()
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

    answer(ctx, lambda store: render_answer("risks", list_risks(store, report=report), format_))


@click.command()
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

    def text(store) -> str:
        rendered = render_answer("evidence", gather(store, qs, report=report), format_)
        return rendered if rendered.endswith("\n") else rendered + "\n"

    answer(ctx, text)


@click.command()
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
    from carekg.graph.ask.sparql import query_text, saved_query_name
    from carekg.graph.show.results import run_sparql

    # The library never reads the terminal: standard input is read here.
    text = sys.stdin.read() if query == "-" else query_text(query)
    saved = None if query == "-" else saved_query_name(query)
    out(run_sparql(open_for(ctx), text, format_, saved_as=saved))


@click.command()
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


@click.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many findings to list.")  # fmt: skip
@click.option("--report", help="Only findings of this report (id or IRI).")
@FORMAT
@click.pass_context
def review(ctx: click.Context, limit: int, report, format_) -> None:
    """The findings the extractor was least sure of, with why: where to curate first.

    Confidence is 0 to 1; curated findings count as 1. Fix a kind in a curation
    file (see the README) and rebuild.

    \b
    Example:
        carekg review
        carekg review --limit 50 --format csv > to-check.csv
    """
    from carekg.graph.ask.review import least_certain
    from carekg.graph.show.tables import render_answer

    out(render_answer("review", least_certain(open_for(ctx), limit=limit, report=report), format_))
