"""The document model: headings, paragraphs, list items and sentences with offsets.

``parse_document`` reads normalised text line by line. Every piece keeps its
``start:end`` character offsets into that text, so a sentence's quote is always
``text[start:end]``. Headings are recognised from the file's own marks
(Markdown ``#``, Word heading styles) or, in plain text, from their shape: a
short line with no closing full stop. Sentences are split with care for
abbreviations ("e.g.", "No. 3", "approx."), decimals and initials; a sentence
that ends in a colon and introduces a list is its lead-in: every item of the
list keeps a link to it (``Sentence.lead_in``), so "the Council may wish to
consider:" stays attached to each thing it asks the Council to consider.

>>> doc = parse_document("Strengths\\n- Good work. Staff are valued.\\n")
>>> [(b.kind, b.text) for b in doc.blocks]
[('heading', 'Strengths'), ('bullet', 'Good work. Staff are valued.')]
>>> [s.text for s in doc.sentences]
['Good work.', 'Staff are valued.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carekg.graph.extract.pages import bridged_gaps, page_furniture
from carekg.graph.extract.tables import is_table_row, table_cells

# A list item's marker: the usual ones, the private-use glyphs that text taken from a PDF
# gives for Symbol and Wingdings bullets, and "a)" or "iv)". An en or em dash is one before
# an item in lower case or one that ends a clause; not before a name alone ("– Unpaid
# carer, Ormsby", who a quotation is from).
BULLET = re.compile(
    r"^(\s*)(?:[-*•●▪◦‣⁃·o\uf0a7\uf0b7\uf0d8\uf076\uf0fc➢■♦]|\(?[a-z]\)|\(?[ivx]{1,4}\)|"
    r"[–—](?=\s+(?:[a-z(]|[^\n]*(?:[.;:!?]|;\s+(?:and|or))\s*$)))\s+"
)
MD_HEADING = re.compile(r"^(\s*)(#{1,6})\s+")
# A run-in label opening a paragraph in place of a heading: "**Strength:** The council
# ...", "*Risk:* ...", "Area for consideration – ...", "Suggestion. ..." (its word, in
# bold or italics or not, then a colon, full stop or dash).
RUN_IN = re.compile(
    r"(?P<mark>\*\*|\*|__|_)?(?P<label>(?:key )?strengths?|areas? (?:for|of) (?:consideration|"
    r"development|improvement)|risks?|suggestions?|recommendations?|good practice|"
    r"challenges?|next steps?)(?P=mark)?\s*[:.–—-]\s*(?(mark)(?P=mark)?)\s+(?=\S)",
    re.I,
)
# "4.3 ", "12. ", "2) " before a paragraph or heading in numbered layouts.
NUMBER_PREFIX = re.compile(r"^(\s*)(?:\d{1,2}(?:\.\d{1,2}){1,2}\.?|\d{1,2}[.)])\s+(?=\S)", re.M)
TERMINAL = ".!?:;,"
ABBREVIATIONS = {
    "e.g", "eg", "i.e", "ie", "etc", "dr", "mr", "mrs", "ms", "no", "nos", "approx", "vs",
    "st", "cf", "cllr", "prof", "inc", "ltd", "co", "para", "paras", "fig", "p", "pp",
    "ref", "dept", "est", "min", "max", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "al",
    "c", "ca", "circa", "incl", "esp", "govt", "cllrs", "nr", "tel",
}  # fmt: skip
# A sentence ends at . ! or ? (with any closing quote or bracket) before whitespace
# and a capital, digit, opening quote or bracket.
# A longer run of text with no sentence end is cut at a space into pieces this long.
MAX_SENTENCE = 1_000
# The word before a full stop ("e.g", "approx", "J"), within the last WORD_WINDOW characters.
WORD_WINDOW = 64
LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
NEXT_WORD = re.compile(r"\s*[A-Z][a-z]+\s")
# A note marker after the stop ("... outside the UK.¹", "... 83%.[13]", "[^4]") belongs
# to the sentence it follows.
SENTENCE_END = re.compile(
    r"[.!?][\"'”’)\]]*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^?\d{1,3}\])*(?=\s+[\"'“‘(\[]?[A-Z0-9•])"
)


@dataclass(slots=True)
class Block:
    """A heading, paragraph or list item: ``text == source[start:end]``."""

    kind: str  # "heading" | "paragraph" | "bullet"
    start: int
    end: int
    text: str
    line: int  # line number of its first line
    level: int = 0  # Markdown heading level; 0 when the file gives none
    blank_before: bool = True
    indent: int = 0  # leading spaces, to tell nested list items
    numbered: bool = False  # began with a paragraph number ("4.3 ", "12. ")
    label: str = ""  # a run-in label the paragraph opens with ("Strength:"), left out of it
    table: int = -1  # for a table's cell: the line its table starts on (see ``tables``)
    column: int = -1  # and the cell's column


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph or list item."""

    start: int
    end: int
    text: str
    block: int  # index of its block
    ends_block: bool = False
    introduces_list: bool = False  # ends in a colon and list items follow
    lead_in: int | None = None  # for a list item: index of the sentence introducing the list


@dataclass
class Document:
    """A parsed report: the normalised text, its blocks and its sentences."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


# "1. Develop a practice framework" is a numbered suggestion, not a heading.
IMPERATIVES = {
    "develop", "strengthen", "review", "ensure", "consider", "improve", "build", "continue",
    "establish", "agree", "create", "use", "work", "set", "reduce", "increase", "embed",
    "explore", "undertake", "implement", "prioritise", "prioritize", "clarify", "define",
    "refresh", "align", "invest", "engage", "co-produce", "revisit", "monitor", "publish",
}  # fmt: skip


DANGLING = {"and", "or", "the", "of", "to", "a", "an", "in", "for", "with", "by", "on", "at",
            "from", "that", "which", "is", "are", "was", "were", "as", "but"}  # fmt: skip


def _looks_like_heading(line: str, next_line: str | None) -> bool:
    body = NUMBER_PREFIX.sub("", line).strip()
    if not body or len(body) > 100 or len(body.split()) > 14:
        return False
    if body != line.strip() and body.split()[0].lower() in IMPERATIVES:
        return False
    last = body.split()[-1].lower()
    if last in DANGLING or not (body[-1].isalnum() or body[-1] in ")'’\""):
        return False  # "... invested an extra £" or "... with the" goes on next line
    if body[-1] in TERMINAL and not re.search(r"\b(score|rating)\s*[:\-–—]?\s*$", body, re.I):
        # "Theme 4: Leadership" ends in a word; "Score:" is a label, not prose.
        return False
    if not (body[0].isupper() or body[0].isdigit()):
        return False
    if next_line is not None and next_line[:1].islower():
        return False  # a wrapped paragraph line (PDF text) continues in lower case
    return True


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of a text, newlines left out."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _next_lines(lines: list[str]) -> list[str | None]:
    """For each line, the next non-blank line after it (stripped), in one pass."""
    following: list[str | None] = [None] * len(lines)
    upcoming: str | None = None
    for number in range(len(lines) - 1, -1, -1):
        following[number] = upcoming
        if lines[number].strip():
            upcoming = lines[number].strip()
    return following


def _last_char(text: str, block: Block) -> str:
    """The block's last character, closing quotes and brackets passed over (a quotation
    that ends a sentence ends it: '... how my husband was.”')."""
    end = block.end
    while end > block.start + 1 and text[end - 1] in "\"'”’)]":
        end -= 1
    return text[end - 1] if end > block.start else ""


def _table_blocks(text: str, spans: list[tuple[int, int]], lines: list[str]
                  ) -> tuple[dict[int, list[Block]], set[int]]:  # fmt: skip
    """The blocks of each table of prose, by the line it starts on, and its lines."""
    found: dict[int, list[Block]] = {}
    taken: set[int] = set()
    number = 0
    while number < len(lines):
        if not is_table_row(lines[number]):
            number += 1
            continue
        first = number
        number += 1
        # Inside a table, a row may leave out its closing pipe.
        while number < len(lines) and lines[number].lstrip().startswith("|"):
            number += 1
        cells = table_cells(text, spans[first:number])
        if cells:
            found[first] = [
                Block("heading" if cell.kind == "header" else "paragraph", cell.start,
                      cell.end, text[cell.start : cell.end], first + cell.row, table=first,
                      column=cell.column)
                for cell in cells
            ]  # fmt: skip
            taken.update(range(first, number))
    return found, taken


def parse_blocks(
    text: str, heading_lines: set[int] | None = None, bullet_lines: set[int] | None = None
) -> list[Block]:
    """Split normalised text into headings, paragraphs and list items.

    One pass over the lines: the work is linear in the text's length.
    """
    heading_lines = heading_lines or set()
    bullet_lines = bullet_lines or set()
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    following = _next_lines(lines)
    tables, table_lines = _table_blocks(text, spans, lines)
    furniture = page_furniture(lines)
    bridged = bridged_gaps(lines, furniture)
    blocks: list[Block] = []
    current: Block | None = None
    blank = True
    for number, ((start, end), line) in enumerate(zip(spans, lines, strict=True)):
        if number in table_lines:
            blocks.extend(tables.get(number, []))
            current, blank = None, False
            continue
        if not line.strip() or number in furniture:
            if number not in bridged:  # a sentence broken by a page runs on across it
                current, blank = None, True
            continue
        lead = len(line) - len(line.lstrip())
        md = MD_HEADING.match(line)
        bullet = BULLET.match(line)
        if md or number in heading_lines:
            content = start + (md.end() if md else lead)
            kind, level = "heading", len(md.group(2)) if md else 1
        elif bullet or number in bullet_lines:
            content, kind, level = start + (bullet.end() if bullet else lead), "bullet", 0
        elif (
            current is not None
            and current.kind != "heading"
            # In a numbered list, "2. ..." starts the next item; elsewhere "2.5 million"
            # at the start of a wrapped line is just text.
            and not (current.numbered and NUMBER_PREFIX.match(line))
            and (_last_char(text, current) not in ".!?:" or line.lstrip()[:1].islower())
        ):
            # A wrapped line of the paragraph or list item above: it now ends where
            # this line does (its text is cut once, after the loop).
            current.end = start + len(line.rstrip())
            continue
        elif _looks_like_heading(line, following[number]):
            content, kind, level = start + lead, "heading", 0
        else:
            content, kind, level = start + lead, "paragraph", 0
        number_prefix = NUMBER_PREFIX.match(text, content, end) if kind != "bullet" else None
        if number_prefix and kind == "paragraph":
            content = number_prefix.end()  # "4.3 The Council ..." quotes from "The"
        run_in = RUN_IN.match(text, content, end) if kind != "heading" else None
        if run_in:
            content = run_in.end()  # the label says what the paragraph is; it quotes none
        body = text[content:end].rstrip()
        current = Block(kind, content, content + len(body), body, number, level, blank, lead)
        current.label = run_in.group("label") if run_in else ""
        current.numbered = bool(number_prefix)
        blocks.append(current)
        blank = False
        if kind == "heading":
            current = None
    for block in blocks:
        if block.kind == "paragraph" and _broken_heading(text, block):
            block.kind, block.start = "heading", spans[block.line][0] + block.indent
        if len(block.text) != block.end - block.start:
            block.text = text[block.start : block.end]
    return blocks


def _broken_heading(text: str, block: Block) -> bool:
    """A heading broken over two lines, its first ending on a word that cannot end one
    ("6. Theme 3: Ensuring safety within the" / "system")."""
    body = text[block.start : block.end]
    parts = body.split("\n")
    if len(parts) != 2 or len(body.split()) > 12 or len(parts[1].split()) > 4:
        return False
    if parts[0].split()[-1].lower() not in DANGLING:
        return False
    return _looks_like_heading(" ".join(body.split()), None)


def _split_block(text: str, start: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) within one block's text."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in SENTENCE_END.finditer(text):
        cut = match.end()
        # Only the last word before the stop matters: looking at a bounded window
        # keeps a block with many sentences linear.
        before = text[max(begin, match.start() - WORD_WINDOW) : match.start()]
        word = LAST_WORD.search(before)
        token = word.group(1).lower() if word else ""
        if text[match.start()] == "." and token:
            if token.rstrip(".") in ABBREVIATIONS and not (
                token == "etc" and NEXT_WORD.match(text, cut)
            ):
                continue
            if len(token) == 1 and token.isalpha() and before[-1:].isupper():
                continue  # an initial: "J. Smith"
        spans.append((start + begin, start + cut))
        begin = cut
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text):
        spans.append((start + begin, start + len(text.rstrip())))
    return [piece for s, e in spans if e > s for piece in _cap(text, start, s, e)]


def _cap(text: str, offset: int, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at spaces into pieces of at most MAX_SENTENCE characters.

    No report sentence comes near the cap; text with no sentence ends (a table
    flattened into one line, a file of words) would otherwise make one sentence
    as long as the file, and every later step costs more than linear time in a
    sentence's length.
    """
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        space = max(text.rfind(" ", start - offset, limit - offset),
                    text.rfind("\n", start - offset, limit - offset))  # fmt: skip
        cut = space + offset if space > start - offset else limit
        stop = cut
        while stop > start and text[stop - 1 - offset].isspace():
            stop -= 1
        if stop > start:
            pieces.append((start, stop))
        start = cut
        while start < end and text[start - offset].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    """Sentences of every paragraph and list item, list items linked to their lead-in."""
    sentences: list[Sentence] = []
    lead_in: tuple[int, Block] | None = None  # (sentence index, block) of the open lead-in
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            lead_in = None
            continue
        if lead_in is not None and not (
            block.kind == "bullet"
            and (lead_in[1].kind == "paragraph" or block.indent > lead_in[1].indent)
        ):
            lead_in = None
        spans = _split_block(block.text, block.start)
        for position, (s, e) in enumerate(spans):
            sentence = Sentence(s, e, text[s:e], index, position == len(spans) - 1)
            if lead_in is not None:
                sentence.lead_in = lead_in[0]
            sentences.append(sentence)
        follower = blocks[index + 1] if index + 1 < len(blocks) else None
        last = sentences[-1] if spans else None
        if (
            last is not None
            and last.text.endswith(":")
            and follower is not None
            and follower.kind == "bullet"
            and (block.kind == "paragraph" or follower.indent > block.indent)
        ):
            last.introduces_list = True
            lead_in = (len(sentences) - 1, block)
    return sentences


def parse_document(
    text: str, heading_lines: set[int] | None = None, bullet_lines: set[int] | None = None
) -> Document:
    """Parse normalised text into blocks and sentences (see the module docstring)."""
    blocks = parse_blocks(text, heading_lines, bullet_lines)
    return Document(text, blocks, split_sentences(text, blocks))
