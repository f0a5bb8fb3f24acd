"""Output formats for lists of records, chosen by name: table, json, csv.

>>> print(render([{"kind": "risk", "n": 2}], "csv"), end="")
kind,n
risk,2
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import shutil
import textwrap
from collections.abc import Callable

from carekg.graph.show.pack_text import csv_text

_VISIBLE = {
    c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
} | {c: f"\\u{c:04x}" for c in range(0x80, 0xA0)}

_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _VISIBLE) + "]")


def for_terminal(text: str) -> str:
    """Control characters shown as escapes, so that text cannot drive a terminal.

    >>> print(for_terminal("red \\x1b[31m bell \\x07"))
    red \\x1b[31m bell \\x07
    """
    # Most text has none: finding that out is six times faster than translating it.
    return text.translate(_VISIBLE) if _CONTROL.search(text) else text


# One encoder for every line: ``json.dumps`` with an option makes a new one each call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return _ENCODE(value)
    return str(value)


def to_json(rows: list[dict] | dict, columns: list[str] | None = None) -> str:
    """One JSON array (or object), a record (or key) per line, UTF-8 text kept as is.

    Each line is written by the json module's C encoder: ``indent`` would need its
    Python one, which took half a second for 5,000 findings.

    >>> print(to_json([{"kind": "risk"}, {"kind": "strength"}]), end="")
    [
    {"kind": "risk"},
    {"kind": "strength"}
    ]
    """

    if isinstance(rows, dict):
        lines = [f"{_ENCODE(key)}: {_ENCODE(value)}" for key, value in rows.items()]
        return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"
    return "[\n" + ",\n".join(map(_ENCODE, rows)) + "\n]\n" if rows else "[]\n"


def _csv_cell(value) -> str:
    # Text that a spreadsheet would run as a formula gets a leading apostrophe
    # (OWASP's CSV injection advice); numbers stay numbers, even negative ones.
    return csv_text(_cell(value)) if isinstance(value, (str, list, dict)) else _cell(value)


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """RFC 4180 CSV with a header row; lists joined with '; '.

    A text cell starting with ``=``, ``+``, ``-`` or ``@`` is written with a
    leading ``'``, so that a spreadsheet shows report text and never runs it.
    """
    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _widths(columns: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Column widths that fit ``width``: short columns keep their size, long ones wrap.

    Every column gets at least its longest word (up to 24 characters, so that
    values such as ``area_for_development`` stay whole) or 16 characters; the
    space left goes, a character at a time, to the column whose cells would
    take the most lines, so that rows stay short.
    """
    count = len(columns)
    natural = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(columns)]
    available = width - 2 * (count - 1)
    if sum(natural) <= available:
        return natural
    words = [max((len(w) for r in cells for w in r[i].split()), default=1) for i in range(count)]
    floors = [min(natural[i], max(min(words[i], 24), 16)) for i in range(count)]
    # Too many columns: narrow the long ones (never below 6); short ones stay whole.
    while sum(floors) > available:
        long = [i for i in range(count) if natural[i] > 10 and floors[i] > 6]
        if not long:
            break
        floors[max(long, key=lambda i: floors[i])] -= 1
    means = [max(1.0, sum(len(r[i]) for r in cells) / len(cells)) for i in range(count)]
    widths = floors
    for _ in range(max(0, available - sum(widths))):
        growable = [i for i in range(count) if widths[i] < natural[i]]
        if not growable:
            break
        widest = max(growable, key=lambda i: (means[i] / widths[i], -i))
        widths[widest] += 1
    return widths


def _wrap(value: str, width: int) -> list[str]:
    """A cell's lines, broken at spaces (one empty line for nothing), as
    ``textwrap.TextWrapper(width, break_on_hyphens=False)`` breaks them.

    Text whose words are one space apart and fit the width (most quotes) is broken
    here by one regular expression, which gives textwrap's lines fifteen times faster:
    a table of 5,000 quotes spent 0.1 s in textwrap. One long word (a report's id) is cut
    every ``width`` characters, as textwrap cuts it. Anything else goes to textwrap.

    >>> _wrap("care and support for people", 12)
    ['care and', 'support for', 'people']
    """
    if len(value) <= width and value.strip() == value and not _WRAP_SPACES.intersection(value):
        return [value]
    words = value.split(" ")
    if "" in words or _WRAP_SPACES.intersection(value):
        return _wrapper(width).wrap(value) or [""]
    if len(words) == 1:
        return [value[i : i + width] for i in range(0, len(value), width)]
    if max(map(len, words)) > width:
        return _wrapper(width).wrap(value) or [""]
    return _greedy_lines(width).findall(value)


@functools.lru_cache(maxsize=64)
def _greedy_lines(width: int) -> re.Pattern:
    """Each match the longest run of at most ``width`` characters that ends before a
    space or the end: for words one space apart, none longer than ``width``, these are
    the lines that filling each line with as many words as fit gives."""
    return re.compile(rf"(.{{1,{width}}})(?: |$)")


@functools.lru_cache(maxsize=64)
def _wrapper(width: int) -> textwrap.TextWrapper:
    return textwrap.TextWrapper(width, break_on_hyphens=False)


# Whitespace that textwrap turns into spaces (and so changes in a value that fits).
_WRAP_SPACES = frozenset("\t\n\r\x0b\x0c")


def to_table(rows: list[dict], columns: list[str] | None = None, width: int | None = None) -> str:
    """A plain-text table that fits the terminal (80 columns when not a terminal).

    Columns that do not fit wrap on word boundaries; nothing is cut off.
    """
    columns = columns or (list(rows[0]) if rows else [])
    if not rows:
        return "(no rows)\n"
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 160)
    cells = [[for_terminal(_cell(row.get(c)).replace("\n", " ")) for c in columns] for row in rows]
    widths = _widths(columns, cells, width)

    # Each line of a row in one call: its cells padded by the template, not one by one.
    template = "  ".join(f"{{:<{w}}}" for w in widths)

    def block(values: list[str]) -> list[str]:
        wrapped = [_wrap(v, widths[i]) for i, v in enumerate(values)]
        return [
            template.format(*parts).rstrip()
            for parts in itertools.zip_longest(*wrapped, fillvalue="")
        ]

    lines = block(columns)
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.extend(block(row))
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"table": to_table, "json": to_json, "csv": to_csv}


def render(rows: list[dict], format: str, columns: list[str] | None = None) -> str:
    """Render records in the named format."""
    return FORMATS[format](rows, columns)
