"""Word (.docx) files: the zip checked before anything is unpacked, then the paragraphs.

A .docx is a zip of XML parts, so its size on disk says little about the work of
reading it: a few hundred kilobytes can unpack to gigabytes. Before python-docx
sees the file, ``check_zip`` reads only the zip's directory and refuses a file
whose parts would unpack to more than a multiple of the size limit, whose XML
parts alone are over the limit, that has too many parts, or one of whose large
parts unpacks far beyond what real documents do. The XML itself is parsed by
lxml without entity expansion and within its default depth and node limits.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("word/document.xml", "<x>" + "a" * 3_000_000 + "</x>")
>>> try:
...     check_zip("bomb.docx", buffer.getvalue(), 20_000_000)
... except CarekgError as exc:
...     print(exc)
bomb.docx looks like a zip bomb: word/document.xml unpacks to 3.0 MB from 3 KB
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from carekg.graph.errors import CarekgError, TooLargeError
from carekg.graph.model.text import is_label

# All parts together (images included) may unpack to this many times the limit.
UNPACKED_FACTOR = 4
MAX_PARTS = 5_000
# A part over this size that unpacks more than RATIO times its packed size is a bomb:
# Word's XML packs about ten to one, images and fonts barely at all.
RATIO_FLOOR = 1_000_000
RATIO = 100
XML_SUFFIXES = (".xml", ".rels")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{max(size / 1e3, 1):.0f} KB"


def check_zip(name: str, data: bytes, max_bytes: int) -> None:
    """Refuse a .docx whose parts would unpack to too much (see the module docstring)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise CarekgError(f"{name} is not a readable .docx file ({exc})") from None
    if len(parts) > MAX_PARTS:
        raise CarekgError(f"{name} is not a readable .docx file ({len(parts)} parts in its zip)")
    total = sum(part.file_size for part in parts)
    xml = sum(part.file_size for part in parts if part.filename.lower().endswith(XML_SUFFIXES))
    limit = f"{max_bytes / 1e6:.0f} MB limit for one report"
    if xml > max_bytes:
        raise TooLargeError(f"{name} unpacks to {_mb(xml)} of XML, over the {limit}")
    if total > UNPACKED_FACTOR * max_bytes:
        raise TooLargeError(f"{name} unpacks to {_mb(total)}, over {UNPACKED_FACTOR} times the "
                            f"{limit}")  # fmt: skip
    for part in parts:
        if part.file_size > RATIO_FLOOR and part.file_size > RATIO * max(part.compress_size, 1):
            raise CarekgError(
                f"{name} looks like a zip bomb: {part.filename} unpacks to "
                f"{_mb(part.file_size)} from {_mb(part.compress_size)}"
            )


def _style_names(document) -> Callable[[str | None], str]:
    """Paragraph style id -> lower-case style name, each style looked up once."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    names = {style.style_id: (style.name or "").lower() for style in styles}
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = (default.name or "").lower() if default is not None else ""
    return lambda style_id: names.get(style_id, fallback) if style_id else fallback


def _paragraph(paragraph, normalise: Callable[[str], str], style_name):
    text = normalise(paragraph.text).replace("\n", " ").strip()
    if not text:
        return
    p = paragraph._p
    style = style_name(p.style)
    heading = style.startswith(("heading", "title"))
    numbered = p.pPr is not None and p.pPr.numPr is not None
    yield text, heading, not heading and (style.startswith("list") or numbered)


def _cell_text(cell, normalise: Callable[[str], str]) -> str:
    text = " ".join(normalise(p.text).replace("\n", " ").strip() for p in cell.paragraphs)
    return " ".join(text.split()).replace("|", "\\|")


def _table(table, normalise: Callable[[str], str]):
    """A Word table as pipe-table lines (``extract.tables`` reads their cells); a first
    row of short labels is marked as the header. A merged cell's text is given once,
    in its first place; its other places are empty, so the columns stay aligned."""
    seen: set = set()  # the cells' XML elements (python-docx repeats a merged one)
    for number, row in enumerate(table.rows):
        cells = []
        for cell in row.cells:
            cells.append("" if cell._tc in seen else _cell_text(cell, normalise))
            seen.add(cell._tc)
        if not any(cells):
            continue
        yield "| " + " | ".join(cells) + " |", False, False
        if number == 0 and all(is_label(cell) for cell in cells):
            yield "|" + "---|" * len(cells), False, False


def _paragraphs(document, normalise: Callable[[str], str]):
    """(text, is heading, is list item) of each non-blank top-level paragraph, and of each
    row of a top-level table, in the order of the document."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    style_name = _style_names(document)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield from _paragraph(Paragraph(child, document), normalise, style_name)
        elif tag == "tbl":
            yield from _table(Table(child, document), normalise)


def read_docx(
    name: str, data: bytes, max_bytes: int, normalise: Callable[[str], str]
) -> tuple[str, set[int], set[int]]:
    """The text of a .docx (paragraphs joined by newlines), its heading and list lines."""
    check_zip(name, data, max_bytes)
    import docx  # python-docx; imported here so other commands do not pay for it

    lines: list[str] = []
    headings: set[int] = set()
    bullets: set[int] = set()
    try:
        document = docx.Document(io.BytesIO(data))
        for text, heading, bullet in _paragraphs(document, normalise):
            (headings if heading else bullets if bullet else set()).add(len(lines))
            lines.append(text)
    except CarekgError:
        raise
    except Exception as exc:  # lxml, zipfile and python-docx raise many types for damaged files
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise CarekgError(f"{name} is not a readable .docx file ({detail})") from None
    return ("\n".join(lines) + "\n" if lines else ""), headings, bullets
