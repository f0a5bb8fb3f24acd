"""The readiness pack as a Word document (python-docx), for Word and LibreOffice.

Page one is the overview: the title, the table of the nine quality
statements and the heat map (a PNG); then each theme and quality statement.
Report text goes in as plain runs of text, never as fields or formulas, with
the few characters XML cannot hold replaced by spaces.

>>> from carekg.graph.show.pack_data import pack_data
>>> from carekg.graph.show.pack_chart import heat_map
>>> pack = pack_data(bexley)
>>> pack_docx(pack, heat_map(pack["overview"], "png"))[:2]
b'PK'
"""

from __future__ import annotations

import io

from carekg.graph.show.pack_data import KIND_TITLES, PACK_KINDS
from carekg.graph.show.pack_text import (
    NO_FINDING,
    OVERVIEW_HEADINGS,
    action_words,
    overview_cells,
    score_words,
    where,
    xml_safe,
)

GREY = (0x55, 0x55, 0x55)
RED = (0xA4, 0x00, 0x00)
BLUE = (0x2B, 0x5C, 0x8A)
# Overview column widths in centimetres (A4 portrait, 1.8 cm margins: 17.4 cm).
WIDTHS = (0.9, 4.4, 1.3, 2.1, 1.4, 1.3, 1.3, 2.9, 1.8)


def _run(paragraph, text: str, *, bold=False, italic=False, size=None, colour=None):
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(xml_safe(text))
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor(*colour)
    return run


def _setup(document) -> None:
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    document.styles["Quote"].font.size = Pt(10)
    document.styles["Title"].font.size = Pt(22)


def _overview_table(document, pack: dict) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(OVERVIEW_HEADINGS))
    table.style = "Light Grid Accent 1"
    for cell, heading in zip(table.rows[0].cells, OVERVIEW_HEADINGS, strict=True):
        cell.text = ""
        _run(cell.paragraphs[0], heading, bold=True, size=8)
    for row in pack["overview"]:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, overview_cells(row), strict=True)):
            colour = RED if index == 7 and row["gaps"] else None
            _run(cell.paragraphs[0], value, size=8, colour=colour)
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Cm(width)


def _overview(document, pack: dict, chart_png: bytes) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    document.add_heading(xml_safe(pack["title"]), level=0)
    intro = document.add_paragraph()
    _run(
        intro,
        "Every quote is the exact text of its report at the characters given. Reports: "
        + ", ".join(r["slug"] for r in pack["reports"])
        + ".",
        size=9,
    )
    _overview_table(document, pack)
    actions = pack["actions"]
    line = document.add_paragraph()
    line.paragraph_format.space_before = Pt(6)
    _run(
        line,
        f"Action plan: {actions['total']} actions, {actions['open']} open, "
        f"{actions['owned']} with an owner.",
        size=9,
    )
    for rating in pack["ratings"]:
        _run(
            line,
            f" Overall rating implied by {rating['report']}: {rating['rating']} "
            f"({rating['percentage']}%).",
            size=9,
        )
    if pack["analysis_note"]:
        _run(line, f" Gaps: {pack['analysis_note']}.", size=9, colour=RED)
    document.add_picture(io.BytesIO(chart_png), width=Cm(15.5))
    caption = document.add_paragraph()
    _run(
        caption,
        "Findings by kind and quality statement; ▲ marks a quality statement with gaps.",
        italic=True,
        size=8,
        colour=GREY,
    )
    caption.add_run().add_break(WD_BREAK.PAGE)


def _quote(document, quote: dict) -> None:
    document.add_paragraph(xml_safe(quote["text"]), style="Quote")
    meta = [where(quote)]
    if quote["partners"]:
        meta.append("partners: " + "; ".join(quote["partners"]))
    paragraph = document.add_paragraph()
    _run(paragraph, " · ".join(meta), size=8, colour=GREY)
    words = action_words(quote)
    if words:
        _run(paragraph, " · " + words, size=8, bold=True, colour=BLUE)


def _quotes(document, quotes: dict[str, list[dict]], level: int) -> None:
    for kind in PACK_KINDS:
        found = quotes[kind]
        if not found:
            _run(
                document.add_paragraph(),
                f"{KIND_TITLES[kind]}: none in these reports.",
                italic=True,
                colour=GREY,
            )
            continue
        document.add_heading(f"{KIND_TITLES[kind]} ({len(found)})", level=level)
        for quote in found:
            _quote(document, quote)


def _fact(document, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    _run(paragraph, label + ": ", bold=True)
    _run(paragraph, value)


def _gaps(document, gaps: list[dict]) -> None:
    for gap in gaps:
        paragraph = document.add_paragraph(style="List Bullet")
        _run(paragraph, gap["kind"] + ": ", bold=True, colour=RED)
        _run(paragraph, gap["reason"])
        for evidence in gap["evidence"]:
            item = document.add_paragraph(style="List Bullet 2")
            if evidence["shown"]:
                _run(item, "quoted above: ", italic=True)
            else:
                _run(item, "“" + evidence["text"] + "” ", italic=True)
            _run(item, where(evidence), size=8, colour=GREY)


def _counted(items: list[dict]) -> str:
    return "; ".join(f"{i['label']} ({i['count']})" for i in items) or "none"


def _statement(document, s: dict) -> None:
    document.add_heading(f"Quality statement {s['number']}: {s['label']}", level=2)
    _fact(document, "Score", score_words(s["scores"]))
    if s["findings"]:
        _quotes(document, s["quotes"], 3)
        _facts(document, s)
    else:
        _run(document.add_paragraph(), NO_FINDING, italic=True, colour=GREY)
    if s["gaps"]:
        document.add_heading(f"Gaps ({len(s['gaps'])})", level=3)
        _gaps(document, s["gaps"])
    else:
        _run(document.add_paragraph(), "Gaps: none found.", italic=True, colour=GREY)


def _facts(document, s: dict) -> None:
    _fact(document, "Partners involved", _counted(s["partners"]))
    _fact(document, "Care Act duties touched", _counted(s["duties"]))
    _fact(
        document,
        "CQC evidence categories",
        "present: "
        + (", ".join(s["evidence_present"]) or "none")
        + "; missing: "
        + (", ".join(s["evidence_missing"]) or "none"),
    )


def pack_docx(pack: dict, chart_png: bytes) -> bytes:
    """The pack from ``pack_data`` as .docx bytes, the heat map ``chart_png`` on page one."""
    from docx import Document

    document = Document()
    _setup(document)
    document.core_properties.title = xml_safe(pack["title"])
    document.core_properties.author = "carekg"
    _overview(document, pack, chart_png)
    document.add_heading("Reports", level=1)
    for r in pack["reports"]:
        facts = ", ".join(x for x in (r["kind"], r["date"], r["council"]) if x)
        document.add_paragraph(
            xml_safe(f"{r['slug']} ({facts}): {r['document'] or ''}"), style="List Bullet"
        )
    for theme in pack["themes"]:
        document.add_heading(f"Theme {theme['number']}: {theme['label']}", level=1)
        for statement in theme["statements"]:
            _statement(document, statement)
    if any(pack["unplaced"].values()):
        document.add_heading("Findings on no quality statement", level=1)
        _quotes(document, pack["unplaced"], 2)
    if pack["general_gaps"]:
        document.add_heading("Gaps across the framework", level=1)
        _gaps(document, pack["general_gaps"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
