"""The aggregated view for large stores: findings counted by quality statement and kind.

Above ``view.AGGREGATE_ABOVE`` nodes a drawing of every finding is neither
quick nor readable, so the default page draws instead: the themes and quality
statements; one node per quality statement × kind with the number of
findings (across councils, or the one council's); partner types, linked to
those nodes by how many findings involve them; and one node per council,
coloured by the overall rating its scores imply and linked to the quality
statements it scored 1 or 2. A node's ``scope`` says which detailed page
shows its findings (``{"qs": 8}``, ``{"council": NAME}``); the page names it.

The counts come from five plain scans of the store (findings' classes,
reports, quality statements, partners, partner types) joined here: at 150
councils that is quicker than one SPARQL ``GROUP BY`` over the joins.

>>> from carekg.graph.show.view_aggregate import aggregate_model
>>> model = aggregate_model(bexley)
>>> node = next(n for n in model["nodes"] if n["id"] == "agg:qs8:risk")
>>> node["label"], node["scope"]
('3', {'qs': 8})
"""

from __future__ import annotations

from collections import Counter, defaultdict

from carekg.graph.model.kinds import CLASS_KIND, KINDS
from carekg.graph.model.ratings import SCORE_MEANINGS, overall_rating
from carekg.graph.show.view_analysis import saved_gaps
from carekg.graph.show.view_detail import NO_THEME_ROW, wrapped
from carekg.graph.show.view_style import KIND_LABELS

CLASSES = " ".join(f"<{iri}>" for iri in CLASS_KIND)
FINDINGS = "SELECT ?f WHERE { #VALUES\n ?f a ?o }"
PART_OF = "SELECT ?f ?r WHERE { ?f dcterms:isPartOf ?r }"
SCORES = """
SELECT ?r ?q ?value WHERE {
  ?s ckg:scoreValue ?value ; ckg:qualityStatement ?q ; dcterms:isPartOf ?r
}"""
QUALITY_STATEMENTS = "SELECT ?f WHERE { #VALUES\n ?f ckg:qualityStatement ?o }"
INVOLVES = "SELECT ?f ?p WHERE { ?f ckg:involves ?p }"
PARTNER_TYPES = "SELECT ?p ?t WHERE { ?p ckg:partnerType ?t }"
REPORTS = """
SELECT ?r ?council ?title WHERE {
  ?r a ckg:Report .
  OPTIONAL { ?r ckg:council ?council } OPTIONAL { ?r dcterms:title ?title }
}"""
FRAMEWORK = """
SELECT ?node ?type ?number ?label ?broader WHERE {
  { ?node a ckg:QualityStatement . BIND("qs" AS ?type) OPTIONAL { ?node skos:broader ?broader } }
  UNION { ?node a ckg:Theme . BIND("theme" AS ?type) }
  UNION { ?node a ckg:PartnerType . BIND("ptype" AS ?type) }
  ?node skos:prefLabel ?label . OPTIONAL { ?node ckg:number ?number }
}"""
QUOTES = "SELECT ?f ?text WHERE { #VALUES\n ?f ckg:quote ?text }"
PLURALS = {
    "strength": "strengths",
    "area_for_development": "areas for development",
    "risk": "risks",
    "recommendation": "recommendations",
    "context": "context",
}
EXAMPLES = 3


def _subjects(store, query: str, target: str) -> list[str]:
    """The subjects ``query`` finds for one object (``?o``), read as TSV: IRIs only."""
    from pyoxigraph import NamedNode, QueryResultsFormat

    data = store.query_raw(query, {"o": NamedNode(target)})
    text = data.serialize(format=QueryResultsFormat.TSV).decode("utf-8")
    return [line[1:-1] for line in text.splitlines()[1:] if line.startswith("<")]


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Tally:
    """The store read once: each finding's kind, council and quality statements."""

    def __init__(self, store, council: set[str] | None = None):
        # One query per class and per quality statement, so that only the findings'
        # IRIs are read back (turning stored terms into text is most of the cost).
        self.kind = {
            f: CLASS_KIND[cls] for cls in CLASS_KIND for f in _subjects(store, FINDINGS, cls)
        }
        self.council_of_report: dict[str, str] = {}
        self.titles: dict[str, list[str]] = defaultdict(list)
        for report, name, title in store.query_raw(REPORTS):
            iri = report.value
            self.council_of_report[iri] = name.value if name is not None else _local(iri)
            self.titles[self.council_of_report[iri]].append(
                title.value if title is not None else _local(iri)
            )
        self.council = self._councils(store)
        if council is not None:
            self.kind = {f: k for f, k in self.kind.items() if self.council.get(f) in council}
        self.framework = {r["node"].value: r for r in store.select(FRAMEWORK)}
        self.qs_number = {
            iri: int(r["number"].value)
            for iri, r in self.framework.items()
            if r["type"].value == "qs" and r["number"] is not None
        }
        self.qs_theme = {
            number: int(self.framework[iri]["broader"].value.rsplit("theme", 1)[-1])
            for iri, number in self.qs_number.items()
            if self.framework[iri]["broader"] is not None
        }
        self.qs: dict[str, list[int]] = defaultdict(list)
        for qs, number in sorted(self.qs_number.items()):
            for finding in _subjects(store, QUALITY_STATEMENTS, qs):
                if finding in self.kind:
                    self.qs[finding].append(number)
        types = {p.value: _local(t.value) for p, t in store.query_raw(PARTNER_TYPES)}
        self.ptypes: dict[str, set[str]] = defaultdict(set)
        for finding, partner in store.query_raw(INVOLVES):
            if finding.value in self.kind:
                self.ptypes[finding.value].add(types.get(partner.value, "other"))

    def _councils(self, store) -> dict[str, str]:
        """Each finding's council. A finding's IRI starts with its report's
        (``id:report/SLUG/finding/N``, docs/model.md), which spares a scan of
        every ``dcterms:isPartOf``; any other IRI is looked up."""
        reports = self.council_of_report
        found, missing = {}, False
        for finding in self.kind:
            report = finding.rsplit("/finding/", 1)[0]
            if report in reports:
                found[finding] = reports[report]
            else:
                missing = True
        if missing:
            for finding, report in store.query_raw(PART_OF):
                if finding.value in self.kind and finding.value not in found:
                    found[finding.value] = reports.get(report.value, "?")
        return found

    def cells(self, finding: str) -> list[tuple[int | None, str]]:
        """The (quality statement or None, kind) nodes a finding counts in."""
        kind = self.kind[finding]
        return [(n, kind) for n in sorted(set(self.qs.get(finding, [])))] or [(None, kind)]


def _node_id(qs: int | None, kind: str) -> str:
    return f"agg:qs{qs}:{kind}" if qs else f"agg:none:{kind}"


def _framework_nodes(tally: Tally, totals: Counter, scores: dict) -> list[dict]:
    nodes = []
    for iri, row in sorted(tally.framework.items()):
        kind, label = row["type"].value, row["label"].value
        if kind == "theme" and row["number"] is not None:
            number = int(row["number"].value)
            nodes.append(
                {
                    "id": iri,
                    "type": "theme",
                    "group": "theme",
                    "quote": label,
                    "label": wrapped(f"Theme {number}: {label}", 18),
                    "heading": f"Theme {number}",
                    "info": [],
                    "facets": {"theme": [number]},
                    "slot": ("theme", number),
                }
            )
        elif kind == "qs" and iri in tally.qs_number:
            number = tally.qs_number[iri]
            theme = int(row["broader"].value.rsplit("theme", 1)[-1]) if row["broader"] else None
            stated = Counter(
                scores_of
                for by_qs in scores.values()
                if (scores_of := by_qs.get(number)) is not None
            )
            info = [f"{totals[number]:,} findings in this view"]
            if stated:
                info.append(
                    "Scores stated: "
                    + ", ".join(
                        f"{stated[s]} × {s} ({SCORE_MEANINGS[s].lower()})" for s in sorted(stated)
                    )
                )
            nodes.append(
                {
                    "id": iri,
                    "type": "quality_statement",
                    "group": "quality_statement",
                    "weight": totals[number],
                    "label": wrapped(f"QS{number} {label}", 22),
                    "quote": label,
                    "heading": f"Quality statement {number} (theme {theme})",
                    "info": info,
                    "facets": {"qs": [number], "theme": [theme]},
                    "scope": {"qs": number},
                    "slot": ("head", theme or NO_THEME_ROW, number),
                }
            )
    return nodes


def _council_nodes(tally: Tally, by_council: dict, scores: dict, qs_iri: dict) -> tuple:
    nodes, edges = [], []
    for council in sorted(by_council):
        kinds = by_council[council]
        stated = scores.get(council, {})
        rated = overall_rating(stated)
        rating = rated[0] if rated else "not rated"
        info = [
            f"{sum(kinds.values()):,} findings: "
            + ", ".join(f"{kinds[k]} {KIND_LABELS[k].lower()}" for k in KINDS if kinds[k])
        ]
        if stated:
            info.append("Scores: " + ", ".join(f"QS{n} {stated[n]}" for n in sorted(stated)))
        if rated:
            info.append(f"Overall: {rated[0]} ({rated[1]}%)")
        info.append("Reports: " + "; ".join(sorted(tally.titles.get(council, []))))
        node_id = f"agg:council:{council}"
        nodes.append(
            {
                "id": node_id,
                "type": "council",
                "group": f"council:{rating}",
                "label": wrapped(council, 20, 2),
                "quote": council,
                "facets": {},
                "heading": f"Council ({rating})",
                "info": info,
                "scope": {"council": council},
                "weight": sum(kinds.values()),
                "slot": ("grid", council),
            }
        )
        for number, score in sorted(stated.items()):
            if score <= 2 and number in qs_iri:
                edges.append(
                    {
                        "from": node_id,
                        "to": qs_iri[number],
                        "relation": "shortfall",
                        "title": f"{council}: QS{number} scored {score}, "
                        f"{SCORE_MEANINGS[score].lower()}",
                    }
                )
    return nodes, edges


def _scores(store, tally: Tally, councils: set[str]) -> dict[str, dict[int, int]]:
    """Each council's stated scores by quality statement (the last report's, if several)."""
    by_council: dict[str, dict[int, int]] = defaultdict(dict)
    rows = sorted((r.value, q.value, v.value) for r, q, v in store.query_raw(SCORES))
    for report, qs, value in rows:
        council = tally.council_of_report.get(report, _local(report))
        if council in councils and qs in tally.qs_number:
            by_council[council][tally.qs_number[qs]] = int(value)
    return by_council


def _examples(store, tally: Tally, members: dict) -> dict[str, list[str]]:
    from pyoxigraph import NamedNode

    chosen = {cell: sorted(found)[:EXAMPLES] for cell, found in members.items()}
    wanted = sorted({f for found in chosen.values() for f in found})
    texts = {}
    if wanted:
        rows = store.select(QUOTES, {"f": [NamedNode(f) for f in wanted]})
        texts = {r["f"].value: r["text"].value for r in rows}
    return {
        cell: [f"“{texts[f]}” ({tally.council.get(f, '?')})" for f in found if f in texts]
        for cell, found in chosen.items()
    }


def _gap_counts(store, tally: Tally) -> tuple[Counter, dict]:
    counts: Counter = Counter()
    reasons: dict = defaultdict(Counter)
    for gap in saved_gaps(store):
        for node in gap.about:
            cells = tally.cells(node) if node in tally.kind else []
            if node in tally.qs_number:
                cells = [("qs", tally.qs_number[node])]
            for cell in cells:
                counts[cell] += 1
                reasons[cell][gap.kind.replace("-", " ") or "gap"] += 1
    return counts, reasons


def _partner_type_nodes(tally: Tally, ptype_cells: dict) -> tuple[list[dict], list[dict]]:
    """One node per partner type, linked to the counts it takes most part in."""
    nodes, edges = [], []
    labels = {
        _local(i): r["label"].value
        for i, r in tally.framework.items()
        if r["type"].value == "ptype"
    }
    for ptype in sorted(ptype_cells):
        cells = ptype_cells[ptype]
        node_id = f"agg:ptype:{ptype}"
        label = labels.get(ptype, ptype)
        total = sum(cells.values())
        nodes.append(
            {
                "id": node_id,
                "type": "partner_type",
                "group": f"partner:{ptype}",
                "label": wrapped(label, 26, 2),
                "quote": label,
                "weight": total,
                "heading": "Partner type",
                "facets": {"ptype": [ptype]},
                "info": [f"In {total:,} findings (counted once per quality statement)"],
                "slot": ("hub", 0, label),
            }
        )
        top = max(cells.values())
        for cell, count in sorted(cells.items(), key=lambda i: (i[0][0] or 99, i[0][1])):
            if count >= max(2, top * 0.15):
                edges.append(
                    {
                        "from": node_id,
                        "to": _node_id(*cell),
                        "relation": "involvedIn",
                        "width": round(1 + 4 * (count / top) ** 0.5, 1),
                        "title": f"{label}: {count} {PLURALS[cell[1]]} on "
                        + (f"QS{cell[0]}" if cell[0] else "no QS"),
                    }
                )
    return nodes, edges


def aggregate_model(store, council: set[str] | None = None) -> dict:
    """The aggregated page's ``nodes`` and ``edges``; ``council`` keeps only those councils."""
    tally = Tally(store, council)
    members: dict = defaultdict(list)
    by_council: dict = defaultdict(Counter)
    ptype_cells: dict = defaultdict(Counter)
    for finding in tally.kind:
        by_council[tally.council.get(finding, "?")][tally.kind[finding]] += 1
        for cell in tally.cells(finding):
            members[cell].append(finding)
            for ptype in tally.ptypes.get(finding, ()):
                ptype_cells[ptype][cell] += 1
    totals = Counter()
    for (number, _), found in members.items():
        totals[number] += len(found)
    scores = _scores(store, tally, set(by_council))
    qs_iri = {number: iri for iri, number in tally.qs_number.items()}
    nodes = _framework_nodes(tally, totals, scores)
    edges = []
    examples = _examples(store, tally, members)
    gap_counts, gap_reasons = _gap_counts(store, tally)
    for (number, kind), found in sorted(members.items(), key=lambda i: (i[0][0] or 99, i[0][1])):
        node_id = _node_id(number, kind)
        councils = Counter(tally.council.get(f, "?") for f in found)
        top = ", ".join(
            f"{c} ({n})" for c, n in sorted(councils.items(), key=lambda i: (-i[1], i[0]))[:5]
        )
        theme = tally.qs_theme.get(number)
        nodes.append(
            {
                "id": node_id,
                "type": "aggregate",
                "group": f"aggregate:{kind}",
                "label": f"{len(found):,}",
                "heading": f"{KIND_LABELS[kind]} findings, "
                + (f"QS{number}" if number else "no QS"),
                "quote": "",
                "weight": len(found),
                "info": [
                    f"{len(found):,} findings in {len(councils)} councils",
                    f"Most: {top}",
                    *examples.get((number, kind), []),
                ],
                "facets": {
                    "kind": [kind],
                    "qs": [number] if number else [],
                    "theme": [theme] if theme else [],
                },
                "scope": {"qs": number} if number else {},
                "slot": (
                    "cell",
                    theme or NO_THEME_ROW,
                    number or 0,
                    (KINDS.index(kind),),
                    len(KINDS),
                ),
            }
        )
        if number in qs_iri:
            edges.append({"from": qs_iri[number], "to": node_id, "relation": "counts"})
        if gap_counts[(number, kind)]:
            nodes[-1]["gaps"] = [
                f"{n} × {r}" for r, n in sorted(gap_reasons[(number, kind)].items())
            ]
    for node in nodes:
        if node["type"] == "quality_statement" and gap_counts[("qs", node["facets"]["qs"][0])]:
            cell = ("qs", node["facets"]["qs"][0])
            node["gaps"] = [f"{n} × {r}" for r, n in sorted(gap_reasons[cell].items())]
    more_nodes, more_edges = _partner_type_nodes(tally, ptype_cells)
    nodes += more_nodes
    edges += more_edges
    council_nodes, council_edges = _council_nodes(tally, by_council, scores, qs_iri)
    nodes += council_nodes
    edges += council_edges
    for node in nodes:
        if node["type"] == "theme":
            node["weight"] = sum(
                totals[q] for q, t in tally.qs_theme.items() if t == node["facets"]["theme"][0]
            )
    top: Counter = Counter()
    for node in nodes:
        top[node["type"]] = max(top[node["type"]], node.get("weight", 0))
    for node in nodes:
        node.setdefault("gaps", [])
        node["facets"]["gap"] = ["gap" if node["gaps"] else "no-gap"]
        weight, most = node.get("weight", 0), top[node["type"]]
        node["centrality"] = round(weight / most, 4) if most else 0.0
    return {
        "nodes": nodes,
        "edges": edges,
        "fit": ["theme", "quality_statement", "aggregate", "partner_type"],
        "findings": len(tally.kind),
        "councils": len(by_council),
        "reports": sum(len(t) for c, t in tally.titles.items() if c in by_council),
    }
