// "Ook offline zoeken": op de zoekpagina kan iemand kiezen om de hele
// zoekindex op dit apparaat te bewaren, zodat zoeken ook zonder verbinding
// werkt. De service worker haalt dan alles op wat zoeken nodig heeft
// (sw.js); zonder die keuze bewaart hij alleen wat al gezocht is.
(function () {
  "use strict";
  var box = document.getElementById("offline-zoeken");
  var choice = document.getElementById("offline-zoeken-keuze");
  var status = document.getElementById("offline-zoeken-status");
  if (!box || !choice || !("serviceWorker" in navigator) || !window.caches || !window.MessageChannel) { return; }

  // ask sends the service worker a question and gives its answer.
  function ask(what) {
    return navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        var timer = setTimeout(function () { reject(new Error("geen antwoord")); }, 120000);
        channel.port1.onmessage = function (e) { clearTimeout(timer); resolve(e.data || {}); };
        reg.active.postMessage({ zoeken: what }, [channel.port2]);
      });
    });
  }

  box.hidden = false;
  ask("stand").then(function (a) { choice.checked = !!a.aan; }, function () {});
  choice.addEventListener("change", function () {
    var on = choice.checked;
    choice.disabled = true;
    status.textContent = on ? "De zoekindex wordt op dit apparaat bewaard…" : "";
    ask(on ? "aan" : "uit").then(function (a) {
      choice.disabled = false;
      if (!on) { status.textContent = "Zoeken zonder verbinding staat uit."; return; }
      if (a.aan) {
        status.textContent = "Klaar: zoeken werkt nu ook zonder verbinding.";
        document.documentElement.setAttribute("data-offline-zoeken", "klaar");
      } else {
        choice.checked = false;
        status.textContent = "Niet alles kon worden opgehaald; probeer het opnieuw.";
      }
    }, function () {
      choice.disabled = false;
      choice.checked = false;
      status.textContent = "Bewaren lukte niet; probeer het opnieuw.";
    });
  });
})();
