"""The read-only SPARQL endpoint: serve."""

from __future__ import annotations

import click


@click.command()
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
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Query worker processes: how many queries run at once.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name clients may use in the Host header (IP addresses and localhost "
    "always work). Repeat for several.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages from this origin (e.g. https://yasgui.example) read answers. Off by default.",
)
@click.pass_context
def serve(ctx: click.Context, host, port, timeout, max_rows, workers, allow_hosts, cors) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint, with a query page.

    The endpoint is /sparql (GET or POST; JSON, XML, CSV or TSV results and
    Turtle, JSON-LD or N-Triples graphs by Accept or format=), the query page is
    / and /health gives the quad count. Updates, SERVICE and FROM are refused
    with 400; requests naming another Host, or sent from another web site, with
    403. Each query runs in a worker process that is stopped at the time limit.
    The store is opened read-only, so builds and other readers are not blocked;
    answers follow the store when it is rebuilt. Ctrl-C stops.

    \b
    Example:
        carekg serve
        carekg serve --port 8080 --timeout 10 --max-rows 50000
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
            http://127.0.0.1:7878/sparql
    """
    from carekg.graph.serve.server import serve as run_server

    def announce(line: str) -> None:
        click.echo(line, err=True)

    try:
        run_server(
            ctx.obj["store"],
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            allow_hosts=allow_hosts,
            cors=cors,
            announce=announce,
        )
    except KeyboardInterrupt:
        pass
    click.echo("Stopped.", err=True)
