// Registers the service worker that keeps the site available offline.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") { return; }
  var me = document.currentScript;
  var sw = me && me.getAttribute("data-sw");
  var scope = me && me.getAttribute("data-scope");
  if (!sw) { return; }
  function register() {
    navigator.serviceWorker.register(sw, { scope: scope }).catch(function () { /* offline use is optional */ });
  }
  // The service worker copies the whole site for offline use. While search
  // is loading (on the search page: until the first results show) it
  // waits, so the first search is not slowed down by that copy.
  window.addEventListener("load", function () {
    if (!window.kbSearchBusy) { register(); return; }
    var done = false;
    function once() { if (!done) { done = true; register(); } }
    document.addEventListener("kb:search-idle", once);
    setTimeout(once, 15000);
  });
})();

// The cards of the elements show the reader's own last spiegel scores, if
// this browser keeps any (see spiegel.js): the assessment last worked on.
(function () {
  "use strict";
  var cards = document.querySelectorAll(".element-card[data-slug]");
  if (!cards.length) { return; }
  var state = null;
  try { state = JSON.parse(localStorage.getItem("kb-spiegel-v1")); } catch (e) { return; }
  if (!state || !Array.isArray(state.assessments) || !state.assessments.length) { return; }
  var a = state.assessments.filter(function (x) { return x && x.id === state.current; })[0] || state.assessments[state.assessments.length - 1];
  var scores = (a && a.scores) || {};
  Array.prototype.forEach.call(cards, function (card) {
    var s = scores[card.getAttribute("data-slug")];
    var n = s && typeof s.score === "number" && isFinite(s.score) ? Math.max(0, Math.min(10, Math.round(s.score))) : null;
    if (n === null) { return; }
    var p = document.createElement("p");
    p.className = "element-score";
    var b = document.createElement("span");
    b.className = "element-score-value";
    b.textContent = n;
    p.appendChild(document.createTextNode("Jouw spiegel: "));
    p.appendChild(b);
    p.appendChild(document.createTextNode(" van 10"));
    card.appendChild(p);
  });
})();

// The foot of a printed page says where the page is; the build knows the
// full address only when the base URL names the host.
(function () {
  "use strict";
  var el = document.querySelector("[data-address]");
  if (el && el.textContent.charAt(0) === "/" && /^https?:$/.test(location.protocol)) {
    el.textContent = location.origin + location.pathname;
  }
})();
