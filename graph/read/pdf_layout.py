"""PDF text that keeps headings and paragraphs, from the positions and fonts of its lines.

A PDF has no paragraphs, only glyphs at positions in fonts. pypdf's text visitor
gives each run of text with its matrix and font size; this module rebuilds lines
from the runs, then reads the layout the way a person does:

- the **body size** is the font size most characters are set in; a line set
  larger, or wholly in bold and short, is a **heading** (a hint for the
  document model, as Word heading styles are for ``.docx``);
- a vertical gap wider than the usual line spacing ends a **paragraph** (a
  blank line in the text), so a paragraph that ends mid-line is not glued to
  the next one;
- a line repeated on three or more pages (digits aside) is a running header
  or footer, and is dropped;
- bullet glyphs that fonts map to private or control characters become "•".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

HEADING_SCALE = 1.15  # a heading is set at least this much larger than the body
PARAGRAPH_GAP = 1.4  # a gap this many times the usual line spacing ends a paragraph
RUNNING_PAGES = 3  # a line on this many pages is a header or footer
EDGE_LINES = 2  # ... when it is among the first or last lines of each
SHORT_LINE = 100  # a bold line longer than this is emphasis, not a heading
BULLET_GLYPHS = str.maketrans({"\x7f": "•", "\uf0b7": "•", "\uf0a7": "•", "▪": "•"})


@dataclass
class Line:
    """One line of a page: its text, height on the page and font."""

    page: int
    y: float
    size: float
    bold: bool
    text: str


def page_lines(page, number: int) -> list[Line]:
    """The lines of one pypdf page, in reading order."""
    lines: list[Line] = []
    current: dict = {"text": "", "y": None, "size": 0.0, "bold": True}

    def flush() -> None:
        text = " ".join(current["text"].split()).translate(BULLET_GLYPHS)
        if text:
            lines.append(Line(number, current["y"] or 0.0, current["size"], current["bold"], text))
        current.update(text="", y=None, size=0.0, bold=True)

    def visit(text: str, cm, tm, font, size: float) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip():
                if current["y"] is None:
                    current["y"] = cm[5] + tm[5] * (cm[3] or 1)
                scale = abs((tm[3] or 1) * (cm[3] or 1))
                current["size"] = max(current["size"], round(size * scale, 1))
                name = str((font or {}).get("/BaseFont", "")).lower()
                current["bold"] = current["bold"] and ("bold" in name or "black" in name)
                current["text"] += piece
            elif piece:
                current["text"] += " "
            if index < len(pieces) - 1:
                flush()

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _body_size(lines: list[Line]) -> float:
    """The font size most characters are set in."""
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _running(lines: list[Line], body: float) -> set[str]:
    """Texts (digits aside) of lines repeated at the top or foot of several pages.

    Headings are never running lines: "Strengths" may open several pages.
    """
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if line.size >= body * HEADING_SCALE:
            continue
        by_page.setdefault(line.page, []).append(line)
    pages: dict[str, set[int]] = {}
    for page, on_page in by_page.items():
        for line in on_page[:EDGE_LINES] + on_page[-EDGE_LINES:]:
            pages.setdefault(re.sub(r"\d+", "#", line.text), set()).add(page)
    return {text for text, seen in pages.items() if len(seen) >= RUNNING_PAGES}


def _spacing(lines: list[Line]) -> float:
    """The usual distance between consecutive lines of body text."""
    gaps = [
        round(a.y - b.y, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < a.y - b.y < 4 * max(a.size, 1)
    ]
    return Counter(gaps).most_common(1)[0][0] if gaps else 0.0


def layout_text(lines: list[Line]) -> tuple[str, set[int]]:
    """The text of the lines with paragraph breaks, and the line numbers of headings."""
    body = _body_size(lines)
    running = _running(lines, body)
    lines = [line for line in lines if re.sub(r"\d+", "#", line.text) not in running]
    if not lines:
        return "", set()
    spacing = _spacing([line for line in lines if line.size == body])
    out: list[str] = []
    headings: set[int] = set()
    previous: Line | None = None
    for line in lines:
        heading = line.size >= body * HEADING_SCALE or (
            line.bold and len(line.text) < SHORT_LINE and not line.text.endswith(".")
        )
        gap = previous is not None and previous.page == line.page and spacing > 0 and (
            previous.y - line.y > PARAGRAPH_GAP * spacing
        )  # fmt: skip
        if out and (heading or gap or (previous is not None and headings & {len(out) - 1})):
            out.append("")  # a paragraph or a heading ends here
        if heading:
            headings.add(len(out))
        out.append(line.text)
        previous = line
    return "\n".join(out), headings
