"""The readiness pack as one offline HTML page that prints well.

No script, no external file: the style sheet is inline (with a print style
sheet: A4 pages, each theme on a new page, quotes never split), the heat map
is an SVG data URI, and a Content-Security-Policy forbids anything else.
Every piece of report text goes through ``html.escape``.

>>> from carekg.graph.show.pack_data import pack_data
>>> page = pack_html(pack_data(bexley), b"<svg/>").decode()
>>> page.startswith("<!DOCTYPE html>"), "<script" in page
(True, False)
"""

from __future__ import annotations

import base64
from html import escape

from carekg.graph.show.pack_data import KIND_TITLES, PACK_KINDS
from carekg.graph.show.pack_text import (
    NO_FINDING,
    OVERVIEW_HEADINGS,
    action_words,
    overview_cells,
    score_words,
    where,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { font: 11pt/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       max-width: 60em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #2b5c8a; padding-bottom: 0.15em; margin-top: 2em; }
h3 { color: #2b5c8a; margin-top: 1.6em; }
h4 { margin: 1em 0 0.3em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #b8c4d0; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
th { background: #dde6f0; }
td.n { text-align: right; }
table.overview td:nth-child(2) { width: 32%; }
tr.gap td:nth-child(8) { color: #a40000; font-weight: bold; }
blockquote { margin: 0.4em 0 0.8em; padding: 0.35em 0.8em; border-left: 4px solid #9db4cc;
             background: #f5f8fb; }
blockquote.risk { border-color: #c0504d; }
blockquote.area_for_development { border-color: #e6a23c; }
blockquote.strength { border-color: #4f9a58; }
blockquote.recommendation { border-color: #2b5c8a; }
.meta { display: block; font-size: 0.85em; color: #555; margin-top: 0.2em; }
.action { color: #2b5c8a; font-weight: bold; }
.facts { display: grid; grid-template-columns: 14em 1fr; gap: 0.2em 0.6em; }
.facts dt { font-weight: bold; } .facts dd { margin: 0; }
.gaps li { margin-bottom: 0.35em; } .gaps .kind { font-weight: bold; color: #a40000; }
.gaps .meta { display: inline; }
.none { color: #777; font-style: italic; }
figure { margin: 1em 0; } figure img { max-width: 100%; }
figcaption { font-size: 0.85em; color: #555; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { font-size: 9.5pt; max-width: none; margin: 0; padding: 0; }
  section.overview { break-after: page; }
  section.overview table { font-size: 0.85em; }
  section.overview figure img { max-height: 105mm; }
  section.theme + section.theme { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  blockquote, tr, .gaps li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _quote(quote: dict) -> str:
    meta = [escape(where(quote))]
    if quote["partners"]:
        meta.append("partners: " + escape("; ".join(quote["partners"])))
    words = action_words(quote)
    if words:
        meta.append(f'<span class="action">{escape(words)}</span>')
    return (
        f'<blockquote class="{escape(quote["kind"])}"><span class="quote">{escape(quote["text"])}'
        f'</span><span class="meta">{" · ".join(meta)}</span></blockquote>'
    )


def _quotes(quotes: dict[str, list[dict]], tag: str) -> list[str]:
    out = []
    for kind in PACK_KINDS:
        found = quotes[kind]
        if not found:
            out.append(f'<p class="none">{KIND_TITLES[kind]}: none in these reports.</p>')
            continue
        out.append(f"<{tag}>{KIND_TITLES[kind]} ({len(found)})</{tag}>")
        out += [_quote(q) for q in found]
    return out


def _gaps(gaps: list[dict]) -> str:
    items = []
    for gap in gaps:
        evidence = "".join(
            ("<li>quoted above: " if e["shown"] else f"<li>“{escape(e['text'])}” ")
            + f'<span class="meta">{escape(where(e))}</span></li>'
            for e in gap["evidence"]
        )
        items.append(
            f'<li><span class="kind">{escape(gap["kind"])}</span>: {escape(gap["reason"])}'
            + (f"<ul>{evidence}</ul>" if evidence else "")
            + "</li>"
        )
    return f'<ul class="gaps">{"".join(items)}</ul>'


def _counted(items: list[dict]) -> str:
    return escape("; ".join(f"{i['label']} ({i['count']})" for i in items) or "none")


def _statement(s: dict) -> list[str]:
    out = [
        f'<section class="statement" id="qs{s["number"]}">',
        f"<h3>Quality statement {s['number']}: {escape(s['label'])}</h3>",
        f"<p><strong>Score:</strong> {escape(score_words(s['scores']))}</p>",
    ]
    if s["findings"]:
        out += [*_quotes(s["quotes"], "h4"), *_facts(s)]
    else:
        out.append(f'<p class="none">{NO_FINDING}</p>')
    if s["gaps"]:
        out += [f"<h4>Gaps ({len(s['gaps'])})</h4>", _gaps(s["gaps"])]
    else:
        out.append('<p class="none">Gaps: none found.</p>')
    return [*out, "</section>"]


def _facts(s: dict) -> list[str]:
    return [
        '<dl class="facts">',
        f"<dt>Partners involved</dt><dd>{_counted(s['partners'])}</dd>",
        f"<dt>Care Act duties touched</dt><dd>{_counted(s['duties'])}</dd>",
        "<dt>Evidence categories</dt><dd>present: "
        + escape(", ".join(s["evidence_present"]) or "none")
        + "; missing: "
        + escape(", ".join(s["evidence_missing"]) or "none")
        + "</dd>",
        "</dl>",
    ]


def _overview(pack: dict, chart_svg: bytes) -> list[str]:
    head = "".join(f"<th>{h}</th>" for h in OVERVIEW_HEADINGS)
    rows = []
    for row in pack["overview"]:
        cells = [escape(c) for c in overview_cells(row)]
        cells[1] = f'<a href="#qs{row["number"]}">{cells[1]}</a>'
        tds = "".join(
            f'<td class="n">{c}</td>' if i in (0, 3, 4, 5, 6) else f"<td>{c}</td>"
            for i, c in enumerate(cells)
        )
        rows.append(f'<tr class="{"gap" if row["gaps"] else ""}">{tds}</tr>')
    actions = pack["actions"]
    out = [
        '<section class="overview">',
        f"<h1>{escape(pack['title'])}</h1>",
        "<p>Every quote is the exact text of its report at the characters given. Reports: "
        + escape(", ".join(r["slug"] for r in pack["reports"]))
        + ".</p>",
        f'<table class="overview"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>",
        f"<p>Action plan: {actions['total']} actions, {actions['open']} open, "
        f"{actions['owned']} with an owner.</p>",
    ]
    out += [
        f"<p>Overall rating implied by {escape(r['report'])}: {escape(r['rating'])} "
        f"({r['percentage']}%).</p>"
        for r in pack["ratings"]
    ]
    if pack["analysis_note"]:
        out.append(f'<p class="none">Gaps: {escape(pack["analysis_note"])}.</p>')
    data = base64.b64encode(chart_svg).decode("ascii")
    out += [
        f'<figure><img alt="Heat map of findings by kind and quality statement" '
        f'src="data:image/svg+xml;base64,{data}"><figcaption>Findings by kind and quality '
        "statement; ▲ marks a quality statement with gaps.</figcaption></figure>",
        "</section>",
    ]
    return out


def _reports(pack: dict) -> list[str]:
    items = "".join(
        f"<li>{escape(r['slug'])} ("
        + escape(", ".join(x for x in (r["kind"], r["date"], r["council"]) if x))
        + f"): {escape(r['document'] or '')}</li>"
        for r in pack["reports"]
    )
    return ["<h2>Reports</h2>", f"<ul>{items}</ul>"]


def pack_html(pack: dict, chart_svg: bytes) -> bytes:
    """The pack from ``pack_data`` as one HTML page, the heat map ``chart_svg`` inlined."""
    body = [*_overview(pack, chart_svg), *_reports(pack)]
    for theme in pack["themes"]:
        body.append(
            f'<section class="theme"><h2>Theme {theme["number"]}: {escape(theme["label"])}</h2>'
        )
        for statement in theme["statements"]:
            body += _statement(statement)
        body.append("</section>")
    if any(pack["unplaced"].values()):
        body += ['<section class="theme"><h2>Findings on no quality statement</h2>']
        body += [*_quotes(pack["unplaced"], "h3"), "</section>"]
    if pack["general_gaps"]:
        body += ["<h2>Gaps across the framework</h2>", _gaps(pack["general_gaps"])]
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(pack['title'])}</title>",
        f"<style>{STYLE}</style></head><body>",
        *body,
        "</body></html>",
    ]
    return ("\n".join(page) + "\n").encode("utf-8")
