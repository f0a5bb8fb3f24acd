"""What every command shares: the store it opens, the --format option, progress bars."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

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


def answer(ctx: click.Context, compute: Callable[[object], str]) -> None:
    """Print ``compute(store)``: a question's answer, kept with the store's current data.

    A published store generation never changes, so a command's answer on it stays
    true until the next write publishes another (``store.remembered``). The first
    run computes and keeps it; later runs of the same command with the same
    arguments read it back. The key holds all else the text depends on: the
    command and its arguments, the table width, and carekg's own code. An error
    keeps nothing; a store that cannot tell when its data changed (a server)
    computes every time.
    """
    store = open_for(ctx)
    key = answer_key(ctx)
    out(store.remembered(key, lambda: compute(store)))


def answer_key(ctx: click.Context) -> str:
    """What a command's printed answer depends on besides the store's data."""
    import shutil  # here, not at start-up: ``--help`` and writes never need it

    import pyoxigraph

    arguments = sorted((name, repr(value)) for name, value in ctx.params.items())
    width = min(shutil.get_terminal_size((80, 24)).columns, 160)  # as tables use it
    return "\n".join(
        [
            f"command {ctx.info_name}",
            *(f"{name}={value}" for name, value in arguments),
            f"width {width}",
            f"pyoxigraph {pyoxigraph.__version__}",
            f"code {code_fingerprint()}",
        ]
    )


# The folders whose files decide what a command prints (the store's data aside).
_CODE = ("graph", "commands", "queries", "ontology", "cli.py", "__init__.py")


def code_fingerprint() -> str:
    """A digest of carekg's source files' names, sizes and modification times.

    An edited checkout (an editable install) or another version gives another
    digest, so no kept answer outlives the code that computed it. Reading ~160
    files' metadata takes about a millisecond.
    """
    import hashlib  # 5 ms of OpenSSL: not on every command's start-up

    digest = hashlib.sha256()
    for path in _source_files(Path(__file__).resolve().parent.parent):
        with contextlib.suppress(OSError):
            stat = os.stat(path)
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _source_files(root: Path):
    for top in _CODE:
        if (root / top).is_file():
            yield str(root / top)
        for folder, subfolders, files in os.walk(root / top):  # nothing for a file
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            yield from (os.path.join(folder, name) for name in sorted(files))


def progress_bar(label: str, enabled: bool):
    """A progress bar on stderr for batches of files."""
    if not enabled:
        return None

    def wrap(items):
        with click.progressbar(list(items), label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def print_summary(summary: dict) -> None:
    click.echo(summary_text(summary), nl=False)


def summary_text(summary: dict) -> str:
    """The summary's counts as the lines ``carekg summary`` prints."""
    lines = [
        f"{summary['reports']} reports, {summary['findings']} findings, {summary['quads']} quads"
    ]
    for name, title in (
        ("by_kind", "By kind"),
        ("by_theme", "By theme"),
        ("by_quality_statement", "By quality statement"),
        ("by_partner", "By partner"),
    ):
        lines.append(f"\n{title}:")
        lines.extend(f"  {count:4d}  {key}" for key, count in summary[name].items())
    return "\n".join(lines) + "\n"


def out(text: str) -> None:
    """Print an answer; on a terminal, control characters in it are shown as escapes."""
    if sys.stdout.isatty():
        from carekg.graph.show.formats import for_terminal

        text = for_terminal(text)
    click.echo(text, nl=False)
