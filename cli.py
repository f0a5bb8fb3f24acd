"""The ``carekg`` command line: thin commands over the library in ``carekg.graph``.

Every command calls one library function and formats what it returns. A user
error (bad input, a missing store) prints one line on stderr and exits 1.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

import click

from carekg import __version__
from carekg.commands import analyse, ask, build, pack, serve, show
from carekg.graph.errors import (
    CarekgError,
    EncodingError,
    FormatError,
    NoStoreError,
    TooLargeError,
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


for command in (
    build.build,
    build.ingest,
    build.curate,
    ask.summary,
    ask.findings,
    ask.scores,
    ask.validate,
    ask.partners,
    ask.risks,
    ask.evidence,
    ask.sparql,
    ask.queries,
    ask.review,
    analyse.path,
    analyse.deps,
    analyse.analyse,
    analyse.gaps,
    analyse.compare,
    show.export,
    show.view,
    pack.pack,
    pack.actions,
    serve.serve,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="carekg")
    except SystemExit as done:
        _end(done.code)
    _end(0)


def _end(code: object) -> NoReturn:
    """End the process once the command is done, without Python's clean shutdown.

    That shutdown frees every module and object one by one: 25-45 ms of a command
    taking 150-600 ms on the national store (``sparql 'ASK {}'`` and ``partners``, 15
    runs each on this 2-core machine). By now click has closed the store
    (``open_for``) and files were written in ``with`` blocks; only the output needs
    flushing. A process with an exit handler (a temporary folder, a process pool),
    another thread, or a pipe closed under it ends the usual way.
    """
    handlers = getattr(atexit, "_ncallbacks", lambda: 1)()
    if not isinstance(code, int | None) or handlers or threading.active_count() > 1:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        sys.exit(code)
    os._exit(code or 0)


if __name__ == "__main__":
    main()
