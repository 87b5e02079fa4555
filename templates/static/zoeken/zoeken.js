// Zoeken: de lezer van de zoekindex (kbreader.js, een ES-module) wordt pas
// geladen als iemand het zoekveld gebruikt of de zoekpagina opent; hij
// haalt alleen de stukken van de index op die een zoekvraag nodig heeft
// (zoeken/lezer/). Intussen tonen we suggesties uit een kleine lijst met
// titels.
(function () {
  "use strict";
  var form = document.querySelector(".site-search");
  if (!form || !window.fetch) { return; }
  var base = form.getAttribute("data-base");
  var box = document.getElementById("zoekveld");
  var list = document.getElementById("zoek-suggesties");
  var status = document.getElementById("zoek-status");

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // --- the engine
  var pieces = base + "zoeken/lezer/";
  // Whether the host answers range requests: null until the first
  // answer (probe: that first request, under way), then true or false.
  // A host that does not sends the whole piece (200); whole keeps such
  // pieces, so each is fetched once and every range is read from it.
  var ranges = null, probe = null, whole = {};
  // fresh: after a failure the next reader fetches past every cache (the
  // service worker's too), so a broken copy kept there is replaced.
  var fresh = false;
  function opts(extra) {
    var o = extra || {};
    if (fresh) { o.cache = "reload"; }
    return o;
  }
  function bytes(r) {
    return r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function failed(name, r) {
    return new Error("stuk " + name + ": HTTP " + r.status);
  }
  function fetchWhole(name) {
    return fetch(pieces + name, opts()).then(function (r) {
      if (!r.ok) { throw failed(name, r); }
      return bytes(r);
    });
  }
  function keepWhole(name, p) {
    whole[name] = p;
    p.catch(function () { delete whole[name]; });
    return p;
  }
  // fetchPiece gives a piece of the index, or length bytes of it from
  // offset: a Range request, answered with 206, or with 200 and the
  // whole piece.
  function fetchPiece(name, offset, length) {
    if (offset === undefined) { return fetchWhole(name); }
    var slice = function (b) { return b.subarray(offset, offset + length); };
    if (whole[name]) { return whole[name].then(slice); }
    if (ranges === false) { return keepWhole(name, fetchWhole(name)).then(slice); }
    if (ranges === null && probe) {
      return probe.then(function () { return fetchPiece(name, offset, length); });
    }
    var p = fetch(pieces + name, opts({ headers: { Range: "bytes=" + offset + "-" + (offset + length - 1) } })).then(function (r) {
      if (r.status === 206) {
        ranges = true;
        var from = /^bytes (\d+)-/.exec(r.headers.get("Content-Range") || "");
        if (from && Number(from[1]) !== offset) { throw new Error("stuk " + name + ": een ander bereik dan gevraagd"); }
        return bytes(r);
      }
      if (r.status === 200) {
        ranges = false;
        return keepWhole(name, bytes(r)).then(slice);
      }
      throw failed(name, r);
    });
    if (ranges === null) {
      probe = p.then(function () {}, function () { probe = null; });
    }
    return p;
  }
  var engine = null, ready = false;
  // The service worker (app.js) waits while search loads, so its copy of
  // the site for offline reading does not slow the first search down; on
  // the search page it waits for the first results.
  var firstPending = false;
  function released() {
    firstPending = false;
    window.kbSearchBusy = false;
    document.dispatchEvent(new Event("kb:search-idle"));
  }
  function loadEngine() {
    if (engine) { return engine; }
    window.kbSearchBusy = true;
    engine = import(base + "static/zoeken/kbreader.js").then(function (kb) { return kb.openReader(fetchPiece); });
    engine.then(function () { ready = true; }, function () { reset(); }).then(function () {
      if (!firstPending) { released(); }
    });
    return engine;
  }
  // reset lets the reader go after a failure: the next search starts
  // afresh, from the manifest.
  function reset() {
    fresh = true;
    engine = null;
    ready = false;
    ranges = null;
    probe = null;
    whole = {};
  }
  function search(q, opts) {
    opts = opts || {};
    return loadEngine().then(function (reader) {
      return reader.search({ q: q, size: opts.size, type: opts.type, lazy: opts.lazy });
    }).then(function (res) {
      fresh = false;
      return res;
    }).catch(function (e) {
      reset();
      throw e;
    });
  }

  // --- suggestions under the box in the header: an ARIA 1.2 combobox.
  // The focus stays in the box; the arrow keys move the active option
  // (aria-activedescendant), Enter opens it, Escape closes the list. The
  // number of suggestions is said once, when typing pauses.
  var suggestions = null;
  function loadSuggestions() {
    if (!suggestions) {
      suggestions = fetch(base + "zoeken/suggesties.json").then(function (r) { return r.json(); }).catch(function () { return []; });
    }
    return suggestions;
  }
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-expanded", "false");
  box.setAttribute("aria-controls", list.id);
  list.setAttribute("role", "listbox");
  var active = -1;
  function options() { return list.querySelectorAll("[role=option]"); }
  function setActive(i) {
    var opts = options();
    active = i;
    for (var k = 0; k < opts.length; k++) { opts[k].setAttribute("aria-selected", k === i ? "true" : "false"); }
    if (i < 0) { box.removeAttribute("aria-activedescendant"); return; }
    box.setAttribute("aria-activedescendant", opts[i].id);
    if (opts[i].scrollIntoView) { opts[i].scrollIntoView({ block: "nearest" }); }
  }
  function open() { list.hidden = false; box.setAttribute("aria-expanded", "true"); }
  function close() {
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    setActive(-1);
  }
  function option(i, href, text, kind) {
    var li = document.createElement("li");
    li.id = "zoek-optie-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute("data-href", href);
    var t = document.createElement("span");
    t.textContent = text;
    li.appendChild(t);
    if (kind) {
      var k = document.createElement("span");
      k.className = "kind-label";
      k.textContent = kind;
      li.appendChild(k);
    }
    return li;
  }
  // say puts the count in the live region once typing pauses: not at every
  // key, which a screen reader would read out each time.
  var sayTimer = null, said = "";
  function say(text) {
    clearTimeout(sayTimer);
    sayTimer = setTimeout(function () {
      if (text === said) { return; }
      said = text;
      status.textContent = text;
    }, 700);
  }
  function showSuggestions(q) {
    var f = fold(q).trim();
    if (!f) { close(); list.textContent = ""; say(""); return; }
    loadSuggestions().then(function (all) {
      if (fold(box.value).trim() !== f) { return; }
      // One letter: titles with a word that starts with it. More: titles,
      // then summaries, that contain what was typed.
      var startsWord = new RegExp("(^|[^a-z0-9])" + f.replace(/[^a-z0-9]/g, "\\$&"));
      var hits = f.length === 1
        ? all.filter(function (s) { return startsWord.test(fold(s.t)); }).slice(0, 6)
        : all.filter(function (s) { return fold(s.t).indexOf(f) >= 0; })
          .concat(all.filter(function (s) { return fold(s.t).indexOf(f) < 0 && fold(s.s).indexOf(f) >= 0; }))
          .slice(0, 6);
      list.textContent = "";
      hits.forEach(function (s, i) { list.appendChild(option(i, s.u, s.t, s.k)); });
      var more = option(hits.length, base + "zoeken/?q=" + encodeURIComponent(box.value.trim()), "Alle resultaten voor “" + box.value.trim() + "”", "");
      more.className = "all-results";
      list.appendChild(more);
      setActive(-1);
      open();
      say(hits.length === 0 ? "Geen suggesties; Enter zoekt in de hele kennisbank"
        : hits.length + (hits.length === 1 ? " suggestie" : " suggesties") + "; kies met pijl omlaag");
    });
  }
  function go(li) { if (li) { location.href = li.getAttribute("data-href"); } }
  var onSearchPage = !!document.getElementById("zoek-resultaten");
  box.addEventListener("focus", function () { loadSuggestions(); loadEngine(); });
  box.addEventListener("input", function () { showSuggestions(box.value); });
  box.addEventListener("keydown", function (e) {
    var opts = options();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!opts.length) { return; }
      e.preventDefault();
      if (list.hidden) { open(); setActive(e.key === "ArrowDown" ? 0 : opts.length - 1); return; }
      var n = opts.length;
      setActive(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (e.key === "Enter" && !list.hidden && active >= 0) {
      e.preventDefault();
      go(opts[active]);
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); close(); }
    }
  });
  // A key event that still reaches the form (some tools send Enter as a
  // separate keypress) opens the active option too, not the search page.
  form.addEventListener("submit", function (e) {
    if (!list.hidden && active >= 0) { e.preventDefault(); go(options()[active]); }
  });
  box.addEventListener("blur", close);
  // mousedown, not click: the box keeps the focus, and the list is still
  // there when the choice is made.
  list.addEventListener("mousedown", function (e) {
    var li = e.target.closest ? e.target.closest("[role=option]") : null;
    if (li) { e.preventDefault(); go(li); }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) { close(); } });

  // --- the search page
  if (!onSearchPage) { return; }
  var pageBox = document.getElementById("zoekpagina-veld");
  var pageForm = pageBox.form;
  var out = document.getElementById("zoek-resultaten");
  var pageStatus = document.getElementById("zoek-resultaat-status");
  // The status under the form follows every query; a screen reader hears
  // it once, when typing pauses, from a live region of its own.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  pageStatus.parentNode.insertBefore(live, pageStatus);
  var liveTimer = null;
  function setStatus(text) {
    pageStatus.textContent = text;
    clearTimeout(liveTimer);
    if (text === "Zoeken…") { return; }
    liveTimer = setTimeout(function () { if (live.textContent !== text) { live.textContent = text; } }, 700);
  }
  function params() {
    var p = new URLSearchParams(location.search);
    return { q: p.get("q") || "", soort: p.get("soort") || "" };
  }
  function setRadio(v) {
    Array.prototype.forEach.call(pageForm.querySelectorAll("input[name=soort]"), function (r) { r.checked = r.value === v; });
  }
  function currentSoort() {
    var r = pageForm.querySelector("input[name=soort]:checked");
    return r ? r.value : "";
  }
  // The names of the kinds, from the table of kinds (content.Kinds).
  var typeLabels = {};
  try { typeLabels = JSON.parse(pageForm.getAttribute("data-soorten") || "{}"); } catch (e) { typeLabels = {}; }
  var seq = 0;
  function run(q, soort) {
    var my = ++seq;
    out.textContent = "";
    if (!q.trim()) { setStatus(""); return; }
    setStatus("Zoeken…");
    // The first ten come first, each shown as soon as its stored fields
    // are here (the first is all a slow phone waits for), then the rest up
    // to thirty.
    search(q, { size: 10, type: soort, lazy: true }).then(function (res) {
      if (my !== seq) { return; }
      render(res, q);
      var shownRes = { total: res.total, cut: res.cut, hits: [] };
      var chain = Promise.resolve();
      (res.pending || []).forEach(function (hit) {
        chain = chain.then(function () { return hit; }).then(function (h) {
          if (my !== seq) { return; }
          shownRes.hits.push(h);
          more(shownRes, q, shownRes.hits.length - 1);
          if (firstPending) { released(); }
        });
      });
      return chain.then(function () {
        if (my !== seq || shownRes.hits.length < 10 || res.total <= 10) { return; }
        return search(q, { size: 30, type: soort }).then(function (all) {
          if (my === seq) { more(all, q, 10); }
        });
      });
    }).catch(function (e) {
      if (firstPending) { released(); }
      if (my !== seq) { return; }
      reset(); // a piece that broke after the first answer: start afresh
      out.textContent = ""; // no half list from a broken index
      if (window.console) { console.warn("zoeken:", e); }
      setStatus("De zoekindex kon niet geladen worden; probeer het opnieuw.");
      var again = document.createElement("button");
      again.type = "button";
      again.className = "search-again";
      again.textContent = "Opnieuw proberen";
      again.addEventListener("click", function () { run(q, soort); });
      out.appendChild(again);
    });
  }
  // shown is the query as the status repeats it: a long one cut short.
  function shown(q) {
    return "“" + (q.length > 100 ? q.slice(0, 100) + "…" : q) + "”";
  }
  // shownPages holds, for the results on screen, each page's list of
  // hits by page URL, so that more hits join their page's entry.
  var shownPages = null, shownList = null;
  function render(res, q) {
    out.textContent = "";
    shownPages = {};
    shownList = null;
    var cut = res.cut ? " Alleen het begin van de lange zoekvraag is gebruikt." : "";
    if (!res.words) {
      setStatus("Geen woorden om op te zoeken in " + shown(q) + ": typ een of meer woorden (woorden als ‘de’ en ‘het’ tellen niet mee)." + cut);
      return;
    }
    if (!(res.pending || res.hits).length) {
      setStatus("Niets gevonden voor " + shown(q) + "." + cut);
      return;
    }
    shownList = document.createElement("ol");
    shownList.className = "results";
    out.appendChild(shownList);
    if (!res.pending) { more(res, q, 0); }
  }
  // more shows res.hits from the from-th on (the ones before are on
  // screen already) and says how many there are.
  function more(res, q, from) {
    if (!shownList) { return; }
    var cut = res.cut ? " Alleen het begin van de lange zoekvraag is gebruikt." : "";
    res.hits.slice(from).forEach(function (hit) {
      var g = shownPages[hit.page];
      if (!g) {
        var li = document.createElement("li");
        li.className = "result";
        var kind = document.createElement("p");
        kind.className = "kind";
        kind.textContent = typeLabels[hit.type] || hit.type;
        var h = document.createElement("h2");
        var a = document.createElement("a");
        a.href = hit.page;
        a.textContent = hit.title;
        h.appendChild(a);
        li.appendChild(kind);
        li.appendChild(h);
        g = document.createElement("ul");
        li.appendChild(g);
        shownList.appendChild(li);
        shownPages[hit.page] = g;
      }
      var item = document.createElement("li");
      if (hit.section) {
        var sa = document.createElement("a");
        sa.href = hit.url;
        sa.textContent = hit.section;
        sa.className = "result-section";
        item.appendChild(sa);
      }
      var p = document.createElement("p");
      // The excerpt comes from the reader: escaped text with <mark>.
      p.innerHTML = hit.excerpt;
      item.appendChild(p);
      g.appendChild(item);
    });
    var pages = shownList.children.length;
    setStatus(res.total + (res.total === 1 ? " resultaat" : " resultaten") + " op " + pages + (pages === 1 ? " pagina" : " pagina's") + " voor " + shown(q) + "." + cut);
  }
  function fromURL() {
    var p = params();
    pageBox.value = p.q;
    setRadio(p.soort);
    run(p.q, p.soort);
  }
  // The first keystroke of a new query adds a history entry; the next ones
  // replace it, so Back returns to the query before, not to each letter.
  var timer = null, typing = false;
  function update(push) {
    var q = pageBox.value, soort = currentSoort();
    var url = base + "zoeken/" + (q ? "?q=" + encodeURIComponent(q) + (soort ? "&soort=" + soort : "") : "");
    history[push ? "pushState" : "replaceState"]({ q: q }, "", url);
    run(q, soort);
  }
  function typed() {
    var push = !typing;
    typing = true;
    update(push);
  }
  pageForm.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); update(!typing); typing = false; });
  // Once the reader is loaded a query takes a few milliseconds and the
  // pieces it fetched are kept: results follow every keystroke. Before
  // that, wait for a pause in typing.
  pageBox.addEventListener("input", function () {
    clearTimeout(timer);
    if (ready) { typed(); } else { timer = setTimeout(typed, 120); }
  });
  pageForm.addEventListener("change", function (e) { if (e.target.name === "soort") { update(true); typing = false; } });
  window.addEventListener("popstate", function () { typing = false; fromURL(); });
  if (params().q.trim()) { firstPending = true; window.kbSearchBusy = true; }
  loadEngine();
  fromURL();
  window.kbZoek = { search: search };
})();
