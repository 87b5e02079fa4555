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
  // The service worker copies the whole site for offline use. While the
  // search engine is still downloading it waits, so the first search is
  // not slowed down by that copy.
  window.addEventListener("load", function () {
    if (!window.kbEngineLoading) { register(); return; }
    var done = false;
    function once() { if (!done) { done = true; register(); } }
    document.addEventListener("kb:engine", once);
    setTimeout(once, 15000);
  });
})();
