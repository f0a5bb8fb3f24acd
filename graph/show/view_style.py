"""How the view draws each kind of node and relation: colour, shape, legend text.

One table per thing drawn, so that the page, its legend and the tests read the
same values. A node's *group* is its style key: the kind of a finding
(``risk``), a framework type (``quality_statement``), ``partner:TYPE`` for a
partner of a partner type, and in the aggregated view ``aggregate:KIND`` and
``council:RATING``.

>>> node_style("risk")["shape"], node_style("partner:icb")["color"]
('triangleDown', '#00695c')
>>> node_style("partner:nobody-knows")["legend"]
'Partner: other organisation'
>>> relation_style("involves")["legend"]
'involves (finding → partner)'
"""

from __future__ import annotations

KIND_LABELS = {
    "strength": "Strength",
    "area_for_development": "Area for development",
    "risk": "Risk",
    "recommendation": "Recommendation",
    "context": "Context",
}

# Findings, by kind; shapes differ as well as colours, for readers who do not see colour.
FINDING_STYLES = {
    "strength": {"color": "#2e7d32", "shape": "dot"},
    "area_for_development": {"color": "#ef6c00", "shape": "triangle"},
    "risk": {"color": "#c62828", "shape": "triangleDown"},
    "recommendation": {"color": "#1565c0", "shape": "square"},
    "context": {"color": "#78909c", "shape": "dot"},
}

# Label drawn inside the shape (box, ellipse) or under it (everything else).
TYPE_STYLES = {
    "quality_statement": {"color": "#00838f", "shape": "ellipse", "legend": "Quality statement"},
    "theme": {"color": "#004d40", "shape": "box", "legend": "Theme"},
    "care_act_duty": {"color": "#6d4c41", "shape": "hexagon", "legend": "Care Act duty"},
    "outcome": {"color": "#ad1457", "shape": "star", "legend": "Outcome"},
}

# Partner colour by partner type: one hue per family of types, a shade per type.
PARTNER_COLOURS = {
    "council": "#6a1b9a",
    "elected-members": "#8e24aa",
    "district-council": "#4a148c",
    "icb": "#00695c",
    "nhs-trust": "#00897b",
    "nhs": "#00796b",
    "primary-care": "#26a69a",
    "public-health": "#004d40",
    "sab": "#4e342e",
    "police": "#283593",
    "fire": "#bf360c",
    "housing": "#827717",
    "care-providers": "#9e9d24",
    "voluntary-sector": "#c2185b",
    "healthwatch": "#ad1457",
    "carers-organisation": "#d81b60",
    "cqc": "#37474f",
    "lga": "#455a64",
    "adass": "#546e7a",
    "tlap": "#607d8b",
    "childrens-services": "#0277bd",
    "education": "#01579b",
    "dwp": "#5d4037",
    "other": "#795548",
}

# Council nodes of the aggregated view, by the overall rating their scores imply.
RATING_COLOURS = {
    "Outstanding": "#1b5e20",
    "Good": "#43a047",
    "Requires improvement": "#f9a825",
    "Inadequate": "#b71c1c",
    "not rated": "#90a4ae",
}

GAP_BORDER = "#d50000"

RELATIONS = {
    "involves": ("#7e57c2", False, "involves (finding → partner)"),
    "qualityStatement": ("#80cbc4", False, "quality statement (finding → QS)"),
    "theme": ("#a5d6a7", True, "theme (finding → theme, when no QS says it)"),
    "broader": ("#004d40", False, "part of theme (QS → theme)"),
    "careActDuty": ("#a1887f", True, "Care Act duty (finding → duty)"),
    "leadsTo": ("#e53935", False, "leads to (finding → consequence)"),
    "addresses": ("#1e88e5", False, "addresses (recommendation → finding)"),
    "listItemOf": ("#bdbdbd", True, "list item of (item → introducing sentence)"),
    "threatens": ("#b71c1c", True, "threatens (risk → outcome)"),
    "evidences": ("#2e7d32", True, "evidences (finding → outcome)"),
    "counts": ("#80cbc4", False, "findings of this kind (QS → count)"),
    "involvedIn": ("#7e57c2", False, "partner type in findings (width: how many)", 0.45),
    "shortfall": ("#e57373", True, "scored 1 or 2 (council → QS)", 0.3),
}


def node_style(group: str) -> dict:
    """Colour, shape and legend text of a node group (see the module's docstring)."""
    if group in FINDING_STYLES:
        return {**FINDING_STYLES[group], "legend": KIND_LABELS[group]}
    if group.startswith("aggregate:"):
        kind = group.split(":", 1)[1]
        style = FINDING_STYLES.get(kind, FINDING_STYLES["context"])
        return {**style, "legend": f"{KIND_LABELS.get(kind, kind)} findings (count)"}
    if group.startswith("partner:"):
        ptype = group.split(":", 1)[1]
        colour = PARTNER_COLOURS.get(ptype, PARTNER_COLOURS["other"])
        name = ptype if ptype in PARTNER_COLOURS else "other organisation"
        return {"color": colour, "shape": "box", "legend": f"Partner: {name.replace('-', ' ')}"}
    if group.startswith("council:"):
        rating = group.split(":", 1)[1]
        return {
            "color": RATING_COLOURS.get(rating, RATING_COLOURS["not rated"]),
            "shape": "hexagon",
            "legend": f"Council, {rating}",
        }
    return dict(TYPE_STYLES.get(group, {"color": "#9e9e9e", "shape": "dot", "legend": group}))


def relation_style(relation: str) -> dict:
    """Colour, dashes and legend text of an edge relation."""
    colour, dashes, legend, *opacity = RELATIONS.get(relation, ("#9e9e9e", False, relation))
    return {"color": colour, "dashes": dashes, "legend": legend, "opacity": (opacity or [0.75])[0]}


def label_inside(shape: str) -> bool:
    """vis-network draws the label inside these shapes, so they need a light font."""
    return shape in ("box", "ellipse", "circle", "database", "text")
