// Registers the service worker that keeps the site available offline.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") { return; }
  var me = document.currentScript;
  var sw = me && me.getAttribute("data-sw");
  var scope = me && me.getAttribute("data-scope");
  if (!sw) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(sw, { scope: scope }).catch(function () { /* offline use is optional */ });
  });
})();
