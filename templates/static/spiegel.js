// De spiegel: scores 0-10 per werkzaam element, bewaard in deze browser
// (localStorage). Er wordt niets verstuurd. Export en import als JSON of CSV.
(function () {
  "use strict";
  var KEY = "kb-spiegel-v1";
  var MAX_IN_CHART = 4;

  // --- CSV, without the page: also run on their own by a Go test (node).
  // A cell that starts with =, +, -, @, a tab or a CR is a formula to a
  // spreadsheet: it gets a ' in front (OWASP's advice on CSV injection),
  // and so does a cell that starts with ' itself, so that the importer
  // can take exactly one ' off again and export→import stays the same.
  var FORMULA = /^[=+\-@\t\r']/;
  function csvCell(v) {
    v = v === null || v === undefined ? "" : String(v);
    if (FORMULA.test(v)) { v = "'" + v; }
    return /[",\n\r;]/.test(v) ? "\"" + v.replace(/"/g, "\"\"") + "\"" : v;
  }
  // csvValue undoes csvCell's ': only before a character that got one, so
  // a hand-made file with a leading ' keeps it.
  function csvValue(v) {
    return /^'[=+\-@\t\r']/.test(v) ? v.slice(1) : v;
  }
  function parseCSV(text) {
    var rowsOut = [], row = [], cell = "", q = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (q) {
        if (c === "\"" && text[i + 1] === "\"") { cell += "\""; i++; }
        else if (c === "\"") { q = false; }
        else { cell += c; }
      } else if (c === "\"") { q = true; }
      else if (c === ",") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(cell); rowsOut.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell || row.length) { row.push(cell); rowsOut.push(row); }
    return rowsOut.map(function (r) { return r.map(csvValue); });
  }
  window.kbSpiegelCSV = { cell: csvCell, value: csvValue, parse: parseCSV };

  var rows = Array.prototype.slice.call(document.querySelectorAll(".spiegel-tabel tbody tr"));
  if (!rows.length) { return; }
  var elements = rows.map(function (tr) {
    var url = tr.getAttribute("data-element");
    return {
      slug: url.split("/").filter(Boolean).pop(),
      title: tr.getAttribute("data-title"),
      url: url,
      score: tr.querySelector(".spiegel-score"),
      note: tr.querySelector(".spiegel-noot")
    };
  });
  var $ = function (id) { return document.getElementById(id); };
  var status = $("spiegel-status");

  function today() { return new Date().toISOString().slice(0, 10); }
  function newId() { return "b" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6); }
  function blank(name) { return { id: newId(), naam: name, datum: today(), scores: {} }; }

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY));
      if (s && Array.isArray(s.assessments) && s.assessments.length) { return s; }
    } catch (e) { /* a broken store starts fresh */ }
    var first = blank("Beoordeling " + today());
    return { version: 1, assessments: [first], current: first.id, compare: [first.id] };
  }
  var state = load();
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); }
    catch (e) { say("Opslaan lukt niet in deze browser: exporteer je scores als bestand."); }
  }
  function current() {
    for (var i = 0; i < state.assessments.length; i++) {
      if (state.assessments[i].id === state.current) { return state.assessments[i]; }
    }
    state.current = state.assessments[0].id;
    return state.assessments[0];
  }
  function say(text) { status.textContent = text; }

  function clampScore(v) {
    if (v === "" || v === null || v === undefined) { return null; }
    var n = Math.round(Number(v));
    if (!isFinite(n)) { return null; }
    return Math.max(0, Math.min(10, n));
  }

  // --- form <-> state
  function fill() {
    var a = current();
    $("spiegel-naam").value = a.naam;
    elements.forEach(function (el) {
      var s = a.scores[el.slug] || {};
      el.score.value = s.score === null || s.score === undefined ? "" : s.score;
      el.note.value = s.noot || "";
    });
    var sel = $("spiegel-kies");
    sel.textContent = "";
    state.assessments.forEach(function (x) {
      var o = document.createElement("option");
      o.value = x.id;
      o.textContent = x.naam + " (" + x.datum + ")";
      o.selected = x.id === state.current;
      sel.appendChild(o);
    });
    $("spiegel-verwijder").disabled = state.assessments.length < 2;
    draw();
  }
  function readRow(el) {
    var a = current();
    var score = clampScore(el.score.value);
    if (score !== null && String(score) !== el.score.value) { el.score.value = score; }
    var note = el.note.value.slice(0, 500);
    if (score === null && !note) { delete a.scores[el.slug]; }
    else { a.scores[el.slug] = { score: score, noot: note }; }
    save();
    draw();
  }
  elements.forEach(function (el) {
    el.score.addEventListener("input", function () { readRow(el); });
    el.note.addEventListener("input", function () { readRow(el); });
  });
  $("spiegel-naam").addEventListener("input", function () {
    current().naam = this.value.slice(0, 120) || "Zonder naam";
    save();
    var o = $("spiegel-kies").selectedOptions[0];
    if (o) { o.textContent = current().naam + " (" + current().datum + ")"; }
    drawChart();
  });
  $("spiegel-kies").addEventListener("change", function () { state.current = this.value; save(); fill(); });
  $("spiegel-nieuw").addEventListener("click", function () {
    var a = blank("Beoordeling " + (state.assessments.length + 1));
    state.assessments.push(a);
    state.current = a.id;
    if (state.compare.length < MAX_IN_CHART) { state.compare.push(a.id); }
    save(); fill();
    $("spiegel-naam").focus();
    $("spiegel-naam").select();
    say("Nieuwe beoordeling gemaakt.");
  });
  $("spiegel-verwijder").addEventListener("click", function () {
    if (state.assessments.length < 2) { return; }
    var a = current();
    if (!window.confirm("Beoordeling “" + a.naam + "” verwijderen?")) { return; }
    state.assessments = state.assessments.filter(function (x) { return x.id !== a.id; });
    state.compare = state.compare.filter(function (id) { return id !== a.id; });
    state.current = state.assessments[0].id;
    save(); fill();
    say("Beoordeling verwijderd.");
  });

  // --- export and import
  function download(name, type, text) {
    var blob = new Blob([text], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function exportJSON() {
    return JSON.stringify({ soort: "werkzame-elementen-spiegel", versie: 1, beoordelingen: state.assessments }, null, 2);
  }
  function exportCSV() {
    var lines = ["beoordeling,datum,element,titel,score,toelichting,id"];
    state.assessments.forEach(function (a) {
      elements.forEach(function (el) {
        var s = a.scores[el.slug];
        if (!s) { return; }
        lines.push([a.naam, a.datum, el.slug, el.title, s.score, s.noot, a.id].map(csvCell).join(","));
      });
    });
    return lines.join("\r\n") + "\r\n";
  }
  var known = {};
  elements.forEach(function (el) { known[el.slug] = true; });
  function importText(text) {
    var incoming = [];
    text = String(text).replace(/^\ufeff/, "");
    if (/^\s*[{[]/.test(text)) {
      var data = JSON.parse(text);
      var list = Array.isArray(data) ? data : data.beoordelingen;
      if (!Array.isArray(list)) { throw new Error("geen lijst met beoordelingen"); }
      list.forEach(function (a) {
        var b = blank(String(a.naam || "Geïmporteerd").slice(0, 120));
        b.datum = /^\d{4}-\d{2}-\d{2}$/.test(a.datum) ? a.datum : b.datum;
        Object.keys(a.scores || {}).forEach(function (slug) {
          if (!known[slug]) { return; }
          var s = a.scores[slug] || {};
          b.scores[slug] = { score: clampScore(s.score), noot: String(s.noot || "").slice(0, 500) };
        });
        incoming.push(b);
      });
    } else {
      var table = parseCSV(text);
      var head = (table.shift() || []).map(function (h) { return h.trim().toLowerCase(); });
      var col = function (name) { return head.indexOf(name); };
      if (col("beoordeling") < 0 || col("element") < 0 || col("score") < 0) {
        throw new Error("de kolommen beoordeling, element en score ontbreken");
      }
      var byName = {};
      table.forEach(function (r) {
        if (r.length < 3 || !known[r[col("element")]]) { return; }
        // Rows of one assessment share its id; files without an id
        // column group by name and date.
        var key = col("id") >= 0 && r[col("id")] ? r[col("id")] : r[col("beoordeling")] + "\u0000" + (r[col("datum")] || "");
        if (!byName[key]) {
          byName[key] = blank(r[col("beoordeling")].slice(0, 120) || "Geïmporteerd");
          if (/^\d{4}-\d{2}-\d{2}$/.test(r[col("datum")])) { byName[key].datum = r[col("datum")]; }
          incoming.push(byName[key]);
        }
        byName[key].scores[r[col("element")]] = {
          score: clampScore(r[col("score")]),
          noot: col("toelichting") >= 0 ? String(r[col("toelichting")] || "").slice(0, 500) : ""
        };
      });
    }
    if (!incoming.length) { throw new Error("er stonden geen beoordelingen in"); }
    incoming.forEach(function (a) {
      state.assessments.push(a);
      if (state.compare.length < MAX_IN_CHART) { state.compare.push(a.id); }
    });
    state.current = incoming[0].id;
    save(); fill();
    return incoming.length;
  }
  $("spiegel-json").addEventListener("click", function () {
    download("spiegel-" + today() + ".json", "application/json", exportJSON());
    say("Alle beoordelingen zijn geëxporteerd als JSON.");
  });
  $("spiegel-csv").addEventListener("click", function () {
    download("spiegel-" + today() + ".csv", "text/csv", exportCSV());
    say("Alle beoordelingen zijn geëxporteerd als CSV.");
  });
  $("spiegel-import").addEventListener("change", function () {
    var f = this.files && this.files[0];
    if (!f) { return; }
    var input = this;
    f.text().then(function (text) {
      var n = importText(text);
      say(n + (n === 1 ? " beoordeling" : " beoordelingen") + " geïmporteerd uit " + f.name + ".");
    }).catch(function (e) {
      say("Importeren lukte niet: " + e.message + ".");
    }).then(function () { input.value = ""; });
  });
  $("spiegel-print").addEventListener("click", function () { window.print(); });

  // --- chart and lowest elements
  var SVG = "http://www.w3.org/2000/svg";
  function svg(name, attrs, text) {
    var n = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  function drawChart() {
    var box = $("spiegel-grafiek");
    var boxes = $("spiegel-vinkjes");
    boxes.textContent = "";
    state.assessments.forEach(function (a) {
      var id = "vergelijk-" + a.id;
      var w = document.createElement("div");
      w.className = "check";
      var cb = document.createElement("input");
      cb.type = "checkbox"; cb.id = id; cb.checked = state.compare.indexOf(a.id) >= 0;
      cb.disabled = !cb.checked && state.compare.length >= MAX_IN_CHART;
      cb.addEventListener("change", function () {
        if (this.checked) { state.compare.push(a.id); }
        else { state.compare = state.compare.filter(function (x) { return x !== a.id; }); }
        save(); drawChart();
      });
      var l = document.createElement("label");
      l.htmlFor = id; l.textContent = a.naam + " (" + a.datum + ")";
      w.appendChild(cb); w.appendChild(l);
      boxes.appendChild(w);
    });
    var shown = state.assessments.filter(function (a) { return state.compare.indexOf(a.id) >= 0; });
    box.textContent = "";
    if (!shown.length) { return; }
    var label = 260, scale = 30, bar = 14, gap = 10;
    var rowH = shown.length * bar + gap;
    var width = label + 10 * scale + 40, height = 30 + elements.length * rowH;
    var g = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img",
      "aria-label": "Staafdiagram van de scores per element voor: " + shown.map(function (a) { return a.naam; }).join(", "),
      "class": "spiegel-svg" });
    for (var t = 0; t <= 10; t += 2) {
      var x = label + t * scale;
      g.appendChild(svg("line", { x1: x, x2: x, y1: 18, y2: height, "class": "grid" }));
      g.appendChild(svg("text", { x: x, y: 12, "text-anchor": "middle", "class": "tick" }, String(t)));
    }
    elements.forEach(function (el, i) {
      var y = 24 + i * rowH;
      g.appendChild(svg("text", { x: label - 8, y: y + rowH / 2, "text-anchor": "end", "dominant-baseline": "middle", "class": "label" }, el.title));
      shown.forEach(function (a, k) {
        var s = a.scores[el.slug];
        var yy = y + k * bar;
        if (!s || s.score === null) {
          g.appendChild(svg("text", { x: label + 4, y: yy + bar - 3, "class": "value" }, "–"));
          return;
        }
        g.appendChild(svg("rect", { x: label, y: yy + 1, width: Math.max(2, s.score * scale), height: bar - 2, "class": "bar bar-" + k }));
        g.appendChild(svg("text", { x: label + Math.max(2, s.score * scale) + 4, y: yy + bar - 3, "class": "value" }, String(s.score)));
      });
    });
    var legend = document.createElement("ul");
    legend.className = "legend";
    shown.forEach(function (a, k) {
      var li = document.createElement("li");
      var sw = document.createElement("span");
      sw.className = "swatch bar-" + k;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(a.naam + " (" + a.datum + ")"));
      legend.appendChild(li);
    });
    box.appendChild(legend);
    box.appendChild(g);
  }
  function drawLowest() {
    var a = current();
    var scored = elements.filter(function (el) { var s = a.scores[el.slug]; return s && s.score !== null; });
    scored.sort(function (x, y) { return a.scores[x.slug].score - a.scores[y.slug].score || (x.title < y.title ? -1 : 1); });
    var list = $("spiegel-laagste");
    list.textContent = "";
    scored.slice(0, 3).forEach(function (el) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = el.url + "#" + list.getAttribute("data-sectie");
      link.textContent = el.title + ": " + list.getAttribute("data-kop");
      li.appendChild(link);
      li.appendChild(document.createTextNode(" (score " + a.scores[el.slug].score + ")"));
      list.appendChild(li);
    });
    $("spiegel-aandacht").hidden = scored.length === 0;
  }
  function draw() { drawChart(); drawLowest(); }

  $("spiegel-nojs").hidden = true;
  $("spiegel-controls").hidden = false;
  $("spiegel-vergelijk").hidden = false;
  fill();
  save();
  window.kbSpiegel = { exportJSON: exportJSON, exportCSV: exportCSV, importText: importText, state: function () { return state; } };
})();
