// The graph view: reads the JSON embedded in the page, draws it with vis-network, and builds
// every piece of text on the page with textContent (never innerHTML), so text from sources
// stays text. Links are only made for http(s) URLs.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var T = data.types, P = data.predicates, S = data.statements, E = data.edges;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function readable(url) {
    try { return decodeURI(url); } catch (err) { return url; }
  }
  function link(url, text) {
    if (!/^https?:\/\//i.test(url)) return el("span", {"class": "small"}, text || url);
    return el("a", {href: url, target: "_blank", rel: "noopener noreferrer"}, text || readable(url));
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n[0]] = n; });
  function nodeLabel(id) { var n = byId[id]; return n ? n[1] : id; }

  function statementBlock(si, container) {
    var s = S[si];
    container.appendChild(el("div", {"class": "claim", dir: "auto"},
      nodeLabel(s[0]) + " — " + P[s[1]] + " — " + (s[2] === null ? s[3] : nodeLabel(s[2]))));
    container.appendChild(el("div", {"class": "small"}, s[4] ? "date: " + s[4] : "undated"));
    container.appendChild(el("div", {"class": "quote", lang: s[6] || null, dir: "auto"}, "“" + s[5] + "”"));
    if (s[7]) container.appendChild(el("div", {"class": "small", lang: "en"}, s[7]));
    if (s[8]) container.appendChild(el("div", {"class": "small", dir: "auto"}, "on the word of: " + s[8]));
    s[10].forEach(function (src) {
      var d = el("div", {"class": "small source"});
      d.appendChild(el("span", {dir: "auto"}, "read in: " + src[1] + " "));
      if (src[0]) d.appendChild(link(src[0]));
      container.appendChild(d);
    });
    if (s[11]) container.appendChild(el("div", {"class": "small", dir: "auto"}, "relays: " + s[11]));
    else if (s[9].length) container.appendChild(el("div", {"class": "small", dir: "auto"}, "reported by: " + s[9].join(", ")));
  }
  function byDate(a, b) {
    var da = S[a][4] || "9999", db = S[b][4] || "9999";
    return da < db ? -1 : da > db ? 1 : a - b;
  }
  function edgeLabel(e) {
    var n = e[3].length, name = e[2] >= 0 ? P[e[2]] : n + " statements";
    return e[2] >= 0 && n > 1 ? name + " ×" + n : name;
  }

  // One vis-network shape per entity type; five of them are drawn here (labels below, like
  // vis-network's own dot, square, diamond, … shapes).
  function polygon(ctx, x, y, r, sides, turn) {
    ctx.beginPath();
    for (var i = 0; i < sides; i++) {
      var a = turn + i * 2 * Math.PI / sides;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }
  var DRAW = {
    ring: function (ctx, x, y, r) { ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.moveTo(x + r * 0.5, y); ctx.arc(x, y, r * 0.5, 0, 2 * Math.PI, true); },
    pentagon: function (ctx, x, y, r) { polygon(ctx, x, y, r * 1.1, 5, -Math.PI / 2); },
    octagon: function (ctx, x, y, r) { polygon(ctx, x, y, r * 1.05, 8, Math.PI / 8); },
    cross: function (ctx, x, y, r) { var w = r * 0.38; ctx.beginPath(); ctx.rect(x - w, y - r, 2 * w, 2 * r); ctx.rect(x - r, y - w, 2 * r, 2 * w); },
    bar: function (ctx, x, y, r) { ctx.beginPath(); ctx.rect(x - r * 1.3, y - r * 0.55, r * 2.6, r * 1.1); }
  };
  function customShape(kind) {
    return function (p) {
      var r = p.style.size, ctx = p.ctx;
      return {
        drawNode: function () {
          DRAW[kind](ctx, p.x, p.y, r);
          ctx.fillStyle = p.style.color; ctx.fill("evenodd");
          ctx.lineWidth = p.state.selected ? 3 : 1; ctx.strokeStyle = p.style.borderColor || "#333333"; ctx.stroke();
        },
        drawExternalLabel: function () {
          if (!p.label) return;
          var n = byId[p.id], size = n && n[11] ? 30 : 14;
          ctx.font = size + "px Noto Sans, Noto Sans CJK SC, DejaVu Sans, sans-serif";
          ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.fillStyle = "#222222";
          ctx.lineWidth = 3; ctx.strokeStyle = "#ffffff"; ctx.strokeText(p.label, p.x, p.y + r + 4);
          ctx.fillText(p.label, p.x, p.y + r + 4);
        },
        nodeDimensions: {width: 2.6 * r, height: 2 * r}
      };
    };
  }

  var options = data.options;
  options.groups = {};
  Object.keys(T).forEach(function (k) {
    var shape = T[k].shape;
    options.groups[k] = DRAW[shape]
      ? {shape: "custom", ctxRenderer: customShape(shape), color: {background: T[k].color, border: "#333333"}}
      : {shape: shape, color: {background: T[k].color, border: "#333333"}};
  });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var node = {id: n[0], x: n[3], y: n[4], group: n[2], size: n[5], hidden: n[10]};
    if (n[9]) node.label = n[1];
    if (n[11]) node.font = {size: 30, strokeWidth: 4, strokeColor: "#ffffff"};  // the most connected: legible at once
    return node;
  }));
  var edges = new vis.DataSet(E.map(function (e, i) {
    var edge = {id: i, from: e[0], to: e[1], width: 1 + Math.log(e[3].length) / Math.LN2};
    if (data.edgeLabels) edge.label = edgeLabel(e);
    return edge;
  }));
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgView = {network: network, nodes: nodes, edges: edges, exported: data.nodes.length - data.isolated,
                 isolated: data.isolated, statements: S.length};
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
    var e = E[p.edge]; if (!e) return;
    var tip = el("div", {"class": "kg-tip"});
    if (e[3].length > 1) tip.appendChild(el("div", {"class": "small"}, e[3].length + " statements, by date"));
    e[3].slice(0, 6).forEach(function (si) { statementBlock(si, tip); });
    if (e[3].length > 6) tip.appendChild(el("div", {"class": "small"}, "… " + (e[3].length - 6) + " more: click the edge"));
    edges.update({id: p.edge, title: tip});
  });

  // Side panel (at the top of the sidebar): details of what was clicked, statements by date.
  var info = document.getElementById("kg-info");
  function showStatements(title, list) {
    info.textContent = "";
    info.appendChild(el("h2", {dir: "auto"}, title));
    info.appendChild(el("div", {"class": "small"}, list.length + " statement" + (list.length === 1 ? "" : "s") + ", by date"));
    list.sort(byDate).forEach(function (si) { statementBlock(si, info); });
    info.scrollIntoView({block: "nearest"});
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = p.nodes[0], list = [];
      E.forEach(function (e) { if (e[0] === id || e[1] === id) list = list.concat(e[3]); });
      showStatements(nodeLabel(id), list);
    } else if (p.edges.length) {
      var e = E[p.edges[0]];
      showStatements(nodeLabel(e[0]) + " → " + nodeLabel(e[1]), e[3].slice());
    }
  });

  // Filters: types, predicates, time, entities without statements; all applied together.
  var hiddenTypes = {}, hiddenPreds = {}, asOf = null, showIsolated = false;
  function statementShown(si) {
    var s = S[si];
    if (hiddenPreds[s[1]]) return false;
    if (asOf !== null && (!s[4] || s[4] > asOf.slice(0, s[4].length))) return false;
    return true;
  }
  function edgeShown(e) { return e[3].some(statementShown); }
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return {id: n[0], hidden: !!hiddenTypes[n[2]] || (n[10] && !showIsolated)}; }));
    edges.update(E.map(function (e, i) { return {id: i, hidden: !edgeShown(e)}; }));
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
  var isolated = document.getElementById("kg-isolated");
  if (isolated) isolated.addEventListener("change", function () { showIsolated = isolated.checked; applyFilters(); });
  var preds = document.getElementById("kg-predicates");
  P.forEach(function (name, i) {
    var row = el("label", {"class": "kg-filter-item"});
    var box = el("input", {type: "checkbox"}); box.checked = true;
    box.addEventListener("change", function () { hiddenPreds[i] = !box.checked; applyFilters(); });
    row.appendChild(box); row.appendChild(el("span", null, name));
    preds.appendChild(row);
  });

  // A time slider over the dated statements: drag it to see the graph as of a date.
  var time = document.getElementById("kg-time");
  if (time && data.dates.length) {
    var slider = el("input", {type: "range", min: "1", max: String(data.dates.length), step: "1", id: "kg-slider",
                              "aria-label": "as of date"});
    slider.value = String(data.dates.length);
    var said = el("div", {"class": "small", id: "kg-asof"}, "all statements (" + data.dates[0] + " to " + data.dates[data.dates.length - 1] + ")");
    slider.addEventListener("input", function () {
      var i = parseInt(slider.value, 10);
      asOf = i >= data.dates.length ? null : data.dates[i - 1];
      said.textContent = asOf === null ? "all statements" : "as of " + asOf + " (undated statements hidden)";
      applyFilters();
    });
    time.appendChild(slider); time.appendChild(said);
  } else if (time) {
    time.appendChild(el("div", {"class": "small"}, "no dated statements"));
  }

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({animation: false}); });

  // Export what is visible as CSV (a file made in the browser; nothing is sent anywhere).
  function csvCell(v) { v = v === null || v === undefined ? "" : String(v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  document.getElementById("kg-csv").addEventListener("click", function () {
    var rows = [["date", "subject", "predicate", "object", "quote", "quote_lang", "translation", "on_the_word_of", "read_in", "urls", "relays"]];
    E.forEach(function (e) {
      if (!edgeShown(e) || (byId[e[0]] && nodes.get(e[0]).hidden) || (byId[e[1]] && nodes.get(e[1]).hidden)) return;
      e[3].filter(statementShown).forEach(function (si) {
        var s = S[si];
        rows.push([s[4], s[0], P[s[1]], s[2], s[5], s[6], s[7], s[8],
                   s[10].map(function (x) { return x[1]; }).join(" | "), s[10].map(function (x) { return x[0]; }).join(" | "), s[11]]);
      });
    });
    var text = rows.map(function (r) { return r.map(csvCell).join(","); }).join("\n") + "\n";
    var a = el("a", {href: URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"})), download: "kg-view.csv"});
    document.body.appendChild(a); a.click(); a.remove();
    window.kgLastExport = text;
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
