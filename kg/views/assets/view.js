// The graph view: reads the JSON embedded in the page, draws it with vis-network, and builds
// every piece of text on the page with textContent (never innerHTML), so text from sources
// stays text. Links are only made for http(s) URLs.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var T = data.types, P = data.predicates, S = data.statements;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function link(url) {
    if (!/^https?:\/\//i.test(url)) return el("span", {"class": "small"}, url);
    var a = el("a", {href: url, target: "_blank", rel: "noopener noreferrer"}, url);
    return a;
  }
  function statementBlock(si, container) {
    var s = S[si];
    container.appendChild(el("div", {"class": "claim", dir: "auto"},
      nodeLabel(s[0]) + " — " + P[s[1]] + " — " + (s[2] === null ? s[3] : nodeLabel(s[2]))));
    if (s[4]) container.appendChild(el("div", {"class": "small"}, "date: " + s[4]));
    container.appendChild(el("div", {"class": "quote", lang: s[6] || null, dir: "auto"}, "“" + s[5] + "”"));
    if (s[7]) container.appendChild(el("div", {"class": "small", lang: "en"}, s[7]));
    if (s[8]) container.appendChild(el("div", {"class": "small"}, "attributed to: " + nodeLabel(s[8])));
    if (s[9].length) container.appendChild(el("div", {"class": "small"}, "reported by: " + s[9].map(nodeLabel).join(", ")));
    s[10].forEach(function (u) { var d = el("div", {"class": "small"}); d.appendChild(link(u)); container.appendChild(d); });
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n[0]] = n; });
  function nodeLabel(id) { var n = byId[id]; return n ? n[1] : id; }

  // Styles go in one group per entity type, so vis-network merges them once, not per node.
  var options = data.options;
  options.groups = {};
  Object.keys(T).forEach(function (k) {
    options.groups[k] = {shape: T[k].shape, color: {background: T[k].color, border: "#333333"}};
  });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return n[9] ? {id: n[0], label: n[1], x: n[3], y: n[4], group: n[2], size: n[5]}
                : {id: n[0], x: n[3], y: n[4], group: n[2], size: n[5]};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return data.edgeLabels ? {id: i, from: e[0], to: e[1], label: P[e[2]]} : {id: i, from: e[0], to: e[1]};
  }));
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgView = {network: network, nodes: nodes, edges: edges, exported: data.nodes.length};
  network.once("afterDrawing", function () { window.kgReady = true; document.body.setAttribute("data-ready", "1"); });

  // Tooltips, made on demand from structured data (vis-network accepts an element as title).
  network.on("hoverNode", function (p) {
    var n = byId[p.node]; if (!n) return;
    var tip = el("div", {"class": "kg-tip"});
    tip.appendChild(el("div", {"class": "claim", dir: "auto"}, n[1]));
    tip.appendChild(el("div", {"class": "small"}, n[2] + " · " + n[0]));
    n[6].forEach(function (l) { tip.appendChild(el("div", {"class": "small", dir: "auto"}, l)); });
    tip.appendChild(el("div", {"class": "small"}, n[7] + " statements"));
    nodes.update({id: p.node, title: tip});
  });
  network.on("hoverEdge", function (p) {
    var e = data.edges[p.edge]; if (!e) return;
    var tip = el("div", {"class": "kg-tip"});
    statementBlock(e[3], tip);
    edges.update({id: p.edge, title: tip});
  });

  // Side panel: details of what was clicked.
  var info = document.getElementById("kg-info");
  network.on("click", function (p) {
    info.textContent = "";
    if (p.nodes.length) {
      var id = p.nodes[0];
      info.appendChild(el("h2", null, nodeLabel(id)));
      data.edges.forEach(function (e) { if (e[0] === id || e[1] === id) statementBlock(e[3], info); });
    } else if (p.edges.length) {
      statementBlock(data.edges[p.edges[0]][3], info);
    }
  });

  // Legend and filters by type and predicate.
  var hiddenTypes = {}, hiddenPreds = {};
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return {id: n[0], hidden: !!hiddenTypes[n[2]]}; }));
    edges.update(data.edges.map(function (e, i) { return {id: i, hidden: !!hiddenPreds[e[2]]}; }));
  }
  var legend = document.getElementById("kg-legend");
  Object.keys(T).sort().forEach(function (name) {
    var row = el("label", {"class": "kg-legend-item"});
    var box = el("input", {type: "checkbox"}); box.checked = true;
    box.addEventListener("change", function () { hiddenTypes[name] = !box.checked; applyFilters(); });
    var sw = el("span", {"class": "kg-swatch"}); sw.style.background = T[name].color;
    row.appendChild(box); row.appendChild(sw); row.appendChild(el("span", null, name + " (" + T[name].shape + ", " + T[name].count + ")"));
    legend.appendChild(row);
  });
  var preds = document.getElementById("kg-predicates");
  P.forEach(function (name, i) {
    var row = el("label", {"class": "kg-filter-item"});
    var box = el("input", {type: "checkbox"}); box.checked = true;
    box.addEventListener("change", function () { hiddenPreds[i] = !box.checked; applyFilters(); });
    row.appendChild(box); row.appendChild(el("span", null, name));
    preds.appendChild(row);
  });

  // Search by any label, in any language.
  var search = document.getElementById("kg-search"), results = document.getElementById("kg-search-results");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) { results.textContent = ""; network.unselectAll(); return; }
    var hits = data.nodes.filter(function (n) { return n[8].indexOf(q) >= 0; }).map(function (n) { return n[0]; });
    results.textContent = hits.length + " found";
    network.selectNodes(hits.slice(0, 200));
    if (hits.length) network.focus(hits[0], {scale: 1.0, animation: false});
  });
})();
