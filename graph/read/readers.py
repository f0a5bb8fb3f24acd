"""Readers turn a report file into normalised text, chosen by file suffix.

Normalisation is deliberately small, so that offsets stay meaningful to
anyone who reads the same file: the bytes are decoded (UTF-8 by default, a
byte-order mark dropped) and line endings become ``\\n``. For a ``.txt`` or
``.md`` file that is exactly what Python's ``open(path).read()`` gives. For
``.docx`` and ``.pdf`` the text is built by joining paragraphs (or pages) with
newlines; heading and list paragraphs that the file marks as such are
remembered as hints for the document model.

>>> from pathlib import Path
>>> import tempfile
>>> p = Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_bytes(b"Strengths\\r\\nGood work.\\r\\n")
>>> read_source(p).text
'Strengths\\nGood work.\\n'
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from carekg.graph.errors import CarekgError, TooLargeError

# Larger files are almost certainly not a single review report; refusing them
# keeps a stray export or database dump out of the store.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class SourceText:
    """A report's normalised text and what its file format told us about it."""

    name: str
    text: str
    sha256: str
    heading_lines: set[int] = field(default_factory=set)  # line numbers marked as headings
    bullet_lines: set[int] = field(default_factory=set)  # line numbers marked as list items
    notes: list[str] = field(default_factory=list)  # how it was read, when not as asked


# Control characters (but tab and newline) and the non-characters XML 1.0 forbids become
# spaces: report text is data, and must neither drive a terminal nor break RDF/XML or
# SPARQL XML results. One character for one keeps every offset where it was.
_CONTROLS = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                              *range(0x80, 0xA0), 0xFFFE, 0xFFFF]}  # fmt: skip


# Any of them: most texts hold none, and a search is much faster than ``str.translate``.
_ANY_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROLS) + "]")


def _normalise(text: str) -> str:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def _read_plain(name: str, data: bytes, encoding: str, max_bytes: int) -> SourceText:
    from carekg.graph.read.decode import decode_text

    text, note = decode_text(name, data, encoding)
    return SourceText(name, _normalise(text), "", notes=[note] if note else [])


def _read_docx(name: str, data: bytes, encoding: str, max_bytes: int) -> SourceText:
    from carekg.graph.read.docx_reader import read_docx

    text, headings, bullets = read_docx(name, data, max_bytes, _normalise)
    return SourceText(name, text, "", headings, bullets)


def _read_pdf(name: str, data: bytes, encoding: str, max_bytes: int) -> SourceText:
    import io
    import logging

    import pypdf
    from pypdf.errors import DependencyError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object
    from carekg.graph.read.pdf_layout import layout_text, page_lines

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone is fine
            raise CarekgError(f"{name} is password-protected; save a copy without a password")
        lines = [line for n, page in enumerate(reader.pages) for line in page_lines(page, n)]
        count = len(reader.pages)
    except CarekgError:
        raise
    except DependencyError:  # AES needs the optional 'cryptography' package
        raise CarekgError(f"{name} is encrypted; save a copy without a password") from None
    except Exception as exc:  # pypdf raises many types for damaged files
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise CarekgError(f"{name} is not a readable PDF ({detail})") from None
    if not count:
        raise CarekgError(f"{name} is not a readable PDF (no pages found)")
    # Headings and paragraphs from the layout (see pdf_layout): the kind of a
    # finding depends on the heading it sits under.
    text, headings = layout_text(lines)
    text = _normalise(text)
    if not text.strip():
        raise CarekgError(
            f"{name} has no text layer (a scanned or image-only PDF); run OCR on it first"
        )
    return SourceText(name, text + "\n", "", headings)


Reader = Callable[[str, bytes, str, int], SourceText]

# Formats are chosen by name through this registry rather than by if-chains.
READERS: dict[str, Reader] = {
    ".txt": _read_plain,
    ".text": _read_plain,
    ".md": _read_plain,
    ".markdown": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}


def _limit(name: str, max_bytes: int, size: int | None = None) -> TooLargeError:
    what = f"{name} is {size / 1e6:.1f} MB, over" if size is not None else f"{name} is over"
    return TooLargeError(f"{what} the {max_bytes / 1e6:.0f} MB limit for one report")


def file_name(name: str) -> str:
    r"""A file name as text: bytes that were not UTF-8 (kept by Python as lone
    surrogates) become U+FFFD, so that the name can be stored, hashed and printed.

    >>> file_name("bad\udcff.txt") == "bad\ufffd.txt"
    True
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown(name: object) -> str:
    r"""A name for a one-line message: control characters (a newline too) escaped.

    >>> print(shown("a\nb.txt"))
    a\nb.txt
    """
    text = file_name(str(name))
    if not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode() if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
                   else c for c in text)  # fmt: skip


def report_files(paths: Iterable) -> list:
    """The files to read for ``paths``: a folder stands for every report file in it, at
    any depth, in path order (hidden files and folders, and other types, left out);
    anything else stays as given, to be read or refused on its own.

    >>> report_files(["-", "a.txt"])
    ['-', 'a.txt']
    """
    files: list = []
    for path in paths:
        if isinstance(path, str | os.PathLike) and str(path) != "-" and Path(path).is_dir():
            files += _reports_in(Path(path))
        else:
            files.append(path)
    return files


def _reports_in(folder: Path) -> list[Path]:
    found = []
    # os.walk, which does not follow links to folders: a link to a parent cannot loop.
    for parent, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [
            Path(parent, name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in READERS
        ]
    if not found:
        known = ", ".join(sorted(READERS))
        raise CarekgError(f"{shown(folder)} holds no report files ({known})")
    return sorted(found)


def _read_file(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of a report file, any OS error as one line."""
    name = shown(path.name)
    try:
        if not path.exists():
            raise CarekgError(f"{shown(path)}: no such file")
        if path.is_dir():
            raise CarekgError(f"{shown(path)} is a directory, not a report file")
        if path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            raise CarekgError(
                f"{name}: unsupported file type {shown(path.suffix) or '(none)'}; use {known}"
            )
        if not path.is_file():  # a pipe or a device: may never end, or block for ever
            raise CarekgError(f"{name} is not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise _limit(name, max_bytes, size)
        with open(path, "rb") as handle:  # bounded: the file may grow while it is read
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise CarekgError(f"{name}: permission denied (cannot read {shown(path)})") from None
    except OSError as exc:
        raise CarekgError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def read_source(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: bytes | None = None,
) -> SourceText:
    """Read one report file (or ``-``: the bytes given as ``stdin``) into normalised text.

    Raises ``CarekgError`` with a one-line explanation for a missing, empty,
    oversized, binary or unreadable file.
    """
    if str(path) == "-":
        name, suffix = "stdin.txt", ".txt"
        data = stdin or b""
    else:
        path = Path(path)
        name, suffix = file_name(path.name), path.suffix.lower()
        data = _read_file(path, max_bytes)
    if len(data) > max_bytes:
        raise _limit(shown(name), max_bytes)
    if not data.strip():
        raise CarekgError(f"{shown(name)} is empty")
    source = READERS[suffix](shown(name), data, encoding, max_bytes)
    if not source.text.strip():
        raise CarekgError(f"{shown(name)} holds no text")
    source.name = name
    source.sha256 = hashlib.sha256(data).hexdigest()
    return source
