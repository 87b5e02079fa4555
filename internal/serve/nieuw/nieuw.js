// The form of kb serve for a new practice example: while the editor
// types, the page is rendered by kb's own pipeline and shown beside the
// form, with every problem kb check finds next to its field. Saving is
// an ordinary form submission, which works without this script too.
(function () {
  "use strict";
  var form = document.getElementById("kb-nieuw");
  var frame = document.getElementById("kb-voorbeeld");
  var status = document.getElementById("kb-voorbeeld-status");
  if (!form || !frame || !window.fetch) { return; }
  var timer = 0, busy = false, again = false;

  function showProblems(list) {
    var lists = form.querySelectorAll("[data-fout]");
    for (var i = 0; i < lists.length; i++) {
      lists[i].textContent = "";
      lists[i].hidden = true;
      var field = document.getElementById(lists[i].getAttribute("data-fout"));
      if (field && field.tagName !== "FIELDSET") { field.removeAttribute("aria-invalid"); }
    }
    list.forEach(function (p) {
      var ul = form.querySelector('[data-fout="' + p.veld + '"]') || form.querySelector('[data-fout="algemeen"]');
      var li = document.createElement("li");
      li.textContent = p.melding;
      ul.appendChild(li);
      ul.hidden = false;
      var field = document.getElementById(p.veld);
      if (field && field.tagName !== "FIELDSET") { field.setAttribute("aria-invalid", "true"); }
    });
  }

  function preview() {
    if (busy) { again = true; return; }
    busy = true;
    status.textContent = "Bezig met bijwerken…";
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
      return r.json();
    }).then(function (res) {
      if (res.pagina) { frame.srcdoc = res.pagina; }
      showProblems(res.fouten);
      var n = res.fouten.length;
      status.textContent = n === 0 ? "Bijgewerkt. kb check vindt geen problemen: je kunt opslaan."
        : "Bijgewerkt. Nog " + n + (n === 1 ? " probleem" : " problemen") + ", bij de velden in het formulier.";
      form.setAttribute("data-versie", String(Number(form.getAttribute("data-versie") || 0) + 1));
    }).catch(function (e) {
      status.textContent = "De voorbeeldweergave lukt niet: " + e.message;
    }).then(function () {
      busy = false;
      if (again) { again = false; preview(); }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(preview, 300);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  document.getElementById("kb-bekijk").addEventListener("click", preview);
})();
