// carekg view: draws the graph from the JSON data island with vis-network.
// Report text is data: it only ever reaches the page through textContent,
// createTextNode, or vis-network's string titles (shown as text).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("carekg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var GAP = "#d50000";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function tooltip(n) {
    var lines = [n.heading];
    if (n.quote && n.quote !== n.label) lines.push("\u201c" + n.quote + "\u201d");
    (n.info || []).forEach(function (l) { lines.push(l); });
    (n.gaps || []).forEach(function (g) { lines.push("Gap: " + g); });
    (n.cited || []).forEach(function (g) { lines.push("Evidence for a gap: " + g); });
    if (n.drill) lines.push("Detail: " + n.drill);
    return lines.join("\n");
  }

  function visNode(n) {
    var g = data.groups[n.group] || {};
    var c = Math.sqrt(Math.max(0, Math.min(1, n.centrality || 0)));
    var v = { id: n.id, label: n.label, group: n.group, x: n.x, y: n.y, title: tooltip(n) };
    if (g.inside) {
      v.font = { size: Math.round(24 + 12 * c) };
      v.margin = Math.round(8 + 8 * c);
    } else {
      v.size = Math.round(10 + 24 * c);
      if (n.type !== "finding") v.font = { size: 26 };
    }
    if (n.gaps && n.gaps.length) {
      v.borderWidth = 4;
      v.borderWidthSelected = 5;
      v.shapeProperties = { borderDashes: [7, 4] };
      v.color = { border: GAP, background: g.color,
                  highlight: { border: GAP, background: g.color },
                  hover: { border: GAP, background: g.color } };
    }
    return v;
  }

  function visEdge(e, i) {
    var r = data.relations[e.relation] || {};
    var v = { id: "e" + i, from: e.from, to: e.to, dashes: !!r.dashes,
              color: { color: r.color, highlight: r.color, hover: r.color, opacity: r.opacity },
              title: e.title || r.legend };
    if (e.width) v.width = e.width;
    return v;
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var groups = {};
  Object.keys(data.groups).forEach(function (k) {
    var g = data.groups[k];
    groups[k] = {
      shape: g.shape,
      color: { background: g.color, border: g.border || g.color,
               highlight: { background: g.color, border: "#000" },
               hover: { background: g.color, border: "#000" } },
      font: g.inside ? { color: "#ffffff" } : { color: "#1c2529", strokeWidth: 4, strokeColor: "#ffffff" }
    };
  });
  var big = data.nodes.length > 2000;
  var options = {
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   keyboard: { enabled: true, bindToWindow: false }, multiselect: false },
    nodes: { font: { size: 16, face: "system-ui, sans-serif" }, borderWidth: 1,
             scaling: { label: { drawThreshold: 10 } } },
    edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.45 } },
             selectionWidth: 2 },
    groups: groups
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  function fitStart() {
    if (!data.fit) { network.fit({ animation: false }); return; }
    var ids = data.nodes.filter(function (n) { return data.fit.indexOf(n.type) >= 0; })
                        .map(function (n) { return n.id; });
    network.fit({ nodes: ids, animation: false });
  }
  fitStart();

  // Header: title, what is drawn, notes.
  document.getElementById("title").textContent = data.title;
  document.getElementById("subtitle").textContent = data.subtitle;
  document.getElementById("notes").textContent = (data.notes || []).join(" ");
  document.title = data.title;

  // ---- Legend: every node group and relation drawn, and the gap marker.
  function swatch(shape, colour, dashed, border) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "16");
    var s;
    if (shape === "line") {
      s = document.createElementNS(ns, "line");
      s.setAttribute("x1", "1"); s.setAttribute("y1", "8"); s.setAttribute("x2", "21"); s.setAttribute("y2", "8");
      s.setAttribute("stroke", colour); s.setAttribute("stroke-width", "3");
      if (dashed) s.setAttribute("stroke-dasharray", "4 3");
    } else if (shape === "dot" || shape === "ellipse") {
      s = document.createElementNS(ns, "ellipse");
      s.setAttribute("cx", "11"); s.setAttribute("cy", "8");
      s.setAttribute("rx", shape === "dot" ? "6" : "10"); s.setAttribute("ry", "6");
    } else {
      var pts = { triangle: "11,1 20,15 2,15", triangleDown: "2,1 20,1 11,15",
                  star: "11,1 13,6 20,6 14,10 16,15 11,12 6,15 8,10 2,6 9,6",
                  hexagon: "6,1 16,1 21,8 16,15 6,15 1,8", diamond: "11,1 20,8 11,15 2,8" }[shape];
      if (pts) {
        s = document.createElementNS(ns, "polygon"); s.setAttribute("points", pts);
      } else {
        s = document.createElementNS(ns, "rect");
        s.setAttribute("x", shape === "square" ? "5" : "1"); s.setAttribute("y", "2");
        s.setAttribute("width", shape === "square" ? "12" : "20"); s.setAttribute("height", "12");
        s.setAttribute("rx", shape === "box" ? "2" : "0");
      }
    }
    if (shape !== "line") {
      s.setAttribute("fill", colour);
      s.setAttribute("stroke", border || colour);
      s.setAttribute("stroke-width", border ? "2.5" : "1");
      if (dashed) s.setAttribute("stroke-dasharray", "3 2");
    }
    svg.appendChild(s);
    return svg;
  }
  function legendRow(svg, text) {
    var row = el("div", "legend-row");
    row.appendChild(svg); row.appendChild(el("span", null, text));
    return row;
  }
  var legend = document.getElementById("legend");
  var usedGroups = {}, usedRelations = {}, anyGap = false;
  data.nodes.forEach(function (n) { usedGroups[n.group] = true; if (n.gaps && n.gaps.length) anyGap = true; });
  data.edges.forEach(function (e) { usedRelations[e.relation] = true; });
  Object.keys(data.groups).forEach(function (k) {
    if (!usedGroups[k]) return;
    var g = data.groups[k];
    legend.appendChild(legendRow(swatch(g.shape, g.color), g.legend));
  });
  if (anyGap) legend.appendChild(legendRow(swatch("box", "#ffffff", true, GAP), "Gap (reason in the tooltip)"));
  legend.appendChild(el("p", "legend-head", "Links"));
  Object.keys(data.relations).forEach(function (k) {
    if (!usedRelations[k]) return;
    var r = data.relations[k];
    legend.appendChild(legendRow(swatch("line", r.color, r.dashes), r.legend));
  });
  legend.appendChild(el("p", "hint", data.sizeNote));

  // ---- Filters: a node is hidden when, for some facet, every value it has is unticked.
  var unticked = {};
  var filterBox = document.getElementById("filters");
  var boxes = [];
  data.facets.forEach(function (facet) {
    unticked[facet.name] = {};
    var details = el("details");
    details.open = facet.name === "kind" || facet.name === "gap";
    details.appendChild(el("summary", "facet", facet.label));
    var fs = el("fieldset");
    fs.dataset.facet = facet.name;
    details.appendChild(fs);
    facet.values.forEach(function (v) {
      var row = el("label", "facet-row");
      var box = el("input");
      box.type = "checkbox"; box.checked = true;
      box.dataset.facet = facet.name; box.value = v[0];
      box.addEventListener("change", function () {
        if (box.checked) delete unticked[facet.name][v[0]]; else unticked[facet.name][v[0]] = true;
        applyFilters();
      });
      boxes.push(box);
      row.appendChild(box); row.appendChild(el("span", null, v[1])); row.appendChild(el("span", "count", v[2]));
      fs.appendChild(row);
    });
    filterBox.appendChild(details);
  });

  function hiddenByFilters(n) {
    var f = n.facets || {};
    for (var name in unticked) {
      var off = unticked[name], values = f[name];
      if (!values || !values.length) continue;
      var all = true;
      for (var i = 0; i < values.length; i++) { if (!off[values[i]]) { all = false; break; } }
      if (all) return true;
    }
    return false;
  }
  function applyFilters() {
    var changes = [], shown = 0;
    data.nodes.forEach(function (n) {
      var hide = hiddenByFilters(n);
      if (!hide) shown++;
      if (!!n._hidden !== hide) { n._hidden = hide; changes.push({ id: n.id, hidden: hide }); }
    });
    if (changes.length) nodes.update(changes);
    document.getElementById("shown").textContent = "Showing " + shown + " of " + data.nodes.length + " nodes.";
  }
  document.getElementById("reset").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; });
    Object.keys(unticked).forEach(function (k) { unticked[k] = {}; });
    applyFilters();
  });
  applyFilters();

  // ---- Selection: dim all but the node and its neighbours; list its links in the panel.
  var dimmed = false;
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { keep[m] = true; });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: keep[n.id] ? 1 : 0.15 }; }));
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) return;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: 1 }; }));
    dimmed = false;
  }
  var panel = document.getElementById("panel");
  function showPanel(id) {
    var n = byId[id];
    panel.textContent = "";
    panel.hidden = false;
    var close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; clearHighlight(); network.unselectAll(); });
    panel.appendChild(close);
    panel.appendChild(el("h3", null, n.heading));
    panel.appendChild(el("div", "quote", n.quote || n.label));
    (n.info || []).forEach(function (l) { panel.appendChild(el("p", "info", l)); });
    (n.gaps || []).forEach(function (g) { panel.appendChild(el("p", "info gap", "Gap: " + g)); });
    (n.cited || []).forEach(function (g) { panel.appendChild(el("p", "info", "Evidence for a gap: " + g)); });
    if (n.drill) {
      panel.appendChild(el("p", "info", "The detailed page for this:"));
      panel.appendChild(el("code", null, n.drill));
    }
    var links = [];
    data.edges.forEach(function (e) {
      if (e.from === id) links.push({ other: e.to, rel: e.relation, out: true, title: e.title });
      else if (e.to === id) links.push({ other: e.from, rel: e.relation, out: false, title: e.title });
    });
    panel.appendChild(el("h3", null, "Links (" + links.length + ")"));
    var list = el("div", "links");
    links.forEach(function (l) {
      var other = byId[l.other];
      if (!other) return;
      var b = el("button", "link");
      b.type = "button";
      var r = data.relations[l.rel] || { legend: l.rel };
      b.appendChild(el("span", "rel", (l.out ? "\u2192 " : "\u2190 ") + (l.title || r.legend) + " \u00b7 " + other.heading));
      b.appendChild(el("span", null, other.quote || other.label));
      b.addEventListener("click", function () { focusNode(other.id); });
      list.appendChild(b);
    });
    panel.appendChild(list);
  }
  function select(id) {
    network.selectNodes([id]);
    highlight(id);
    showPanel(id);
    api.selected = id;
  }
  function focusNode(id) {
    if (!byId[id]) return;
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    select(id);
    api.focused = id;
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else { clearHighlight(); api.selected = null; panel.hidden = true; }
  });

  // ---- Search: by label or quote; Enter focuses the first match.
  var search = document.getElementById("search"), results = document.getElementById("results");
  var index = data.nodes.map(function (n) {
    return (n.label + "\n" + (n.quote || "") + "\n" + n.heading).toLowerCase();
  });
  function find(text) {
    var q = text.trim().toLowerCase().replace(/\s+/g, " ");
    if (!q) return [];
    var exact = [], rest = [];
    data.nodes.forEach(function (n, i) {
      if (index[i].indexOf(q) < 0) return;
      var name = (n.quote || n.label).toLowerCase();
      (name === q || n.label.toLowerCase() === q ? exact : rest).push(n);
    });
    return exact.concat(rest);
  }
  function showResults() {
    results.textContent = "";
    var found = find(search.value);
    if (!search.value.trim()) return found;
    if (!found.length) { results.appendChild(el("li", "none", "No node matches.")); return found; }
    found.slice(0, 40).forEach(function (n) {
      var li = el("li"), b = el("button");
      b.type = "button";
      b.appendChild(el("span", "kindtag", n.heading));
      b.appendChild(el("span", null, n.quote || n.label));
      b.addEventListener("click", function () { focusNode(n.id); });
      li.appendChild(b); results.appendChild(li);
    });
    if (found.length > 40) results.appendChild(el("li", "none", (found.length - 40) + " more; type more words."));
    return found;
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = showResults();
    if (found.length) focusNode(found[0].id);
  });

  var api = { network: network, nodes: nodes, edges: edges, data: data, find: find,
              focusNode: focusNode, applyFilters: applyFilters, focused: null, selected: null,
              hiddenCount: function () { return nodes.get({ filter: function (n) { return n.hidden; } }).length; } };
  window.carekgView = api;
  network.once("afterDrawing", function () { document.body.dataset.ready = "1"; });
})();
