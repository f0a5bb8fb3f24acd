(function () {
  var form = document.getElementById("form");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  function show(term) {
    if (!term) return "";
    if (term.type === "literal") {
      if (term["xml:lang"]) return term.value + " @" + term["xml:lang"];
      return term.value;
    }
    if (term.type === "bnode") return "_:" + term.value;
    if (term.type === "triple") {
      var v = term.value;
      return "<< " + show(v.subject) + " " + show(v.predicate) + " " + show(v.object) + " >>";
    }
    return term.value;
  }
  function table(data) {
    if (typeof data.boolean === "boolean") return text("pre", String(data.boolean));
    var vars = data.head.vars || [];
    var tableNode = document.createElement("table");
    var head = document.createElement("tr");
    vars.forEach(function (name) { head.appendChild(text("th", "?" + name)); });
    tableNode.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var tr = document.createElement("tr");
      vars.forEach(function (name) { tr.appendChild(text("td", show(row[name]))); });
      tableNode.appendChild(tr);
    });
    return tableNode;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    if (!body.get("format")) body.delete("format");
    status.textContent = "Running...";
    results.replaceChildren();
    var started = Date.now();
    fetch(form.getAttribute("action"), { method: "POST", body: body })
      .then(function (response) {
        return response.text().then(function (payload) {
          var seconds = ((Date.now() - started) / 1000).toFixed(2);
          var type = response.headers.get("Content-Type") || "";
          var note = response.status + " " + response.statusText + " in " + seconds + " s";
          if (response.headers.get("X-Carekg-Truncated")) {
            note += "; cut to the first " + response.headers.get("X-Carekg-Max-Rows") + " rows";
          }
          status.textContent = note;
          if (response.ok && type.indexOf("application/sparql-results+json") === 0) {
            var data = JSON.parse(payload);
            if (data.results) {
              status.textContent += "; " + data.results.bindings.length + " rows";
            }
            results.appendChild(table(data));
          } else {
            results.appendChild(text("pre", payload));
          }
        });
      })
      .catch(function (error) { status.textContent = "Request failed: " + error; });
  });
})();
