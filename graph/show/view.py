"""An interactive, offline HTML view of the graph drawn with Pyvis (vis-network).

Nodes are findings (coloured by kind), partners, quality statements, themes and
outcomes; edges are the relations between them. The vis-network script is
inlined from the Pyvis package and Pyvis's CDN links are removed, so the file
opens without a network. Nodes and edges are put into ``net.nodes`` and
``net.edges`` directly: ``add_node``/``add_edge`` check for duplicates with a
linear scan, which grows quadratically with the graph.

Report text reaches the page only as data: Pyvis writes nodes with Jinja's
``tojson``, which escapes ``<``, ``>`` and ``&``, and vis-network shows a
string ``title`` as text, not HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from carekg.graph.show.files import write_atomically

KIND_COLOURS = {
    "strength": "#2e7d32",
    "area_for_development": "#ef6c00",
    "risk": "#c62828",
    "recommendation": "#1565c0",
    "context": "#757575",
}
NODES = """
SELECT ?node ?label ?kind ?group WHERE {
  {
    ?node a ckg:Finding ; a ?class ; oa:hasSelector/oa:exact ?label .
    FILTER(?class != ckg:Finding) BIND("finding" AS ?group) BIND(STR(?class) AS ?kind)
  } UNION {
    ?node a ckg:Partner ; skos:prefLabel ?label .
    FILTER EXISTS { ?f ckg:involves ?node } BIND("partner" AS ?group)
  } UNION {
    ?node a ckg:QualityStatement ; skos:prefLabel ?name ; ckg:number ?n .
    BIND(CONCAT("QS", STR(?n), " ", ?name) AS ?label) BIND("quality_statement" AS ?group)
  } UNION {
    ?node a ckg:Theme ; skos:prefLabel ?name ; ckg:number ?n .
    BIND(CONCAT("Theme ", STR(?n), " ", ?name) AS ?label) BIND("theme" AS ?group)
  } UNION {
    ?node a ckg:Outcome ; rdfs:label ?label . BIND("outcome" AS ?group)
  }
}
"""
EDGES = """
SELECT DISTINCT ?from ?to ?relation WHERE {
  VALUES ?p { ckg:involves ckg:qualityStatement ckg:leadsTo ckg:addresses ckg:threatens
              ckg:evidences ckg:listItemOf skos:broader }
  ?from ?p ?to .
  { ?from a ckg:Finding } UNION { ?from a ckg:QualityStatement }
  BIND(REPLACE(STR(?p), "^.*[#/]", "") AS ?relation)
}
"""
WHITE = {"color": "#ffffff"}  # labels drawn inside dark shapes
GROUP_STYLE = {
    "partner": {"shape": "box", "color": "#6a1b9a", "font": WHITE},
    "quality_statement": {"shape": "ellipse", "color": "#00838f", "font": WHITE},
    "theme": {"shape": "ellipse", "color": "#004d40", "font": WHITE},
    "outcome": {"shape": "diamond", "color": "#ad1457"},
}
CDN_TAG = re.compile(r"<(link|script)\b[^>]*https?://[^>]*>(\s*</script>)?", re.S)


def write_view(store, path: str | Path, title: str = "carekg") -> int:
    """Write the interactive view of ``store`` to ``path``; returns the number of nodes."""
    from pyvis.network import Network

    from carekg.graph.model.kinds import CLASS_KIND

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line",
                  heading="")  # fmt: skip
    known: set[str] = set()
    for row in store.select(NODES):
        iri, group, label = row["node"].value, row["group"].value, row["label"].value
        if iri in known:
            continue
        known.add(iri)
        node = {"id": iri, "label": label if len(label) <= 40 else label[:37] + "...",
                "title": label, "group": group}  # fmt: skip
        if group == "finding":
            kind = CLASS_KIND.get(row["kind"].value, "context")
            node.update(color=KIND_COLOURS[kind], shape="dot", size=10)
            node["title"] = f"{kind.replace('_', ' ')}: {label}"
        else:
            node.update(GROUP_STYLE[group])
        net.nodes.append(node)
    for row in store.select(EDGES):
        source, target = row["from"].value, row["to"].value
        if source in known and target in known:
            net.edges.append({"from": source, "to": target, "title": row["relation"].value,
                              "arrows": "to"})  # fmt: skip
    net.toggle_physics(True)
    html = CDN_TAG.sub("", net.generate_html())
    html = html.replace("<title>", f"<title>{_escape(title)} ", 1) if "<title>" in html else html
    write_atomically(path, html.encode("utf-8"))  # the old view stays whole until then
    return len(net.nodes)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
