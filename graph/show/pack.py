"""The readiness pack: what a council takes into the room, in Markdown, HTML or Word.

``write_pack`` gathers the pack (``pack_data``), draws its heat map
(``pack_chart``) and lays it out (``pack_md``, ``pack_html``, ``pack_docx``).
Page one is an overview of the nine quality statements: stated scores,
findings by kind, gaps and open actions, and the heat map; then, theme by
theme and quality statement by quality statement, every strength, area for
development, risk and recommendation as its exact quote with report and
position, the partners involved, Care Act duties touched, CQC evidence
categories present and missing, and the gaps with their reasons.

>>> from carekg.graph.show.pack import write_pack
>>> write_pack(bexley, "md").decode().startswith("# Readiness pack: London Borough of Bexley")
True
"""

from __future__ import annotations

from carekg.graph.errors import FormatError
from carekg.graph.model.formats import PACK_FORMATS


def write_pack(
    store, format_: str = "html", *, report: str | None = None, council: str | None = None
) -> bytes:
    """The readiness pack for the store, one report or one council, as file bytes."""
    if format_ not in PACK_FORMATS:
        raise FormatError(f"a pack is written as {', '.join(PACK_FORMATS)}, not {format_!r}")
    from carekg.graph.show.pack_chart import heat_map
    from carekg.graph.show.pack_data import pack_data

    pack = pack_data(store, report=report, council=council)
    if format_ == "docx":
        from carekg.graph.show.pack_docx import pack_docx

        return pack_docx(pack, heat_map(pack["overview"], "png"))
    chart = heat_map(pack["overview"], "svg")
    if format_ == "md":
        from carekg.graph.show.pack_md import pack_md

        return pack_md(pack, chart)
    from carekg.graph.show.pack_html import pack_html

    return pack_html(pack, chart)
