"""What every command shares: the store it opens, the --format option, progress bars."""

from __future__ import annotations

import sys

import click

from carekg.graph.model.formats import RECORD_FORMATS

FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(RECORD_FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


def open_for(ctx: click.Context, write: bool = False):
    from carekg.graph.store import open_store

    store = open_store(ctx.obj["store"], write=write)
    # Closed when the command ends, even on error, so no traceback keeps it locked.
    ctx.call_on_close(store.close)
    return store


def progress_bar(label: str, enabled: bool):
    """A progress bar on stderr for batches of files."""
    if not enabled:
        return None

    def wrap(items):
        with click.progressbar(list(items), label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def print_summary(summary: dict) -> None:
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


def out(text: str) -> None:
    """Print an answer; on a terminal, control characters in it are shown as escapes."""
    if sys.stdout.isatty():
        from carekg.graph.show.formats import for_terminal

        text = for_terminal(text)
    click.echo(text, nl=False)
